"""Donor certificates (捐赠证书, ZS-…): one per donation, numbered, once its goods have come in.

An anonymous donor has no name to put on a certificate and is owed none; a declined offer or one
nothing of which was received gets none either.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, func, or_, select

from models import clock
from models.donations import Donation, DonationCertificate, DonationLine, DonationStatus
from models.errors import TransitionError
from models.lots import Lot
from models.receipts import Receipt, ReceiptLine, ReceiptSource, ReceiptStatus
from models.services.common import Actor, get_for_update, require_coordinator, write_transaction
from models.services.documents import insert_numbered
from models.services.numbering import CERTIFICATE


def issue_certificate(session: Session, *, actor: Actor, donation_id: int, at: datetime | None = None) -> str:
    """Number and record the donor's certificate; its number."""
    # here, not at the top: the figures' ``certificates_owed`` (the dashboard) need none of the receiving
    from models.services.donation_receipts import received

    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        donation = get_for_update(session, Donation, donation_id)
        if donation.status != DonationStatus.ACCEPTED:
            raise TransitionError("Only an accepted donation earns a certificate")
        if donation.anonymous:
            raise TransitionError("An anonymous donor gets no certificate")
        lines = session.exec(select(DonationLine.id).where(DonationLine.donation_id == donation_id)).all()
        if not sum(received(session, [int(i) for i in lines if i is not None]).values()):
            raise TransitionError("Nothing of this donation has been received yet")
        if session.exec(select(DonationCertificate.id).where(DonationCertificate.donation_id == donation_id)).first():
            raise TransitionError("This donation has its certificate already")
        certificate = insert_numbered(session, DonationCertificate(number="", donation_id=donation_id, issued_at=at),
                                      actor=actor, at=at, prefix=CERTIFICATE)
        return certificate.number


def certificates_owed(session: Session, *, as_of: datetime | None = None) -> int:
    """Accepted donations of named donors, something received, and no certificate yet; ``as_of``: as
    it stood then (accepted by its ``vetted_at``, received by then on receipts posted by then, no
    certificate issued by then). Whether a donor is anonymous is read as it is now."""
    got = (select(DonationLine.donation_id).join(Lot, col(Lot.donation_line_id) == DonationLine.id)
           .join(ReceiptLine, col(ReceiptLine.lot_id) == Lot.id)
           .join(Receipt, col(Receipt.id) == ReceiptLine.receipt_id)
           .where(Receipt.status == ReceiptStatus.POSTED, Receipt.source == ReceiptSource.DONATION))
    issued = select(DonationCertificate.donation_id)
    accepted = [Donation.status == DonationStatus.ACCEPTED]
    if as_of is not None:
        got = got.where(col(Receipt.received_at) <= as_of,
                        or_(col(Receipt.posted_at).is_(None), col(Receipt.posted_at) <= as_of))
        issued = issued.where(DonationCertificate.issued_at <= as_of)
        accepted.append(or_(col(Donation.vetted_at).is_(None), col(Donation.vetted_at) <= as_of))
    total = session.exec(select(func.count()).select_from(Donation).where(
        *accepted, col(Donation.anonymous).is_(False), col(Donation.id).in_(got),
        col(Donation.id).not_in(issued))).one()
    return int(total)



