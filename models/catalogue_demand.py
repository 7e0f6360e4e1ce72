"""The history of the city's daily demand of each catalogue item (models.reference.CatalogueItem keeps
the demand in force now)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field

from models.base import Model, local_time


class CatalogueDemand(Model, table=True):
    """One change of an item's daily city demand: the figure, the day it took effect, and when it
    was recorded (a brief as of a past moment uses the change in effect then and known by then)."""

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="catalogueitem.id", index=True)
    daily_demand: float
    effective_from: date
    recorded_at: datetime = local_time()
    recorded_by: str = Field(max_length=64)
