"""The enterprise directory as a paged list: filtered, sorted, counted and windowed in SQL.

The window query selects only ids in order (an index walk that stops at ``offset + limit``); the
details of those few rows come from a second query, so a 100,000-row directory pages as fast as 100.
Sorting by a figure (status, products, output, cover, shortages, cadre, last report) walks its index in
the maintained figures (models.services.enterprise_sorts); ``_SORTS`` computes the same keys per
enterprise (the few rows whose stored cadre no longer holds); the order by an item's output walks the
item's latest reports and makers (models.services.item_output_sort).

The text filter: every term must occur in the search key. A term is matched with LIKE while walking
the covering index (archived, sort_key, id, search_key) in name order, where a page stops once it
has its rows and a capped count at its cap, unless an index finds its few rows sooner: SQLite's
FTS5 trigram table (3+ characters), pg_trgm (3+, the planner decides) and PostgreSQL's index of
1–2-character grams (migration 0003). Counting every match of a common term ("c") means looking at
most rows, so the directory asks for a capped count and shows "1,000+".

Quick filters (``PageRequest.filters``): ``district_id``, ``status``, ``item_id`` (makes the item; the
rows' output and capacity are then that item's, and so is the order by output),
``has_shortage`` (an open shortage), ``shortage_kind`` (an open shortage of that kind),
``not_reported`` (makes something and has not reported today), ``licence_pending`` (applying or in
the green channel), ``low_cover`` (a raw material under 3 days), ``archived`` (archived ones too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    ARRAY,
    BindParameter,
    ColumnElement,
    Date,
    Select,
    SQLColumnExpression,
    Subquery,
    Text,
    TextClause,
    UnaryExpression,
    and_,
    bindparam,
    case,
    func,
    literal,
    select,
    text,
    union_all,
)
from sqlmodel import Session

from models import clock, open_shortages
from models.assignments import Assignment
from models.base import EnterpriseStatus
from models.enterprise import DailyReport, Enterprise, Product
from models.latest_reports import LatestReport
from models.material_reserves import MaterialReserve
from models.migrate import SEARCH_TABLE
from models.parks import Park
from models.people import Cadre
from models.pg_rules import read_schema
from models.reference import CatalogueItem, District
from models.rules import PENDING_LICENCE, low_cover_days
from models.search import query_terms
from models.services import enterprise_sorts, item_output_sort
from models.services.paging import Page, PageRequest, text_filter

#: a condition of the directory's query: an expression, or raw SQL text (the FTS5 planner hint)
Clause = ColumnElement[bool] | TextClause

#: the trigram index answers terms of at least this many characters, the gram index (PostgreSQL) shorter ones
TRIGRAM = 3
#: above this many matches, walking the name index beats starting from the trigram or gram index
DENSE = 3000
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
    #: the items made as (name, English name), the order of ``products``: the screen names them in its language
    product_names: tuple[tuple[str, str], ...] = ()


#: statuses sort in the order of an enterprise's life, not alphabetically by code
STATUS_ORDER = case({s.value: i for i, s in enumerate(EnterpriseStatus)}, value=Enterprise.status, else_=99)

_ACTIVE_PRODUCT = (Product.enterprise_id == Enterprise.id) & (Product.archived == False)  # noqa: E712


def not_reported_clauses(day: date) -> list[ColumnElement[bool]]:
    """Makes something and has not reported on ``day``: the quick filter, and the dashboard's figure."""
    return [Enterprise.id.in_(select(Product.enterprise_id).where(Product.archived == False)),  # noqa: E712
            Enterprise.id.not_in(select(DailyReport.enterprise_id).where(DailyReport.report_date == day))]


def _reported_output(today: Any, item: Any = None) -> ColumnElement[Any]:
    """An enterprise's output reported for ``today``: of every item, or of ``item`` when given."""
    only = () if item is None else (DailyReport.item_id == item,)
    return select(func.sum(DailyReport.output)).where(
        DailyReport.enterprise_id == Enterprise.id, DailyReport.report_date == today, *only).scalar_subquery()


def _last_report() -> ColumnElement[Any]:
    """An enterprise's latest report date, from the maintained latest reports (a row per item made), not
    from the history (every report ever: it grew with each day)."""
    return select(func.max(LatestReport.report_date)).where(
        LatestReport.enterprise_id == Enterprise.id).scalar_subquery()


