"""Cadres (new, edit, role, active) and their stationing at enterprises.

Coordinators write; a change leaving no active coordinator is refused, so the group can always
administer itself. On a PostgreSQL database with one role per person (models.pg_roles) each change
of a login, a role or being active grants the matching group role in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, func, select

from models import checkin_reach, clock, enterprise_figures, staffing, validation
from models.assignments import Assignment
from models.base import Role
from models.enterprise import Enterprise
from models.errors import ValidationError
from models.organisation import SpecialGroup, Unit
from models.people import Cadre, CadreCreate, CadreUpdate
from models.pg_roles import sync_role
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
    with write_transaction(session):
        values = _clean(session, data.model_dump(), exclude_id=None)
        cadre = Cadre(**(data.model_dump() | values))  # its keys are built as it is written (models.people)
        create_row(session, cadre, actor=actor, at=clock.now())
        sync_role(session, cadre.login)
        return cadre


def update_cadre(session: Session, *, actor: Actor, cadre_id: int, expected_version: int,
                 data: CadreUpdate) -> Cadre:
    """Apply the fields set in ``data`` (a login and a role take effect in running sessions at their
    next poll); a stale ``expected_version`` raises ConflictError."""
    require_coordinator(actor)
    with write_transaction(session):
        cadre = get_for_update(session, Cadre, cadre_id)
        check_version(cadre, expected_version)
        changes = _clean(session, data.model_dump(exclude_unset=True), exclude_id=cadre_id)
        before = cadre.login
        reach = checkin_reach.before(session, cadre_id)  # the headcount counts the cadre by unit and group
        if update_row(session, cadre, changes, actor=actor, at=clock.now()):  # the keys follow at the flush
            _keep_a_coordinator(session)
            _sync(session, before, cadre.login)
            enterprise_figures.refresh(session, *enterprise_figures.stationed(session, cadre_id))  # the cadre sort
            checkin_reach.follow(session, cadre_id=cadre_id, before=reach)
    return cadre


def set_role(session: Session, *, actor: Actor, cadre_id: int, expected_version: int, role: str,
             active: bool = True) -> Cadre:
    require_coordinator(actor)
    value = _role(role)
    with write_transaction(session):
        cadre = get_for_update(session, Cadre, cadre_id)
        check_version(cadre, expected_version)
        update_row(session, cadre, {"role": value, "active": active}, actor=actor, at=clock.now())
        _keep_a_coordinator(session)
        _sync(session, cadre.login)
    return cadre


def set_active(session: Session, *, actor: Actor, cadre_id: int, expected_version: int, active: bool) -> Cadre:
    """Deactivate a cadre (their login reads only from the next poll on; their history stays) or
    make them active again."""
    require_coordinator(actor)
    with write_transaction(session):
        cadre = get_for_update(session, Cadre, cadre_id)
        check_version(cadre, expected_version)
        update_row(session, cadre, {"active": active}, actor=actor, at=clock.now(),
                   action="activate" if active else "deactivate")
        _keep_a_coordinator(session)
        _sync(session, cadre.login)
    return cadre


def _sync(session: Session, *logins: str | None) -> None:
    """The group roles of ``logins`` as their cadres now say (a login taken away keeps none)."""
    session.flush()
    for login in dict.fromkeys(logins):
        sync_role(session, login)


def _role(value: str) -> str:
    try:
        return Role(value).value
    except ValueError:
        raise ValidationError("role", "Unknown value {value}", value=value) from None


def _clean(session: Session, values: dict[str, Any], *, exclude_id: int | None) -> dict[str, Any]:
    """Validate the cadre fields present in ``values``; raises ValidationError on the first bad one."""
    out: dict[str, Any] = {}
    if "name" in values:
        out["name"] = validation.name(values["name"], field="name", required=True, max_len=64)
    if "phone" in values:
        out["phone"] = validation.mobile(values["phone"])
    if "login" in values:
        login = validation.text(values["login"], field="login", max_len=64)
        if login:
            clash = session.exec(select(Cadre.id).where(Cadre.login == login)).first()
            if clash is not None and clash != exclude_id:
                raise ValidationError("login", "This login already belongs to a cadre")
        out["login"] = login
    if "role" in values:
        out["role"] = _role(values["role"] or "")
    for key, model, message in (("unit_id", Unit, "Pick a unit"), ("group_id", SpecialGroup, "Pick a special group")):
        if key in values:
            if values[key] is not None and session.get(model, values[key]) is None:
                raise ValidationError(key, message)
            out[key] = values[key]
    return out


def _keep_a_coordinator(session: Session) -> None:
    """Refuse a change that leaves nobody who may administer the group (in the caller's
    transaction, after the change: it is rolled back). A coordinator without a login counts for
    nobody: no one could act as them (on PostgreSQL the database holds the same line)."""
    session.flush()
    left = session.exec(select(func.count()).select_from(Cadre)
                        .where(Cadre.role == Role.COORDINATOR.value, Cadre.active == True,  # noqa: E712
                               Cadre.login.is_not(None))).one()
    if not left:
        raise ValidationError("role", "At least one active coordinator must remain")


def station(session: Session, *, actor: Actor, cadre_id: int, enterprise_id: int,
            start: date | None = None) -> Assignment:
    """Station a cadre at an enterprise from ``start`` (default today)."""
    require_coordinator(actor)
    with write_transaction(session):
        if session.get(Cadre, cadre_id) is None:
            raise ValidationError("cadre_id", "Pick a cadre")
        if session.get(Enterprise, enterprise_id) is None:
            raise ValidationError("enterprise_id", "Pick an enterprise")
        get_for_update(session, Enterprise, enterprise_id)  # its stationings one writer at a time
        before = staffing.spans(session, enterprise_id)
        row = Assignment(cadre_id=cadre_id, enterprise_id=enterprise_id, start_date=start or clock.today())
        create_row(session, row, actor=actor, at=clock.now(), action="station")
        staffing.follow(session, enterprise_id=enterprise_id, before=before)  # the dashboard's "nobody stationed"
        enterprise_figures.refresh(session, enterprise_id)  # the directory's sort by cadre
        return row


def end_station(session: Session, *, actor: Actor, assignment_id: int, expected_version: int,
                end: date | None = None) -> Assignment:
    require_coordinator(actor)
    with write_transaction(session):
        row = get_for_update(session, Assignment, assignment_id)
        check_version(row, expected_version)
        finish = end or clock.today()
        if finish < row.start_date:
            raise ValidationError("end_date", "The end is before the start")
        get_for_update(session, Enterprise, row.enterprise_id)  # its stationings one writer at a time
        before = staffing.spans(session, row.enterprise_id)
        update_row(session, row, {"end_date": finish}, actor=actor, at=clock.now(), action="end_station")
        staffing.follow(session, enterprise_id=row.enterprise_id, before=before)
        enterprise_figures.refresh(session, row.enterprise_id)
    return row
