"""Each cadre's seconds on site per day, of the check-ins closed so far: kept, with the days' totals,
by ``models.checkin_hours.record``."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index
from sqlmodel import Field

from models.base import Model


class CheckinHours(Model, table=True):
    """One cadre's seconds on site on one day."""

    __table_args__ = (Index("ix_checkinhours_day", "day"),)
    cadre_id: int = Field(foreign_key="cadre.id", primary_key=True)
    day: date = Field(primary_key=True)
    #: seconds on site that day, of the cadre's closed check-ins (0 once nothing is left)
    seconds: float = Field(default=0)
