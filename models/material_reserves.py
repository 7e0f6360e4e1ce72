"""Enterprises' raw-material reserves: what each holds of a material (models.supply) and its daily use
at full load (days of cover)."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from models.base import Tracked


class MaterialReserve(Tracked, table=True):
    """Stock of a raw material at an enterprise and its daily use at full load (days of cover)."""

    __table_args__ = (UniqueConstraint("enterprise_id", "material_id", name="uq_reserve_material"),)
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    material_id: int = Field(foreign_key="material.id")
    quantity: float = Field(default=0)
    daily_use: float = Field(default=0)
