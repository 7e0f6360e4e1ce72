"""Shortages: report a problem and work it to a solution; every step is a ShortageEvent."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from models import clock, enterprise_figures, open_shortages, shortage_days, validation
from models.base import Level, Severity, ShortageKind, ShortageStatus
from models.errors import PermissionDenied, TransitionError, ValidationError
from models.history import ShortageEvent
from models.material_reserves import MaterialReserve
from models.organisation import SpecialGroup
from models.people import Cadre
from models.reference import CatalogueItem
from models.rules import ACTIVE_SHORTAGE, DONE_SHORTAGE
from models.services.access import require_enterprise_access
from models.services.common import (
    Actor,
    check_version,
    create_row,
    get_for_update,
    row_id,
    update_row,
    write_transaction,
)
from models.shortage import Shortage, ShortageCreate
from models.supply import Material, Supplier

#: actions whose event may name a supplier (or reserve-task unit such as 重药集团) as its new value
SUPPLIER_ACTIONS = ("supplier_contacted", "reserve_notified")

#: action -> (statuses it is allowed from, coordinators only, note required); a field cadre stationed at the
#: shortage's enterprise adds notes and progress to any shortage there (on PostgreSQL in per-person mode
#: the database holds the same line: models.pg_roles)
ACTIONS: dict[str, tuple[tuple[str, ...], bool, bool]] = {
    "assign": (ACTIVE_SHORTAGE, True, False),
    "escalate": (ACTIVE_SHORTAGE, True, True),
    "note": (ACTIVE_SHORTAGE + DONE_SHORTAGE, False, True),
    "coordinating": ((ShortageStatus.OPEN.value,), False, False),
    "supplier_contacted": (ACTIVE_SHORTAGE, False, True),
    "reserve_notified": (ACTIVE_SHORTAGE, False, True),
    "resolve": (ACTIVE_SHORTAGE, True, True),
    "close": (ACTIVE_SHORTAGE, True, True),
    "reopen": (DONE_SHORTAGE, True, True),
}


def _event(session: Session, shortage: Shortage, action: str, actor: Actor, at: datetime, note: str | None = None,
           old: object = None, new: object = None, supplier_id: int | None = None) -> None:
    session.add(ShortageEvent(
        shortage_id=row_id(shortage), action=action, at=at, by=actor.login, note=note,
        old_value=None if old is None else str(old), new_value=None if new is None else str(new),
        supplier_id=supplier_id,
    ))


def _choice(value: str, enum: type[StrEnum], field: str) -> str:
    try:
        return enum(value).value
    except ValueError:
        raise ValidationError(field, "Unknown value {value}", value=value) from None


def _assignment(session: Session, group_id: int | None, assignee_id: int | None) -> str:
    """``group-code/cadre-name`` as kept in an assign event (readable in the timeline without joins)."""
    group = session.get(SpecialGroup, group_id) if group_id else None
    cadre = session.get(Cadre, assignee_id) if assignee_id else None
    return f"{group.code if group else ''}/{cadre.name if cadre else ''}"


def report_shortage(session: Session, *, actor: Actor, data: ShortageCreate, reserve_id: int | None = None) -> Shortage:
    """Record a new shortage with its first event, in one transaction."""
    clean = _clean_report(session, actor, data)
    with write_transaction(session):
        return _insert_report(session, actor, data, clean, reserve_id)


def _clean_report(session: Session, actor: Actor, data: ShortageCreate) -> dict[str, Any]:
    """Check who reports and the plain fields (before the write lock is taken)."""
    require_enterprise_access(session, actor, data.enterprise_id)
    kind = _choice(data.kind, ShortageKind, "kind")
    clean: dict[str, Any] = {
        "kind": kind,
        "severity": _choice(data.severity, Severity, "severity"),
        "quantity": validation.quantity(data.quantity, field="quantity", required=False),
        "unit": validation.text(data.unit, field="unit", max_len=16),
        "description": validation.text(data.description, field="description", max_len=2000),
    }
    if kind == ShortageKind.RAW_MATERIAL and data.material_id is None and data.item_id is None:
        raise ValidationError("material_id", "Pick the material or item that is short")
    if data.need_by is not None and data.need_by < clock.today():
        raise ValidationError("need_by", "The need-by date cannot be in the past")
    return clean


def _insert_report(session: Session, actor: Actor, data: ShortageCreate, clean: dict[str, Any],
                   reserve_id: int | None) -> Shortage:
    """The shortage row, its audit row and its first event (inside the caller's write transaction)."""
    if data.material_id is not None and session.get(Material, data.material_id) is None:
        raise ValidationError("material_id", "Pick a raw material")
    if data.item_id is not None and session.get(CatalogueItem, data.item_id) is None:
        raise ValidationError("item_id", "Pick an item of the catalogue")
    if reserve_id is not None:
        reserve = session.get(MaterialReserve, reserve_id)
        if reserve is None or reserve.enterprise_id != data.enterprise_id:
            raise ValidationError("reserve_id", "That reserve is not this enterprise's")
    at = clock.now()
    shortage = Shortage(
        **data.model_dump(exclude=set(clean)), **clean,
        reported_at=at, reported_by=actor.login, reserve_id=reserve_id,
    )
    create_row(session, shortage, actor=actor, at=at)
    _counted(session, shortage, None)
    shortage_days.record(session, before=None, after=shortage_days.state(shortage))
    _event(session, shortage, "reported", actor, at, clean["description"], new=ShortageStatus.OPEN.value)
    return shortage


def _counted(session: Session, shortage: Shortage, before: str | None) -> None:
    """The unsolved shortages kept per enterprise, kind and severity follow a status from ``before``."""
    open_shortages.record(session, enterprise_id=shortage.enterprise_id, kind=shortage.kind,
                          severity=shortage.severity, before=before, after=shortage.status)
    if open_shortages.unsolved(before) != open_shortages.unsolved(shortage.status):
        enterprise_figures.refresh(session, shortage.enterprise_id)  # the directory's sort by shortages


def allowed_actions(actor: Actor, *, status: str, level: str, stationed: bool) -> set[str]:
    """The steps ``actor`` may take on a shortage in this state (what the screen offers; ``act`` decides).

    ``stationed``: whether the actor is stationed at the shortage's enterprise (``stationed_at``)."""
    if not actor.can_write:
        return set()
    if not actor.is_coordinator and not stationed:
        return set()
    return {
        action for action, (allowed_from, coordinator_only, _) in ACTIONS.items()
        if status in allowed_from and (actor.is_coordinator or not coordinator_only)
        and not (action == "escalate" and level == Level.CITY)
    }


def act(
    session: Session, *, actor: Actor, shortage_id: int, expected_version: int, action: str, note: str | None = None,
    group_id: int | None = None, assignee_id: int | None = None, supplier_id: int | None = None,
) -> Shortage:
    """Take one step on a shortage. Refused steps raise TransitionError or PermissionDenied.

    ``supplier_id`` names the supplier (or reserve-task unit) of a ``supplier_contacted`` or
    ``reserve_notified`` step; its name is kept as the event's new value.
    """
    if action not in ACTIONS:
        raise ValidationError("action", "Unknown value {value}", value=action)
    text = validation.text(note, field="note", required=ACTIONS[action][2], max_len=2000)
    with write_transaction(session):
        return take_step(session, actor=actor, shortage_id=shortage_id, expected_version=expected_version,
                         action=action, text=text, group_id=group_id, assignee_id=assignee_id,
                         supplier_id=supplier_id)


def take_step(
    session: Session, *, actor: Actor, shortage_id: int, expected_version: int | None, action: str,
    text: str | None, group_id: int | None = None, assignee_id: int | None = None, supplier_id: int | None = None,
) -> Shortage:
    """``act`` inside the caller's write transaction (``text`` checked already): a payment that
    resolves a funding shortage takes the same step, with its event, in the payment's transaction."""
    allowed_from, coordinator_only, _ = ACTIONS[action]
    shortage = get_for_update(session, Shortage, shortage_id)
    check_version(shortage, expected_version)
    if coordinator_only and not actor.is_coordinator:
        raise PermissionDenied("Only coordinators may do this")
    if not actor.is_coordinator:
        require_enterprise_access(session, actor, shortage.enterprise_id)
    if shortage.status not in allowed_from:
        raise TransitionError("Not possible while the shortage is {status}", status=shortage.status)
    at = clock.now()
    changes, old, new = _changes(session, shortage, action, text, group_id, assignee_id, at)
    if action in SUPPLIER_ACTIONS and supplier_id is not None:
        supplier = session.get(Supplier, supplier_id)
        if supplier is None:
            raise ValidationError("supplier_id", "Pick a supplier")
        new = supplier.name
    before = shortage.status
    held = shortage_days.state(shortage)
    # every step moves the version, event-only ones too, so a concurrent actor sees it
    update_row(session, shortage, changes, actor=actor, at=at, action=action, always=True)
    _counted(session, shortage, before)
    shortage_days.record(session, before=held, after=shortage_days.state(shortage))  # the dashboard's day counts
    _event(session, shortage, action, actor, at, text, old, new,
           supplier_id=supplier_id if action in SUPPLIER_ACTIONS else None)
    return shortage


def _changes(session: Session, shortage: Shortage, action: str, text: str | None, group_id: int | None,
             assignee_id: int | None, at: datetime) -> tuple[dict[str, object], object, object]:
    if action == "assign":
        if group_id is None and assignee_id is None:
            raise ValidationError("group_id", "Pick a special group or a cadre")
        if group_id is not None and session.get(SpecialGroup, group_id) is None:
            raise ValidationError("group_id", "Pick one of the special groups")
        if assignee_id is not None and session.get(Cadre, assignee_id) is None:
            raise ValidationError("assignee_id", "Pick a cadre")
        assigned: dict[str, object] = {k: v for k, v in (("group_id", group_id), ("assignee_id", assignee_id))
                                       if v is not None}
        old = _assignment(session, shortage.group_id, shortage.assignee_id)
        return assigned, old, _assignment(session, group_id if group_id is not None else shortage.group_id,
                                          assignee_id if assignee_id is not None else shortage.assignee_id)
    if action == "escalate":
        if shortage.level == Level.CITY:
            raise TransitionError("Already escalated to city level")
        escalated: dict[str, object] = {"level": Level.CITY.value}
        return escalated, Level.DISTRICT.value, Level.CITY.value
    status = {
        "coordinating": ShortageStatus.COORDINATING,
        "resolve": ShortageStatus.RESOLVED,
        "close": ShortageStatus.CLOSED_UNRESOLVED,
        "reopen": ShortageStatus.OPEN,
    }.get(action)
    if status is None:
        return {}, None, None
    changes: dict[str, object] = {"status": status.value}
    if action in ("resolve", "close"):
        changes |= {"resolved_at": at, "resolution": text}
    elif action == "reopen":
        changes |= {"resolved_at": None, "resolution": None}
    return changes, shortage.status, status.value
