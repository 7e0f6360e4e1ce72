"""What happens over time: cadres' check-ins on site, enterprises' status changes, shortages' steps.

The start screen reads none of these, so start-up does not define them: ``models.people``,
``models.enterprise`` and ``models.shortage`` name them and import this module when first asked.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from models.base import Model, Tracked, local_time


class CheckIn(Tracked, table=True):
    """A cadre's time on site. ``check_out`` is None while the cadre is there."""

    __table_args__ = (
        Index("ix_checkin_cadre_in", "cadre_id", "check_in"),
        Index("ix_checkin_enterprise_in", "enterprise_id", "check_in"),
        Index("ix_checkin_open", "check_out"),
        # the dashboard's hours this week and who checked in today: a range of check-in times,
        # answered from the index alone
        Index("ix_checkin_in_out_cadre", "check_in", "check_out", "cadre_id"),
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
