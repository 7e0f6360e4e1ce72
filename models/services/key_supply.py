"""The key-supply enterprise list (重点保障企业名单): put an enterprise on it (national or local, for a
category) and take it off. Only listed enterprises may apply for the interest subsidy."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from models import clock, validation
from models.enterprise import Enterprise
from models.errors import ValidationError
from models.services.common import (
    Actor,
    check_version,
    create_row,
    get_for_update,
    require_coordinator,
    row_id,
    update_row,
    write_transaction,
)
from models.subsidies import KeySupplyEnterprise, KeySupplyLevel


def list_enterprise(session: Session, *, actor: Actor, enterprise_id: int, level: str, category: str,
                    listed_on: date | None = None, document: str | None = None, at: datetime | None = None) -> int:
    """Put an enterprise on the list (again, when it was taken off); returns the list row's id."""
    require_coordinator(actor)
    at = at or clock.now()
    try:
        level = KeySupplyLevel(level).value
    except ValueError:
        raise ValidationError("level", "Unknown value {value}", value=level) from None
    values: dict[str, Any] = {
        "level": level, "category": validation.text(category, field="category", required=True, max_len=64),
        "listed_on": listed_on or at.date(), "document": validation.text(document, field="document"), "active": True}
    with write_transaction(session):
        if session.get(Enterprise, enterprise_id) is None:
            raise ValidationError("enterprise_id", "Pick an enterprise")
        row = session.exec(select(KeySupplyEnterprise).where(KeySupplyEnterprise.enterprise_id == enterprise_id)
                           .with_for_update()).first()
        if row is None:
            return row_id(create_row(session, KeySupplyEnterprise(enterprise_id=enterprise_id, **values),
                                     actor=actor, at=at))
        update_row(session, row, values, actor=actor, at=at, action="list")
        return row_id(row)


def delist(session: Session, *, actor: Actor, row_id_: int, version: int, at: datetime | None = None) -> None:
    """Take an enterprise off the list (its row stays, inactive: applications made keep their ground)."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        row = get_for_update(session, KeySupplyEnterprise, row_id_)
        check_version(row, version)
        update_row(session, row, {"active": False}, actor=actor, at=at, action="delist")


def is_listed(session: Session, enterprise_id: int) -> bool:
    return session.exec(select(KeySupplyEnterprise.id).where(
        KeySupplyEnterprise.enterprise_id == enterprise_id, KeySupplyEnterprise.active == True  # noqa: E712
    )).first() is not None
