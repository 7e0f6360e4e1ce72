"""The stationing of cadres (models.people) at enterprises: who, where, from when until when."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field

from models.base import Tracked


class Assignment(Tracked, table=True):
    """A cadre stationed at an enterprise from a date until an end date (open when None)."""

    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(foreign_key="cadre.id", index=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    start_date: date
    #: indexed: the current stationings (no end, or an end from today) are two ranges of it (migration 0023)
    end_date: date | None = Field(default=None, index=True)
