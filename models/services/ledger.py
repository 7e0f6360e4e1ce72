"""The one way stock moves: append a ledger entry and keep its balance in the same transaction.

Every document that moves stock (a receipt, a dispatch, a signed delivery's returns, a count, a
reversal) calls ``post`` inside its write transaction; reservations go through ``reserve`` and
``release``. The balance row is locked first (``FOR UPDATE`` on PostgreSQL; SQLite holds the write
lock), so two writers drawing on the same lot queue, and a figure that would go below zero, or a
reservation beyond what is available, is refused with the quantity that is there. The tables'
checks refuse the same whatever writes them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models import stock
from models.errors import NotFoundError, ValidationError
from models.lots import Lot
from models.services.common import Actor, confirm_actor, row_id
from models.stock import EntryKind, StockBalance, StockEntry


def find_lot(
    session: Session, *, actor: Actor, at: datetime, item_id: int, code: str, expiry: date | None = None,
    maker_id: int | None = None, maker_name: str | None = None, grade: str | None = None,
) -> Lot:
    """The lot ``code`` of an item, made on its first receipt; a known lot keeps what it was made with."""
    code = code.strip()
    if not code:
        raise ValidationError("lot_code", "Type the lot number printed on the goods")
    lot = session.exec(select(Lot).where(Lot.item_id == item_id, Lot.code == code)).first()
    if lot is None:
        lot = Lot(item_id=item_id, code=code, expiry=expiry, maker_id=maker_id, maker_name=maker_name,
                  grade=grade, created_at=at, created_by=actor.login)
        try:
            with session.begin_nested():  # a concurrent first receipt of the same lot: read the winner's
                session.add(lot)
                session.flush()
        except IntegrityError:
            lot = session.exec(select(Lot).where(Lot.item_id == item_id, Lot.code == code)).one()
    return lot


def balance_for_update(session: Session, *, site_id: int, item_id: int, lot_id: int, create: bool) -> StockBalance:
    """The balance row of a warehouse's lot, locked; made (all zero) when ``create`` and none exists."""
    query = select(StockBalance).where(
        StockBalance.site_id == site_id, StockBalance.item_id == item_id, StockBalance.lot_id == lot_id
    )
    balance = session.exec(query.with_for_update().execution_options(populate_existing=True)).first()
    if balance is None:
        if not create:
            raise NotFoundError("No stock of this lot here")
        balance = StockBalance(site_id=site_id, item_id=item_id, lot_id=lot_id)
        session.add(balance)
        session.flush()
    return balance


def available(balance: StockBalance, lot: Lot, today: date) -> int:
    """What may still be allocated of a balance in hand (``models.stock.available``: the one rule)."""
    return stock.available(on_hand=balance.on_hand, quarantine=balance.quarantine, reserved=balance.reserved,
                           expiry=lot.expiry, today=today)


def post(
    session: Session, *, actor: Actor, at: datetime, balance: StockBalance, kind: EntryKind, quantity: int,
    reason: str, doc_kind: str | None = None, doc_id: int | None = None, doc_no: str | None = None,
    note: str | None = None, reverses_id: int | None = None, from_reserved: int = 0,
) -> StockEntry:
    """Append one entry to the ledger of ``balance`` (locked by the caller) and update the balance.

    ``quantity`` is positive for IN, OUT, HOLD and RELEASE (the entry stores OUT negative) and signed
    for ADJ. ``from_reserved`` is the part of an OUT that was reserved (a dispatch of an allocation).
    """
    confirm_actor(session, actor)
    if kind is not EntryKind.ADJ and quantity <= 0:
        raise ValidationError("quantity", "The quantity must be more than 0")
    if kind is EntryKind.ADJ and quantity == 0:
        raise ValidationError("quantity", "The quantity must not be 0")
    on_hand, quarantine, reserved = balance.on_hand, balance.quarantine, balance.reserved - from_reserved
    signed = quantity
    if kind is EntryKind.IN:
        on_hand += quantity
    elif kind is EntryKind.OUT:
        on_hand -= quantity
        signed = -quantity
    elif kind is EntryKind.ADJ:
        on_hand += quantity
    elif kind is EntryKind.HOLD:
        quarantine += quantity
        signed = 0
    elif kind is EntryKind.RELEASE:
        quarantine -= quantity
        signed = 0
    free = on_hand - quarantine - reserved
    if on_hand < 0 or quarantine < 0 or reserved < 0 or free < 0:
        raise ValidationError(
            "quantity", "Not enough stock: {available} available", available=balance.on_hand - balance.quarantine
            - balance.reserved + (from_reserved if kind is EntryKind.OUT else 0),
        )
    entry = StockEntry(
        site_id=balance.site_id, item_id=balance.item_id, lot_id=balance.lot_id, kind=kind.value,
        quantity=signed if kind in (EntryKind.IN, EntryKind.OUT, EntryKind.ADJ) else quantity,
        balance_after=on_hand, reason=reason, note=note, doc_kind=doc_kind, doc_id=doc_id, doc_no=doc_no,
        reverses_id=reverses_id, at=at, login=actor.login,
    )
    session.add(entry)
    session.flush()
    balance.on_hand, balance.quarantine, balance.reserved = on_hand, quarantine, reserved
    balance.last_entry_id = row_id(entry)
    balance.version += 1
    balance.updated_at, balance.updated_by = at, actor.login
    session.add(balance)
    return entry


def reserve(session: Session, *, balance: StockBalance, lot: Lot, quantity: int, today: date) -> None:
    """Set aside ``quantity`` of a locked balance for an allocation; refused beyond what is available."""
    free = available(balance, lot, today)
    if quantity <= 0:
        raise ValidationError("quantity", "The quantity must be more than 0")
    if quantity > free:
        raise ValidationError("quantity", "Not enough stock: {available} available", available=free)
    balance.reserved += quantity
    balance.version += 1
    session.add(balance)


def release(session: Session, *, balance: StockBalance, quantity: int) -> None:
    """Give back a reservation (an allocation cancelled or cut)."""
    if quantity <= 0 or quantity > balance.reserved:
        raise ValidationError("quantity", "Cannot release {quantity}: {reserved} reserved",
                              quantity=quantity, reserved=balance.reserved)
    balance.reserved -= quantity
    balance.version += 1
    session.add(balance)
