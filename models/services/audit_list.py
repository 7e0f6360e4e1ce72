"""The audit log as a paged list: who changed what, from what, and when. Coordinators only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlmodel import Session

from models.audit import AuditLog
from models.db import typed_id
from models.errors import ValidationError
from models.search import like_pattern
from models.services.common import Actor, require_coordinator
from models.services.paging import Page, PageRequest

#: ``login:zhangwei table:enterprise row:12 date:2020-02-03`` narrow the log; other words match
#: login, table or action
KEYS = ("login", "table", "row", "date")


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    login: str
    table: str
    row_id: int
    action: str
    changes: dict[str, Any]



def short_value(value: Any, limit: int = 40) -> str:
    """A stored value as the log shows it: ∅ for none, long text cut."""
    text = "∅" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_query(query: str) -> tuple[dict[str, str], list[str]]:
    """Split ``key:value`` filters from free words."""
    filters, words = {}, []
    for word in query.split():
        key, sep, value = word.partition(":")
        if sep and key in KEYS and value:
            filters[key] = value
        else:
            words.append(word.lower())
    return filters, words


def _where(request: PageRequest) -> list[ColumnElement[bool]]:
    if "\0" in request.query:  # no stored value holds a NUL, and PostgreSQL cannot compare text with one
        return [false()]
    filters, words = parse_query(request.query)
    clauses = []
    if "login" in filters:
        clauses.append(AuditLog.login == filters["login"])
    if "table" in filters:
        clauses.append(AuditLog.table_name == filters["table"])
    if "row" in filters:
        row_id = typed_id(filters["row"])
        if row_id is None:
            raise ValidationError("row", "Not a number")
        clauses.append(AuditLog.row_id == row_id)
    if "date" in filters:
        try:
            start = datetime.combine(date.fromisoformat(filters["date"]), datetime.min.time())
            end = start + timedelta(days=1)  # 9999-12-31 has no next day
        except (ValueError, OverflowError):
            raise ValidationError("date", "Not a date") from None
        clauses += [AuditLog.at >= start, AuditLog.at < end]
    for word in words:
        pattern = like_pattern(word)
        clauses.append(or_(*(column.like(pattern, escape="\\") for column in (AuditLog.login, AuditLog.table_name,
                                                                            AuditLog.action))))
    return clauses


def count_audit(session: Session, *, actor: Actor, request: PageRequest) -> int:
    require_coordinator(actor)
    count: int = session.execute(select(func.count()).select_from(AuditLog).where(*_where(request))).scalar_one()
    return count


def list_audit(session: Session, *, actor: Actor, request: PageRequest) -> Page[AuditRow]:
    """Newest first (or oldest first with ``descending=False`` on sort "at")."""
    require_coordinator(actor)
    order = AuditLog.id.asc() if request.sort == "at" and not request.descending else AuditLog.id.desc()
    rows = session.execute(
        select(AuditLog).where(*_where(request)).order_by(order).offset(request.offset).limit(request.limit)
    ).scalars()
    return Page(
        rows=[AuditRow(r.id, r.at, r.login, r.table_name, r.row_id, r.action,
                       json.loads(r.changes or "{}")) for r in rows],
        offset=request.offset,
    )
