"""What the allocation documents share: numbering a new document, and the contacts it must name.

A request (XQ), an allocation order (DB) and a dispatch (CK) each take the day's next number when
inserted. On PostgreSQL a transaction-long advisory lock per table makes writers number one at a
time (sixteen writers reading the same highest number retried each other out); should a number still
be taken, the unique number refuses the insert, which is retried in its own savepoint.
"""

from __future__ import annotations

import zlib
from datetime import datetime
from typing import Protocol, TypeVar

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models import validation
from models.base import Tracked
from models.errors import ValidationError
from models.services.common import Actor, create_row
from models.services.numbering import next_number

#: how many times a number taken by a concurrent writer is read again before giving up
NUMBER_ATTEMPTS = 20
#: the longest contact name and phone the documents keep (their columns)
NAME_MAX, PHONE_MAX = 64, 20


class Numbered(Protocol):
    number: str


N = TypeVar("N", bound=Tracked)


def insert_numbered(session: Session, row: N, *, actor: Actor, at: datetime, prefix: str) -> N:
    """Insert ``row`` (a tracked table with a unique ``number``) with the day's next number, audited."""
    if session.get_bind().dialect.name == "postgresql":
        # one numbering at a time per table, until commit: a herd of writers reading the same highest
        # number would otherwise retry each other out (SQLite's write lock does this already)
        key = zlib.crc32(f"number:{type(row).__name__}".encode())
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    for attempt in range(NUMBER_ATTEMPTS):
        try:
            with session.begin_nested():
                row.number = next_number(session, type(row), prefix, at.date())
                create_row(session, row, actor=actor, at=at)
            return row
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def contact_name(value: str | None, *, field: str) -> str:
    """A person a document names (receiver, sender, carrier, signer): required, at most 64 characters."""
    return validation.text(value, field=field, required=True, max_len=NAME_MAX)


def contact_phone(value: str | None, *, field: str, required: bool = True) -> str | None:
    """A contact's phone: a mobile, a landline with its area code or a number abroad."""
    number = validation.phone(value, field=field)
    if number is None:
        if required:
            raise ValidationError(field, "Required")
        return None
    if len(number) > PHONE_MAX:
        raise ValidationError(field, "At most {max} characters", max=PHONE_MAX)
    return number


def whole_quantity(value: object, *, field: str) -> int:
    """A whole quantity of 0 or more (quantities are integers in the item's unit)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(field, "A whole number")
    return value


def positive_quantity(value: object, *, field: str) -> int:
    """A whole quantity of more than 0."""
    quantity = whole_quantity(value, field=field)
    if quantity == 0:
        raise ValidationError(field, "The quantity must be more than 0")
    return quantity
