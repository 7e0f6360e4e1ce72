"""An enterprise's licences: held, or applied for (applying → green channel → held, or refused).

The start screen does not read licences (the directory's "licence pending" filter is a subquery of
its own), so start-up does not import this module; the card and every write (models.tables) do.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Field

from models.base import LicenceStatus, Tracked


class Qualification(Tracked, table=True):
    """A licence held or applied for (medical-device registration, production licence, ...)."""

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="catalogueitem.id")
    kind: str = Field(max_length=64)
    number: str | None = Field(default=None, max_length=64)
    status: str = Field(default=LicenceStatus.APPLYING, max_length=16)
    applied_on: date | None = None
    granted_on: date | None = None
