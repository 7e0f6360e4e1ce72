"""Shortages as the screens read them: the paged list, one shortage with its timeline and suppliers,
the pickers of the report form, and early warnings from raw-material reserves.

The list follows the directory's pattern: a window of ids in SQL order, then the details of those
few rows. Marks are computed here, as of the moment of the query: a shortage still unsolved more
than 24 hours after it was reported at district level is *due for escalation*; one past its
need-by date is *overdue*.

Early warnings are reserves under N days of cover (quantity / daily use) that have no unsolved
shortage yet and that nobody dismissed since the reserve was last updated. Confirming one reports
a normal shortage linked to the reserve; dismissing one keeps the reason as an audit row
(table ``materialreserve``, action ``warning_dismissed``), so no table is needed for it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from models import clock, validation
from models.audit import AuditLog
from models.base import SEVERITY_RANK, Level, Severity, ShortageKind, ShortageStatus
from models.enterprise import Enterprise, MaterialReserve
from models.errors import NotFoundError, TransitionError
from models.people import Cadre
from models.reference import CatalogueItem, District, Material, Park, SpecialGroup
from models.search import like_pattern, query_terms, search_key
from models.services.access import assigned_enterprise_ids, require_enterprise_access
from models.services.common import Actor, audit, check_version, get_for_update, write_transaction
from models.services.enterprises import days_of_cover
from models.services.paging import Page, PageRequest
from models.services.shortages import _clean_report, _insert_report
from models.shortage import Shortage, ShortageCreate, ShortageEvent, Supplier, SupplierItem

ACTIVE = (ShortageStatus.OPEN.value, ShortageStatus.COORDINATING.value)
DONE = (ShortageStatus.RESOLVED.value, ShortageStatus.CLOSED_UNRESOLVED.value)
#: unsolved this long at district level: marked for escalation to the city
ESCALATE_AFTER = timedelta(hours=24)
#: reserves under this many days of cover are suggested as shortages (the screen may change it)
WARNING_DAYS = 3.0
#: a confirmed warning asks for enough to bring the reserve back to this many days of cover
TARGET_DAYS = 7
DISMISSED = "warning_dismissed"


# --- read models ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShortageRow:
    """One line of the list, plain data for the screen."""

    id: int
    version: int
    enterprise_id: int
    enterprise: str  # the short name when there is one
    enterprise_name: str
    district: str
    kind: str
    material: str  # material or catalogue item, Chinese name ("" for none)
    material_en: str
    severely_short: bool  # a catalogue item flagged 严重紧缺
    quantity: float | None
    unit: str
    severity: str
    level: str
    group_id: int | None
    group: str
    group_en: str
    assignee_id: int | None
    assignee: str
    status: str
    reported_at: datetime
    reported_by: str
    need_by: date | None
    resolved_at: datetime | None
    description: str
    escalation_due: bool
    overdue: bool

    @property
    def active(self) -> bool:
        return self.status in ACTIVE


@dataclass(frozen=True)
class EventView:
    id: int
    at: datetime
    by: str
    by_name: str
    action: str
    note: str
    old_value: str
    new_value: str


@dataclass(frozen=True)
class SupplierView:
    id: int
    name: str
    foreign: bool
    region: str
    contact: str
    phone: str
    notes: str
    key: str = ""  # what typing matches: name and region, with their pinyin and initials


@dataclass(frozen=True)
class ReserveView:
    id: int
    quantity: float
    daily_use: float
    unit: str

    @property
    def cover_days(self) -> float | None:
        return self.quantity / self.daily_use if self.daily_use > 0 else None


@dataclass(frozen=True)
class GroupChoice:
    id: int
    code: str
    name: str
    name_en: str
    key: str = ""  # what typing matches: the name, its pinyin and initials, the code, the English name


@dataclass(frozen=True)
class ShortageDetail:
    """One shortage with everything its screen shows: facts, timeline, suppliers, the reserve."""

    row: ShortageRow
    reported_by_name: str
    resolution: str
    park: str
    contact: str
    phone: str
    reserve: ReserveView | None
    events: list[EventView]
    suppliers: list[SupplierView]
    groups: list[GroupChoice]  # to show "production/李强" of an assign event by the group's name
    updated_at: datetime | None
    updated_by: str


@dataclass(frozen=True)
class WarningRow:
    """A reserve under the threshold of cover: a suggested shortage. ``id`` is the reserve's."""

    id: int
    version: int
    enterprise_id: int
    enterprise: str
    enterprise_name: str
    district: str
    material_id: int
    material: str
    material_en: str
    unit: str
    quantity: float
    daily_use: float
    cover_days: float
    updated_at: datetime | None


