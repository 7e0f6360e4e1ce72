"""An enterprise's licences: record one applied for or held, and move it a step (applying → green
channel → held, or refused; refused may apply again)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from models import clock, validation
from models.base import LicenceStatus
from models.enterprise import Enterprise
from models.errors import TransitionError, ValidationError
from models.licences import Qualification
from models.reference import CatalogueItem
from models.services.access import require_enterprise_access
from models.services.common import (
    Actor,
    check_version,
    create_row,
    get_for_update,
    require_writer,
    update_row,
    write_transaction,
)

#: where a licence may go from each status: applying → green channel → held, or refused; refused may re-apply
LICENCE_STEPS: dict[str, tuple[str, ...]] = {
    LicenceStatus.APPLYING: (LicenceStatus.GREEN_CHANNEL, LicenceStatus.HELD, LicenceStatus.REFUSED),
    LicenceStatus.GREEN_CHANNEL: (LicenceStatus.HELD, LicenceStatus.REFUSED),
    LicenceStatus.REFUSED: (LicenceStatus.APPLYING,),
    LicenceStatus.HELD: (),
}


def _licence_status(value: str) -> str:
    try:
        return LicenceStatus(value).value
    except ValueError:
        raise ValidationError("status", "Unknown value {value}", value=value) from None


def _not_future(value: date | None, field: str) -> date | None:
    if value is not None and value > clock.today():
        raise ValidationError(field, "A date cannot be in the future")
    return value


def add_qualification(
    session: Session, *, actor: Actor, enterprise_id: int, kind: str, item_id: int | None = None,
    number: str | None = None, status: str = LicenceStatus.APPLYING, applied_on: date | None = None,
    granted_on: date | None = None,
) -> Qualification:
    """Record a licence applied for (or already held, with the date it was granted)."""
    require_enterprise_access(session, actor, enterprise_id)
    values: dict[str, Any] = {
        "kind": validation.text(kind, field="kind", required=True, max_len=64),
        "number": validation.text(number, field="number", max_len=64),
        "status": _licence_status(status),
        "applied_on": _not_future(applied_on or clock.today(), "applied_on"),
    }
    if values["status"] == LicenceStatus.HELD:
        values["granted_on"] = _not_future(granted_on or clock.today(), "granted_on")
        if values["granted_on"] < values["applied_on"]:
            raise ValidationError("granted_on", "Granted before it was applied for")
    with write_transaction(session):
        if item_id is not None and session.get(CatalogueItem, item_id) is None:
            raise ValidationError("item_id", "Pick an item of the catalogue")
        if session.get(Enterprise, enterprise_id) is None:
            raise ValidationError("enterprise_id", "Pick an enterprise")
        row = Qualification(enterprise_id=enterprise_id, item_id=item_id, **values)
        return create_row(session, row, actor=actor, at=clock.now())


def advance_qualification(
    session: Session, *, actor: Actor, qualification_id: int, expected_version: int, status: str,
    number: str | None = None, granted_on: date | None = None,
) -> Qualification:
    """Move a licence one step: into the green channel, held (with its number and date) or refused."""
    require_writer(actor)
    new = _licence_status(status)
    clean_number = validation.text(number, field="number", max_len=64)
    _not_future(granted_on, "granted_on")
    with write_transaction(session):
        row = get_for_update(session, Qualification, qualification_id)
        require_enterprise_access(session, actor, row.enterprise_id)
        check_version(row, expected_version)
        if new not in LICENCE_STEPS.get(row.status, ()):
            raise TransitionError("Not possible while the licence is {status}", status=row.status)
        changes: dict[str, Any] = {"status": new}
        if new == LicenceStatus.HELD:
            changes["granted_on"] = granted_on or clock.today()
            if row.applied_on and changes["granted_on"] < row.applied_on:
                raise ValidationError("granted_on", "Granted before it was applied for")
            if clean_number:
                changes["number"] = clean_number
        elif new == LicenceStatus.APPLYING:
            changes["applied_on"] = clock.today()
        update_row(session, row, changes, actor=actor, at=clock.now(), action=f"licence_{new}")
    return row