#: sort keys of the directory (each built for the day, and the item filtered by, when asked for);
#: figures sort by correlated subqueries, missing figures last
_SORTS: dict[str, Callable[[date, int | None], Any]] = {
    "name": lambda today, item: Enterprise.sort_key,
    "district": lambda today, item: Enterprise.district_id,
    "park": lambda today, item: Enterprise.park_id,
    "status": lambda today, item: STATUS_ORDER,
    "updated": lambda today, item: Enterprise.updated_at,
    "id": lambda today, item: Enterprise.id,
    "products": lambda today, item: func.coalesce(
        select(func.min(Product.item_id)).where(_ACTIVE_PRODUCT).scalar_subquery(), 1_000_000),
    "output": lambda today, item: func.coalesce(_reported_output(today, item), -1),
    "cover": lambda today, item: func.coalesce(select(func.min(MaterialReserve.quantity / MaterialReserve.daily_use))
                                               .where(MaterialReserve.enterprise_id == Enterprise.id,
                                                      MaterialReserve.daily_use > 0).scalar_subquery(), 1e12),
    "shortages": lambda today, item: open_shortages.per_enterprise(Enterprise.id),
    "cadre": lambda today, item: func.coalesce(select(func.min(Cadre.name)).join(
        Assignment, Assignment.cadre_id == Cadre.id).where(
        Assignment.enterprise_id == Enterprise.id, Assignment.start_date <= today,
        (Assignment.end_date.is_(None)) | (Assignment.end_date >= today)).scalar_subquery(), "\uffff"),
    "reported": lambda today, item: func.coalesce(_last_report(), date(1900, 1, 1)),
}

#: the sort keys a caller may ask for
SORTS = tuple(_SORTS)


def _trigram_match(session: Session, terms: list[str]) -> ColumnElement[bool] | None:
    """On SQLite, rare terms of 3+ characters are found through the FTS5 trigram index.

    Starting from the index pays off when it finds few rows; a term in most names ("gongsi")
    is better served by walking the covering index in name order, which stops after one page.
    The index's own count of matches (cheap) decides.
    """
    if not terms or min(len(t) for t in terms) < TRIGRAM:
        return None
    expression = " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)
    matches = f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :fts"
    found = session.execute(text(f"SELECT count(*) FROM ({matches} LIMIT {DENSE + 1})"),
                            {"fts": expression}).scalar_one()
    if found > DENSE:
        return None
    return Enterprise.id.in_(text(matches).bindparams(fts=expression))


def _gram_match(session: Session, terms: list[str]) -> ColumnElement[bool] | None:
    """On PostgreSQL, rare terms of 1–2 characters are found through the gram index (migration 0003).

    Such a term occurs in the key exactly when the key's grams contain it, so no LIKE is needed.
    But the grams of a row are costly to compute: the condition is used only where the planner
    takes it from the index, which is when its own estimate (statistics, nothing is read) finds
    few rows. Believing many rows match, it would rather compute the grams of every row (seconds
    at 100,000). A common term ("c", "口罩") is left to LIKE, walking the covering index in name
    order: a page stops after its rows, a capped count after its cap.
    """
    short = sorted({term for term in terms if len(term) < TRIGRAM})
    if not short:
        return None
    schema = read_schema(session)
    probe = (f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {schema + '.' if schema else ''}enterprise "
             "WHERE public.enterprise_grams(search_key) @> CAST(:grams AS text[])")
    plan = session.execute(text(probe), {"grams": short}).scalar_one()
    if plan[0]["Plan"]["Plan Rows"] > DENSE:
        return None
    return func.enterprise_grams(Enterprise.search_key).op("@>")(literal(short, ARRAY(Text)))


