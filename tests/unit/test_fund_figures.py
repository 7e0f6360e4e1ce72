"""The funds' figures of a period (dashboard and brief) on both databases, the brief's funds section,
and the demo's funds: every invariant holds and the capacity grant waits for approval."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from models.funds import FundRequest, FundSource
from models.services.brief import brief
from models.services.disbursements import disburse, reverse_disbursement
from models.services.fund_figures import fund_figures
from tests.unit.fund_world import WAN, FundWorld


@pytest.fixture
def world(session, coordinator, enterprise, frozen_clock) -> FundWorld:
    return FundWorld(session=session, actor=coordinator, enterprise_id=enterprise.id)


def test_the_periods_approvals_payments_and_the_pending_requests(world: FundWorld, frozen_clock) -> None:
    source = world.source(100 * WAN)
    first, second = world.request(50 * WAN), world.request(30 * WAN)
    world.request(10 * WAN)  # waits for approval
    frozen_clock.advance(hours=1)
    world.approve(first, 50 * WAN, source)
    world.approve(second, 20 * WAN, source, reason="部分")
    entry = disburse(world.session, actor=world.actor, request_id=first, version=world.req(first).version,
                     amount=50 * WAN, voucher_no="PZ-1")
    disburse(world.session, actor=world.actor, request_id=second, version=world.req(second).version,
             amount=5 * WAN, voucher_no="PZ-2")
    reverse_disbursement(world.session, actor=world.actor, disbursement_id=entry, voucher_no="PZ-1H", reason="错账")
    now = frozen_clock.moment
    figures = fund_figures(world.session, since=now - timedelta(hours=24), until=now)
    assert (figures.approved, figures.approved_requests) == (70 * WAN, 2)
    assert (figures.paid, figures.payments) == (5 * WAN, 3)
    assert (figures.pending, figures.to_pay) == (1, 2)
    (row,) = figures.by_source
    assert (row.available, row.approved, row.paid) == (100 * WAN, 70 * WAN, 5 * WAN)
    # before the approvals, nothing was approved or paid and all three waited
    earlier = fund_figures(world.session, since=now - timedelta(hours=24), until=now - timedelta(minutes=30))
    assert (earlier.approved, earlier.paid, earlier.pending, earlier.by_source[0].approved) == (0, 0, 3, 0)


def test_the_brief_has_a_funds_section_with_a_table_per_source(world: FundWorld, frozen_clock) -> None:
    from tui.brief.render import TABLES, sections
    from tui.i18n import set_language

    source = world.source(100 * WAN)
    world.approve(world.request(50 * WAN), 50 * WAN, source)
    report = brief(world.session, as_of=frozen_clock.moment)
    set_language("zh")
    sections = {heading: (sentences, table) for heading, sentences, table in sections(report)}
    sentences, table = sections["十一、资金"]
    assert "批准 50" in sentences[0] and table == "funds"
    _, _, rows = TABLES["funds"][0](report)
    assert rows == [["市级专项资金", "100", "50", "0", "50", "50", "0"]]


def test_the_demo_funds_keep_every_invariant(db, session, coordinator, frozen_clock) -> None:
    from models.demo import load_demo

    summary = load_demo(db, actor=coordinator, today=frozen_clock.today())
    assert summary.fund_requests == 3
    session.rollback()
    requests = session.exec(select(FundRequest)).all()
    for r in requests:
        assert 0 <= r.disbursed <= (r.approved or 0) <= r.requested
    for s in session.exec(select(FundSource)).all():
        assert s.approved == sum(r.approved or 0 for r in requests if r.source_id == s.id) <= s.available
    capacity = next(r for r in requests if r.purpose == "capacity")
    assert capacity.status == "submitted" and capacity.shortage_id is not None
