"""Who may write what: coordinators anything, field cadres their own enterprises and records."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, or_, select

from models import clock
from models.assignments import Assignment
from models.errors import PermissionDenied
from models.services.common import Actor, require_writer


def assigned_enterprise_ids(session: Session, *, cadre_id: int, on: date | None = None) -> list[int]:
    """Enterprises the cadre is stationed at on ``on`` (default today)."""
    on = on or clock.today()
    rows = session.exec(
        select(Assignment.enterprise_id).where(
            Assignment.cadre_id == cadre_id,
            Assignment.start_date <= on,
            or_(Assignment.end_date.is_(None), Assignment.end_date >= on),
        )
    ).all()
    return sorted(set(rows))


def require_enterprise_access(session: Session, actor: Actor, enterprise_id: int) -> None:
    """Coordinators may change any enterprise; field cadres only those they are stationed at."""
    require_writer(actor)
    if actor.is_coordinator:
        return
    if actor.cadre_id is None or enterprise_id not in assigned_enterprise_ids(session, cadre_id=actor.cadre_id):
        raise PermissionDenied("You are not stationed at this enterprise")


def stationed_at(session: Session, *, actor: Actor, enterprise_id: int) -> bool:
    """Whether ``actor`` is stationed at the enterprise today (a coordinator: everywhere)."""
    if actor.is_coordinator:
        return True
    return actor.cadre_id is not None and enterprise_id in assigned_enterprise_ids(session, cadre_id=actor.cadre_id)


def require_own_record(actor: Actor, owner_login: str | None) -> None:
    """Field cadres may change only records they made themselves."""
    require_writer(actor)
    if not actor.is_coordinator and owner_login != actor.login:
        raise PermissionDenied("You may change only your own records")
