"""Reference data the directory reads: the districts, their industrial parks and the catalogue.

The other reference data live in modules the start screen does not import: raw materials in
models.supply, the member units and special groups in models.organisation.
"""

from __future__ import annotations

from sqlmodel import Field

from models.base import Model, Tracked


class District(Model, table=True):
    """One of Chongqing's 38 districts and counties; seeded by the first migration."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=32, unique=True)
    kind: str = Field(max_length=32)  # district / county / autonomous_county
    pinyin: str = Field(default="", max_length=128)


class Park(Tracked, table=True):
    """An industrial park inside a district (free text, e.g. 茶园新区)."""

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    name: str = Field(max_length=64)
    archived: bool = Field(default=False)


class CatalogueItem(Tracked, table=True):
    """An item of the catalogue list (目录清单), e.g. 医用外科口罩, with the city's daily demand."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=64)
    name_en: str = Field(default="", max_length=128)
    category: str = Field(max_length=32)  # mask / suit / drug / device / reagent / thermometer
    unit: str = Field(max_length=16)
    severely_short: bool = Field(default=False)
    daily_demand: float = Field(default=0)
