"""The donations' figures as of a past moment, on both databases, count what was true then: an offer
declined later was live, quantities accepted later were not yet accepted, an allocation cancelled
later was allocated, a receipt posted later (dated earlier) was not received, and a certificate
issued later was still owed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.services.allocations import cancel_allocation
from models.services.certificates import certificates_owed, issue_certificate
from models.services.donation_figures import donation_figures
from models.services.donation_offers import decline_donation
from tests.unit.alloc_world import AllocWorld
from tests.unit.donation_world import DonationWorld


@pytest.fixture
def gifts(session, coordinator, frozen_clock) -> DonationWorld:
    return DonationWorld(AllocWorld(session=session, actor=coordinator))


def test_what_changed_later_is_counted_as_it_stood(gifts: DonationWorld, frozen_clock) -> None:
    world = gifts.world
    named = gifts.donation()
    gifts.accept(named)
    n95 = gifts.lines(named)[1]
    gifts.receive(named, n95.id, 6_000, lot="DN-1")
    request, lines = world.request({"MASK-N95": 3_000})
    order = world.issue(request, {lines["MASK-N95"]: 3_000})
    later_declined, later_accepted = gifts.donation(), gifts.donation()
    moment = frozen_clock.moment + timedelta(minutes=30)
    gifts.session.rollback()
    then = donation_figures(gifts.session, now=moment)
    assert (then.offers, then.accepted, then.allocated, then.received, then.certificates_owed) == (
        3, 10_000, 3_000, 6_000, 1)

    frozen_clock.advance(hours=1)  # after the moment: a decline, a vetting, a cancellation, a late receipt
    decline_donation(gifts.session, actor=gifts.actor, donation_id=later_declined,
                     version=gifts.version(later_declined), reason="规格不符")
    gifts.accept(later_accepted)
    cancel_allocation(gifts.session, actor=gifts.actor, order_id=order, version=world.order(order).version,
                      reason="改派")
    from models.services.donation_receipts import DonationReceiptLineIn, receive_donation

    receive_donation(gifts.session, actor=gifts.actor, donation_id=named, site_id=world.warehouse, voucher_no="V-late",
                     lines=[DonationReceiptLineIn(n95.id, "DN-2", 1_000)], received_at=moment - timedelta(minutes=10))
    issue_certificate(gifts.session, actor=gifts.actor, donation_id=named)
    gifts.session.rollback()

    again = donation_figures(gifts.session, now=moment)
    assert (again.offers, again.pledged, again.accepted, again.allocated, again.received, again.receipts,
            again.certificates_owed) == (then.offers, then.pledged, then.accepted, then.allocated, then.received,
                                         then.receipts, then.certificates_owed)
    assert certificates_owed(gifts.session, as_of=moment) == 1
    now = donation_figures(gifts.session)
    assert (now.offers, now.accepted, now.allocated, now.received, now.certificates_owed) == (
        2, 20_000, 0, 7_000, 0)
