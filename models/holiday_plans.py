"""An enterprise's holiday production plans: who works which days over a holiday, in how many shifts.

The start screen does not read them, so start-up does not import this module; the card and every
write (models.tables) do.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Field

from models.base import Tracked


class HolidayPlan(Tracked, table=True):
    """Holiday production plan: a date range with shifts and workers."""

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    start_date: date
    end_date: date
    shifts: int = Field(default=1)
    workers: int = Field(default=0)
    notes: str | None = Field(default=None, max_length=500)
