"""Problems: shortages reported by enterprises.

Their steps live in models.history and the suppliers to call in models.supply (the start screen
reads neither).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field

from models.base import Level, Model, Severity, ShortageStatus, Tracked, local_time


class ShortageBase(Model):
    enterprise_id: int = Field(foreign_key="enterprise.id")
    kind: str = Field(max_length=16)
    material_id: int | None = Field(default=None, foreign_key="material.id")
    item_id: int | None = Field(default=None, foreign_key="catalogueitem.id")
    quantity: float | None = None
    unit: str | None = Field(default=None, max_length=16)
    severity: str = Field(default=Severity.MEDIUM, max_length=16)
    need_by: date | None = None
    description: str | None = Field(default=None, max_length=2000)


class Shortage(ShortageBase, Tracked, table=True):
    __table_args__ = (
        Index("ix_shortage_status_reported", "status", "reported_at"),
        Index("ix_shortage_enterprise", "enterprise_id", "status"),
        Index("ix_shortage_reserve", "reserve_id", "status"),  # the early warnings' "already reported"
        # the dashboard's counts of unsolved shortages, each read from its index alone
        Index("ix_shortage_status_kind", "status", "kind", "severity"),
        Index("ix_shortage_status_need", "status", "need_by"),
        Index("ix_shortage_status_level", "status", "level", "reported_at"),
        # the dashboard's opened and solved today: a range of times
        Index("ix_shortage_reported", "reported_at"),
        Index("ix_shortage_status_resolved", "status", "resolved_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    level: str = Field(default=Level.DISTRICT, max_length=16)
    group_id: int | None = Field(default=None, foreign_key="specialgroup.id")
    assignee_id: int | None = Field(default=None, foreign_key="cadre.id")
    status: str = Field(default=ShortageStatus.OPEN, max_length=24)
    reported_at: datetime = local_time()
    reported_by: str = Field(max_length=64)
    resolved_at: datetime | None = local_time(default=None)
    resolution: str | None = Field(default=None, max_length=2000)
    reserve_id: int | None = Field(default=None, foreign_key="materialreserve.id")


class ShortageCreate(ShortageBase):
    pass
