"""Cadres and their stationing at enterprises."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from models import clock, validation
from models.base import Role
from models.enterprise import Enterprise
from models.errors import ValidationError
from models.people import Assignment, Cadre, CadreCreate
from models.search import search_key
from models.services.common import (
    Actor,
    check_version,
    create_row,
    get_for_update,
    require_coordinator,
    update_row,
    write_transaction,
)


def create_cadre(session: Session, *, actor: Actor, data: CadreCreate) -> Cadre:
    require_coordinator(actor)
    name = validation.name(data.name, field="name", required=True, max_len=64)
    phone = validation.mobile(data.phone)
    login = validation.text(data.login, field="login", max_len=64)
    try:
        role = Role(data.role).value
    except ValueError:
        raise ValidationError("role", "Unknown value {value}", value=data.role) from None
    with write_transaction(session):
        if login and session.exec(select(Cadre.id).where(Cadre.login == login)).first() is not None:
            raise ValidationError("login", "This login already belongs to a cadre")
        cadre = Cadre(**data.model_dump(exclude={"name", "phone", "login", "role"}), name=name, phone=phone,
                      login=login, role=role, search_key=search_key([name, login]))
        return create_row(session, cadre, actor=actor, at=clock.now())


def set_role(session: Session, *, actor: Actor, cadre_id: int, expected_version: int, role: str,
             active: bool = True) -> Cadre:
    require_coordinator(actor)
    try:
        value = Role(role).value
    except ValueError:
        raise ValidationError("role", "Unknown value {value}", value=role) from None
    with write_transaction(session):
        cadre = get_for_update(session, Cadre, cadre_id)
        check_version(cadre, expected_version)
        update_row(session, cadre, {"role": value, "active": active}, actor=actor, at=clock.now())
    return cadre


def station(session: Session, *, actor: Actor, cadre_id: int, enterprise_id: int,
            start: date | None = None) -> Assignment:
    """Station a cadre at an enterprise from ``start`` (default today)."""
    require_coordinator(actor)
    with write_transaction(session):
        if session.get(Cadre, cadre_id) is None:
            raise ValidationError("cadre_id", "Pick a cadre")
        if session.get(Enterprise, enterprise_id) is None:
            raise ValidationError("enterprise_id", "Pick an enterprise")
        row = Assignment(cadre_id=cadre_id, enterprise_id=enterprise_id, start_date=start or clock.today())
        return create_row(session, row, actor=actor, at=clock.now(), action="station")


def end_station(session: Session, *, actor: Actor, assignment_id: int, expected_version: int,
                end: date | None = None) -> Assignment:
    require_coordinator(actor)
    with write_transaction(session):
        row = get_for_update(session, Assignment, assignment_id)
        check_version(row, expected_version)
        finish = end or clock.today()
        if finish < row.start_date:
            raise ValidationError("end_date", "The end is before the start")
        update_row(session, row, {"end_date": finish}, actor=actor, at=clock.now(), action="end_station")
    return row
