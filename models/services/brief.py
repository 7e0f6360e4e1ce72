"""The daily brief ("截至2月3日12时，已有138人参与…"): the group's figures as they stood at a time.

Every figure is what was true at ``as_of``, rebuilt from the history tables rather than read from the
current columns, so a brief for 12:00 made at 15:00 says what a brief made at 12:00 would have said:

- enterprises: those created at or before ``as_of`` and not archived then (the archive / restore
  steps of the audit log); each one's status is the latest EnterpriseStatusChange at or before
  ``as_of`` (the current status only where no change is on record, e.g. rows loaded in bulk).
- shortages: reported at or before ``as_of``; whether one was open, solved or closed then is the
  latest resolve / close / reopen ShortageEvent at or before ``as_of`` (``resolved_at`` only for a
  shortage with no such event). Events are append-only, so the latest has the largest id.
- licences: Qualification.granted_on is a date without a time, so licences are counted by day:
  granted on or before ``as_of``'s date in all, and "new" = granted yesterday or today.
- people: those taking part are the active cadres whose role is coordinator or field cadre (the
  working group's roster, command centre included: coordinators rarely check in at a factory);
  viewers are not counted. ``active`` has no dated history, so a cadre deactivated since is left
  out of an earlier brief too. On duty = distinct cadres with a check-in overlapping the period;
  on site = those checked in at ``as_of`` itself.
- output and stock: ``supply_by_item`` for the day before ``as_of`` ("昨日产量"): the brief goes out
  at noon, when today's output is half made and mostly unreported, while yesterday's is complete.

The period of "opened / solved / granted / newly resumed" is the 24 hours up to ``as_of`` ("since
12:00 yesterday"). All counting is done by SQL aggregates; only the bounds are computed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Subquery, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from models.audit import AuditLog
from models.base import EnterpriseStatus, Role, ShortageStatus
from models.checkin import CheckIn
from models.enterprise import Enterprise
from models.history import EnterpriseStatusChange, ShortageEvent
from models.licences import Qualification
from models.people import Cadre
from models.reference import CatalogueItem
from models.services.dashboard import ItemSupply, supply_by_item
from models.shortage import Shortage
from models.supply import Material

PERIOD = timedelta(hours=24)
#: how many of the longest-open shortages the brief lists
OLDEST = 5
#: statuses counted as "resumed" (复工复产); full load is a kind of resumed
RUNNING = (EnterpriseStatus.RESUMED.value, EnterpriseStatus.FULL_LOAD.value)
#: the roles of the people taking part
PARTICIPATING = (Role.COORDINATOR.value, Role.FIELD_CADRE.value)
#: shortage events that change whether a shortage is open
STATUS_ACTIONS = ("resolve", "close", "reopen")


@dataclass(frozen=True)
class PeopleBrief:
    #: active coordinators and field cadres on the roster at ``as_of``
    participating: int
    coordinators: int
    field_cadres: int
    #: distinct cadres with a check-in overlapping the period
    on_duty: int
    #: distinct cadres checked in at ``as_of``
    on_site: int


@dataclass(frozen=True)
class EnterpriseBrief:
    #: enterprises on the directory at ``as_of`` (created by then, not archived then)
    total: int
    #: EnterpriseStatus value -> enterprises at ``as_of``; every status present
    by_status: dict[str, int]
    #: resumed or at full load (复工复产, full load included)
    resumed: int
    full_load: int
    #: running at ``as_of`` but not at the start of the period (or not yet on the directory then)
    resumed_in_period: int


@dataclass(frozen=True)
class LicenceBrief:
    #: licences granted on or before ``as_of``'s date
    granted_total: int
    #: granted on the period's first day or later (yesterday or today)
    granted_in_period: int


@dataclass(frozen=True)
class OpenShortage:
    shortage_id: int
    enterprise: str
    kind: str
    severity: str
    #: the material or item that is short (Chinese name, English name), "" when none
    what: str
    what_en: str
    reported_at: datetime
    #: hours open at ``as_of``
    hours_open: float


@dataclass(frozen=True)
class ShortageBrief:
    opened: int
    solved: int
    #: closed without a solution in the period
    closed: int
    reported_total: int
    solved_total: int
    closed_total: int
    #: open or being coordinated at ``as_of``
    still_open: int
    oldest: tuple[OpenShortage, ...] = ()


@dataclass(frozen=True)
class Brief:
    as_of: datetime
    #: the start of the period (24 hours before ``as_of``)
    since: datetime
    #: the day whose output ``items`` report (the day before ``as_of``)
    output_day: date
    people: PeopleBrief
    enterprises: EnterpriseBrief
    licences: LicenceBrief
    shortages: ShortageBrief
    items: tuple[ItemSupply, ...] = field(default_factory=tuple)


def brief(session: Session, *, as_of: datetime) -> Brief:
    """The group's figures as of ``as_of`` (a naive local time), with the 24 hours before it."""
    since = as_of - PERIOD
    output_day = as_of.date() - timedelta(days=1)
    return Brief(
        as_of=as_of, since=since, output_day=output_day,
        people=_people(session, as_of, since),
        enterprises=_enterprises(session, as_of, since),
        licences=_licences(session, as_of, since),
        shortages=_shortages(session, as_of, since),
        items=tuple(supply_by_item(session, day=output_day)),
    )


