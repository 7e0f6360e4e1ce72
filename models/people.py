"""People: cadres with their role and login, their stationing at enterprises, and check-ins."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.base import local_time, Role, Tracked


class CadreBase(SQLModel):
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


class CadreCreate(CadreBase):
    pass


class Assignment(Tracked, table=True):
    """A cadre stationed at an enterprise from a date until an end date (open when None)."""

    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(foreign_key="cadre.id", index=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    start_date: date
    end_date: date | None = None


class CheckIn(Tracked, table=True):
    """A cadre's time on site. ``check_out`` is None while the cadre is there."""

    __table_args__ = (
        Index("ix_checkin_cadre_in", "cadre_id", "check_in"),
        Index("ix_checkin_enterprise_in", "enterprise_id", "check_in"),
        Index("ix_checkin_open", "check_out"),
    )
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(foreign_key="cadre.id")
    enterprise_id: int = Field(foreign_key="enterprise.id")
    check_in: datetime = local_time()
    check_out: datetime | None = local_time(default=None)
    #: comma-separated WorkCategory values
    categories: str = Field(default="", max_length=200)
    note: str | None = Field(default=None, max_length=2000)
    reason: str | None = Field(default=None, max_length=500)  # why another enterprise / back-dated
    corrected: bool = Field(default=False)