@dataclass(frozen=True)
class Choice:
    """An entry of a picker: id, name, a second name (English, or an enterprise's short name), the
    search key typing matches, and ``extra`` shown next to it (unit, district, special group)."""

    id: int
    name: str
    alt: str = ""
    key: str = ""
    extra: str = ""


@dataclass(frozen=True)
class FilterChoices:
    groups: list[GroupChoice]
    districts: list[Choice]


@dataclass(frozen=True)
class ReportChoices:
    """What the report form picks from: raw materials and catalogue items (``extra`` is the unit)."""

    materials: list[Choice]
    items: list[Choice]
    severely_short: frozenset[int]


# --- the list -------------------------------------------------------------------------------------

_ITEM = aliased(CatalogueItem)
_Ts = TypeVarTuple("_Ts")
STATUS_ORDER = case({s.value: i for i, s in enumerate(ShortageStatus)}, value=Shortage.status, else_=99)
SEVERITY_ORDER = case({s.value: -rank for s, rank in SEVERITY_RANK.items()}, value=Shortage.severity, else_=0)
UNSOLVED_FIRST = case((Shortage.status.in_(ACTIVE), 0), else_=1)
LEVEL_ORDER = case({Level.DISTRICT.value: 0, Level.CITY.value: 1}, value=Shortage.level, else_=2)

#: sort key -> (column, descending) pairs; "age" ascending is the youngest first
SORTS: dict[str, list[tuple[SQLColumnExpression[Any], bool]]] = {
    "default": [(UNSOLVED_FIRST, False), (SEVERITY_ORDER, False), (Shortage.reported_at, False)],
    "severity": [(SEVERITY_ORDER, False), (Shortage.reported_at, False)],
    "age": [(Shortage.reported_at, True)],
    "reported": [(Shortage.reported_at, False)],
    "enterprise": [(Enterprise.sort_key, False)],
    "district": [(Enterprise.district_id, False)],
    "kind": [(Shortage.kind, False)],
    "level": [(LEVEL_ORDER, False)],
    "group": [(func.coalesce(Shortage.group_id, 99), False)],
    "status": [(STATUS_ORDER, False), (SEVERITY_ORDER, False), (Shortage.reported_at, False)],
    "need_by": [(func.coalesce(Shortage.need_by, date(9999, 12, 31)), False)],
    "id": [(Shortage.id, False)],
}


def _where(request: PageRequest, now: datetime) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    for term in query_terms(request.query):
        pattern = like_pattern(term)
        clauses.append(or_(
            Enterprise.search_key.like(pattern, escape="\\"),
            func.lower(func.coalesce(Shortage.description, "")).like(pattern, escape="\\"),
            func.lower(func.coalesce(Material.name, "")).like(pattern, escape="\\"),
            func.lower(func.coalesce(Material.name_en, "")).like(pattern, escape="\\"),
            func.lower(func.coalesce(_ITEM.name, "")).like(pattern, escape="\\"),
            func.lower(func.coalesce(_ITEM.name_en, "")).like(pattern, escape="\\"),
        ))
    f = request.filters
    status = f.get("status")
    if status == "active":
        clauses.append(Shortage.status.in_(ACTIVE))
    elif status == "done":
        clauses.append(Shortage.status.in_(DONE))
    elif status:
        clauses.append(Shortage.status == status)
    for key, column in (("kind", Shortage.kind), ("level", Shortage.level), ("severity", Shortage.severity),
                        ("group_id", Shortage.group_id), ("assignee_id", Shortage.assignee_id),
                        ("reported_by", Shortage.reported_by), ("enterprise_id", Shortage.enterprise_id),
                        ("district_id", Enterprise.district_id)):
        if f.get(key) not in (None, ""):
            clauses.append(column == f[key])
    if f.get("severely_short"):
        clauses.append(_ITEM.severely_short == True)  # noqa: E712
    if f.get("escalation_due"):
        clauses.append(and_(Shortage.status.in_(ACTIVE), Shortage.level == Level.DISTRICT.value,
                            Shortage.reported_at < now - ESCALATE_AFTER))
    if f.get("overdue"):
        clauses.append(and_(Shortage.status.in_(ACTIVE), Shortage.need_by < now.date()))
    return clauses


