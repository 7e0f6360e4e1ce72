"""Early warnings: raw-material reserves under ``warning_days()`` of cover, suggested as shortages.

A warning is a reserve under the threshold that has no unsolved shortage yet and that nobody
dismissed since the reserve was last updated. Confirming one reports a normal shortage linked to
the reserve; dismissing one keeps the reason as an audit row (table ``materialreserve``, action
``warning_dismissed``), so no table is needed for it.
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from typing import TypedDict

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlmodel import Session

from models import clock, validation
from models.audit import AuditLog
from models.base import Severity, ShortageKind
from models.enterprise import Enterprise
from models.errors import NotFoundError, TransitionError
from models.material_reserves import MaterialReserve
from models.reference import District
from models.rules import ACTIVE_SHORTAGE, TARGET_DAYS, days_of_cover, warning_days
from models.search import like_pattern, query_terms
from models.services.access import require_enterprise_access
from models.services.common import Actor, audit, check_version, get_for_update, write_transaction
from models.services.paging import Page, PageRequest
from models.services.shortage_views import WarningRow
from models.shortage import Shortage, ShortageCreate
from models.supply import Material

#: the audit action of a dismissed warning (the warning's only record)
DISMISSED = "warning_dismissed"

_COVER = MaterialReserve.quantity / MaterialReserve.daily_use


def _warning_where(threshold_days: float) -> list[ColumnElement[bool]]:
    # Two plain NOT EXISTS, not one with an OR inside: with the OR the database walks every unsolved
    # shortage for each low reserve; each half alone is one probe of an index.
    linked = exists().where(Shortage.reserve_id == MaterialReserve.id, Shortage.status.in_(ACTIVE_SHORTAGE))
    same_material = exists().where(
        Shortage.enterprise_id == MaterialReserve.enterprise_id, Shortage.material_id == MaterialReserve.material_id,
        Shortage.status.in_(ACTIVE_SHORTAGE),
    )
    dismissed = exists().where(
        AuditLog.table_name == MaterialReserve.__tablename__, AuditLog.row_id == MaterialReserve.id,
        AuditLog.action == DISMISSED,
        or_(MaterialReserve.updated_at.is_(None), AuditLog.at >= MaterialReserve.updated_at),
    )
    return [MaterialReserve.daily_use > 0, _COVER < threshold_days, Enterprise.archived == False,  # noqa: E712
            ~linked, ~same_material, ~dismissed]


def count_warnings(session: Session, *, request: PageRequest | None = None,
                   threshold_days: float | None = None) -> int:
    request = request or PageRequest()
    stmt = (select(func.count()).select_from(MaterialReserve)
            .join(Enterprise, Enterprise.id == MaterialReserve.enterprise_id)
            .where(*_warning_where(_threshold(request, threshold_days)), *_warning_text(request)))
    count: int = session.execute(stmt).scalar_one()
    return count


def list_warnings(session: Session, *, request: PageRequest | None = None,
                  threshold_days: float | None = None) -> Page[WarningRow]:
    """Suggested shortages, least cover first. ``request.filters["days"]`` overrides the threshold
    (``threshold_days``, else the setting)."""
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


def _threshold(request: PageRequest, default: float | None) -> float:
    return float(request.filters.get("days") or default or warning_days())


def _warning_text(request: PageRequest) -> list[ColumnElement[bool]]:
    return [Enterprise.search_key.like(like_pattern(term), escape="\\") for term in query_terms(request.query)]


def _open_for_reserve(session: Session, reserve: MaterialReserve) -> Shortage | None:
    return session.execute(select(Shortage).where(
        Shortage.status.in_(ACTIVE_SHORTAGE),
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


class SuggestedReport(TypedDict):
    """The fields of a ShortageCreate that a confirmed warning fills in."""

    quantity: float | None
    unit: str
    severity: str
    need_by: date


def suggested_report(reserve: MaterialReserve, material: Material, *, today: date) -> SuggestedReport:
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
        if material is None:  # the reserve's foreign key keeps it there
            raise NotFoundError("No {table} with id {id}", table="material", id=reserve.material_id)
        suggested = suggested_report(reserve, material, today=clock.today())
        if severity:
            suggested["severity"] = severity
        data = ShortageCreate(enterprise_id=reserve.enterprise_id, kind=ShortageKind.RAW_MATERIAL.value,
                              material_id=reserve.material_id, description=description, **suggested)
        # the shortages' write service, here and not at the top: the list that counts the warnings
        # imports this module, and a session that only looks should not carry the writes' modules
        from models.services.shortages import _clean_report, _insert_report

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