def _custom_plans(session: Session) -> None:
    """On PostgreSQL, plan this transaction's statements for their terms, never once for all.

    The driver prepares a statement it has sent five times, and the server may then keep one
    generic plan for every term: for ``LIKE $1`` it picks the trigram index, which reads all of
    itself for a short term (0.4 s at 100,000 where the name index needs a few milliseconds).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def _text_match(session: Session, query: str) -> tuple[ColumnElement[bool] | None, str]:
    """The filter's condition and how it is answered: "index" (FTS5 or gram index), else "walk".

    Terms that no index answers well (too short, or too common to be worth it) are matched with
    LIKE while walking the covering index; on PostgreSQL, pg_trgm may answer terms of 3+ characters.
    """
    terms = query_terms(query)
    if not terms:
        return None, "walk"
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        fts = _trigram_match(session, terms)
        if fts is not None:
            return fts, "index"
    elif dialect == "postgresql":
        grams = _gram_match(session, terms)
        if grams is not None:
            longer = text_filter(Enterprise.search_key, " ".join(t for t in terms if len(t) >= TRIGRAM))
            return (grams if longer is None else and_(grams, longer)), "index"
    return text_filter(Enterprise.search_key, query), "walk"


def _where(session: Session, request: PageRequest, *, archived: bool = True,
           item: bool = True) -> tuple[list[Clause], str]:
    """The conditions of ``request`` and how its text is matched (see _text_match); without ``archived``
    (``item``), not the one on the archive (the item made): the caller's walk holds it."""
    _custom_plans(session)
    clauses: list[Clause] = []
    matched, how = _text_match(session, request.query)
    if matched is not None:
        clauses.append(matched)
    filters = request.filters
    if archived and not filters.get("archived"):
        # With the FTS5 index, "+" keeps SQLite from walking the covering index instead of
        # starting from the few ids the index found.
        sqlite_index = how == "index" and session.get_bind().dialect.name == "sqlite"
        clauses.append(text("+enterprise.archived = 0") if sqlite_index else Enterprise.archived == False)  # noqa: E712
    if filters.get("district_id"):
        clauses.append(Enterprise.district_id == filters["district_id"])
    if filters.get("status"):
        clauses.append(Enterprise.status == filters["status"])
    if item and filters.get("item_id"):
        clauses.append(Enterprise.id.in_(select(Product.enterprise_id).where(Product.item_id == filters["item_id"])))
    if filters.get("has_shortage"):
        clauses.append(Enterprise.id.in_(open_shortages.enterprises_with()))
    if filters.get("shortage_kind"):
        clauses.append(Enterprise.id.in_(open_shortages.enterprises_with(filters["shortage_kind"])))
    if filters.get("not_reported"):
        clauses += not_reported_clauses(clock.today())
    if filters.get("licence_pending"):
        from models.licences import Qualification

        clauses.append(Enterprise.id.in_(select(Qualification.enterprise_id).where(
            Qualification.status.in_(PENDING_LICENCE))))
    if filters.get("low_cover"):
        clauses.append(Enterprise.id.in_(select(MaterialReserve.enterprise_id).where(
            MaterialReserve.daily_use > 0, MaterialReserve.quantity < low_cover_days() * MaterialReserve.daily_use)))
    return clauses, how


def count_enterprises(session: Session, *, request: PageRequest, at_most: int | None = None) -> int:
    """How many enterprises match ``request``; with ``at_most``, counting stops past it.

    A result above ``at_most`` means "more than at_most" and must be shown so ("1,000+"): a
    common term ("c", "口罩") then costs a few pages instead of the whole directory.
    """
    where, how = _where(session, request)
    if at_most is None:
        count: int = session.execute(_searched(session, select(func.count()).select_from(Enterprise)
                                                         .where(*where))).scalar_one()
        return count
    if how == "index":  # few rows, straight from the index
        first = select(Enterprise.id).where(*where).limit(at_most + 1).subquery()
    else:
        # In name order, like the page just loaded: the planner then walks the covering index and
        # stops at the cap, where without an order it would rather read the table.
        first = _walk(request, where, limit=at_most + 1)
    capped: int = session.execute(_searched(session, select(func.count()).select_from(first))).scalar_one()
    return min(capped, at_most + 1)


def list_enterprises(session: Session, *, request: PageRequest) -> Page[EnterpriseRow]:
    """The window ``request.offset`` .. ``+limit`` of the filtered, sorted directory."""
    item = request.filters.get("item_id") or None
    today = clock.today()
    sort = _SORTS[request.sort](today, item) if request.sort in _SORTS else Enterprise.sort_key
    figured = enterprise_sorts.answers(request)
    by_item = item_output_sort.answers(request)
    where, how = _where(session, request, archived=not figured, item=not by_item)
    if figured:  # a figure: its maintained index walked
        ids = enterprise_sorts.window(request, where, today=today, computed=sort)
    elif by_item:  # an item's output: the item's latest reports and makers walked
        counts = _searched(session, item_output_sort.counts(request, today=today))
        makers, followed, today_s = session.execute(counts).one()
        ids = item_output_sort.window(request, where, today=today, counted=(makers, followed, today_s))
    elif how == "walk" and sort is Enterprise.sort_key and request.filters.get("archived"):
        walked = _walk(request, where, limit=request.offset + request.limit)  # both parts of the index, merged
        ids = select(walked.c.id).order_by(*_ordered(request, walked.c.sort_key, walked.c.id))
    else:
        ids = select(Enterprise.id).where(*where).order_by(*_ordered(request, sort, Enterprise.id))
    if not (figured or by_item):
        ids = ids.offset(request.offset).limit(request.limit)
    ids = _searched(session, ids)
    return Page(rows=details(session, ids=list(session.execute(ids).scalars()), item_id=item), offset=request.offset)


def _searched(session: Session, statement: Select[Any]) -> Select[Any]:
    """``statement`` reading the owner's read-only views on PostgreSQL in per-person mode (models.pg_roles
    READ_SCHEMA: the planner keeps its statistics there), the tables otherwise."""
    schema = read_schema(session)
    return statement.execution_options(schema_translate_map={None: schema}) if schema else statement


