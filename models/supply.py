"""Supply: the raw materials, and the suppliers to call for them or for catalogue items.

The start screen reads none of these, so start-up does not import this module; the shortage and
reserve screens and every write (models.tables) do.
"""

from __future__ import annotations

from sqlalchemy import false
from sqlmodel import Field

from models.base import Model, Tracked
from models.search import keep_keys


class Material(Model, table=True):
    """A raw material (无纺布, 熔喷布, 铝条/鼻梁条) with its unit."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=64)
    name_en: str = Field(default="", max_length=128)
    unit: str = Field(max_length=16)
    #: what typing matches: name (with its pinyin and initials), code, English name
    search_key: str = Field(default="", max_length=400)


keep_keys(Material, ("name", "code", "name_en"))


#: where a supplier is: in the city, elsewhere in the country, abroad (the order suppliers are offered in)
ORIGINS = ("local", "out_of_city", "overseas")


class Supplier(Tracked, table=True):
    """A supplier of materials or items, in the city, out of it or abroad, with a dedicated contact cadre.

    A reserve unit (储备任务承担单位: 重药集团, 桐君阁) is a supplier with ``reserve_unit`` set: the
    shortage steps "supplier contacted" and "reserve notified" name either. ``region`` is the city
    or the country; ``contact_person`` and ``phone`` are the supplier's own.
    """

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    origin: str = Field(default="local", max_length=16, sa_column_kwargs={"server_default": "local"})
    region: str | None = Field(default=None, max_length=64)
    contact_cadre_id: int | None = Field(default=None, foreign_key="cadre.id")
    contact_person: str | None = Field(default=None, max_length=64)
    phone: str | None = Field(default=None, max_length=32)
    reserve_unit: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    notes: str | None = Field(default=None, max_length=2000)
    archived: bool = Field(default=False)
    #: what typing matches: name (with its pinyin and initials), region, contact person
    search_key: str = Field(default="", max_length=400)

    @property
    def foreign(self) -> bool:
        return self.origin == "overseas"


keep_keys(Supplier, ("name", "region", "contact_person"))


class SupplierItem(Model, table=True):
    """What a supplier supplies (a reserve unit: holds in reserve): a catalogue item or a raw
    material, with its specification (``spec``: 平面型 17.5×9.5cm, 25g/m²…)."""

    id: int | None = Field(default=None, primary_key=True)
    supplier_id: int = Field(foreign_key="supplier.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="catalogueitem.id", index=True)
    material_id: int | None = Field(default=None, foreign_key="material.id", index=True)
    spec: str | None = Field(default=None, max_length=200)