def _joined(stmt: Select[*_Ts]) -> Select[*_Ts]:
    return (stmt.join(Enterprise, Enterprise.id == Shortage.enterprise_id)
            .outerjoin(Material, Material.id == Shortage.material_id)
            .outerjoin(_ITEM, _ITEM.id == Shortage.item_id))


def count_shortages(session: Session, *, request: PageRequest, now: datetime | None = None) -> int:
    """How many shortages the list shows; ``now`` (default: the clock) decides overdue and escalation due."""
    stmt = _joined(select(func.count()).select_from(Shortage)).where(*_where(request, now or clock.now()))
    count: int = session.execute(stmt).scalar_one()
    return count


def list_shortages(session: Session, *, request: PageRequest) -> Page[ShortageRow]:
    """The window ``request.offset`` .. ``+limit`` of the filtered list, unsolved first by default.

    Filters: ``status`` (a status, ``active`` or ``done``), ``kind``, ``level``, ``severity``,
    ``group_id``, ``district_id``, ``assignee_id``, ``reported_by``, ``enterprise_id``,
    ``severely_short``, ``escalation_due``, ``overdue``.
    """
    now = clock.now()
    order = [column.desc() if descending != request.descending else column.asc()
             for column, descending in SORTS.get(request.sort or "default", SORTS["default"])]
    order.append(Shortage.id.desc() if request.descending else Shortage.id.asc())
    ids = list(session.execute(
        _joined(select(Shortage.id)).where(*_where(request, now)).order_by(*order)
        .offset(request.offset).limit(request.limit)
    ).scalars())
    return Page(rows=details(session, ids=ids, now=now), offset=request.offset)


def details(session: Session, *, ids: list[int], now: datetime | None = None) -> list[ShortageRow]:
    """Rows for these ids, in the given order, with their marks as of ``now``."""
    if not ids:
        return []
    now = now or clock.now()
    result = session.execute(
        select(Shortage, Enterprise.name, Enterprise.short_name, District.name, Material.name, Material.name_en,
               _ITEM.name, _ITEM.name_en, _ITEM.severely_short, SpecialGroup.name, SpecialGroup.name_en, Cadre.name)
        .join(Enterprise, Enterprise.id == Shortage.enterprise_id)
        .join(District, District.id == Enterprise.district_id)
        .outerjoin(Material, Material.id == Shortage.material_id)
        .outerjoin(_ITEM, _ITEM.id == Shortage.item_id)
        .outerjoin(SpecialGroup, SpecialGroup.id == Shortage.group_id)
        .outerjoin(Cadre, Cadre.id == Shortage.assignee_id)
        .where(Shortage.id.in_(ids))
    ).all()
    by_id = {}
    for (s, ent, short, district, material, material_en, item, item_en, flagged, group, group_en,
         assignee) in result:
        active = s.status in ACTIVE
        by_id[s.id] = ShortageRow(
            id=s.id, version=s.version, enterprise_id=s.enterprise_id, enterprise=short or ent, enterprise_name=ent,
            district=district, kind=s.kind, material=material or item or "", material_en=material_en or item_en or "",
            severely_short=bool(flagged), quantity=s.quantity, unit=s.unit or "", severity=s.severity,
            level=s.level, group_id=s.group_id, group=group or "", group_en=group_en or "",
            assignee_id=s.assignee_id, assignee=assignee or "", status=s.status, reported_at=s.reported_at,
            reported_by=s.reported_by, need_by=s.need_by, resolved_at=s.resolved_at, description=s.description or "",
            escalation_due=active and s.level == Level.DISTRICT.value and now - s.reported_at > ESCALATE_AFTER,
            overdue=active and s.need_by is not None and s.need_by < now.date(),
        )
    return [by_id[i] for i in ids if i in by_id]


