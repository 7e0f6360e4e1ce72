"""An enterprise's licences and holiday production plans (part of the enterprise aggregate).

The start screen reads neither, so start-up does not define them: ``models.enterprise`` names them
and imports this module when first asked.
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


class HolidayPlan(Tracked, table=True):
    """Holiday production plan: a date range with shifts and workers."""

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    start_date: date
    end_date: date
    shifts: int = Field(default=1)
    workers: int = Field(default=0)
    notes: str | None = Field(default=None, max_length=500)
