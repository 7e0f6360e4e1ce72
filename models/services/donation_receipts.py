"""Receiving donated goods: through the stock's receipts, the donor kept on the lot.

A receipt of source ``donation`` names the offer (``source_ref``, its number); it is written and
posted by ``models.services.receipts.create_receipt`` (the one way goods come in), inside this
command's transaction, and each lot it made or added to is given the donation line it came from
(``Lot.donation_line_id``). A donation may come in over several receipts, into several warehouses,
never more than was accepted. A lot number already in the books for other goods is refused: a
donated lot keeps its own number, so its donor and direction are never mixed with other stock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, func, select

from models import clock
from models.donations import Donation, DonationLine, DonationStatus
from models.errors import TransitionError, ValidationError
from models.lots import Lot
from models.receipts import Receipt, ReceiptLine, ReceiptSource, ReceiptStatus
from models.services.common import (
    Actor,
    commands_inside,
    get_for_update,
    require_coordinator,
    row_id,
    update_row,
    write_transaction,
)
from models.services.documents import positive_quantity
from models.services.receipts import ReceiptLineIn, create_receipt


@dataclass(frozen=True)
class DonationReceiptLineIn:
    """What of a donation line came in: its lot, quantity, expiry; ``quarantine`` to hold it."""

    line_id: int
    lot_code: str
    quantity: int
    expiry: date | None = None
    quarantine: bool = False


def received(session: Session, line_ids: Sequence[int]) -> dict[int, int]:
    """What has been received of each donation line (posted receipts of its lots)."""
    if not line_ids:
        return {}
    rows = session.exec(
        select(Lot.donation_line_id, func.sum(ReceiptLine.accepted))
        .join(ReceiptLine, col(ReceiptLine.lot_id) == Lot.id)
        .join(Receipt, col(Receipt.id) == ReceiptLine.receipt_id)
        .where(col(Lot.donation_line_id).in_(list(line_ids)), Receipt.status == ReceiptStatus.POSTED,
               Receipt.source == ReceiptSource.DONATION)
        .group_by(Lot.donation_line_id)).all()
    return {int(line): int(total or 0) for line, total in rows if line is not None}


def receive_donation(
    session: Session, *, actor: Actor, donation_id: int, site_id: int, voucher_no: str,
    lines: Sequence[DonationReceiptLineIn], received_by: str | None = None, received_at: datetime | None = None,
    at: datetime | None = None,
) -> int:
    """Receive (part of) an accepted donation into a warehouse; the receipt's id."""
    require_coordinator(actor)
    at = at or clock.now()
    if not lines:
        raise ValidationError("lines", "Receive at least one line")
    with write_transaction(session):
        donation = get_for_update(session, Donation, donation_id)
        if donation.status != DonationStatus.ACCEPTED:
            raise TransitionError("Only an accepted donation is received")
        own = {row_id(line): line for line in session.exec(
            select(DonationLine).where(DonationLine.donation_id == donation_id)).all()}
        done = received(session, list(own))
        wanted: dict[int, int] = {}
        for number, line in enumerate(lines, start=1):
            if line.line_id not in own:
                raise ValidationError("lines", "Line {line}: not a line of this donation", line=number)
            wanted[line.line_id] = wanted.get(line.line_id, 0) + positive_quantity(line.quantity, field="lines")
            _check_lot(session, number, own[line.line_id], line.lot_code)
        for line_id, quantity in wanted.items():
            left = (own[line_id].accepted or 0) - done.get(line_id, 0)
            if quantity > left:
                raise ValidationError("lines", "At most the {left} accepted and not yet received", left=left)
        with commands_inside(session, source=donation.number):
            receipt_id = create_receipt(
                session, actor=actor, site_id=site_id, source=ReceiptSource.DONATION.value, voucher_no=voucher_no,
                source_ref=donation.number, received_by=received_by, received_at=received_at, at=at,
                lines=[ReceiptLineIn(item_id=own[line.line_id].item_id, lot_code=line.lot_code, accepted=line.quantity,
                                     expiry=line.expiry, maker_name=donation.donor_name,
                                     grade=own[line.line_id].grade, quarantine=line.quarantine) for line in lines])
        for line, posted in zip(lines, session.exec(select(ReceiptLine).where(ReceiptLine.receipt_id == receipt_id)
                                                    .order_by(col(ReceiptLine.id))).all(), strict=True):
            lot = session.get(Lot, posted.lot_id)
            assert lot is not None  # a posted line names its lot
            lot.donation_line_id = line.line_id
            session.add(lot)
        update_row(session, donation, {}, actor=actor, at=at, action="receive", always=True)
        session.flush()
        return receipt_id


def _check_lot(session: Session, number: int, line: DonationLine, code: str) -> None:
    """A lot number already used for other goods of the item is refused."""
    lot = session.exec(select(Lot).where(Lot.item_id == line.item_id, Lot.code == code.strip())).first()
    if lot is not None and lot.donation_line_id != line.id:
        raise ValidationError("lines", "Line {line}: lot {lot} is in the books already for other goods; give the "
                              "donated lot its own number", line=number, lot=code.strip())
