"""A person's card: who they are (phone, unit, special group, login, role, active), where they are
stationed (current first, then ended ones) and their last check-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from models.assignments import Assignment
from models.checkin import CheckIn
from models.enterprise import Enterprise
from models.errors import NotFoundError
from models.organisation import SpecialGroup, Unit
from models.people import Cadre

#: how many check-ins the card shows, the latest first
LAST_CHECKINS = 5


@dataclass(frozen=True)
class Stationing:
    enterprise: str
    start: date
    end: date | None


@dataclass(frozen=True)
class Visit:
    enterprise: str
    check_in: datetime
    check_out: datetime | None


@dataclass(frozen=True)
class PersonCard:
    id: int
    version: int
    name: str
    phone: str
    unit_id: int | None
    unit: str
    unit_en: str
    group_id: int | None
    group: str
    group_en: str
    login: str
    role: str
    active: bool
    updated_by: str
    updated_at: datetime | None
    stationings: list[Stationing]
    checkins: list[Visit]


def person_card(session: Session, *, cadre_id: int) -> PersonCard:
    cadre = session.get(Cadre, cadre_id)
    if cadre is None:
        raise NotFoundError("No {table} with id {id}", table="cadre", id=cadre_id)
    unit = session.get(Unit, cadre.unit_id) if cadre.unit_id is not None else None
    group = session.get(SpecialGroup, cadre.group_id) if cadre.group_id is not None else None
    stationed = session.exec(
        select(Assignment, Enterprise.name, Enterprise.short_name)
        .join(Enterprise, Enterprise.id == Assignment.enterprise_id)
        .where(Assignment.cadre_id == cadre_id)
        .order_by(Assignment.end_date.is_not(None), Assignment.start_date.desc(), Assignment.id.desc())
    ).all()
    visits = session.exec(
        select(CheckIn, Enterprise.name, Enterprise.short_name)
        .join(Enterprise, Enterprise.id == CheckIn.enterprise_id)
        .where(CheckIn.cadre_id == cadre_id)
        .order_by(CheckIn.check_in.desc()).limit(LAST_CHECKINS)
    ).all()
    return PersonCard(
        id=cadre_id, version=cadre.version, name=cadre.name, phone=cadre.phone or "", unit_id=cadre.unit_id,
        unit=unit.name if unit else "", unit_en=unit.name_en if unit else "", group_id=cadre.group_id,
        group=group.name if group else "", group_en=group.name_en if group else "", login=cadre.login or "",
        role=cadre.role, active=cadre.active, updated_by=cadre.updated_by or "", updated_at=cadre.updated_at,
        stationings=[Stationing(short or name, a.start_date, a.end_date) for a, name, short in stationed],
        checkins=[Visit(short or name, c.check_in, c.check_out) for c, name, short in visits],
    )
