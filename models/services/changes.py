"""A cheap marker of "someone changed data", read by every open session about once a second.

Every command appends an audit row in its own transaction, so the newest audit rows tell when
anything changed. The marker is (highest id, rows in a window below it): on PostgreSQL ids are
handed out before commit, so a transaction may commit an id lower than one already seen; counting
the recent window catches it. Both parts come from the primary-key index: an idle session costs one
tiny query per poll and the screens re-run their own queries only when the marker moves.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from models.audit import AuditLog

WINDOW = 1000


def change_marker(session: Session) -> tuple[int, int]:
    top = session.execute(select(func.max(AuditLog.id))).scalar() or 0
    recent = session.execute(select(func.count()).where(AuditLog.id > top - WINDOW)).scalar_one()
    return top, recent
