"""Receipts (入库单): goods counted into a warehouse against a voucher, and the ledger's corrections.

A receipt is refused without its voucher number (goods without a 入库单 or 送货单 are not taken in);
each line says what was accepted and what was refused, with a reason for every refusal. Posting
appends an IN entry per accepted line (and a HOLD after it for a line taken into quarantine) and
freezes the receipt: a posted receipt is never edited, a mistake is corrected by a reversing entry
(``reverse_entry``), so the books keep both the error and its correction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from models import clock
from models.enterprise import Enterprise
from models.errors import NotFoundError, TransitionError, ValidationError
from models.lots import Lot
from models.receipts import Receipt, ReceiptLine, ReceiptSource, ReceiptStatus
from models.reference import GRADES, CatalogueItem
from models.services.common import (
    Actor,
    audit,
    check_version,
    create_row,
    get_for_update,
    require_coordinator,
    row_id,
    update_row,
    write_transaction,
)
from models.services.ledger import balance_for_update, find_lot, post
from models.services.numbering import RECEIPT, next_number
from models.sites import Site, SiteKind
from models.stock import EntryKind, StockEntry


@dataclass(frozen=True)
class ReceiptLineIn:
    """A line as counted: the lot, what was accepted and refused (with why), and how it is held."""

    item_id: int
    lot_code: str
    accepted: int
    expected: int | None = None
    rejected: int = 0
    reject_reason: str | None = None
    expiry: date | None = None
    maker_name: str | None = None
    grade: str | None = None
    quarantine: bool = False


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _check_header(session: Session, *, site_id: int, source: str, voucher_no: str,
                  enterprise_id: int | None) -> None:
    site = session.get(Site, site_id)
    if site is None or site.archived:
        raise ValidationError("site_id", "Pick the warehouse the goods came into")
    if site.kind != SiteKind.WAREHOUSE:
        raise ValidationError("site_id", "Goods are received into a warehouse, not a {kind}", kind=site.kind)
    if source not in set(ReceiptSource):
        raise ValidationError("source", "Unknown source of goods: {source}", source=source)
    if not voucher_no.strip():
        raise ValidationError("voucher_no", "Goods without a voucher are refused: type the voucher number")
    if source == ReceiptSource.LOCAL_MAKER:
        if enterprise_id is None:
            raise ValidationError("enterprise_id", "A local maker's goods name the maker from the directory")
        if session.get(Enterprise, enterprise_id) is None:
            raise ValidationError("enterprise_id", "No enterprise with id {id}", id=enterprise_id)


def _check_line(session: Session, number: int, line: ReceiptLineIn, day: date) -> None:
    if session.get(CatalogueItem, line.item_id) is None:
        raise ValidationError("lines", "Line {line}: no such catalogue item", line=number)
    if not line.lot_code.strip():
        raise ValidationError("lines", "Line {line}: type the lot number printed on the goods", line=number)
    if line.accepted < 0 or line.rejected < 0:
        raise ValidationError("lines", "Line {line}: quantities cannot be negative", line=number)
    if line.accepted + line.rejected == 0:
        raise ValidationError("lines", "Line {line}: nothing accepted or rejected", line=number)
    if line.rejected and not _text(line.reject_reason):
        raise ValidationError("lines", "Line {line}: say why {rejected} were rejected", line=number,
                              rejected=line.rejected)
    if line.expected is not None and line.accepted + line.rejected != line.expected:
        raise ValidationError("lines", "Line {line}: accepted and rejected must add up to the {expected} "
                              "on the voucher", line=number, expected=line.expected)
    if line.grade is not None and line.grade not in GRADES:
        raise ValidationError("lines", "Line {line}: unknown grade {grade}", line=number, grade=line.grade)
    if line.accepted and line.expiry is not None and line.expiry < day:  # expired goods are refused at the door
        raise ValidationError("lines", "Line {line}: lot {lot} expired on {expiry}; reject it, with the reason",
                              line=number, lot=line.lot_code.strip(), expiry=line.expiry.isoformat())


def create_receipt(
    session: Session, *, actor: Actor, site_id: int, source: str, voucher_no: str,
    lines: Sequence[ReceiptLineIn], enterprise_id: int | None = None, supplier_id: int | None = None,
    source_ref: str | None = None, delivered_by: str | None = None, received_by: str | None = None,
    received_at: datetime | None = None, notes: str | None = None, post: bool = True,
    at: datetime | None = None,
) -> int:
    """Write a receipt with its lines (posted at once unless ``post`` is False); its id."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        _check_header(session, site_id=site_id, source=source, voucher_no=voucher_no, enterprise_id=enterprise_id)
        if not lines:
            raise ValidationError("lines", "A receipt needs at least one line")
        for number, line in enumerate(lines, start=1):
            _check_line(session, number, line, (received_at or at).date())
        receipt = _insert_numbered(session, actor=actor, at=at, fields={
            "site_id": site_id, "source": source, "enterprise_id": enterprise_id, "supplier_id": supplier_id,
            "source_ref": _text(source_ref), "voucher_no": voucher_no.strip(), "status": ReceiptStatus.DRAFT.value,
            "received_at": received_at or at, "delivered_by": _text(delivered_by), "received_by": _text(received_by),
            "notes": _text(notes)})
        _add_lines(session, row_id(receipt), lines)
        if post:
            _post(session, actor=actor, at=at, receipt=receipt)
        return row_id(receipt)