# --- one shortage ---------------------------------------------------------------------------------


def shortage_detail(session: Session, *, shortage_id: int) -> ShortageDetail:
    """The shortage, its events oldest first, the suppliers of its material or item, its reserve."""
    rows = details(session, ids=[shortage_id])
    shortage = session.get(Shortage, shortage_id)
    if not rows or shortage is None:
        raise NotFoundError("No {table} with id {id}", table="shortage", id=shortage_id)
    row = rows[0]
    enterprise = session.get(Enterprise, row.enterprise_id)
    park = session.get(Park, enterprise.park_id) if enterprise and enterprise.park_id else None
    names = _names(session)
    events = [
        EventView(id=e.id, at=e.at, by=e.by, by_name=names.get(e.by, ""), action=e.action, note=e.note or "",
                  old_value=e.old_value or "", new_value=e.new_value or "")
        for e in session.execute(
            select(ShortageEvent).where(ShortageEvent.shortage_id == shortage_id)
            .order_by(ShortageEvent.at, ShortageEvent.id)
        ).scalars()
    ]
    reserve = None
    if shortage.reserve_id is not None:
        found = session.get(MaterialReserve, shortage.reserve_id)
        material = session.get(Material, found.material_id) if found else None
        if found is not None:
            reserve = ReserveView(found.id, found.quantity, found.daily_use, material.unit if material else "")  # type: ignore[arg-type]
    suppliers = (suppliers_for(session, material_id=shortage.material_id, item_id=shortage.item_id)
                 if shortage.material_id or shortage.item_id else [])
    return ShortageDetail(
        row=row, reported_by_name=names.get(row.reported_by, ""), resolution=shortage.resolution or "",
        park=park.name if park else "", contact=(enterprise.contact_person or "") if enterprise else "",
        phone=(enterprise.phone or "") if enterprise else "", reserve=reserve, events=events, suppliers=suppliers,
        groups=group_choices(session), updated_at=shortage.updated_at, updated_by=shortage.updated_by or "",
    )


def _names(session: Session) -> dict[str, str]:
    """Login -> cadre name (a few hundred cadres: cheaper than a join per event)."""
    rows = session.execute(select(Cadre.login, Cadre.name).where(Cadre.login.is_not(None)))
    return {login: name for login, name in rows if login is not None}


def suppliers_for(session: Session, *, material_id: int | None = None,
                  item_id: int | None = None) -> list[SupplierView]:
    """The suppliers of a raw material or catalogue item, domestic first, each with its contact cadre."""
    wanted = []
    if material_id is not None:
        wanted.append(SupplierItem.material_id == material_id)
    if item_id is not None:
        wanted.append(SupplierItem.item_id == item_id)
    if not wanted:
        return []
    ids = select(SupplierItem.supplier_id).where(or_(*wanted))
    return _suppliers(session, Supplier.id.in_(ids))


def all_suppliers(session: Session) -> list[SupplierView]:
    """Every supplier and reserve-task unit (重药集团, 桐君阁), domestic first."""
    return _suppliers(session, literal(True))


def _suppliers(session: Session, where: ColumnElement[bool]) -> list[SupplierView]:
    return [
        SupplierView(id=s.id, name=s.name, foreign=s.foreign, region=s.region or "", contact=name or "",
                     phone=phone or "", notes=s.notes or "", key=search_key([s.name, s.region]))
        for s, name, phone in session.execute(
            select(Supplier, Cadre.name, Cadre.phone)
            .outerjoin(Cadre, Cadre.id == Supplier.contact_cadre_id)
            .where(where, Supplier.archived == False)  # noqa: E712
            .order_by(Supplier.foreign, Supplier.id)
        )
    ]


