"""The shortage list: a filtered, sorted, paged window of shortages, with their marks.

It follows the directory's pattern: a window of ids in SQL order, then the details of those few
rows. Marks are computed here, as of the moment of the query: a shortage still unsolved more than
``escalate_after()`` after it was reported at district level is *due for escalation*; one past its
need-by date is *overdue*.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, case, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from models import clock
from models.base import SEVERITY_RANK, Level, ShortageStatus
from models.enterprise import Enterprise
from models.organisation import SpecialGroup
from models.people import Cadre
from models.reference import CatalogueItem, District
from models.rules import ACTIVE_SHORTAGE, DONE_SHORTAGE, escalate_after
from models.search import like_pattern, query_terms
from models.services.paging import Page, PageRequest
from models.services.shortage_views import ShortageRow
from models.shortage import Shortage
from models.supply import Material

_ITEM = aliased(CatalogueItem)
_Ts = TypeVarTuple("_Ts")
STATUS_ORDER = case({s.value: i for i, s in enumerate(ShortageStatus)}, value=Shortage.status, else_=99)
SEVERITY_ORDER = case({s.value: -rank for s, rank in SEVERITY_RANK.items()}, value=Shortage.severity, else_=0)
UNSOLVED_FIRST = case((Shortage.status.in_(ACTIVE_SHORTAGE), 0), else_=1)
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


#: the words people type for each kind of shortage, in both languages: its labels (the catalogues'
#: "shortage kind" entries, which a test keeps among these) and the other names it goes by (用工)
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "raw_material": ("原材料", "原料", "raw material"),
    "water": ("水", "用水", "water"),
    "electricity": ("电", "电力", "用电", "electricity", "power"),
    "gas": ("气", "燃气", "天然气", "gas"),
    "transport": ("运输", "交通", "transport"),
    "labour": ("劳动力", "用工", "工人", "labour", "labor", "workers"),
    "licence": ("资质", "许可", "证照", "licence", "license"),
    "funding": ("资金", "funding", "money"),
    "logistics": ("物流", "logistics"),
    "other": ("其他", "other"),
}

#: ``KIND_WORDS`` as search keys (``models.search.search_key``: pinyin and initials too), written out
#: so that filtering never loads pypinyin; a test keeps them equal
KIND_KEYS: dict[str, str] = {
    "raw_material": "原材料|yuancailiao|ycl|原料|yuanliao|yl|raw material",
    "water": "水|shui|s|用水|yongshui|ys|water",
    "electricity": "电|dian|d|电力|dianli|dl|用电|yongdian|yd|electricity|power",
    "gas": "气|qi|q|燃气|ranqi|rq|天然气|tianranqi|trq|gas",
    "transport": "运输|yunshu|ys|交通|jiaotong|jt|transport",
    "labour": "劳动力|laodongli|ldl|用工|yonggong|yg|工人|gongren|gr|labour|labor|workers",
    "licence": "资质|zizhi|zz|许可|xuke|xk|证照|zhengzhao|licence|license",
    "funding": "资金|zijin|zj|funding|money",
    "logistics": "物流|wuliu|wl|logistics",
    "other": "其他|qita|qt|other",
}


def _where(request: PageRequest, now: datetime) -> list[ColumnElement[bool]]:
    """A term matches the enterprise, the description, the kind, or the raw material or catalogue
    item (their stored search keys: names in both languages, code, pinyin and initials). The kinds
    a term matches are one list: one statement per number of terms, not one per key typed (each
    compiled and kept, about 38 KB, in the engine's cache)."""
    clauses: list[ColumnElement[bool]] = []
    for term in query_terms(request.query):
        pattern = like_pattern(term)
        clauses.append(or_(
            Enterprise.search_key.like(pattern, escape="\\"),
            func.lower(func.coalesce(Shortage.description, "")).like(pattern, escape="\\"),
            Shortage.kind.in_([kind for kind, key in KIND_KEYS.items() if term in key]),
            Shortage.material_id.in_(select(Material.id).where(Material.search_key.like(pattern, escape="\\"))),
            _ITEM.search_key.like(pattern, escape="\\"),
        ))
    f = request.filters
    status = f.get("status")
    if status == "active":
        clauses.append(Shortage.status.in_(ACTIVE_SHORTAGE))
    elif status == "done":
        clauses.append(Shortage.status.in_(DONE_SHORTAGE))
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
        clauses.append(and_(Shortage.status.in_(ACTIVE_SHORTAGE), Shortage.level == Level.DISTRICT.value,
                            Shortage.reported_at < now - escalate_after()))
    if f.get("overdue"):
        clauses.append(and_(Shortage.status.in_(ACTIVE_SHORTAGE), Shortage.need_by < now.date()))
    return clauses


def _joined(stmt: Select[*_Ts]) -> Select[*_Ts]:
    return (stmt.join(Enterprise, Enterprise.id == Shortage.enterprise_id)
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
        active = s.status in ACTIVE_SHORTAGE
        by_id[s.id] = ShortageRow(
            id=s.id, version=s.version, enterprise_id=s.enterprise_id, enterprise=short or ent, enterprise_name=ent,
            district=district, kind=s.kind, material=material or item or "", material_en=material_en or item_en or "",
            severely_short=bool(flagged), quantity=s.quantity, unit=s.unit or "", severity=s.severity,
            level=s.level, group_id=s.group_id, group=group or "", group_en=group_en or "",
            assignee_id=s.assignee_id, assignee=assignee or "", status=s.status, reported_at=s.reported_at,
            reported_by=s.reported_by, need_by=s.need_by, resolved_at=s.resolved_at, description=s.description or "",
            escalation_due=active and s.level == Level.DISTRICT.value and now - s.reported_at > escalate_after(),
            overdue=active and s.need_by is not None and s.need_by < now.date(),
        )
    return [by_id[i] for i in ids if i in by_id]


def open_like(session: Session, *, enterprise_id: int, kind: str, material_id: int | None = None,
              item_id: int | None = None) -> ShortageRow | None:
    """The oldest unsolved shortage at this enterprise of this kind and material or item, if any:
    the report form shows it before a second one is made of the same thing."""
    found = session.execute(
        select(Shortage.id).where(
            Shortage.enterprise_id == enterprise_id, Shortage.kind == kind, Shortage.status.in_(ACTIVE_SHORTAGE),
            Shortage.material_id.is_(None) if material_id is None else Shortage.material_id == material_id,
            Shortage.item_id.is_(None) if item_id is None else Shortage.item_id == item_id,
        ).order_by(Shortage.reported_at, Shortage.id).limit(1)
    ).scalar_one_or_none()
    return None if found is None else details(session, ids=[found])[0]
