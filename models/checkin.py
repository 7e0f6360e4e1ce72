"""Cadres' time on site: one row per check-in, closed by its check-out.

The start screen does not read check-ins, so start-up does not import this module (see
tests/unit/test_start_path.py); the check-in screens and every write (models.tables) do.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from models.base import Tracked, local_time


class CheckIn(Tracked, table=True):
    """A cadre's time on site. ``check_out`` is None while the cadre is there."""

    __table_args__ = (
        Index("ix_checkin_cadre_in", "cadre_id", "check_in"),
        Index("ix_checkin_enterprise_in", "enterprise_id", "check_in"),
        # the open ones (and those closed after a moment) with their check-in: the dashboard's hours
        # count them from the index alone
        Index("ix_checkin_open", "check_out", "check_in"),
        # the dashboard's hours this week and who checked in today: a range of check-in times,
        # answered from the index alone
        Index("ix_checkin_in_out_cadre", "check_in", "check_out", "cadre_id"),
        # an enterprise's and a cadre's open check-ins (check_out IS NULL) without reading their history:
        # the roster walks enterprises or stationings in order and looks these up (migration 0023)
        Index("ix_checkin_enterprise_out", "enterprise_id", "check_out"),
        Index("ix_checkin_cadre_out", "cadre_id", "check_out"),
        # the latest entry: whether the headcount as of a moment can read the kept counts (checkin_reach)
        Index("ix_checkin_created_at", "created_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(foreign_key="cadre.id")
    enterprise_id: int = Field(foreign_key="enterprise.id")
    check_in: datetime = local_time()
    check_out: datetime | None = local_time(default=None)
    #: comma-separated WorkCategory values
    categories: str = Field(default="", max_length=200)
    note: str | None = Field(default=None, max_length=2000)
    reason: str | None = Field(default=None, max_length=500)  # why another enterprise / back-dated
    corrected: bool = Field(default=False)
