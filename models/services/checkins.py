"""Check-ins: a cadre's arrival and departure at an enterprise, with the guards of a time sheet."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from models import clock, validation
from models.base import WorkCategory
from models.enterprise import Enterprise
from models.errors import NotFoundError, PermissionDenied, ValidationError
from models.people import CheckIn
from models.services.access import assigned_enterprise_ids
from models.services.common import Actor, create_row, require_writer, update_row, write_transaction

#: an open check-in older than this (or across midnight) must be closed with the real time and a reason
LONG_SHIFT = timedelta(hours=16)


def open_checkin(session: Session, *, cadre_id: int) -> CheckIn | None:
    return session.exec(select(CheckIn).where(CheckIn.cadre_id == cadre_id, CheckIn.check_out.is_(None))).first()  # type: ignore[union-attr]


def _require_cadre(actor: Actor) -> int:
    require_writer(actor)
    if actor.cadre_id is None:
        raise PermissionDenied("Your login is not mapped to a cadre")
    return actor.cadre_id


def needs_correction(checkin: CheckIn, now: datetime) -> bool:
    """Open past 16 hours or across midnight: the real time must be entered, with a reason."""
    return now - checkin.check_in > LONG_SHIFT or now.date() != checkin.check_in.date()


def check_in(
    session: Session, *, actor: Actor, enterprise_id: int, at: datetime | None = None, reason: str | None = None
) -> CheckIn:
    """Open a check-in for the actor's cadre. Another enterprise or a back-dated time needs a reason."""
    cadre_id = _require_cadre(actor)
    now = clock.now()
    moment = at or now
    note = validation.text(reason, field="reason", max_len=500)
    if moment > now + timedelta(minutes=5):
        raise ValidationError("at", "A check-in cannot be in the future")
    back_dated = now - moment > timedelta(minutes=15)
    if back_dated and not note:
        raise ValidationError("reason", "A back-dated check-in needs a reason")
    with write_transaction(session):
        if session.get(Enterprise, enterprise_id) is None:
            raise NotFoundError("No {table} with id {id}", table="enterprise", id=enterprise_id)
        if enterprise_id not in assigned_enterprise_ids(session, cadre_id=cadre_id, on=moment.date()) and not note:
            raise ValidationError("reason", "You are not stationed here; give a reason")
        if open_checkin(session, cadre_id=cadre_id) is not None:
            raise ValidationError("enterprise_id", "You are already checked in; check out first")
        overlap = session.exec(select(CheckIn).where(
            CheckIn.cadre_id == cadre_id, CheckIn.check_in <= moment, CheckIn.check_out > moment  # type: ignore[operator]
        )).first()
        if overlap is not None:
            raise ValidationError("at", "You were already on site then ({start}–{end})",
                                  start=clock.fmt(overlap.check_in), end=clock.fmt(overlap.check_out))
        row = CheckIn(cadre_id=cadre_id, enterprise_id=enterprise_id, check_in=moment, reason=note, corrected=back_dated)
        return create_row(session, row, actor=actor, at=now, action="check_in")


def check_out(
    session: Session, *, actor: Actor, note: str | None = None, categories: list[str] | None = None,
    at: datetime | None = None, reason: str | None = None,
) -> CheckIn:
    """Close the actor's open check-in; a long or overnight one needs the real time and a reason."""
    cadre_id = _require_cadre(actor)
    now = clock.now()
    text = validation.text(note, field="note", max_len=2000)
    why = validation.text(reason, field="reason", max_len=500)
    cats = []
    for value in categories or []:
        try:
            cats.append(WorkCategory(value).value)
        except ValueError:
            raise ValidationError("categories", "Unknown value {value}", value=value) from None
    with write_transaction(session):
        row = open_checkin(session, cadre_id=cadre_id)
        if row is None:
            raise ValidationError("check_out", "You are not checked in")
        moment = at or now
        if needs_correction(row, now) and (at is None or not why):
            raise ValidationError("at", "Checked in since {since}: enter the real time you left and a reason", since=clock.fmt(row.check_in))
        if moment <= row.check_in:
            raise ValidationError("at", "Check-out must be after check-in ({since})", since=clock.fmt(row.check_in))
        if moment > now + timedelta(minutes=5):
            raise ValidationError("at", "A check-out cannot be in the future")
        if at is not None and now - moment > timedelta(minutes=15) and not why:
            raise ValidationError("reason", "A back-dated check-out needs a reason")
        changes = {"check_out": moment, "note": text, "categories": ",".join(cats)}
        if why:
            changes |= {"reason": why, "corrected": True}
        update_row(session, row, changes, actor=actor, at=now, action="check_out")
    return row
