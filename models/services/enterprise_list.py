"""The enterprise directory as a paged list: filtered, sorted, counted and windowed in SQL.

The window query selects only ids in order (an index walk that stops at ``offset + limit``); the
details of those few rows come from a second query, so a 100,000-row directory pages as fast as 100.
Sorting by a figure (output, cover, shortages, cadre, last report) orders by a correlated subquery.

Quick filters (``PageRequest.filters``): ``district_id``, ``status``, ``item_id`` (makes the item),
``has_shortage`` (an open shortage), ``shortage_kind`` (an open shortage of that kind),
``not_reported`` (makes something and has not reported today), ``licence_pending`` (applying or in
the green channel), ``low_cover`` (a raw material under 3 days), ``archived`` (archived ones too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select, text
from sqlmodel import Session

from models import clock
from models.base import EnterpriseStatus, ShortageStatus
from models.enterprise import DailyReport, Enterprise, MaterialReserve, Product, Qualification
from models.people import Assignment, Cadre
from models.reference import CatalogueItem, District, Park
from models.migrate import SEARCH_TABLE
from models.search import query_terms
from models.services.paging import Page, PageRequest, text_filter
from models.shortage import Shortage

ACTIVE_SHORTAGE = (ShortageStatus.OPEN.value, ShortageStatus.COORDINATING.value)
#: the trigram index answers terms of at least this many characters
TRIGRAM = 3
#: above this many matches, walking the name index beats starting from the trigram index
DENSE = 3000
PENDING_LICENCE = ("applying", "green_channel")
LOW_COVER_DAYS = 3
FILTERS = ("district_id", "status", "item_id", "has_shortage", "shortage_kind", "not_reported", "licence_pending",
           "low_cover", "archived")


@dataclass(frozen=True)
class EnterpriseRow:
    """One line of the directory, plain data for the screen."""

    id: int
    version: int
    name: str
    short_name: str
    district: str
    park: str
    status: str
    products: str
    output_today: float | None
    capacity: float
    cover_days: float | None
    open_shortages: int
    cadre: str
    last_report: date | None
    archived: bool
    updated_at: datetime | None


#: statuses sort in the order of an enterprise's life, not alphabetically by code
STATUS_ORDER = case({s.value: i for i, s in enumerate(EnterpriseStatus)}, value=Enterprise.status, else_=99)

_ACTIVE_PRODUCT = (Product.enterprise_id == Enterprise.id) & (Product.archived == False)  # noqa: E712


def _sorts(today: date) -> dict:
    """Sort keys of the directory; figures sort by correlated subqueries (missing figures last)."""
    return {
        "name": Enterprise.sort_key,
        "district": Enterprise.district_id,
        "park": Enterprise.park_id,
        "status": STATUS_ORDER,
        "updated": Enterprise.updated_at,
        "id": Enterprise.id,
        "products": func.coalesce(select(func.min(Product.item_id)).where(_ACTIVE_PRODUCT).scalar_subquery(), 1_000_000),
        "output": func.coalesce(select(func.sum(DailyReport.output)).where(
            DailyReport.enterprise_id == Enterprise.id, DailyReport.report_date == today).scalar_subquery(), -1),
        "cover": func.coalesce(select(func.min(MaterialReserve.quantity / MaterialReserve.daily_use)).where(
            MaterialReserve.enterprise_id == Enterprise.id, MaterialReserve.daily_use > 0).scalar_subquery(), 1e12),
        "shortages": select(func.count()).select_from(Shortage).where(
            Shortage.enterprise_id == Enterprise.id, Shortage.status.in_(ACTIVE_SHORTAGE)).scalar_subquery(),
        "cadre": func.coalesce(select(func.min(Cadre.name)).join(Assignment, Assignment.cadre_id == Cadre.id).where(
            Assignment.enterprise_id == Enterprise.id, Assignment.start_date <= today,
            (Assignment.end_date.is_(None)) | (Assignment.end_date >= today)).scalar_subquery(), "\uffff"),
        "reported": func.coalesce(select(func.max(DailyReport.report_date)).where(
            DailyReport.enterprise_id == Enterprise.id).scalar_subquery(), date(1900, 1, 1)),
    }


#: the sort keys a caller may ask for
SORTS = tuple(_sorts(date.today()))


def _trigram_match(session: Session, query: str):  # type: ignore[no-untyped-def]
    """On SQLite, rare terms of 3+ characters are found through the FTS5 trigram index.

    Starting from the index pays off when it finds few rows; a term in most names ("gongsi")
    is better served by walking the covering index in name order, which stops after one page.
    The index's own count of matches (cheap) decides.
    """
    terms = query_terms(query)
    if session.get_bind().dialect.name != "sqlite" or not terms or min(len(t) for t in terms) < TRIGRAM:
        return None
    expression = " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)
    matches = f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :fts"
    found = session.execute(text(f"SELECT count(*) FROM ({matches} LIMIT {DENSE + 1})"), {"fts": expression}).scalar_one()
    if found > DENSE:
        return None
    return Enterprise.id.in_(text(matches).bindparams(fts=expression))


def _where(session: Session, request: PageRequest) -> list:
    clauses = []
    trigram = _trigram_match(session, request.query)
    matched = trigram if trigram is not None else text_filter(Enterprise.search_key, request.query)
    if matched is not None:
        clauses.append(matched)
    filters = request.filters
    if not filters.get("archived"):
        # With the trigram index, "+" keeps SQLite from walking the covering index instead of
        # starting from the few ids the index found.
        clauses.append(text("+enterprise.archived = 0") if trigram is not None else Enterprise.archived == False)  # noqa: E712
    if filters.get("district_id"):
        clauses.append(Enterprise.district_id == filters["district_id"])
    if filters.get("status"):
        clauses.append(Enterprise.status == filters["status"])
    if filters.get("item_id"):
        clauses.append(Enterprise.id.in_(select(Product.enterprise_id).where(Product.item_id == filters["item_id"])))
    if filters.get("has_shortage"):
        clauses.append(Enterprise.id.in_(select(Shortage.enterprise_id).where(Shortage.status.in_(ACTIVE_SHORTAGE))))
    if filters.get("shortage_kind"):
        clauses.append(Enterprise.id.in_(select(Shortage.enterprise_id).where(
            Shortage.status.in_(ACTIVE_SHORTAGE), Shortage.kind == filters["shortage_kind"])))
    if filters.get("not_reported"):
        today = clock.today()
        clauses.append(Enterprise.id.in_(select(Product.enterprise_id).where(Product.archived == False)))  # noqa: E712
        clauses.append(Enterprise.id.not_in(select(DailyReport.enterprise_id).where(DailyReport.report_date == today)))
    if filters.get("licence_pending"):
        clauses.append(Enterprise.id.in_(select(Qualification.enterprise_id).where(
            Qualification.status.in_(PENDING_LICENCE))))
    if filters.get("low_cover"):
        clauses.append(Enterprise.id.in_(select(MaterialReserve.enterprise_id).where(
            MaterialReserve.daily_use > 0, MaterialReserve.quantity < LOW_COVER_DAYS * MaterialReserve.daily_use)))
    return clauses


def count_enterprises(session: Session, *, request: PageRequest) -> int:
    return session.execute(select(func.count()).select_from(Enterprise).where(*_where(session, request))).scalar_one()


def list_enterprises(session: Session, *, request: PageRequest) -> Page[EnterpriseRow]:
    """The window ``request.offset`` .. ``+limit`` of the filtered, sorted directory."""
    sort = _sorts(clock.today()).get(request.sort, Enterprise.sort_key)
    order = [sort.desc() if request.descending else sort.asc(), Enterprise.id.desc() if request.descending else Enterprise.id.asc()]
    ids = list(
        session.execute(
            select(Enterprise.id).where(*_where(session, request)).order_by(*order).offset(request.offset).limit(request.limit)
        ).scalars()
    )
    return Page(rows=details(session, ids=ids), offset=request.offset)


def details(session: Session, *, ids: list[int], today: date | None = None) -> list[EnterpriseRow]:
    """Rows for these ids, in the given order, with the figures the directory shows."""
    if not ids:
        return []
    today = today or clock.today()
    base = session.execute(
        select(Enterprise, District.name, Park.name)
        .join(District, District.id == Enterprise.district_id)
        .outerjoin(Park, Park.id == Enterprise.park_id)
        .where(Enterprise.id.in_(ids))
    ).all()
    products: dict[int, list[str]] = {}
    capacity: dict[int, float] = {}
    for eid, name, cap in session.execute(
        select(Product.enterprise_id, CatalogueItem.name, Product.daily_capacity)
        .join(CatalogueItem, CatalogueItem.id == Product.item_id)
        .where(Product.enterprise_id.in_(ids), Product.archived == False)  # noqa: E712
        .order_by(Product.daily_capacity.desc())
    ):
        products.setdefault(eid, []).append(name)
        capacity[eid] = capacity.get(eid, 0) + cap
    output = dict(session.execute(
        select(DailyReport.enterprise_id, func.sum(DailyReport.output))
        .where(DailyReport.enterprise_id.in_(ids), DailyReport.report_date == today)
        .group_by(DailyReport.enterprise_id)
    ).all())
    last = dict(session.execute(
        select(DailyReport.enterprise_id, func.max(DailyReport.report_date))
        .where(DailyReport.enterprise_id.in_(ids)).group_by(DailyReport.enterprise_id)
    ).all())
    cover = dict(session.execute(
        select(MaterialReserve.enterprise_id, func.min(MaterialReserve.quantity / MaterialReserve.daily_use))
        .where(MaterialReserve.enterprise_id.in_(ids), MaterialReserve.daily_use > 0)
        .group_by(MaterialReserve.enterprise_id)
    ).all())
    shortages = dict(session.execute(
        select(Shortage.enterprise_id, func.count())
        .where(Shortage.enterprise_id.in_(ids), Shortage.status.in_(ACTIVE_SHORTAGE))
        .group_by(Shortage.enterprise_id)
    ).all())
    cadres: dict[int, str] = {}
    for eid, name in session.execute(
        select(Assignment.enterprise_id, Cadre.name)
        .join(Cadre, Cadre.id == Assignment.cadre_id)
        .where(Assignment.enterprise_id.in_(ids), Assignment.start_date <= today,
               (Assignment.end_date.is_(None)) | (Assignment.end_date >= today))
        .order_by(Assignment.start_date)
    ):
        cadres.setdefault(eid, name)
    by_id = {}
    for ent, district, park in base:
        by_id[ent.id] = EnterpriseRow(
            id=ent.id, version=ent.version, name=ent.name, short_name=ent.short_name or "",
            district=district, park=park or "", status=ent.status,
            products="、".join(products.get(ent.id, [])), output_today=output.get(ent.id),
            capacity=capacity.get(ent.id, 0.0), cover_days=cover.get(ent.id),
            open_shortages=shortages.get(ent.id, 0), cadre=cadres.get(ent.id, ""),
            last_report=last.get(ent.id), archived=ent.archived, updated_at=ent.updated_at,
        )
    return [by_id[i] for i in ids if i in by_id]
