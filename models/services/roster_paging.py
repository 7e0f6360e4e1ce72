"""The paging the check-in roster's lists share: the window of rows in a sort, the count, the filter
by enterprise and cadre names, unit and group, and whether a page is in the order an index walk gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, SQLColumnExpression, func, or_, select
from sqlmodel import Session

from models import clock
from models.assignments import Assignment
from models.enterprise import Enterprise
from models.people import Cadre
from models.services.paging import PageRequest, text_filter
from models.services.walk_join import walk_join


def active_on(day: date) -> ColumnElement[bool]:
    return (Assignment.start_date <= day) & (or_(Assignment.end_date.is_(None), Assignment.end_date >= day))


def window(session: Session, stmt: Select[*tuple[Any, ...]], request: PageRequest,
           sorts: Mapping[str, tuple[SQLColumnExpression[Any], ...]], default: str,
           tie: SQLColumnExpression[Any]) -> list[Row[*tuple[Any, ...]]]:
    keys = sorts.get(request.sort) or sorts[default]
    order = [k.desc() if request.descending else k.asc() for k in (*keys, tie)]
    return list(session.execute(stmt.order_by(*order).offset(request.offset).limit(request.limit)))


def count_rows(session: Session, stmt: Select[*tuple[Any, ...]]) -> int:
    count: int = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    return count


def people_filter(request: PageRequest) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    matched = text_filter(Enterprise.search_key + "|" + Cadre.search_key, request.query)
    if matched is not None:
        clauses.append(matched)
    if request.filters.get("unit_id"):
        clauses.append(Cadre.unit_id == request.filters["unit_id"])
    if request.filters.get("group_id"):
        clauses.append(Cadre.group_id == request.filters["group_id"])
    return clauses


def walks(request: PageRequest, sorts: Mapping[str, Any], default: str, walked: str) -> bool:
    """Whether the page is in the ``walked`` order (the one an index walk gives)."""
    return (request.sort if request.sort in sorts else default) == walked


def current_stationings(request: PageRequest) -> list[ColumnElement[bool]]:
    """The stationing list's filter: current and future stationings, unless the history is asked for."""
    if request.filters.get("ended"):  # the history too
        return []
    # current and future stationing only: two ranges of the end_date index
    return [or_(Assignment.end_date.is_(None), Assignment.end_date >= (request.filters.get("day") or clock.today()))]


def with_enterprises(columns: tuple[Any, ...], table: Any, onclause: ColumnElement[bool], *,
                     walk: bool) -> Select[*tuple[Any, ...]]:
    """``columns`` of ``table`` joined to their enterprises; with ``walk``, SQLite walks the enterprises
    in the index order of the page's sort and looks up each one's rows (see ``walk_join``)."""
    if walk:
        return select(*columns).select_from(walk_join(Enterprise, table, onclause))
    return select(*columns).select_from(table).join(Enterprise, onclause)
