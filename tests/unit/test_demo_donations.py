"""The demo's donations tell their story: one published with its certificate, one received and not yet
published, one overseas offer in vetting whose KN95 line the vetting refuses."""

from __future__ import annotations

from sqlalchemy import select

from models.demo import load_demo
from models.donations import Donation, DonationStatus
from models.services.donation_figures import donation_figures
from models.services.donation_vetting import BELOW_GRADE, vet_donation


def test_the_demo_donations(db, session, coordinator, frozen_clock) -> None:
    load_demo(db, actor=coordinator, today=frozen_clock.today())
    session.rollback()
    figures = donation_figures(session)
    assert (figures.offers, figures.receipts, figures.published_rows, figures.certificates_owed) == (3, 2, 1, 0)
    overseas = session.execute(select(Donation).where(Donation.status == DonationStatus.VETTING)).scalar_one()
    refusals = vet_donation(session, actor=coordinator, donation_id=overseas.id, version=overseas.version)
    assert list(refusals.values()) == [BELOW_GRADE]
