"""The daily brief ("截至2月3日12时，已有138人参与…"): the group's figures as they stood at a time.

Every figure is what was true at ``as_of``, rebuilt from the history tables rather than read from the
current columns, so a brief for 12:00 made at 15:00 says what a brief made at 12:00 would have said:

- enterprises: those created at or before ``as_of`` and not archived then (the archive / restore
  steps of the audit log); each one's status is the latest EnterpriseStatusChange at or before
  ``as_of`` (the current status only where no change is on record, e.g. rows loaded in bulk).
- shortages: reported at or before ``as_of``; whether one was open, solved or closed then is the
  latest resolve / close / reopen ShortageEvent at or before ``as_of`` (``resolved_at`` only for a
  shortage with no such event). Events are append-only, so the latest has the largest id.
- licences: a licence counts from the moment it was recorded as held (the step of the audit log,
  or its creation when it was recorded held), not from its ``granted_on`` date: one recorded at
  16:00 "granted today" was not in the 12:00 brief. Those recorded in the period are named.
- people: those taking part are ``checkin_roster.taking_part``, the headcount tab's figure; on
  duty = distinct cadres with a check-in overlapping the period; on site = those checked in at
  ``as_of`` itself. Check-ins entered later (even dated earlier) and check-outs changed later are
  taken as they stood (``as_of`` module).
- output and stock: ``supply_by_item`` for the day before ``as_of`` ("昨日产量"), as reported by
  ``as_of``: the brief goes out at noon, when today's output is half made and mostly unreported,
  while yesterday's is complete; enterprises that had not reported it by then are counted. The
  demand is the one in force at ``as_of`` and known by then (``catalogue.demand_as_of``).

- stock: per item on hand, reserved, quarantined, available and days of supply at ``as_of``, and
  the book of the period (入库 received, 出库·调拨 issued, 结存 closing), rebuilt from the ledger
  entries made by ``as_of`` and the allocation documents of then (``stock_figures``).
- goods on the way (在途): ``procurement_figures`` as of ``as_of``, rebuilt from the documents' own
  times (a consignment was on the way if its first leg had left and it was not received in full by
  then; what it still carried is what its receipts by then had not counted in; ETAs, order statuses
  and cancelled parts as they stood, through the audit log).

The period of "opened / solved / granted / newly resumed" is the 24 hours up to ``as_of`` ("since
12:00 yesterday"). Counting is done by SQL aggregates; the few rows changed after ``as_of`` are applied in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Subquery, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from models.audit import AuditLog
from models.base import EnterpriseStatus, LicenceStatus, Severity, ShortageStatus
from models.checkin import CheckIn
from models.dashboard_view import DonationFigures, FundFigures, ItemSupply
from models.enterprise import DailyReport, Enterprise, Product
from models.history import EnterpriseStatusChange, ShortageEvent
from models.licences import Qualification
from models.reference import CatalogueItem
from models.services import as_of as then
from models.services.checkin_roster import taking_part
from models.services.dashboard import supply_by_item
from models.services.donation_figures import donation_figures
from models.services.fund_figures import fund_figures
from models.services.procurement_figures import ProcurementFigures, procurement_figures
from models.services.stock_figures import ItemMovement, ItemStock, item_stock, movements
from models.shortage import Shortage
from models.supply import Material

PERIOD = timedelta(hours=24)
#: how many open shortages the brief lists (critical first, then the oldest)
OLDEST = 5
#: statuses counted as "resumed" (复工复产); full load is a kind of resumed
RUNNING = (EnterpriseStatus.RESUMED.value, EnterpriseStatus.FULL_LOAD.value)
#: shortage events that change whether a shortage is open
STATUS_ACTIONS = ("resolve", "close", "reopen")


@dataclass(frozen=True)
class PeopleBrief:
    #: cadres taking part by ``as_of`` (``checkin_roster.taking_part``), the headcount tab's figure
    participating: int
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
class GrantedLicence:
    enterprise: str
    #: the catalogue item (Chinese, English), "" when the licence names none
    item: str
    item_en: str
    kind: str


@dataclass(frozen=True)
class LicenceBrief:
    #: licences recorded as held by ``as_of``
    granted_total: int
    #: recorded as held in the period
    granted_in_period: int
    #: those of the period, by enterprise
    granted: tuple[GrantedLicence, ...] = ()


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
    #: of those, critical
    critical_open: int = 0
    #: the open ones listed: critical first, then the oldest
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
    #: enterprises making something that had not reported ``output_day`` by ``as_of``
    not_reported: int = 0
    #: per item at ``as_of``: stock, availability and days of supply (fewest days first)
    stock: tuple[ItemStock, ...] = ()
    #: per item over the period: opening, received (入库), issued (出库·调拨), adjusted, closing (结存)
    book: tuple[ItemMovement, ...] = ()
    #: money approved and paid in the period, requests pending, per source (``fund_figures``)
    funds: FundFigures | None = None
    #: goods on the way (在途) at ``as_of`` (``procurement_figures``)
    transit: ProcurementFigures | None = None
    #: the donations' figures at ``as_of`` (models.services.donation_figures); None: not read
    donations: DonationFigures | None = None

    @property
    def has_stock(self) -> bool:
        """Any stock was on record by ``as_of`` (a group without a reserve has no stock sections)."""
        return bool(self.book or any(row.on_hand for row in self.stock))

    @property
    def has_data(self) -> bool:
        """Anything was on record by ``as_of`` (a brief for a time before the work began has nothing)."""
        return bool(self.enterprises.total or self.people.participating or self.shortages.reported_total
                    or self.licences.granted_total or self.has_stock or bool(self.funds and self.funds.has_data))


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
        items=supply_by_item(session, day=output_day, as_of=as_of),
        not_reported=_not_reported(session, as_of, output_day),
        stock=tuple(item_stock(session, as_of=as_of)),
        book=tuple(movements(session, since=since, until=as_of)),
        funds=fund_figures(session, since=since, until=as_of),
        transit=procurement_figures(session, as_of=as_of),
        donations=donation_figures(session, now=as_of),
    )


# --- people -----------------------------------------------------------------------------------------


def _people(session: Session, as_of: datetime, since: datetime) -> PeopleBrief:
    participating = session.execute(select(func.count()).select_from(taking_part(as_of))).scalar_one()
    # check-outs entered or changed after as_of are taken as they stood then
    changed = {cid: then.parse_time(values["check_out"]) for cid, values in
               then.rewound(session, CheckIn, as_of, ("check_out",)).items() if "check_out" in values}

    def present(after: datetime) -> ColumnElement[int]:
        return func.count(func.distinct(case((or_(CheckIn.check_out.is_(None), CheckIn.check_out > after),
                                               CheckIn.cadre_id))))

    recorded = (CheckIn.check_in <= as_of, then.known(CheckIn, as_of))
    on_duty, on_site = session.execute(select(present(since), present(as_of)).where(
        *recorded, or_(CheckIn.check_out.is_(None), CheckIn.check_out > since), CheckIn.id.not_in(list(changed)),
    )).one()
    if changed:
        # the few changed visits: recount the cadres with them, in Python
        duty = set(session.execute(select(CheckIn.cadre_id).distinct().where(
            *recorded, or_(CheckIn.check_out.is_(None), CheckIn.check_out > since),
            CheckIn.id.not_in(list(changed)))).scalars())
        site = set(session.execute(select(CheckIn.cadre_id).distinct().where(
            *recorded, or_(CheckIn.check_out.is_(None), CheckIn.check_out > as_of),
            CheckIn.id.not_in(list(changed)))).scalars())
        for cid, cadre in session.execute(select(CheckIn.id, CheckIn.cadre_id).where(
                CheckIn.id.in_(list(changed)), *recorded)):
            out = changed[cid]
            if out is None or out > since:
                duty.add(cadre)
            if out is None or out > as_of:
                site.add(cadre)
        on_duty, on_site = len(duty), len(site)
    return PeopleBrief(participating=participating, on_duty=on_duty, on_site=on_site)


# --- enterprises ------------------------------------------------------------------------------------


def _status_at(moment: datetime) -> Subquery:
    """(id, status) of every enterprise on the directory at ``moment``, with its status then."""
    last = (select(EnterpriseStatusChange.enterprise_id.label("eid"), func.max(EnterpriseStatusChange.id).label("cid"))
            .where(EnterpriseStatusChange.changed_at <= moment)
            .group_by(EnterpriseStatusChange.enterprise_id).subquery())
    change = aliased(EnterpriseStatusChange)
    return (select(Enterprise.id.label("id"), func.coalesce(change.new_status, Enterprise.status).label("status"))
            .outerjoin(last, last.c.eid == Enterprise.id).outerjoin(change, change.id == last.c.cid)
            .where(then.on_directory(moment)).subquery())


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


def _not_reported(session: Session, as_of: datetime, day: date) -> int:
    """Enterprises on the directory at ``as_of`` making something then, with no report for ``day`` recorded by then."""
    makes = select(Product.enterprise_id).where(then.known(Product, as_of))
    reported = select(DailyReport.enterprise_id).where(DailyReport.report_date == day, then.known(DailyReport, as_of))
    count: int = session.execute(select(func.count()).select_from(Enterprise).where(
        then.on_directory(as_of), Enterprise.id.in_(makes), Enterprise.id.not_in(reported))).scalar_one()
    return count


# --- licences ---------------------------------------------------------------------------------------


def _held_since() -> ColumnElement[datetime | None]:
    """When a held licence was recorded as held: its step into held, else its creation (recorded held)."""
    step = (select(func.min(AuditLog.at)).where(
        AuditLog.table_name == Qualification.__tablename__, AuditLog.row_id == Qualification.id,
        AuditLog.action == f"licence_{LicenceStatus.HELD.value}").correlate(Qualification).scalar_subquery())
    return func.coalesce(step, Qualification.created_at)


def _licences(session: Session, as_of: datetime, since: datetime) -> LicenceBrief:
    held_at = _held_since()
    # rows loaded in bulk have no recording time: their granted_on day stands for it
    held_by = or_(held_at <= as_of, and_(held_at.is_(None), Qualification.granted_on <= as_of.date()))
    new = or_(held_at > since, and_(held_at.is_(None), Qualification.granted_on > since.date()))
    held = (Qualification.status == LicenceStatus.HELD.value, held_by)
    total = session.execute(select(func.count()).select_from(Qualification).where(*held)).scalar_one()
    rows = session.execute(
        select(Qualification.enterprise_id, func.coalesce(CatalogueItem.name, ""),
               func.coalesce(CatalogueItem.name_en, ""), Qualification.kind)
        .outerjoin(CatalogueItem, CatalogueItem.id == Qualification.item_id)
        .where(*held, new).order_by(held_at, Qualification.id)).all()
    names = then.enterprise_names(session, (row[0] for row in rows), as_of)
    return LicenceBrief(granted_total=total, granted_in_period=len(rows),
                        granted=tuple(GrantedLicence(names[e], item, item_en, kind) for e, item, item_en, kind in rows))


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
            .where(Shortage.reported_at <= as_of, then.known(Shortage, as_of)).subquery())


def _ended_in(as_of: datetime, since: datetime, action: str, status: str) -> ColumnElement[int]:
    """Shortages resolved (or closed) in the period: by their event, or by ``resolved_at`` when none is kept."""
    in_period = exists(select(ShortageEvent.id).where(
        ShortageEvent.shortage_id == Shortage.id, ShortageEvent.action == action,
        ShortageEvent.at > since, ShortageEvent.at <= as_of))
    no_events = ~exists(select(ShortageEvent.id).where(
        ShortageEvent.shortage_id == Shortage.id, ShortageEvent.action.in_(STATUS_ACTIONS)))
    by_column = and_(no_events, Shortage.status == status, Shortage.resolved_at > since, Shortage.resolved_at <= as_of)
    return func.coalesce(func.sum(case((or_(in_period, by_column), 1), else_=0)), 0)


def _open_listed(session: Session, states: Subquery, as_of: datetime) -> tuple[int, tuple[OpenShortage, ...]]:
    """Open critical shortages at ``as_of``, and the OLDEST listed: critical first, then the oldest.

    Severities changed since are taken as they were: the first OLDEST by today's severities plus the
    changed ones are enough to find the first OLDEST by the severities then.
    """
    changed = {sid: values["severity"] for sid, values in
               then.rewound(session, Shortage, as_of, ("severity",)).items() if "severity" in values}
    critical = Severity.CRITICAL.value
    is_open = (states.c.state == ShortageStatus.OPEN.value)
    base = (select(Shortage.id, Shortage.enterprise_id, Shortage.kind, Shortage.severity,
                   func.coalesce(Material.name, CatalogueItem.name, ""),
                   func.coalesce(Material.name_en, CatalogueItem.name_en, ""), Shortage.reported_at)
            .join(states, states.c.id == Shortage.id)
            .outerjoin(Material, Material.id == Shortage.material_id)
            .outerjoin(CatalogueItem, CatalogueItem.id == Shortage.item_id).where(is_open))
    first = session.execute(base.order_by(case((Shortage.severity == critical, 0), else_=1), Shortage.reported_at,
                                          Shortage.id).limit(OLDEST)).all()
    moved = session.execute(base.where(Shortage.id.in_(list(changed)))).all() if changed else []
    rows = {row[0]: (*row[:3], changed.get(row[0], row[3]), *row[4:]) for row in [*first, *moved]}
    listed = sorted(rows.values(), key=lambda r: (r[3] != critical, r[6], r[0]))[:OLDEST]
    critical_now: int = session.execute(
        select(func.count()).select_from(Shortage).join(states, states.c.id == Shortage.id)
        .where(is_open, Shortage.severity == critical, Shortage.id.not_in(list(changed)))).scalar_one()
    critical_moved = sum(1 for row in moved if changed[row[0]] == critical)
    names = then.enterprise_names(session, (row[1] for row in listed), as_of)
    return int(critical_now) + critical_moved, tuple(
        OpenShortage(sid, names[eid], kind, severity, what, what_en, at, (as_of - at).total_seconds() / 3600)
        for sid, eid, kind, severity, what, what_en, at in listed)


def _shortages(session: Session, as_of: datetime, since: datetime) -> ShortageBrief:
    states = _states(as_of)
    counts = dict(session.execute(select(states.c.state, func.count()).group_by(states.c.state)).all())
    opened, solved, closed = session.execute(select(
        func.coalesce(func.sum(case((Shortage.reported_at > since, 1), else_=0)), 0),
        _ended_in(as_of, since, "resolve", ShortageStatus.RESOLVED.value),
        _ended_in(as_of, since, "close", ShortageStatus.CLOSED_UNRESOLVED.value),
    ).where(Shortage.reported_at <= as_of, then.known(Shortage, as_of))).one()
    critical, listed = _open_listed(session, states, as_of)
    return ShortageBrief(
        opened=int(opened), solved=int(solved), closed=int(closed), reported_total=sum(counts.values()),
        solved_total=counts.get(ShortageStatus.RESOLVED.value, 0),
        closed_total=counts.get(ShortageStatus.CLOSED_UNRESOLVED.value, 0),
        still_open=counts.get(ShortageStatus.OPEN.value, 0), critical_open=critical, oldest=listed,
    )
