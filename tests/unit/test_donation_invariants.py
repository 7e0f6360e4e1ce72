"""Property tests: whatever is received, allocated, delivered, published, corrected and redirected,
in whatever order, a published row never changes, and a directed gift's lots are reserved only for
its recipient or a site its donor agreed to."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from models.allocation import AllocationLine, AllocationOrder, AllocationPick
from models.errors import ServiceError
from models.lots import Lot
from models.services.donation_direction import allowed_sites, redirect_donation
from models.services.donation_offers import DonationLineIn
from models.services.publication import correct_row, publish_batch
from models.sites import SiteKind
from tests.unit.alloc_world import AllocWorld
from tests.unit.donation_world import DonationWorld

STEP = st.one_of(
    st.tuples(st.just("receive"), st.integers(0, 1), st.integers(1, 400), st.booleans()),
    st.tuples(st.just("issue"), st.booleans(), st.integers(1, 300)),
    st.tuples(st.just("deliver")),
    st.tuples(st.just("publish")),
    st.tuples(st.just("correct"), st.integers(0, 20), st.integers(1, 999)),
    st.tuples(st.just("redirect")),
)
SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def gifts(session, coordinator, frozen_clock) -> DonationWorld:
    return DonationWorld(AllocWorld(session=session, actor=coordinator))


@SETTINGS
@given(steps=st.lists(STEP, min_size=3, max_size=12))
def test_published_rows_never_change_and_directed_lots_stay_in_their_direction(gifts: DonationWorld,
                                                                               steps: list[tuple]) -> None:
    world = gifts.world
    items = world.items
    n = len(gifts.published())  # examples share the database: each plays its own donations and sites
    hospital = world.site(SiteKind.HOSPITAL, "定点医院", designated=True)
    unit = world.site(SiteKind.UNIT, "社区")
    warehouse = world.site(SiteKind.WAREHOUSE, "库")  # this example's stock only
    directed = gifts.donation(to=hospital, lines=[DonationLineIn(items["SUIT"], 5_000, "", "GB 19082")])
    free = gifts.donation(directed=False, lines=[DonationLineIn(items["SUIT"], 5_000, "", "GB 19082")])
    for donation_id in (directed, free):
        gifts.accept(donation_id)
    line_of = {0: gifts.lines(directed)[0].id, 1: gifts.lines(free)[0].id}
    donation_of = {0: directed, 1: free}
    seen: dict[int, object] = {row.id: row for row in gifts.published()}
    orders: list[int] = []
    for k, step in enumerate(steps):
        try:
            if step[0] == "receive":
                _, which, quantity, second = step
                gifts.receive(donation_of[which], line_of[which], quantity, lot=f"P{directed}-{which}-{k}",
                              site=gifts.second if second else warehouse)
            elif step[0] == "issue":
                _, to_hospital, quantity = step
                request, lines = world.request({"SUIT": quantity}, site=hospital if to_hospital else unit)
                orders.append(world.issue(request, {lines["SUIT"]: quantity}, site=warehouse))
            elif step[0] == "deliver" and orders:
                gifts.deliver(orders.pop(0))
            elif step[0] == "publish":
                publish_batch(gifts.session, actor=gifts.actor)
            elif step[0] == "correct":
                rows = gifts.published()[n:]
                if rows:
                    row = rows[step[1] % len(rows)]
                    correct_row(gifts.session, actor=gifts.actor, row_id_=row.id, field="quantity",
                                new_value=str(step[2]), reason="复核")
            elif step[0] == "redirect":
                redirect_donation(gifts.session, actor=gifts.actor, donation_id=directed, to_site_id=unit,
                                  consent="捐赠人同意")
        except ServiceError:
            pass
        for row in gifts.published():
            assert seen.setdefault(row.id, row) == row
        gifts.session.rollback()
        allowed = allowed_sites(gifts.session, [directed])[directed]
        picks = gifts.session.exec(
            select(AllocationOrder.to_site_id).join(AllocationLine, col(AllocationLine.order_id) == AllocationOrder.id)
            .join(AllocationPick, col(AllocationPick.line_id) == AllocationLine.id)
            .join(Lot, col(Lot.id) == AllocationPick.lot_id).where(Lot.donation_line_id == line_of[0])).all()
        gifts.session.rollback()
        assert allowed is not None and set(picks) <= allowed

