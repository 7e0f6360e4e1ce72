"""Funding sources (资金来源): record one with the amount available and its approving document, and
change the amount (a new document raising or lowering it) — never below what is approved from it.

Money is whole fen (``fen`` checks a figure); the source's ``approved`` and ``disbursed`` are kept
by the request and disbursement commands, never typed.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from models import clock, validation
from models.errors import ValidationError
from models.funds import FundSource, SourceKind
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

#: the largest amount a figure may hold: a thousand billion yuan, in fen (far inside 64 bits)
MAX_FEN = 10**17


def fen(value: object, *, field: str, zero: bool = False) -> int:
    """A sum of money in whole fen: an integer, more than 0 (``zero``: 0 allowed), never a float."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, "A sum in whole fen")
    if value < 0 or (value == 0 and not zero):
        raise ValidationError(field, "The amount must be more than 0")
    if value > MAX_FEN:
        raise ValidationError(field, "The amount is too large")
    return value


def kind(value: str) -> str:
    try:
        return SourceKind(value).value
    except ValueError:
        raise ValidationError("kind", "Unknown value {value}", value=value) from None


def add_source(session: Session, *, actor: Actor, name: str, kind_: str, available: int, document: str,
               name_en: str = "", notes: str | None = None, at: datetime | None = None) -> int:
    """Record a source of money; returns its id."""
    require_coordinator(actor)
    at = at or clock.now()
    row = FundSource(
        name=validation.text(name, field="name", required=True, max_len=200),
        name_en=validation.text(name_en, field="name_en", max_len=200) or "",
        kind=kind(kind_), available=fen(available, field="available", zero=True),
        document=validation.text(document, field="document", required=True, max_len=200),
        notes=validation.text(notes, field="notes", max_len=2000),
    )
    with write_transaction(session):
        return row_id(create_row(session, row, actor=actor, at=at))


def change_available(session: Session, *, actor: Actor, source_id: int, version: int, available: int,
                     document: str, at: datetime | None = None) -> None:
    """Set the amount available, with the document that changes it; not below what is approved."""
    require_coordinator(actor)
    at = at or clock.now()
    amount = fen(available, field="available", zero=True)
    text = validation.text(document, field="document", required=True, max_len=200)
    with write_transaction(session):
        source = get_for_update(session, FundSource, source_id)
        check_version(source, version)
        if amount < source.approved:
            raise ValidationError("available", "Less than is approved from this source already")
        update_row(session, source, {"available": amount, "document": text}, actor=actor, at=at,
                   action="available")
