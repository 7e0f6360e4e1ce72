"""Append-only histories: an enterprise's status changes and a shortage's steps (never overwritten).

The start screen reads neither, so start-up does not import this module (see
tests/unit/test_start_path.py); the card, the shortage screens and every write (models.tables) do.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from models.base import Model, local_time


class EnterpriseStatusChange(Model, table=True):
    """History of status changes (never overwritten)."""

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    old_status: str | None = Field(default=None, max_length=16)
    new_status: str = Field(max_length=16)
    changed_at: datetime = local_time()
    changed_by: str = Field(max_length=64)
    reason: str | None = Field(default=None, max_length=500)


class ShortageEvent(Model, table=True):
    """One step in a shortage's life; append-only."""

    id: int | None = Field(default=None, primary_key=True)
    shortage_id: int = Field(foreign_key="shortage.id", index=True)
    action: str = Field(max_length=32)
    at: datetime = local_time()
    by: str = Field(max_length=64)
    note: str | None = Field(default=None, max_length=2000)
    old_value: str | None = Field(default=None, max_length=200)
    new_value: str | None = Field(default=None, max_length=200)
    #: the supplier or reserve unit of a "supplier contacted" / "reserve notified" step (its card lists them)
    supplier_id: int | None = Field(default=None, foreign_key="supplier.id", index=True)
