"""The audit log: one row per change, with the changed fields old → new, the login and the time.

Each row is a link of a hash chain (``prev_hash``, ``hash``: see models.audit_chain).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Column, Field

from models.base import Model, local_time


class AuditLog(Model, table=True):
    __table_args__ = (
        Index("ix_auditlog_table_row", "table_name", "row_id"),
        Index("ix_auditlog_login_at", "login", "at"),
        Index("ix_auditlog_at", "at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = local_time()
    login: str = Field(max_length=64)
    table_name: str = Field(max_length=64)
    row_id: int
    action: str = Field(max_length=32)  # create / update / archive / restore / status / ...
    #: JSON object {field: [old, new]}
    changes: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    #: the hash of the row before it (the first row's: 64 zeros), and of this row's content with it
    prev_hash: str | None = Field(default=None, max_length=64)
    hash: str | None = Field(default=None, max_length=64)