# --- pickers --------------------------------------------------------------------------------------


def group_choices(session: Session) -> list[GroupChoice]:
    return [GroupChoice(g.id, g.code, g.name, g.name_en, search_key([g.name, g.code, g.name_en.lower()]))
            for g in session.execute(select(SpecialGroup).order_by(SpecialGroup.id)).scalars()]


def filter_choices(session: Session) -> FilterChoices:
    districts = [Choice(d.id, d.name, d.pinyin, search_key([d.name, d.pinyin]))
                 for d in session.execute(select(District).order_by(District.id)).scalars()]
    return FilterChoices(groups=group_choices(session), districts=districts)


def assignee_choices(session: Session) -> list[Choice]:
    """Active cadres with their special group (``extra``), those of a group first."""
    rows = session.execute(
        select(Cadre.id, Cadre.name, Cadre.search_key, SpecialGroup.name)
        .outerjoin(SpecialGroup, SpecialGroup.id == Cadre.group_id)
        .where(Cadre.active == True)  # noqa: E712
        .order_by(func.coalesce(Cadre.group_id, 99), Cadre.name, Cadre.id)
    ).all()
    return [Choice(cid, name, "", key or "", group or "") for cid, name, key, group in rows]


def report_choices(session: Session) -> ReportChoices:
    materials = [Choice(m.id, m.name, m.name_en, m.code.lower(), m.unit)
                 for m in session.execute(select(Material).order_by(Material.id)).scalars()]
    items = list(session.execute(select(CatalogueItem).order_by(CatalogueItem.id)).scalars())
    return ReportChoices(
        materials=materials,
        items=[Choice(i.id, i.name, i.name_en, i.code.lower(), i.unit) for i in items],
        severely_short=frozenset(i.id for i in items if i.severely_short),
    )


def enterprise_choices(session: Session, *, actor: Actor, query: str = "", limit: int = 8) -> list[Choice]:
    """Enterprises ``actor`` may report for that match ``query`` (Chinese, pinyin, initials, code).

    Field cadres get the enterprises they are stationed at; coordinators any (``extra`` is the district).
    """
    stmt = (select(Enterprise.id, Enterprise.name, Enterprise.short_name, District.name)
            .join(District, District.id == Enterprise.district_id)
            .where(Enterprise.archived == False))  # noqa: E712
    if not actor.is_coordinator:
        stationed = assigned_enterprise_ids(session, cadre_id=actor.cadre_id) if actor.cadre_id else []
        stmt = stmt.where(Enterprise.id.in_(stationed or [-1]))
    for term in query_terms(query):
        stmt = stmt.where(Enterprise.search_key.like(like_pattern(term), escape="\\"))
    rows = session.execute(stmt.order_by(Enterprise.sort_key, Enterprise.id).limit(limit)).all()
    return [Choice(eid, name, short or "", "", district) for eid, name, short, district in rows]


def enterprise_choice(session: Session, *, enterprise_id: int) -> Choice:
    row = session.execute(
        select(Enterprise.id, Enterprise.name, Enterprise.short_name, District.name)
        .join(District, District.id == Enterprise.district_id).where(Enterprise.id == enterprise_id)
    ).first()
    if row is None:
        raise NotFoundError("No {table} with id {id}", table="enterprise", id=enterprise_id)
    return Choice(row[0], row[1], row[2] or "", "", row[3])


# --- early warnings -------------------------------------------------------------------------------

_COVER = MaterialReserve.quantity / MaterialReserve.daily_use


def _warning_where(threshold_days: float) -> list[ColumnElement[bool]]:
    unsolved = exists().where(
        Shortage.status.in_(ACTIVE),
        or_(Shortage.reserve_id == MaterialReserve.id,
            and_(Shortage.enterprise_id == MaterialReserve.enterprise_id,
                 Shortage.material_id == MaterialReserve.material_id)),
    )
    dismissed = exists().where(
        AuditLog.table_name == MaterialReserve.__tablename__, AuditLog.row_id == MaterialReserve.id,
        AuditLog.action == DISMISSED,
        or_(MaterialReserve.updated_at.is_(None), AuditLog.at >= MaterialReserve.updated_at),
    )
    return [MaterialReserve.daily_use > 0, _COVER < threshold_days, Enterprise.archived == False,  # noqa: E712
            ~unsolved, ~dismissed]


