"""Reference data the dashboard and the directory read: the districts and the catalogue.

The other reference data live in modules of their own, imported by what reads them: the industrial
parks in models.parks, the history of each item's daily demand in models.catalogue_demand, raw
materials in models.supply, the member units and special groups in models.organisation.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Field

from models.base import Model, Tracked
from models.search import keep_keys


class District(Model, table=True):
    """One of Chongqing's 38 districts and counties; seeded by the first migration."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=32, unique=True)
    kind: str = Field(max_length=32)  # district / county / autonomous_county
    pinyin: str = Field(default="", max_length=128)
    #: what typing matches: the name, its pinyin and initials
    search_key: str = Field(default="", max_length=400)


class CatalogueItem(Tracked, table=True):
    """An item of the catalogue list (目录清单), e.g. 医用外科口罩, with the city's daily demand.

    ``daily_demand`` is the demand in force now and ``demand_from`` the day it took effect; every
    change is also kept in ``CatalogueDemand`` (an item whose demand never changed in the app has no
    rows there: its demand is the one it was loaded with). ``grade`` is one of ``GRADES``;
    ``severely_short`` (严重紧缺) says why in ``short_reason`` and since when in ``short_since``.
    """

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=64)
    name_en: str = Field(default="", max_length=128)
    category: str = Field(max_length=32)  # mask / suit / drug / device / reagent / thermometer
    unit: str = Field(max_length=16)
    severely_short: bool = Field(default=False)
    daily_demand: float = Field(default=0)
    standard: str | None = Field(default=None, max_length=64)  # GB 19083, YY 0469…
    grade: str | None = Field(default=None, max_length=32)
    short_reason: str | None = Field(default=None, max_length=500)
    short_since: date | None = Field(default=None)
    demand_from: date | None = Field(default=None)
    #: what typing matches: code, name (with its pinyin and initials), English name, standard
    search_key: str = Field(default="", max_length=400)


keep_keys(District, ("name",))
keep_keys(CatalogueItem, ("code", "name", "name_en", "standard"))


#: the grades of an item, most demanding first (医用防护, 医用外科, 普通医用, 非医用)
GRADES = ("medical_protective", "surgical", "general", "non_medical")