# --- people -----------------------------------------------------------------------------------------


def _people(session: Session, as_of: datetime, since: datetime) -> PeopleBrief:
    by_role = dict(session.execute(
        select(Cadre.role, func.count()).where(
            Cadre.active == True,  # noqa: E712
            Cadre.role.in_(PARTICIPATING),
            or_(Cadre.created_at.is_(None), Cadre.created_at <= as_of),
        ).group_by(Cadre.role)
    ).all())

    # one pass over the check-ins overlapping the period (found through the check-out index): all were
    # on duty, those not ended by as_of itself on site (COUNT DISTINCT skips the NULLs of the CASE)
    def present(after: datetime) -> ColumnElement[int]:
        return func.count(func.distinct(case((or_(CheckIn.check_out.is_(None), CheckIn.check_out > after),
                                               CheckIn.cadre_id))))

    on_duty, on_site = session.execute(select(present(since), present(as_of)).where(
        CheckIn.check_in <= as_of, or_(CheckIn.check_out.is_(None), CheckIn.check_out > since),
    )).one()
    coordinators, field_cadres = by_role.get(Role.COORDINATOR.value, 0), by_role.get(Role.FIELD_CADRE.value, 0)
    return PeopleBrief(coordinators + field_cadres, coordinators, field_cadres, on_duty=on_duty, on_site=on_site)


# --- enterprises ------------------------------------------------------------------------------------


def _on_directory(moment: datetime) -> ColumnElement[bool]:
    """Enterprises that existed at ``moment`` and were not archived then."""
    step = aliased(AuditLog)
    steps = (step.table_name == Enterprise.__tablename__, step.row_id == Enterprise.id,
             step.action.in_(("archive", "restore")))
    last_step = select(func.max(step.id)).where(*steps, step.at <= moment).correlate(Enterprise).scalar_subquery()
    archived_then = exists(select(AuditLog.id).where(AuditLog.id == last_step, AuditLog.action == "archive"))
    # rows without any archive step on record (loaded in bulk) fall back to the current flag
    unrecorded_archive = and_(Enterprise.archived == True, ~exists(select(step.id).where(*steps)))  # noqa: E712
    return and_(or_(Enterprise.created_at.is_(None), Enterprise.created_at <= moment),
                ~archived_then, ~unrecorded_archive)


def _status_at(moment: datetime) -> Subquery:
    """(id, status) of every enterprise on the directory at ``moment``, with its status then."""
    last = (select(EnterpriseStatusChange.enterprise_id.label("eid"), func.max(EnterpriseStatusChange.id).label("cid"))
            .where(EnterpriseStatusChange.changed_at <= moment)
            .group_by(EnterpriseStatusChange.enterprise_id).subquery())
    change = aliased(EnterpriseStatusChange)
    return (select(Enterprise.id.label("id"), func.coalesce(change.new_status, Enterprise.status).label("status"))
            .outerjoin(last, last.c.eid == Enterprise.id).outerjoin(change, change.id == last.c.cid)
            .where(_on_directory(moment)).subquery())


def _enterprises(session: Session, as_of: datetime, since: datetime) -> EnterpriseBrief:
    now = _status_at(as_of)
    counts = dict(session.execute(select(now.c.status, func.count()).group_by(now.c.status)).all())
    by_status = {status.value: counts.get(status.value, 0) for status in EnterpriseStatus}
    before = _status_at(since)
    newly = session.execute(
        select(func.count()).select_from(now).outerjoin(before, before.c.id == now.c.id)
        .where(now.c.status.in_(RUNNING), or_(before.c.status.is_(None), before.c.status.not_in(RUNNING)))
    ).scalar_one()
    return EnterpriseBrief(
        total=sum(counts.values()), by_status=by_status,
        resumed=sum(by_status[s] for s in RUNNING), full_load=by_status[EnterpriseStatus.FULL_LOAD.value],
        resumed_in_period=newly,
    )