def _ordered(request: PageRequest, *columns: SQLColumnExpression[Any]) -> list[UnaryExpression[Any]]:
    return [c.desc() if request.descending else c.asc() for c in columns]


def _walk(request: PageRequest, where: list[Clause], *, limit: int) -> Subquery:
    """The first ``limit`` matches (id, sort_key) in name order, walking the covering index.

    The index starts with ``archived``: with archived ones too, its current and its archived part
    are walked each in name order (up to ``limit`` each) and the caller merges the two.
    """
    flags = (False, True) if request.filters.get("archived") else (None,)
    parts = [
        select(Enterprise.id, Enterprise.sort_key)
        .where(*where, *([] if flag is None else [Enterprise.archived == flag]))
        .order_by(*_ordered(request, Enterprise.sort_key, Enterprise.id)).limit(limit).subquery()
        for flag in flags
    ]
    if len(parts) == 1:
        return parts[0]
    return union_all(*(select(part.c.id, part.c.sort_key) for part in parts)).subquery()


@cache
def _details_statements(by_item: bool) -> tuple[Select[*tuple[Any, ...]], Select[*tuple[Any, ...]]]:
    """The two statements of a details query, built and compiled once (on first use, not at start-up).

    The ids and the day (and, ``by_item``, the item whose output is shown) are bound per call:
    building seven statements per page used to cost more than running them. One line per
    enterprise carries its figures as correlated subqueries (each an index lookup); the second
    statement lists what they make, the largest capacity first.
    """
    ids: BindParameter[Any] = bindparam("ids", expanding=True)
    today = bindparam("today", type_=Date)
    lines = (
        select(
            Enterprise.id, Enterprise.version, Enterprise.name, Enterprise.short_name, District.name, Park.name,
            Enterprise.status, Enterprise.archived, Enterprise.updated_at,
            _reported_output(today, bindparam("item") if by_item else None),
            _last_report(),
            select(func.min(MaterialReserve.quantity / MaterialReserve.daily_use)).where(
                MaterialReserve.enterprise_id == Enterprise.id, MaterialReserve.daily_use > 0).scalar_subquery(),
            open_shortages.per_enterprise(Enterprise.id),
            select(Cadre.name).join(Assignment, Assignment.cadre_id == Cadre.id).where(
                Assignment.enterprise_id == Enterprise.id, Assignment.start_date <= today,
                (Assignment.end_date.is_(None)) | (Assignment.end_date >= today),
            ).order_by(Assignment.start_date, Assignment.id).limit(1).scalar_subquery(),
        )
        .join(District, District.id == Enterprise.district_id)
        .outerjoin(Park, Park.id == Enterprise.park_id)
        .where(Enterprise.id.in_(ids))
    )
    products = (
        select(Product.enterprise_id, CatalogueItem.name, Product.daily_capacity, Product.item_id,
               CatalogueItem.name_en)
        .join(CatalogueItem, CatalogueItem.id == Product.item_id)
        .where(Product.enterprise_id.in_(ids), Product.archived == False)  # noqa: E712
        .order_by(Product.daily_capacity.desc(), Product.item_id)  # ties in one order on every database
    )
    return lines, products


def details(session: Session, *, ids: list[int], today: date | None = None,
            item_id: int | None = None) -> list[EnterpriseRow]:
    """Rows for these ids, in the given order, with the figures the directory shows: output today
    and capacity of everything made, or of ``item_id`` only (the directory filtered by an item)."""
    if not ids:
        return []
    params: dict[str, Any] = {"ids": ids, "today": today or clock.today()}
    if item_id is not None:
        params["item"] = item_id
    lines, made = _details_statements(item_id is not None)
    products: dict[int, list[tuple[str, str]]] = {}
    capacity: dict[int, float] = {}
    for eid, name, cap, made_item, name_en in session.execute(made, params=params):
        products.setdefault(eid, []).append((name, name_en or ""))
        if item_id is None or made_item == item_id:
            capacity[eid] = capacity.get(eid, 0) + cap
    by_id = {}
    for (eid, version, name, short_name, district, park, status, archived, updated_at,
         output, last, cover, shortages, cadre) in session.execute(lines, params=params):
        by_id[eid] = EnterpriseRow(
            id=eid, version=version, name=name, short_name=short_name or "",
            district=district, park=park or "", status=status,
            products="、".join(n for n, _ in products.get(eid, [])), output_today=output,
            capacity=capacity.get(eid, 0.0), cover_days=cover,
            open_shortages=shortages or 0, cadre=cadre or "",
            last_report=last, archived=archived, updated_at=updated_at, product_names=tuple(products.get(eid, [])),
        )
    return [by_id[i] for i in ids if i in by_id]
