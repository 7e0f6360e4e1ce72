"""Problems: shortages reported by enterprises, their event history, and the suppliers to call."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.base import local_time, Level, Severity, ShortageStatus, Tracked


class ShortageBase(SQLModel):
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


class ShortageEvent(SQLModel, table=True):
    """One step in a shortage's life; append-only."""

    id: int | None = Field(default=None, primary_key=True)
    shortage_id: int = Field(foreign_key="shortage.id", index=True)
    action: str = Field(max_length=32)
    at: datetime = local_time()
    by: str = Field(max_length=64)
    note: str | None = Field(default=None, max_length=2000)
    old_value: str | None = Field(default=None, max_length=200)
    new_value: str | None = Field(default=None, max_length=200)


class Supplier(Tracked, table=True):
    """A supplier of materials or items, at home or abroad, with a dedicated contact cadre."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    foreign: bool = Field(default=False)
    region: str | None = Field(default=None, max_length=64)
    contact_cadre_id: int | None = Field(default=None, foreign_key="cadre.id")
    notes: str | None = Field(default=None, max_length=2000)
    archived: bool = Field(default=False)


class SupplierItem(SQLModel, table=True):
    """What a supplier supplies: a catalogue item or a raw material."""

    id: int | None = Field(default=None, primary_key=True)
    supplier_id: int = Field(foreign_key="supplier.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="catalogueitem.id", index=True)
    material_id: int | None = Field(default=None, foreign_key="material.id", index=True)
