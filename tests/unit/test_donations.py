"""Donations: vetting against the catalogue's grade, receipts split across warehouses with the donor
on the lot, allocation within the donor's direction, publication, corrections and certificates."""

from __future__ import annotations

import pytest

from models.donations import Donation, DonationStatus
from models.errors import TransitionError, ValidationError
from models.lots import Lot
from models.publication_corrections import PublicationCorrection
from models.services.certificates import certificates_owed, issue_certificate
from models.services.donation_direction import redirect_donation
from models.services.donation_offers import decline_donation
from models.services.donation_vetting import BELOW_GRADE, grade_of
from models.services.publication import correct_row, current_value, publish_batch
from tests.unit.alloc_world import AllocWorld
from tests.unit.donation_world import DonationWorld


@pytest.fixture
def gifts(session, coordinator, frozen_clock) -> DonationWorld:
    return DonationWorld(AllocWorld(session=session, actor=coordinator))


def test_standards_are_read_as_grades() -> None:
    assert grade_of("GB 2626-2006 KN95") == "non_medical"
    assert grade_of("gb19083-2010") == "medical_protective"
    assert grade_of("YY 0469") == "surgical"
    assert grade_of("") is None


def test_vetting_refuses_the_kn95_line_for_medical_protective_use(gifts: DonationWorld) -> None:
    donation_id = gifts.donation()
    refusals = gifts.accept(donation_id)
    kn95, n95 = gifts.lines(donation_id)
    assert refusals == {kn95.id: BELOW_GRADE}
    assert (kn95.accepted, kn95.refusal) == (0, BELOW_GRADE)
    assert (n95.accepted, n95.refusal) == (10_000, None)
    donation = gifts.world.get(Donation, donation_id)
    assert donation.status == DonationStatus.ACCEPTED and donation.number.startswith("JZ-20200203-")


def test_an_offer_of_only_kn95_is_declined(gifts: DonationWorld) -> None:
    from models.services.donation_offers import DonationLineIn

    donation_id = gifts.donation(lines=[DonationLineIn(gifts.world.items["MASK-N95"], 5_000, "KN95", "GB 2626")])
    gifts.accept(donation_id)
    assert gifts.world.get(Donation, donation_id).status == DonationStatus.DECLINED
    with pytest.raises(TransitionError):
        decline_donation(gifts.session, actor=gifts.actor, donation_id=donation_id,
                         version=gifts.version(donation_id), reason="重复")


def test_one_donation_is_received_over_two_receipts_and_warehouses(gifts: DonationWorld) -> None:
    donation_id = gifts.donation()
    gifts.accept(donation_id)
    _, n95 = gifts.lines(donation_id)
    gifts.receive(donation_id, n95.id, 6_000, lot="DN-1")
    gifts.receive(donation_id, n95.id, 4_000, lot="DN-1", site=gifts.second)
    lots = gifts.world.rows(__import__("sqlmodel").select(Lot).where(Lot.donation_line_id == n95.id))
    assert [lot.code for lot in lots] == ["DN-1"]
    assert gifts.world.balance(lots[0].id).on_hand == 6_000
    assert gifts.world.balance(lots[0].id, site=gifts.second).on_hand == 4_000
    with pytest.raises(ValidationError, match="not yet received"):
        gifts.receive(donation_id, n95.id, 1, lot="DN-2")


def test_the_refused_line_and_a_lot_of_other_goods_cannot_be_received(gifts: DonationWorld) -> None:
    gifts.world.stock("MASK-N95", "OLD-1", 100)
    donation_id = gifts.donation()
    gifts.accept(donation_id)
    kn95, n95 = gifts.lines(donation_id)
    with pytest.raises(ValidationError):
        gifts.receive(donation_id, kn95.id, 1, lot="K-1")
    with pytest.raises(ValidationError, match="its own number"):
        gifts.receive(donation_id, n95.id, 10, lot="OLD-1")


