"""The donations' figures: pledged, accepted, received (receipts and pieces), allocated, delivered,
published; what was received and not published within ``rules.PUBLISH_WITHIN_DAYS``; certificates owed;
and today's movements with the next publication due (the dashboard and the brief read these).

As of ``now`` (a brief of a past moment), what was true then where the tables keep its time:
offers made by then; an offer counts as declined, and its lines' accepted quantities count, only
from its decision (``vetted_at``: the vetting sets them once); receipts received and posted by then
(``received_at``, ``posted_at``); allocation orders issued by then, and one cancelled later counts
(its cancellation is in the audit log); deliveries signed by then; batches published by then, with
their rows as published (a later correction is a record of its own); certificates owed as they
stood (``certificates.certificates_owed``: issued by ``issued_at``).

What cannot be rebuilt, read as it is now: whether a donor is anonymous (a certificate is owed
only to a named one), the quantities counted on a signed delivery and on a posted receipt's lines
(the tables keep no time of a change to them), and rows loaded in bulk without a time (they count
as made, decided and posted).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session, col

from models import clock
from models.allocation import AllocationLine, AllocationOrder, AllocationPick, AllocationStatus
from models.dashboard_view import DonationFigures
from models.delivery import Dispatch, DispatchLine, DispatchStatus
from models.donations import Donation, DonationLine, DonationStatus, PublicationBatch, PublicationRow
from models.lots import Lot
from models.receipts import Receipt, ReceiptLine, ReceiptSource, ReceiptStatus
from models.rules import PUBLISH_WITHIN_DAYS
from models.services import as_of as then
from models.services.certificates import certificates_owed


def _donated_receipt_lines(now: datetime) -> Any:  # the lines of posted receipts of donated lots, by ``now``
    return (select(ReceiptLine.id, ReceiptLine.accepted, col(Receipt.id).label("receipt"), Receipt.received_at)
            .join(Receipt, col(Receipt.id) == ReceiptLine.receipt_id)
            .join(Lot, col(Lot.id) == ReceiptLine.lot_id)
            .where(col(Lot.donation_line_id).is_not(None), Receipt.status == ReceiptStatus.POSTED,
                   Receipt.source == ReceiptSource.DONATION, ReceiptLine.accepted > 0,
                   col(Receipt.received_at) <= now,
                   or_(col(Receipt.posted_at).is_(None), col(Receipt.posted_at) <= now)))


def _cancelled_after(session: Session, now: datetime) -> list[int]:
    """Allocation orders cancelled after ``now`` (live then): their status then, from the audit log."""
    return [oid for oid, values in then.rewound(session, AllocationOrder, now, ("status",)).items()
            if values.get("status", AllocationStatus.CANCELLED.value) != AllocationStatus.CANCELLED.value]


def donation_figures(session: Session, *, now: datetime | None = None) -> DonationFigures:
    now = now or clock.now()
    start = datetime.combine(now.date(), datetime.min.time())
    # decided by then (a decision without a time: always); declined by then: declined and decided
    decided = or_(col(Donation.vetted_at).is_(None), col(Donation.vetted_at) <= now)
    live = ~and_(col(Donation.status) == DonationStatus.DECLINED.value, decided)
    offers, pledged, accepted = session.execute(
        select(func.count(func.distinct(Donation.id)), func.coalesce(func.sum(DonationLine.offered), 0),
               func.coalesce(func.sum(case((decided, DonationLine.accepted), else_=0)), 0))
        .join(DonationLine, col(DonationLine.donation_id) == Donation.id).where(live, Donation.offered_at <= now)).one()
    lines = session.execute(_donated_receipt_lines(now)).all()
    batches = select(PublicationBatch.id).where(PublicationBatch.published_at <= now)
    published = set(session.execute(select(PublicationRow.source_id).where(
        PublicationRow.source_kind == "receipt", col(PublicationRow.batch_id).in_(batches))).scalars())
    unpublished = [line for line in lines if line.id not in published]
    late_before = now - timedelta(days=PUBLISH_WITHIN_DAYS)
    oldest = min((line.received_at for line in unpublished if line.received_at), default=None)
    allocated_q = (select(func.coalesce(func.sum(AllocationPick.quantity), 0))
                   .join(Lot, col(Lot.id) == AllocationPick.lot_id)
                   .join(AllocationLine, col(AllocationLine.id) == AllocationPick.line_id)
                   .join(AllocationOrder, col(AllocationOrder.id) == AllocationLine.order_id)
                   .where(col(Lot.donation_line_id).is_not(None),
                          or_(AllocationOrder.status != AllocationStatus.CANCELLED.value,
                              col(AllocationOrder.id).in_(_cancelled_after(session, now))),
                          AllocationOrder.issued_at <= now))
    delivered = session.execute(
        select(func.coalesce(func.sum(DispatchLine.accepted), 0)).join(Lot, col(Lot.id) == DispatchLine.lot_id)
        .join(Dispatch, col(Dispatch.id) == DispatchLine.dispatch_id)
        .where(col(Lot.donation_line_id).is_not(None), Dispatch.status == DispatchStatus.SIGNED.value,
               col(Dispatch.signed_at) <= now)).scalar_one()
    _, pieces = session.execute(select(func.count(), func.coalesce(func.sum(
        func.coalesce(PublicationRow.quantity, 0)), 0)).where(PublicationRow.source_kind == "receipt",
                                                               col(PublicationRow.batch_id).in_(batches))).one()
    all_rows = session.execute(select(func.count()).select_from(PublicationRow)
                               .where(col(PublicationRow.batch_id).in_(batches))).scalar_one()
    today_rows = session.execute(select(func.count()).select_from(PublicationRow)
                                 .join(PublicationBatch, col(PublicationBatch.id) == PublicationRow.batch_id)
                                 .where(PublicationBatch.published_at >= start,
                                        PublicationBatch.published_at <= now)).scalar_one()
    return DonationFigures(
        offers=int(offers), pledged=int(pledged), accepted=int(accepted),
        receipts=len({line.receipt for line in lines}),
        received=sum(line.accepted for line in lines),
        allocated=int(session.execute(allocated_q).scalar_one()), delivered=int(delivered),
        published_rows=int(all_rows), published=int(pieces),
        unpublished_late=sum(1 for line in unpublished if line.received_at and line.received_at < late_before),
        certificates_owed=certificates_owed(session, as_of=now),
        received_today=sum(line.accepted for line in lines if line.received_at and line.received_at >= start),
        allocated_today=int(session.execute(allocated_q.where(AllocationOrder.issued_at >= start)).scalar_one()),
        published_today=int(today_rows),
        next_publication_due=(oldest + timedelta(days=PUBLISH_WITHIN_DAYS)).date() if oldest else None)
