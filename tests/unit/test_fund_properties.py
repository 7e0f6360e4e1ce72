"""Property test: random sequences of approve, pay and reverse over two sources and three requests
keep, after every step (refused or not), disbursed ≤ approved ≤ requested on each request,
Σ approved per source ≤ available, the kept sums equal to the rows they sum, and every payment
reversed at most once."""

from __future__ import annotations

from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, func, select

from models.errors import ServiceError
from models.funds import Disbursement, FundRequest, FundRequestStatus, FundSource
from models.services.disbursements import disburse, reverse_disbursement
from models.services.fund_requests import reject_fund_request
from tests.unit.fund_world import WAN, FundWorld

AMOUNT = st.integers(1, 60).map(lambda n: n * WAN // 2)
STEP = st.one_of(
    st.tuples(st.just("approve"), st.integers(0, 2), st.integers(0, 1), AMOUNT),
    st.tuples(st.just("approve"), st.integers(0, 2), st.integers(0, 1), AMOUNT),
    st.tuples(st.just("pay"), st.integers(0, 2), AMOUNT),
    st.tuples(st.just("pay"), st.integers(0, 2), AMOUNT),
    st.tuples(st.just("reverse"), st.integers(0, 20)),
    st.tuples(st.just("reject"), st.integers(0, 2)),
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def world(session, coordinator, enterprise, frozen_clock) -> FundWorld:
    return FundWorld(session=session, actor=coordinator, enterprise_id=enterprise.id)


@SETTINGS
@given(available=st.tuples(st.integers(0, 40), st.integers(0, 40)), asked=st.tuples(*[st.integers(1, 30)] * 3),
       steps=st.lists(STEP, max_size=14))
def test_random_approvals_payments_and_reversals_keep_the_invariants(world: FundWorld, available, asked,
                                                                      steps) -> None:
    sources = [world.source(n * WAN) for n in available]
    requests = [world.request(n * WAN) for n in asked]
    vouchers = count(1)
    for step in steps:
        try:
            if step[0] == "approve":
                request, source = requests[step[1]], sources[step[2]]
                amount = min(step[3], world.req(request).requested)
                world.approve(request, amount, source, reason="部分")
            elif step[0] == "pay":
                request = requests[step[1]]
                disburse(world.session, actor=world.actor, request_id=request, version=world.req(request).version,
                         amount=step[2], voucher_no=f"V{id(world)}-{next(vouchers)}")
            elif step[0] == "reverse":
                ids = world.session.exec(select(Disbursement.id).order_by(col(Disbursement.id))).all()
                if ids:
                    reverse_disbursement(world.session, actor=world.actor, disbursement_id=ids[step[1] % len(ids)],
                                         voucher_no=f"V{id(world)}-{next(vouchers)}", reason="冲销")
            elif step[0] == "reject":
                request = requests[step[1]]
                reject_fund_request(world.session, actor=world.actor, request_id=request,
                                    version=world.req(request).version, reason="不予支持")
        except ServiceError:
            pass
        check(world, sources, requests)


def check(world: FundWorld, sources: list[int], requests: list[int]) -> None:
    session = world.session
    session.expire_all()
    for request_id in requests:
        row = session.get(FundRequest, request_id)
        assert row is not None
        paid = session.exec(select(func.coalesce(func.sum(Disbursement.amount), 0))
                            .where(Disbursement.request_id == request_id)).one()
        assert row.disbursed == paid
        assert 0 <= row.disbursed <= (row.approved or 0) <= row.requested
        assert (row.status == FundRequestStatus.PAID) == (row.approved is not None and row.disbursed == row.approved
                                                          and row.status != FundRequestStatus.REJECTED)
    for source_id in sources:
        source = session.get(FundSource, source_id)
        assert source is not None
        live = [r for r in session.exec(select(FundRequest).where(FundRequest.source_id == source_id)).all()
                if r.status != FundRequestStatus.REJECTED]
        assert source.approved == sum(r.approved or 0 for r in live) <= source.available
        assert source.disbursed == sum(r.disbursed for r in live) <= source.approved
    reversed_ = session.exec(select(Disbursement.reverses_id).where(col(Disbursement.reverses_id).is_not(None))).all()
    assert len(reversed_) == len(set(reversed_))
    session.rollback()