def test_a_directed_gift_goes_only_to_its_recipient_unless_the_donor_consents(gifts: DonationWorld) -> None:
    world = gifts.world
    donation_id = gifts.donation()
    gifts.accept(donation_id)
    _, n95 = gifts.lines(donation_id)
    gifts.receive(donation_id, n95.id, 10_000, lot="DN-1")
    unit_request, unit_lines = world.request({"MASK-N95": 100}, site=world.unit)
    with pytest.raises(ValidationError, match="directed gift for another recipient"):
        world.issue(unit_request, {unit_lines["MASK-N95"]: 100})
    hospital_request, lines = world.request({"MASK-N95": 3_000})
    order_id = world.issue(hospital_request, {lines["MASK-N95"]: 3_000})
    assert world.order(order_id).to_site_id == world.hospital
    with pytest.raises(ValidationError):
        redirect_donation(gifts.session, actor=gifts.actor, donation_id=donation_id, to_site_id=world.unit,
                          consent=" ")
    redirect_donation(gifts.session, actor=gifts.actor, donation_id=donation_id, to_site_id=world.unit,
                      consent="捐赠人2月4日来函同意")
    assert world.issue(unit_request, {unit_lines["MASK-N95"]: 100})


def test_an_undirected_gift_goes_anywhere(gifts: DonationWorld) -> None:
    world = gifts.world
    donation_id = gifts.donation(directed=False)
    gifts.accept(donation_id)
    _, n95 = gifts.lines(donation_id)
    gifts.receive(donation_id, n95.id, 500, lot="DN-9")
    request, lines = world.request({"MASK-N95": 100}, site=world.unit)
    assert world.issue(request, {lines["MASK-N95"]: 100})


def test_publication_rows_are_numbered_and_a_correction_is_its_own_record(gifts: DonationWorld) -> None:
    world = gifts.world
    donation_id = gifts.donation()
    gifts.accept(donation_id)
    _, n95 = gifts.lines(donation_id)
    gifts.receive(donation_id, n95.id, 6_000, lot="DN-1")
    gifts.receive(donation_id, n95.id, 4_000, lot="DN-1", site=gifts.second)
    request, lines = world.request({"MASK-N95": 3_000})
    gifts.deliver(world.issue(request, {lines["MASK-N95"]: 3_000}))
    first = publish_batch(gifts.session, actor=gifts.actor)
    rows = gifts.published()
    assert [(r.row_no, r.source_kind, r.quantity) for r in rows] == [
        (1, "receipt", 6_000), (2, "receipt", 4_000), (3, "delivery", 3_000)]
    assert rows[0].donor == "旅德华侨联合会" and rows[0].directed and rows[0].spec == "1860 GB 19083-2010"
    assert rows[2].recipients.endswith(" 3000")
    with pytest.raises(TransitionError, match="Nothing new"):
        publish_batch(gifts.session, actor=gifts.actor)
    with pytest.raises(ValidationError):
        correct_row(gifts.session, actor=gifts.actor, row_id_=rows[0].id, field="quantity", new_value="6000",
                    reason="核对")
    correction = correct_row(gifts.session, actor=gifts.actor, row_id_=rows[0].id, field="quantity",
                             new_value="5000", reason="入库单复核：实收5000")
    second = publish_batch(gifts.session, actor=gifts.actor)
    assert second != first
    fixed = world.get(PublicationCorrection, correction)
    assert (fixed.old_value, fixed.new_value, fixed.batch_id) == ("6000", "5000", second)
    assert gifts.published() == rows  # the published rows never change
    gifts.session.rollback()
    assert current_value(gifts.session, gifts.session.get(type(rows[0]), rows[0].id), "quantity") == "5000"


def test_certificates_are_numbered_once_per_donation_and_owed_until_issued(gifts: DonationWorld) -> None:
    named = gifts.donation()
    anonymous = gifts.donation(anonymous=True)
    for donation_id in (named, anonymous):
        gifts.accept(donation_id)
    with pytest.raises(TransitionError, match="Nothing"):
        issue_certificate(gifts.session, actor=gifts.actor, donation_id=named)
    gifts.receive(named, gifts.lines(named)[1].id, 100, lot="DN-A")
    gifts.receive(anonymous, gifts.lines(anonymous)[1].id, 100, lot="DN-B")
    gifts.session.rollback()
    assert certificates_owed(gifts.session) == 1
    number = issue_certificate(gifts.session, actor=gifts.actor, donation_id=named)
    assert number == "ZS-20200203-001"
    with pytest.raises(TransitionError, match="already"):
        issue_certificate(gifts.session, actor=gifts.actor, donation_id=named)
    with pytest.raises(TransitionError, match="anonymous"):
        issue_certificate(gifts.session, actor=gifts.actor, donation_id=anonymous)
    gifts.session.rollback()
    assert certificates_owed(gifts.session) == 0


