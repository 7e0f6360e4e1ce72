"""Publication (公示): numbered batches (GS-…) of what was received and what was signed for.

Each batch takes what no batch has published yet, from the ledger's documents: every posted receipt
line of a donated lot (donor, item, spec and standard, quantity, received date, directed or not, the
named recipient), and every signed delivery line of one (the recipient and the quantity it signed
for). The rows are copied as text and numbered in the batch; no command changes a published row.
A correction (更正) is its own record — the row, the field, what it said, what it should say, and
why — published with the next batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from models import clock, validation
from models.allocation import AllocationOrder
from models.delivery import Dispatch, DispatchLine, DispatchStatus
from models.donations import Donation, DonationLine, PublicationBatch, PublicationRow
from models.errors import NotFoundError, TransitionError, ValidationError
from models.lots import Lot
from models.publication_corrections import PublicationCorrection
from models.receipts import Receipt, ReceiptLine, ReceiptSource, ReceiptStatus
from models.reference import CatalogueItem
from models.services.common import Actor, create_row, require_coordinator, row_id, write_transaction
from models.services.documents import insert_numbered
from models.services.numbering import PUBLICATION
from models.sites import Site

RECEIPT, DELIVERY = "receipt", "delivery"
#: the fields of a published row a correction may name
CORRECTABLE = ("donor", "item", "spec", "quantity", "recipients", "received_on")


@dataclass(frozen=True)
class Pending:
    """A row as it would be published."""

    source_kind: str
    source_id: int
    donation_id: int
    donation_no: str
    donor: str  # "" for an anonymous donor
    item: str
    spec: str
    quantity: int
    received_on: date
    directed: bool
    recipients: str


def _spec(line: DonationLine) -> str:
    return " ".join(part for part in (line.spec, line.standard) if part)


def pending_rows(session: Session) -> list[Pending]:
    """What the next batch would publish, in donation and document order."""
    done_receipts = select(PublicationRow.source_id).where(PublicationRow.source_kind == RECEIPT)
    done_deliveries = select(PublicationRow.source_id).where(PublicationRow.source_kind == DELIVERY)
    rows: list[Pending] = []
    received = session.execute(
        sa_select(ReceiptLine, Receipt, DonationLine, Donation, CatalogueItem)
        .join(Receipt, col(Receipt.id) == ReceiptLine.receipt_id)
        .join(Lot, col(Lot.id) == ReceiptLine.lot_id)
        .join(DonationLine, col(DonationLine.id) == Lot.donation_line_id)
        .join(Donation, col(Donation.id) == DonationLine.donation_id)
        .join(CatalogueItem, col(CatalogueItem.id) == DonationLine.item_id)
        .where(Receipt.status == ReceiptStatus.POSTED, Receipt.source == ReceiptSource.DONATION,
               ReceiptLine.accepted > 0, col(ReceiptLine.id).not_in(done_receipts))
        .order_by(col(ReceiptLine.id))).all()
    for line, receipt, gift, donation, item in received:
        recipient = session.get(Site, donation.recipient_site_id) if donation.recipient_site_id else None
        rows.append(Pending(RECEIPT, row_id(line), row_id(donation), donation.number, donation.donor_name or "",
                            item.name, _spec(gift), line.accepted, (receipt.received_at or receipt.created_at
                                                                    or clock.now()).date(),
                            donation.directed, recipient.name if recipient else ""))
    delivered = session.execute(
        sa_select(DispatchLine, Lot, DonationLine, Donation, CatalogueItem, Site)
        .select_from(DispatchLine)
        .join(Dispatch, col(Dispatch.id) == DispatchLine.dispatch_id)
        .join(AllocationOrder, col(AllocationOrder.id) == Dispatch.order_id)
        .join(Site, col(Site.id) == AllocationOrder.to_site_id)
        .join(Lot, col(Lot.id) == DispatchLine.lot_id)
        .join(DonationLine, col(DonationLine.id) == Lot.donation_line_id)
        .join(Donation, col(Donation.id) == DonationLine.donation_id)
        .join(CatalogueItem, col(CatalogueItem.id) == DonationLine.item_id)
        .where(Dispatch.status == DispatchStatus.SIGNED, col(DispatchLine.accepted) > 0,
               col(DispatchLine.id).not_in(done_deliveries))
        .order_by(col(DispatchLine.id))).all()
    for dline, lot, gift, donation, item, site in delivered:
        rows.append(Pending(DELIVERY, row_id(dline), row_id(donation), donation.number, donation.donor_name or "",
                            item.name, _spec(gift), dline.accepted or 0, lot.created_at.date(), donation.directed,
                            f"{site.name} {dline.accepted}"))
    rows.sort(key=lambda row: (row.donation_no, row.source_kind != RECEIPT, row.source_id))
    return rows


def pending_corrections(session: Session) -> list[PublicationCorrection]:
    return list(session.exec(select(PublicationCorrection).where(col(PublicationCorrection.batch_id).is_(None))
                             .order_by(col(PublicationCorrection.id))).all())


def publish_batch(session: Session, *, actor: Actor, at: datetime | None = None) -> int:
    """Publish everything not yet published, and the corrections recorded since the last batch, as
    the next numbered batch; its id. Refused when there is nothing to publish."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        rows = pending_rows(session)
        corrections = pending_corrections(session)
        if not rows and not corrections:
            raise TransitionError("Nothing new to publish")
        batch = insert_numbered(session, PublicationBatch(number="", published_at=at), actor=actor, at=at,
                                prefix=PUBLICATION)
        for number, row in enumerate(rows, start=1):
            session.add(PublicationRow(
                batch_id=row_id(batch), row_no=number, source_kind=row.source_kind, source_id=row.source_id,
                donation_id=row.donation_id, donor=row.donor[:200], item=row.item[:200], spec=row.spec[:200],
                quantity=row.quantity, received_on=row.received_on, directed=row.directed,
                recipients=row.recipients[:500]))
        for correction in corrections:
            correction.batch_id = row_id(batch)
            session.add(correction)
        session.flush()
        return row_id(batch)


def correct_row(session: Session, *, actor: Actor, row_id_: int, field: str, new_value: str, reason: str,
                at: datetime | None = None) -> int:
    """Record a correction (更正) of a published row; it is published with the next batch. Its id."""
    require_coordinator(actor)
    at = at or clock.now()
    if field not in CORRECTABLE:
        raise ValidationError("field", "Pick the column to correct")
    new = validation.text(new_value, field="new_value", required=True, max_len=500)
    why = validation.text(reason, field="reason", required=True, max_len=500)
    with write_transaction(session):
        row = session.get(PublicationRow, row_id_)
        if row is None:
            raise NotFoundError("No {table} with id {id}", table="publicationrow", id=row_id_)
        old = current_value(session, row, field)
        if new == old:
            raise ValidationError("new_value", "The correction says what the row said")
        correction = create_row(session, PublicationCorrection(row_id=row_id_, field=field, old_value=old,
                                                               new_value=new, reason=why), actor=actor, at=at)
        return row_id(correction)


def current_value(session: Session, row: PublicationRow, field: str) -> str:
    """What the row says in ``field`` now: as published, or as its last correction says."""
    last = session.exec(select(PublicationCorrection.new_value).where(
        PublicationCorrection.row_id == row.id, PublicationCorrection.field == field)
        .order_by(col(PublicationCorrection.id).desc()).limit(1)).first()
    if last is not None:
        return last
    value = getattr(row, field)
    return value.isoformat() if isinstance(value, date) else str(value)
