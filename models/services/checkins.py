"""Check-ins: a cadre's arrival and departure at an enterprise, with the guards of a time sheet.

Two thresholds, on purpose (scenario 1 of the domain: in at 07:50, out at 23:55 the same day):

* ``rules.long_shift()`` (16 h unless set) **flags** an open check-in: the roster and the cadre's status show it, so a
  forgotten check-out is seen early. A check-in still open across midnight is flagged too.
* ``CORRECTION_AFTER`` (18 h) or **across midnight** makes the check-out **require** the real time
  and a reason (audited, shown as corrected). A 16-hour day that ends before midnight, like the
  cadre's 07:50–23:55, therefore closes normally, without a correction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlmodel import Session, select

from models import checkin_hours, checkin_reach, clock, open_visits, validation
from models.base import WorkCategory
from models.checkin import CheckIn
from models.enterprise import Enterprise
from models.errors import NotFoundError, PermissionDenied, ValidationError
from models.history import ShortageEvent
from models.people import Cadre
from models.rules import long_shift
from models.services.access import assigned_enterprise_ids
from models.services.choices import EnterpriseChoice, assigned_choices, enterprises_by_id
from models.services.common import Actor, create_row, get_for_update, require_writer, update_row, write_transaction
from models.shortage import Shortage

#: an open check-in older than this (or across midnight) must be closed with the real time and a reason
CORRECTION_AFTER = timedelta(hours=18)
#: a time this far behind the clock is a back-dated one (needs a reason, shown as corrected)
BACK_DATED = timedelta(minutes=15)
#: clocks of terminals drift: a time this far ahead of ours is still "now"
CLOCK_SLACK = timedelta(minutes=5)


def open_checkin(session: Session, *, cadre_id: int) -> CheckIn | None:
    return session.exec(select(CheckIn).where(CheckIn.cadre_id == cadre_id, CheckIn.check_out.is_(None))).first()


def _require_cadre(actor: Actor) -> int:
    require_writer(actor)
    if actor.cadre_id is None:
        raise PermissionDenied("Your login is not mapped to a cadre")
    return actor.cadre_id


def _since(checkin: CheckIn | datetime) -> datetime:
    return checkin.check_in if isinstance(checkin, CheckIn) else checkin


def is_flagged(checkin: CheckIn | datetime, now: datetime) -> bool:
    """Open past ``long_shift()`` (16 h unless set) or across midnight: shown as a warning, still closable as is."""
    since = _since(checkin)
    return now - since > long_shift() or now.date() != since.date()


def needs_correction(checkin: CheckIn | datetime, now: datetime) -> bool:
    """Open from an earlier day or past ``CORRECTION_AFTER`` (18 h): the real time must be entered, with a reason."""
    since = _since(checkin)
    return now - since > CORRECTION_AFTER or now.date() != since.date()


def categories_of(values: list[str] | None) -> list[str]:
    """Work categories as stored (WorkCategory values, in the given order, without repeats)."""
    cats: list[str] = []
    for value in values or []:
        try:
            code = WorkCategory(value).value
        except ValueError:
            raise ValidationError("categories", "Unknown value {value}", value=value) from None
        if code not in cats:
            cats.append(code)
    return cats


def check_in(
    session: Session, *, actor: Actor, enterprise_id: int, at: datetime | None = None, reason: str | None = None
) -> CheckIn:
    """Open a check-in for the actor's cadre. Another enterprise or a back-dated time needs a reason."""
    cadre_id = _require_cadre(actor)
    now = clock.now()
    moment = at or now
    note = validation.text(reason, field="reason", max_len=500)
    if moment > now + CLOCK_SLACK:
        raise ValidationError("at", "A check-in cannot be in the future")
    back_dated = now - moment > BACK_DATED
    if back_dated and not note:
        raise ValidationError("reason", "A back-dated check-in needs a reason")
    with write_transaction(session):
        if session.get(Enterprise, enterprise_id) is None:
            raise NotFoundError("No {table} with id {id}", table="enterprise", id=enterprise_id)
        if enterprise_id not in assigned_enterprise_ids(session, cadre_id=cadre_id, on=moment.date()) and not note:
            raise ValidationError("reason", "You are not stationed here; give a reason")
        reach = checkin_reach.before(session, cadre_id)  # the cadre's turn for the headcount's move
        if open_checkin(session, cadre_id=cadre_id) is not None:
            raise ValidationError("enterprise_id", "You are already checked in; check out first")
        overlap = session.exec(select(CheckIn).where(
            CheckIn.cadre_id == cadre_id, CheckIn.check_in <= moment, CheckIn.check_out > moment
        )).first()
        if overlap is not None:
            raise ValidationError("at", "You were already on site then ({start}–{end})",
                                  start=clock.fmt(overlap.check_in), end=clock.fmt(overlap.check_out))
        row = CheckIn(cadre_id=cadre_id, enterprise_id=enterprise_id, check_in=moment,
                      reason=note, corrected=back_dated)
        create_row(session, row, actor=actor, at=now, action="check_in")
        open_visits.opened(session, row)  # the dashboard's people figures, in this transaction
        checkin_reach.follow(session, cadre_id=cadre_id, before=reach)  # the headcount
        return row