def count_warnings(session: Session, *, request: PageRequest | None = None,
                   threshold_days: float = WARNING_DAYS) -> int:
    request = request or PageRequest()
    stmt = (select(func.count()).select_from(MaterialReserve)
            .join(Enterprise, Enterprise.id == MaterialReserve.enterprise_id)
            .where(*_warning_where(_threshold(request, threshold_days)), *_warning_text(request)))
    count: int = session.execute(stmt).scalar_one()
    return count


def list_warnings(session: Session, *, request: PageRequest | None = None,
                  threshold_days: float = WARNING_DAYS) -> Page[WarningRow]:
    """Suggested shortages, least cover first. ``request.filters["days"]`` overrides the threshold."""
    request = request or PageRequest()
    ids = list(session.execute(
        select(MaterialReserve.id).join(Enterprise, Enterprise.id == MaterialReserve.enterprise_id)
        .where(*_warning_where(_threshold(request, threshold_days)), *_warning_text(request))
        .order_by(_COVER.desc() if request.descending else _COVER, MaterialReserve.id)
        .offset(request.offset).limit(request.limit)
    ).scalars())
    if not ids:
        return Page(rows=[], offset=request.offset)
    rows = {}
    for reserve, ent, short, district, material, material_en, unit in session.execute(
        select(MaterialReserve, Enterprise.name, Enterprise.short_name, District.name, Material.name,
               Material.name_en, Material.unit)
        .join(Enterprise, Enterprise.id == MaterialReserve.enterprise_id)
        .join(District, District.id == Enterprise.district_id)
        .join(Material, Material.id == MaterialReserve.material_id)
        .where(MaterialReserve.id.in_(ids))
    ):
        rows[reserve.id] = WarningRow(
            id=reserve.id, version=reserve.version, enterprise_id=reserve.enterprise_id, enterprise=short or ent,
            enterprise_name=ent, district=district, material_id=reserve.material_id, material=material,
            material_en=material_en, unit=unit, quantity=reserve.quantity, daily_use=reserve.daily_use,
            cover_days=reserve.quantity / reserve.daily_use, updated_at=reserve.updated_at,
        )
    return Page(rows=[rows[i] for i in ids if i in rows], offset=request.offset)


def _threshold(request: PageRequest, default: float) -> float:
    return float(request.filters.get("days") or default)


def _warning_text(request: PageRequest) -> list[ColumnElement[bool]]:
    return [Enterprise.search_key.like(like_pattern(term), escape="\\") for term in query_terms(request.query)]


def _open_for_reserve(session: Session, reserve: MaterialReserve) -> Shortage | None:
    return session.execute(select(Shortage).where(
        Shortage.status.in_(ACTIVE),
        or_(Shortage.reserve_id == reserve.id,
            and_(Shortage.enterprise_id == reserve.enterprise_id, Shortage.material_id == reserve.material_id)),
    ).limit(1)).scalars().first()


def _dismissal(session: Session, reserve: MaterialReserve) -> AuditLog | None:
    stmt = select(AuditLog).where(AuditLog.table_name == MaterialReserve.__tablename__, AuditLog.row_id == reserve.id,
                                  AuditLog.action == DISMISSED)
    if reserve.updated_at is not None:
        stmt = stmt.where(AuditLog.at >= reserve.updated_at)
    return session.execute(stmt.order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(1)).scalars().first()


