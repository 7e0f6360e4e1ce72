"""Supply: the raw materials, and the suppliers to call for them or for catalogue items.

The start screen reads none of these, so start-up does not import this module; the shortage and
reserve screens and every write (models.tables) do.
"""

from __future__ import annotations

from sqlalchemy import false
from sqlmodel import Field

from models.base import Model, Tracked


class Material(Model, table=True):
    """A raw material (无纺布, 熔喷布, 铝条/鼻梁条) with its unit."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=64)
    name_en: str = Field(default="", max_length=128)
    unit: str = Field(max_length=16)


class Supplier(Tracked, table=True):
    """A supplier of materials or items, at home or abroad, with a dedicated contact cadre."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    foreign: bool = Field(default=False)
    region: str | None = Field(default=None, max_length=64)
    contact_cadre_id: int | None = Field(default=None, foreign_key="cadre.id")
    notes: str | None = Field(default=None, max_length=2000)
    #: a reserve-task unit (储备任务承担单位: 重药集团, 桐君阁), notified to buy for the city's reserves
    reserve_unit: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    archived: bool = Field(default=False)


class SupplierItem(Model, table=True):
    """What a supplier supplies: a catalogue item or a raw material."""

    id: int | None = Field(default=None, primary_key=True)
    supplier_id: int = Field(foreign_key="supplier.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="catalogueitem.id", index=True)
    material_id: int | None = Field(default=None, foreign_key="material.id", index=True)