def _insert_numbered(session: Session, *, actor: Actor, at: datetime, fields: dict[str, Any]) -> Receipt:
    """The receipt with the day's next RK number; a number taken meanwhile by another writer: the next."""
    for _ in range(5):
        receipt = Receipt(number=next_number(session, Receipt, RECEIPT, at.date()), **fields)
        try:
            with session.begin_nested():
                create_row(session, receipt, actor=actor, at=at)
            return receipt
        except IntegrityError:
            continue
    raise TransitionError("Could not number the receipt; try again")


def _add_lines(session: Session, receipt_id: int, lines: Sequence[ReceiptLineIn]) -> None:
    for line in lines:
        session.add(ReceiptLine(
            receipt_id=receipt_id, item_id=line.item_id, lot_code=line.lot_code.strip(), expiry=line.expiry,
            maker_name=_text(line.maker_name), grade=line.grade,
            expected=line.expected if line.expected is not None else line.accepted + line.rejected,
            accepted=line.accepted, rejected=line.rejected, reject_reason=_text(line.reject_reason),
            quarantine=line.quarantine))
    session.flush()


def _post(session: Session, *, actor: Actor, at: datetime, receipt: Receipt) -> None:
    """Append the receipt's entries and freeze it (inside the caller's transaction)."""
    lines = session.exec(select(ReceiptLine).where(ReceiptLine.receipt_id == receipt.id)
                         .order_by(col(ReceiptLine.id))).all()
    for line in lines:
        if line.accepted == 0:
            continue
        lot = find_lot(session, actor=actor, at=at, item_id=line.item_id, code=line.lot_code, expiry=line.expiry,
                       maker_id=receipt.enterprise_id if receipt.source == ReceiptSource.LOCAL_MAKER else None,
                       maker_name=line.maker_name, grade=line.grade)
        balance = balance_for_update(session, site_id=receipt.site_id, item_id=line.item_id, lot_id=row_id(lot),
                                     create=True)
        post(session, actor=actor, at=at, balance=balance, kind=EntryKind.IN, quantity=line.accepted,
             reason="receipt", doc_kind="receipt", doc_id=row_id(receipt), doc_no=receipt.number)
        if line.quarantine:
            post(session, actor=actor, at=at, balance=balance, kind=EntryKind.HOLD, quantity=line.accepted,
                 reason="quarantine", doc_kind="receipt", doc_id=row_id(receipt), doc_no=receipt.number)
        line.lot_id = row_id(lot)
        session.add(line)
    update_row(session, receipt, {"status": ReceiptStatus.POSTED.value, "posted_at": at, "posted_by": actor.login},
               actor=actor, at=at, action="post")


def post_receipt(session: Session, *, actor: Actor, receipt_id: int, version: int, at: datetime | None = None) -> None:
    """Post a draft receipt: its entries are appended and it can no longer change."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        receipt = get_for_update(session, Receipt, receipt_id)
        check_version(receipt, version)
        _require_draft(receipt)
        _post(session, actor=actor, at=at, receipt=receipt)


def update_receipt(
    session: Session, *, actor: Actor, receipt_id: int, version: int, voucher_no: str,
    lines: Sequence[ReceiptLineIn], notes: str | None = None, at: datetime | None = None,
) -> None:
    """Change a draft's voucher, notes and lines; a posted receipt is refused (reverse its entries)."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        receipt = get_for_update(session, Receipt, receipt_id)
        check_version(receipt, version)
        _require_draft(receipt)
        _check_header(session, site_id=receipt.site_id, source=receipt.source, voucher_no=voucher_no,
                      enterprise_id=receipt.enterprise_id)
        if not lines:
            raise ValidationError("lines", "A receipt needs at least one line")
        for number, line in enumerate(lines, start=1):
            _check_line(session, number, line, (receipt.received_at or at).date())
        for old in session.exec(select(ReceiptLine).where(ReceiptLine.receipt_id == receipt_id)).all():
            session.delete(old)
        session.flush()
        _add_lines(session, receipt_id, lines)
        update_row(session, receipt, {"voucher_no": voucher_no.strip(), "notes": _text(notes)}, actor=actor,
                   at=at, always=True)


