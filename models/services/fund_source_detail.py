"""One source of funds in full (enter on the funds screen's sources tab): its figures and approving
document, the changes of its amount available with the document of each (from the audit rows that
``fund_sources.change_available`` writes), and its requests, the latest first, a window of them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from models.audit import AuditLog
from models.funds import FundRequest, FundSource
from models.services.fund_views import FundRequestRow, SourceRow, _request_base, _request_row

#: requests shown with a source (the requests tab lists them all)
SHOWN = 12


@dataclass(frozen=True)
class AvailableChange:
    at: datetime
    by: str
    old: int | None  # fen
    new: int | None
    document: str | None  # the document that made the change


@dataclass(frozen=True)
class SourceDetail:
    row: SourceRow
    notes: str | None
    changes: tuple[AvailableChange, ...]
    requests: tuple[FundRequestRow, ...]  # the latest SHOWN
    request_count: int


def _money(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def source_detail(session: Session, *, source_id: int) -> SourceDetail | None:
    source = session.get(FundSource, source_id)
    if source is None:
        return None
    row = SourceRow(id=source.id, name=source.name, name_en=source.name_en, kind=source.kind,  # type: ignore[arg-type]
                    available=source.available, approved=source.approved, disbursed=source.disbursed,
                    document=source.document, version=source.version)
    audits = session.execute(select(AuditLog).where(
        AuditLog.table_name == FundSource.__tablename__, AuditLog.row_id == source_id,
        AuditLog.action == "available").order_by(col(AuditLog.id).desc()).limit(SHOWN)).scalars()
    changes = []
    for audit in audits:
        diff = json.loads(audit.changes or "{}")
        available = diff.get("available") or [None, None]
        document = (diff.get("document") or [None, None])[1]
        changes.append(AvailableChange(at=audit.at, by=audit.login, old=_money(available[0]),
                                       new=_money(available[1]), document=document))
    requests = session.execute(_request_base().where(FundRequest.source_id == source_id)
                               .order_by(col(FundRequest.requested_at).desc(), col(FundRequest.id).desc())
                               .limit(SHOWN)).all()
    count = session.execute(select(func.count()).select_from(FundRequest)
                            .where(FundRequest.source_id == source_id)).scalar_one()
    return SourceDetail(row=row, notes=source.notes, changes=tuple(changes),
                        requests=tuple(_request_row(*r) for r in requests), request_count=int(count))


__all__ = ["SHOWN", "AvailableChange", "SourceDetail", "source_detail"]