def _refuse_if_handled(session: Session, reserve: MaterialReserve) -> None:
    """Someone else confirmed or dismissed this warning first: say who, and what they did."""
    shortage = _open_for_reserve(session, reserve)
    if shortage is not None:
        raise TransitionError("Shortage #{id} is already open for this reserve ({login})", id=shortage.id,
                              login=shortage.reported_by)
    dismissal = _dismissal(session, reserve)
    if dismissal is not None:
        reason = json.loads(dismissal.changes).get("reason", [None, ""])[1]
        raise TransitionError("{login} dismissed this warning at {at}: {reason}", login=dismissal.login,
                              at=clock.fmt(dismissal.at), reason=reason)


def suggested_report(reserve: MaterialReserve, material: Material, *, today: date) -> dict[str, object]:
    """What a confirmed warning reports: how much is missing for a week, by when, how severe."""
    cover = reserve.quantity / reserve.daily_use if reserve.daily_use > 0 else 0.0
    missing = max(0.0, reserve.daily_use * TARGET_DAYS - reserve.quantity)
    return {
        "quantity": math.ceil(missing * 100) / 100 or None,
        "unit": material.unit,
        "severity": Severity.CRITICAL.value if cover <= 2 else Severity.HIGH.value,
        "need_by": today + timedelta(days=max(0, math.floor(cover))),
    }


def _require_warning_access(session: Session, actor: Actor, reserve_id: int) -> None:
    """The reserve exists and the actor may act for its enterprise (checked before the write lock)."""
    found = session.get(MaterialReserve, reserve_id)
    if found is None:
        raise NotFoundError("No {table} with id {id}", table="materialreserve", id=reserve_id)
    require_enterprise_access(session, actor, found.enterprise_id)


def _open_warning(session: Session, reserve_id: int, expected_version: int | None) -> MaterialReserve:
    """Inside the write transaction: the locked reserve, unchanged since read and not yet handled."""
    reserve = get_for_update(session, MaterialReserve, reserve_id)
    check_version(reserve, expected_version)
    _refuse_if_handled(session, reserve)
    return reserve


def confirm_warning(
    session: Session, *, actor: Actor, reserve_id: int, expected_version: int | None, description: str | None = None,
    severity: str | None = None,
) -> Shortage:
    """Turn a suggested shortage into a normal one, linked to its reserve (one key on the screen).

    Raises ConflictError when the reserve changed since it was read, TransitionError when someone
    else confirmed or dismissed the warning first.
    """
    _require_warning_access(session, actor, reserve_id)
    with write_transaction(session):
        reserve = _open_warning(session, reserve_id, expected_version)
        material = session.get(Material, reserve.material_id)
        suggested = suggested_report(reserve, material, today=clock.today())  # type: ignore[arg-type]
        if severity:
            suggested["severity"] = severity
        data = ShortageCreate(enterprise_id=reserve.enterprise_id, kind=ShortageKind.RAW_MATERIAL.value,
                              material_id=reserve.material_id, description=description, **suggested)  # type: ignore[arg-type]
        clean = _clean_report(session, actor, data)
        return _insert_report(session, actor, data, clean, reserve.id)


def dismiss_warning(session: Session, *, actor: Actor, reserve_id: int,
                    expected_version: int | None, reason: str) -> None:
    """Keep a suggested shortage off the list until the reserve is next updated, with the reason why."""
    text = validation.text(reason, field="reason", required=True, max_len=500)
    _require_warning_access(session, actor, reserve_id)
    with write_transaction(session):
        reserve = _open_warning(session, reserve_id, expected_version)
        days = days_of_cover(reserve.quantity, reserve.daily_use)
        cover = round(days, 2) if days is not None else None
        audit(session, actor=actor, at=clock.now(), row=reserve, action=DISMISSED,
              changes={"reason": [None, text], "cover_days": [None, cover]})


__all__ = [
    "Choice", "EventView", "FilterChoices", "GroupChoice", "ReportChoices", "ReserveView",
    "ShortageDetail", "ShortageRow", "SupplierView", "WarningRow", "all_suppliers", "assignee_choices",
    "confirm_warning", "count_shortages", "count_warnings", "dismiss_warning", "enterprise_choice",
    "enterprise_choices", "filter_choices", "group_choices", "list_shortages", "list_warnings", "report_choices",
    "shortage_detail", "suppliers_for",
]