def _require_draft(receipt: Receipt) -> None:
    if receipt.status != ReceiptStatus.DRAFT:
        raise TransitionError("Receipt {number} is posted and cannot change; correct it with a reversing entry",
                              number=receipt.number)


def hold_stock(session: Session, *, actor: Actor, site_id: int, lot_id: int, quantity: int,
               note: str | None = None, at: datetime | None = None) -> None:
    """Put stock of a lot on hold (quarantine): still on hand, no longer available."""
    _move_quarantine(session, actor=actor, site_id=site_id, lot_id=lot_id, quantity=quantity, note=note, at=at,
                     kind=EntryKind.HOLD)


def release_quarantine(session: Session, *, actor: Actor, site_id: int, lot_id: int, quantity: int,
                       note: str | None = None, at: datetime | None = None) -> None:
    """Release quarantined stock of a lot (it passed inspection): available again."""
    _move_quarantine(session, actor=actor, site_id=site_id, lot_id=lot_id, quantity=quantity, note=note, at=at,
                     kind=EntryKind.RELEASE)


def _move_quarantine(session: Session, *, actor: Actor, site_id: int, lot_id: int, quantity: int,
                     note: str | None, at: datetime | None, kind: EntryKind) -> None:
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        lot = session.get(Lot, lot_id)
        if lot is None:
            raise NotFoundError("No {table} with id {id}", table="lot", id=lot_id)
        balance = balance_for_update(session, site_id=site_id, item_id=lot.item_id, lot_id=lot_id, create=False)
        if kind is EntryKind.RELEASE and quantity > balance.quarantine:
            raise ValidationError("quantity", "Only {quarantine} are in quarantine", quarantine=balance.quarantine)
        post(session, actor=actor, at=at, balance=balance, kind=kind, quantity=quantity,
             reason="quarantine" if kind is EntryKind.HOLD else "release", note=_text(note))
        audit(session, actor=actor, at=at, row=balance, action=kind.value,
              changes={"quarantine": [None, balance.quarantine]})


#: what undoes an entry: on-hand entries by an adjustment of the opposite sign, a hold by a release
_UNDO = {EntryKind.HOLD.value: EntryKind.RELEASE, EntryKind.RELEASE.value: EntryKind.HOLD}


def reverse_entry(session: Session, *, actor: Actor, entry_id: int, reason: str, at: datetime | None = None) -> int:
    """Undo a ledger entry by appending its opposite (``reverses_id`` names it); the new entry's id.

    An entry is reversed once at most, and a reversal is not itself reversed (post the entry again)."""
    require_coordinator(actor)
    at = at or clock.now()
    if not reason.strip():
        raise ValidationError("reason", "Say why the entry is reversed")
    with write_transaction(session):
        entry = session.get(StockEntry, entry_id)
        if entry is None:
            raise NotFoundError("No {table} with id {id}", table="stockentry", id=entry_id)
        # the balance lock first: two reversals of one entry queue here, and the second sees the first
        balance = balance_for_update(session, site_id=entry.site_id, item_id=entry.item_id, lot_id=entry.lot_id,
                                     create=False)
        if entry.reverses_id is not None:
            raise TransitionError("This entry is a reversal; post the original again instead")
        done = session.exec(select(StockEntry.id).where(StockEntry.reverses_id == entry_id)).first()
        if done is not None:
            raise TransitionError("This entry was reversed already (entry {id})", id=done)
        kind = _UNDO.get(entry.kind, EntryKind.ADJ)
        quantity = entry.quantity if kind is not EntryKind.ADJ else -entry.quantity
        undo = post(session, actor=actor, at=at, balance=balance, kind=kind, quantity=quantity, reason="reversal",
                    note=reason.strip(), doc_kind=entry.doc_kind, doc_id=entry.doc_id, doc_no=entry.doc_no,
                    reverses_id=entry_id)
        audit(session, actor=actor, at=at, row=balance, action="reverse",
              changes={"entry": [None, entry_id], "reason": [None, reason.strip()]})
        return row_id(undo)

