"""Sites where supplies are held or sent: reserve warehouses, hospitals and front-line units.

A warehouse is run by a reserve unit (a supplier flagged ``reserve_unit``: 重药集团, 桐君阁) or by a
district; hospitals are flagged designated (定点) or fever clinics (发热门诊), which the grade rule of
allocation reads (``models.rules.grade_allowed``). Sites are reference data: coordinators write them.
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Field

from models.base import Tracked


class SiteKind(StrEnum):
    WAREHOUSE = "warehouse"  # 储备仓库 (city reserve or district depot)
    HOSPITAL = "hospital"  # 医院
    UNIT = "unit"  # 一线单位: a district's command, a community, a checkpoint


class Site(Tracked, table=True):
    """A reserve warehouse, a hospital or a front-line unit, with its district and contacts."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)
    kind: str = Field(max_length=16, index=True)  # SiteKind
    district_id: int | None = Field(default=None, foreign_key="district.id", index=True)
    #: the reserve unit running a warehouse (None: a district's own depot)
    operator_id: int | None = Field(default=None, foreign_key="supplier.id")
    designated: bool = Field(default=False)  # 定点医院
    fever_clinic: bool = Field(default=False)  # 发热门诊
    #: a warehouse's capacity in pallets (托位); None when not known
    capacity: int | None = Field(default=None)
    address: str | None = Field(default=None, max_length=200)
    contact_person: str | None = Field(default=None, max_length=64)
    phone: str | None = Field(default=None, max_length=20)
    notes: str | None = Field(default=None, max_length=2000)
    archived: bool = Field(default=False)
    search_key: str = Field(default="", max_length=400)
    #: the name's pinyin (``models.search.sort_key``): the pickers list sites as a Chinese directory is
    sort_key: str = Field(default="", max_length=400)