def check_out(
    session: Session, *, actor: Actor, note: str | None = None, categories: list[str] | None = None,
    at: datetime | None = None, reason: str | None = None, shortage_ids: list[int] | None = None,
) -> CheckIn:
    """Close the actor's open check-in.

    A check-in from an earlier day or older than 18 hours needs the real time and a reason (see the
    module docstring); a back-dated check-out needs a reason. ``shortage_ids`` are the shortages of
    this enterprise the cadre worked on: each gets a ``note`` event with the check-out note (in the
    same transaction, so the check-out and its notes are kept together or not at all).
    """
    cadre_id = _require_cadre(actor)
    now = clock.now()
    text = validation.text(note, field="note", max_len=2000)
    why = validation.text(reason, field="reason", max_len=500)
    cats = categories_of(categories)
    handled = list(dict.fromkeys(shortage_ids or []))
    if handled and not text:
        raise ValidationError("note", "Say in the note what was done about the shortages")
    with write_transaction(session):
        reach = checkin_reach.before(session, cadre_id)  # the cadre's turn for the headcount's move
        row = open_checkin(session, cadre_id=cadre_id)
        if row is None:
            raise ValidationError("check_out", "You are not checked in")
        moment = at or now
        if needs_correction(row, now) and (at is None or not why):
            raise ValidationError("at", "Checked in since {since}: enter the real time you left and a reason",
                                  since=clock.fmt(row.check_in))
        if moment <= row.check_in:
            raise ValidationError("at", "Check-out must be after check-in ({since})", since=clock.fmt(row.check_in))
        if moment > now + CLOCK_SLACK:
            raise ValidationError("at", "A check-out cannot be in the future")
        if at is not None and now - moment > BACK_DATED and not why:
            raise ValidationError("reason", "A back-dated check-out needs a reason")
        changes: dict[str, object] = {"check_out": moment, "note": text, "categories": ",".join(cats)}
        if why:
            changes |= {"reason": why, "corrected": True}
        update_row(session, row, changes, actor=actor, at=now, action="check_out")
        # the hours kept per cadre and day, in this transaction
        checkin_hours.record(session, cadre_id=row.cadre_id, before=None, after=(row.check_in, moment))
        open_visits.closed(session, check_in=row.check_in)
        checkin_reach.follow(session, cadre_id=cadre_id, before=reach)  # the headcount
        for shortage_id in handled:
            shortage = get_for_update(session, Shortage, shortage_id)
            if shortage.enterprise_id != row.enterprise_id:
                raise ValidationError("shortage_ids", "Shortage {id} is not at this enterprise", id=shortage_id)
            # every step moves the shortage's version (as shortages.act does), so a stale edit is refused
            update_row(session, shortage, {}, actor=actor, at=now, action="note", always=True)
            session.add(ShortageEvent(shortage_id=shortage_id, action="note", at=now, by=actor.login, note=text))
    return row


# --- where a cadre is now ----------------------------------------------------------------------------


def minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


@dataclass(frozen=True)
class CadreStatus:
    """Where a cadre is now: on site (where, since when) or not, and where they are stationed."""

    cadre_id: int
    name: str
    now: datetime
    assigned: list[EnterpriseChoice]
    checkin_id: int | None = None
    enterprise: EnterpriseChoice | None = None
    since: datetime | None = None

    @property
    def on_site(self) -> bool:
        return self.since is not None

    @property
    def minutes(self) -> int:
        return minutes(self.now - self.since) if self.since else 0

    @property
    def flagged(self) -> bool:
        return self.since is not None and is_flagged(self.since, self.now)

    @property
    def needs_correction(self) -> bool:
        return self.since is not None and needs_correction(self.since, self.now)


def cadre_status(session: Session, *, cadre_id: int) -> CadreStatus:
    """The cadre's open check-in (if any) and today's stationing, as of now."""
    now = clock.now()
    cadre = session.get(Cadre, cadre_id)
    name = cadre.name if cadre else ""
    status = CadreStatus(cadre_id=cadre_id, name=name, now=now, assigned=assigned_choices(session, cadre_id=cadre_id))
    row = session.execute(select(CheckIn.id, CheckIn.enterprise_id, CheckIn.check_in)
                          .where(CheckIn.cadre_id == cadre_id, CheckIn.check_out.is_(None))).first()
    if row is None:
        return status
    where = enterprises_by_id(session, ids=[row.enterprise_id])
    if not where:  # an archived enterprise still shows by name
        ent = session.get(Enterprise, row.enterprise_id)
        where = [EnterpriseChoice(row.enterprise_id, ent.name if ent else "",
                                  (ent.short_name or "") if ent else "", "", "")]
    return replace(status, checkin_id=row.id, enterprise=where[0], since=row.check_in)
