"""People: cadres with their role and login.

Their stationing at enterprises lives in models.assignments, their check-ins in models.checkin (the
dashboard reads neither's rows).
"""

from __future__ import annotations

from sqlmodel import Field

from models.base import Model, Role, Tracked
from models.search import keep_keys


class CadreBase(Model):
    name: str = Field(max_length=64)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    group_id: int | None = Field(default=None, foreign_key="specialgroup.id")
    phone: str | None = Field(default=None, max_length=20)
    login: str | None = Field(default=None, max_length=64, unique=True)
    role: str = Field(default=Role.FIELD_CADRE, max_length=16)
    active: bool = Field(default=True)


class Cadre(CadreBase, Tracked, table=True):
    id: int | None = Field(default=None, primary_key=True)
    search_key: str = Field(default="", max_length=400)
    #: the name's pinyin (``models.search.sort_key``): the roster is ordered as a Chinese directory is
    sort_key: str = Field(default="", max_length=400)


keep_keys(Cadre, ("name", "login"), sorted_by="name")


class CadreCreate(CadreBase):
    pass


class CadreUpdate(Model):
    """The fields of a cadre an edit sets; those left unset keep their value."""

    name: str | None = None
    unit_id: int | None = None
    group_id: int | None = None
    phone: str | None = None
    login: str | None = None
    role: str | None = None