# --- licences ---------------------------------------------------------------------------------------


def _licences(session: Session, as_of: datetime, since: datetime) -> LicenceBrief:
    granted = Qualification.granted_on
    total, recent = session.execute(select(
        func.count(granted),
        func.coalesce(func.sum(case((granted >= since.date(), 1), else_=0)), 0),
    ).where(granted.is_not(None), granted <= as_of.date())).one()
    return LicenceBrief(granted_total=total, granted_in_period=int(recent))


# --- shortages --------------------------------------------------------------------------------------


def _states(as_of: datetime) -> Subquery:
    """(id, state) of every shortage reported by ``as_of``: open, resolved or closed_unresolved then."""
    last = (select(ShortageEvent.shortage_id.label("sid"), func.max(ShortageEvent.id).label("eid"))
            .where(ShortageEvent.action.in_(STATUS_ACTIONS), ShortageEvent.at <= as_of)
            .group_by(ShortageEvent.shortage_id).subquery())
    event = aliased(ShortageEvent)
    state = case(
        (event.action == "resolve", literal(ShortageStatus.RESOLVED.value)),
        (event.action == "close", literal(ShortageStatus.CLOSED_UNRESOLVED.value)),
        (event.action == "reopen", literal(ShortageStatus.OPEN.value)),
        (and_(Shortage.resolved_at.is_not(None), Shortage.resolved_at <= as_of), Shortage.status),
        else_=literal(ShortageStatus.OPEN.value),
    )
    return (select(Shortage.id.label("id"), state.label("state"))
            .outerjoin(last, last.c.sid == Shortage.id).outerjoin(event, event.id == last.c.eid)
            .where(Shortage.reported_at <= as_of).subquery())


def _ended_in(as_of: datetime, since: datetime, action: str, status: str) -> ColumnElement[int]:
    """Shortages resolved (or closed) in the period: by their event, or by ``resolved_at`` when none is kept."""
    in_period = exists(select(ShortageEvent.id).where(
        ShortageEvent.shortage_id == Shortage.id, ShortageEvent.action == action,
        ShortageEvent.at > since, ShortageEvent.at <= as_of))
    no_events = ~exists(select(ShortageEvent.id).where(
        ShortageEvent.shortage_id == Shortage.id, ShortageEvent.action.in_(STATUS_ACTIONS)))
    by_column = and_(no_events, Shortage.status == status, Shortage.resolved_at > since, Shortage.resolved_at <= as_of)
    return func.coalesce(func.sum(case((or_(in_period, by_column), 1), else_=0)), 0)


def _shortages(session: Session, as_of: datetime, since: datetime) -> ShortageBrief:
    states = _states(as_of)
    counts = dict(session.execute(select(states.c.state, func.count()).group_by(states.c.state)).all())
    opened, solved, closed = session.execute(select(
        func.coalesce(func.sum(case((Shortage.reported_at > since, 1), else_=0)), 0),
        _ended_in(as_of, since, "resolve", ShortageStatus.RESOLVED.value),
        _ended_in(as_of, since, "close", ShortageStatus.CLOSED_UNRESOLVED.value),
    ).where(Shortage.reported_at <= as_of)).one()
    solved_total = counts.get(ShortageStatus.RESOLVED.value, 0)
    closed_total = counts.get(ShortageStatus.CLOSED_UNRESOLVED.value, 0)
    rows = session.execute(
        select(Shortage.id, func.coalesce(func.nullif(Enterprise.short_name, ""), Enterprise.name),
               Shortage.kind, Shortage.severity,
               func.coalesce(Material.name, CatalogueItem.name, ""),
               func.coalesce(Material.name_en, CatalogueItem.name_en, ""), Shortage.reported_at)
        .join(states, states.c.id == Shortage.id).join(Enterprise, Enterprise.id == Shortage.enterprise_id)
        .outerjoin(Material, Material.id == Shortage.material_id)
        .outerjoin(CatalogueItem, CatalogueItem.id == Shortage.item_id)
        .where(states.c.state == ShortageStatus.OPEN.value)
        .order_by(Shortage.reported_at, Shortage.id).limit(OLDEST)
    ).all()
    oldest = tuple(OpenShortage(sid, name, kind, severity, what, what_en, at, (as_of - at).total_seconds() / 3600)
                   for sid, name, kind, severity, what, what_en, at in rows)
    return ShortageBrief(
        opened=int(opened), solved=int(solved), closed=int(closed), reported_total=sum(counts.values()),
        solved_total=solved_total, closed_total=closed_total,
        still_open=counts.get(ShortageStatus.OPEN.value, 0), oldest=oldest,
    )