def test_figures_follow_the_story(gifts: DonationWorld, frozen_clock) -> None:
    from models.services.donation_figures import donation_figures
    from models.services.donation_views import batch_detail, donation_detail, list_batches, list_donations
    from models.services.paging import PageRequest

    world = gifts.world
    donation_id = gifts.donation()
    gifts.accept(donation_id)
    _, n95 = gifts.lines(donation_id)
    gifts.receive(donation_id, n95.id, 6_000, lot="DN-1")
    gifts.receive(donation_id, n95.id, 4_000, lot="DN-1", site=gifts.second)
    request, lines = world.request({"MASK-N95": 3_000})
    gifts.deliver(world.issue(request, {lines["MASK-N95"]: 3_000}))
    gifts.session.rollback()
    figures = donation_figures(gifts.session)
    assert (figures.offers, figures.pledged, figures.accepted) == (1, 30_000, 10_000)
    assert (figures.receipts, figures.received, figures.allocated, figures.delivered) == (2, 10_000, 3_000, 3_000)
    assert (figures.published_rows, figures.certificates_owed, figures.unpublished_late) == (0, 1, 0)
    assert figures.next_publication_due == frozen_clock.today() + __import__("datetime").timedelta(days=3)
    frozen_clock.advance(days=4)
    assert donation_figures(gifts.session).unpublished_late == 2
    batch = publish_batch(gifts.session, actor=gifts.actor)
    gifts.session.rollback()
    figures = donation_figures(gifts.session)
    assert (figures.published_rows, figures.published, figures.published_today, figures.unpublished_late) == (
        3, 10_000, 3, 0)
    (row,) = list_donations(gifts.session, request=PageRequest(query="华侨")).rows
    assert (row.offered, row.accepted, row.received, row.recipient) == (30_000, 10_000, 10_000, row.recipient)
    detail = donation_detail(gifts.session, donation_id=donation_id)
    assert [line.received for line in detail.lines] == [0, 10_000]
    assert list_batches(gifts.session, request=PageRequest()).rows[0].rows == 3
    assert len(batch_detail(gifts.session, batch_id=batch).rows) == 3


def test_the_brief_has_a_donations_section_once_there_is_a_donation(gifts: DonationWorld, frozen_clock) -> None:
    from models.services.brief import brief
    from tui.brief.render import render_text
    from tui.i18n import set_language

    set_language("en")
    gifts.session.rollback()
    assert "Donations:" not in render_text(brief(gifts.session, as_of=frozen_clock.moment))
    donation_id = gifts.donation()
    gifts.accept(donation_id)
    gifts.receive(donation_id, gifts.lines(donation_id)[1].id, 800, lot="DN-1")
    gifts.session.rollback()
    text = " ".join(render_text(brief(gifts.session, as_of=frozen_clock.moment)).split())
    assert "10. Donations" in text and "today 800 received" in text and "1 donor is owed a certificate" in text


def test_figures_as_of_a_past_moment_leave_out_what_came_later(gifts: DonationWorld, frozen_clock) -> None:
    from models.services.donation_figures import donation_figures

    before = frozen_clock.moment
    frozen_clock.advance(hours=2)
    donation_id = gifts.donation()
    gifts.accept(donation_id)
    gifts.receive(donation_id, gifts.lines(donation_id)[1].id, 800, lot="DN-1")
    publish_batch(gifts.session, actor=gifts.actor)
    gifts.session.rollback()
    then, now = donation_figures(gifts.session, now=before), donation_figures(gifts.session)
    assert (then.offers, then.received, then.published_rows) == (0, 0, 0)
    assert (now.offers, now.received, now.published_rows) == (1, 800, 1)


def test_what_a_warehouse_may_give_a_site_leaves_out_a_directed_gift_to_another(gifts: DonationWorld) -> None:
    from models.services.allocation_detail import available_at

    world = gifts.world
    n95 = world.items["MASK-N95"]
    donation_id = gifts.donation()
    gifts.accept(donation_id)
    gifts.receive(donation_id, gifts.lines(donation_id)[1].id, 700, lot="DN-1")
    world.stock("MASK-N95", "OWN-1", 50)
    gifts.session.rollback()

    def free(site: int | None) -> int:
        return available_at(gifts.session, site_id=world.warehouse, item_ids=[n95], for_site_id=site)[n95]

    assert (free(None), free(world.hospital), free(world.unit)) == (750, 750, 50)
    redirect_donation(gifts.session, actor=gifts.actor, donation_id=donation_id, to_site_id=world.unit,
                      consent="来函同意")
    gifts.session.rollback()
    assert free(world.unit) == 750
