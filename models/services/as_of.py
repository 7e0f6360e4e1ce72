"""Rows and values as they stood at a moment, rebuilt from what was recorded by then.

A figure "as of 12:00" must not move when someone records something at 13:00, whatever the
change: a row recorded later (even one dated earlier, such as a late report or a check-in entered
afterwards) did not exist at 12:00, and a value changed later had its old value then. Rows carry
their recording time (``created_at``); every later change is in the audit log with its old value
({field: [old, new]}), so the value at a moment is the old value of the first change after it, or
the current value when nothing changed since. Changes after a moment are few next to the rows,
so they are read in one query and applied in Python; the bulk is counted in SQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from models.audit import AuditLog
from models.base import Tracked
from models.enterprise import Enterprise


def known(model: type[Tracked], moment: datetime) -> ColumnElement[bool]:
    """Rows recorded at or before ``moment`` (rows loaded in bulk, without a time, always count)."""
    created = col(model.created_at)
    return or_(created.is_(None), created <= moment)


def rewound(session: Session, model: type[Tracked], moment: datetime,
            fields: Iterable[str]) -> dict[int, dict[str, Any]]:
    """{row id: {field: its value at ``moment``}} for the rows whose ``fields`` changed after it.

    Values are as the audit log keeps them (JSON: dates and times as text; see ``parse_time``).
    """
    wanted = tuple(fields)
    values: dict[int, dict[str, Any]] = {}
    for row_id, changes in session.execute(
        select(AuditLog.row_id, AuditLog.changes)
        .where(AuditLog.table_name == model.__tablename__, AuditLog.at > moment, AuditLog.action != "create")
        .order_by(AuditLog.id)
    ):
        diff = json.loads(changes)
        for name in wanted:
            if name in diff:
                values.setdefault(row_id, {}).setdefault(name, diff[name][0])
    return values


def parse_time(value: Any) -> datetime | None:
    """A time as the audit log keeps it (``YYYY-MM-DD HH:MM[:SS]``), or None."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value if isinstance(value, datetime) else None


def parse_day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value if isinstance(value, date) else None


def on_directory(moment: datetime) -> ColumnElement[bool]:
    """Enterprises recorded by ``moment`` and not archived then (the archive / restore steps of the audit log)."""
    step = aliased(AuditLog)
    steps = (step.table_name == Enterprise.__tablename__, step.row_id == Enterprise.id,
             step.action.in_(("archive", "restore")))
    last_step = select(func.max(step.id)).where(*steps, step.at <= moment).correlate(Enterprise).scalar_subquery()
    archived_then = exists(select(AuditLog.id).where(AuditLog.id == last_step, AuditLog.action == "archive"))
    # rows without any archive step on record (loaded in bulk) fall back to the current flag
    unrecorded_archive = and_(Enterprise.archived == True, ~exists(select(step.id).where(*steps)))  # noqa: E712
    return and_(known(Enterprise, moment), ~archived_then, ~unrecorded_archive)


def enterprise_names(session: Session, ids: Iterable[int], moment: datetime) -> dict[int, str]:
    """Each enterprise's short name (or name) as it was at ``moment``."""
    wanted = set(ids)
    if not wanted:
        return {}
    then = rewound(session, Enterprise, moment, ("name", "short_name"))
    names = {}
    for eid, name, short in session.execute(
            select(Enterprise.id, Enterprise.name, Enterprise.short_name).where(Enterprise.id.in_(wanted))):
        old = then.get(eid, {})
        names[eid] = old.get("short_name", short) or old.get("name", name)
    return names
