"""Funds on both databases: sources, requests, approval, payment and its reversal, the invariants
(disbursed ≤ approved ≤ requested; Σ approved per source ≤ available) in the services and in the
tables, and a funding shortage resolved when its money is paid."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from models.audit import AuditLog
from models.base import ShortageStatus
from models.errors import PermissionDenied, TransitionError, ValidationError
from models.funds import Disbursement, FundRequestStatus
from models.history import ShortageEvent
from models.services.disbursements import disburse, reverse_disbursement
from models.services.fund_requests import reject_fund_request
from models.services.fund_sources import change_available
from models.shortage import Shortage
from tests.unit.fund_world import WAN, FundWorld


@pytest.fixture
def world(session, coordinator, enterprise, frozen_clock) -> FundWorld:
    return FundWorld(session=session, actor=coordinator, enterprise_id=enterprise.id)


def pay(world: FundWorld, request_id: int, amount: int, voucher: str) -> int:
    return disburse(world.session, actor=world.actor, request_id=request_id, version=world.req(request_id).version,
                    amount=amount, voucher_no=voucher)


def test_a_request_is_numbered_and_approved_in_part_with_a_reason(world: FundWorld) -> None:
    source = world.source()
    request = world.request(50 * WAN)
    assert world.req(request).number == "ZJ-20200203-001"
    with pytest.raises(ValidationError, match="less than asked"):
        world.approve(request, 30 * WAN, source)
    world.approve(request, 30 * WAN, source, reason="先拨一部分")
    row = world.req(request)
    assert (row.approved, row.status, row.approver, row.source_id) == (30 * WAN, "approved", world.actor.login, source)
    assert world.src(source).approved == 30 * WAN


def test_approving_more_than_requested_or_than_the_source_has_is_refused(world: FundWorld) -> None:
    source = world.source(60 * WAN)
    first, second = world.request(50 * WAN), world.request(20 * WAN)
    with pytest.raises(ValidationError, match="More than was requested"):
        world.approve(first, 51 * WAN, source)
    world.approve(first, 50 * WAN, source)
    with pytest.raises(ValidationError, match="source has left"):
        world.approve(second, 20 * WAN, source)
    world.approve(second, 10 * WAN, source, reason="资金不足")
    assert world.src(source).approved == 60 * WAN
    # approved again for less: the source gets the difference back
    world.approve(first, 40 * WAN, source, reason="核减")
    assert world.src(source).approved == 50 * WAN


def test_moving_an_approval_to_another_source_gives_the_first_its_money_back(world: FundWorld) -> None:
    one, two = world.source(), world.source()
    request = world.request(50 * WAN)
    world.approve(request, 50 * WAN, one)
    world.approve(request, 50 * WAN, two)
    assert (world.src(one).approved, world.src(two).approved) == (0, 50 * WAN)


def test_payments_stay_within_the_approved_amount_and_are_posted_once(world: FundWorld) -> None:
    source = world.source()
    request = world.request(50 * WAN)
    with pytest.raises(TransitionError):
        pay(world, request, WAN, "PZ-001")  # not approved yet
    world.approve(request, 50 * WAN, source)
    pay(world, request, 20 * WAN, "PZ-001")
    with pytest.raises(ValidationError, match="voucher number is used"):
        pay(world, request, WAN, "PZ-001")
    with pytest.raises(ValidationError, match="More than is approved"):
        pay(world, request, 31 * WAN, "PZ-002")
    with pytest.raises(ValidationError, match="Less than is paid"):
        world.approve(request, 10 * WAN, source, reason="核减")
    pay(world, request, 30 * WAN, "PZ-002")
    row = world.req(request)
    assert (row.disbursed, row.status) == (50 * WAN, FundRequestStatus.PAID)
    assert world.src(source).disbursed == 50 * WAN
    with pytest.raises(TransitionError):
        pay(world, request, 1, "PZ-003")
    with pytest.raises(TransitionError, match="nothing of which is paid"):
        reject_fund_request(world.session, actor=world.actor, request_id=request, version=row.version, reason="x")


def test_a_payment_is_reversed_by_a_negative_entry_once(world: FundWorld) -> None:
    source = world.source()
    request = world.request(50 * WAN)
    world.approve(request, 50 * WAN, source)
    entry = pay(world, request, 50 * WAN, "PZ-001")
    reversal = reverse_disbursement(world.session, actor=world.actor, disbursement_id=entry, voucher_no="PZ-001H",
                                    reason="账号有误")
    rows = world.session.exec(select(Disbursement).order_by(Disbursement.id)).all()
    assert [(r.amount, r.reverses_id) for r in rows] == [(50 * WAN, None), (-50 * WAN, entry)]
    assert (world.req(request).disbursed, world.req(request).status) == (0, FundRequestStatus.APPROVED)
    assert world.src(source).disbursed == 0
    with pytest.raises(TransitionError, match="reversed already"):
        reverse_disbursement(world.session, actor=world.actor, disbursement_id=entry, voucher_no="PZ-9", reason="x")
    with pytest.raises(ValidationError):  # a reversal is not reversed
        reverse_disbursement(world.session, actor=world.actor, disbursement_id=reversal, voucher_no="PZ-8", reason="x")


def test_rejecting_an_approved_request_gives_the_source_its_money_back(world: FundWorld) -> None:
    source = world.source()
    request = world.request(50 * WAN)
    world.approve(request, 50 * WAN, source)
    reject_fund_request(world.session, actor=world.actor, request_id=request, version=world.req(request).version,
                        reason="不符合条件")
    assert world.src(source).approved == 0
    assert world.req(request).status == FundRequestStatus.REJECTED


def test_a_source_cannot_fall_below_what_is_approved(world: FundWorld) -> None:
    source = world.source(100 * WAN)
    world.approve(world.request(50 * WAN), 50 * WAN, source)
    with pytest.raises(ValidationError, match="Less than is approved"):
        change_available(world.session, actor=world.actor, source_id=source, version=world.src(source).version,
                         available=40 * WAN, document="追加文件")
    change_available(world.session, actor=world.actor, source_id=source, version=world.src(source).version,
                     available=50 * WAN, document="调整文件")
    assert world.src(source).available == 50 * WAN


def test_money_is_whole_fen_never_a_float(world: FundWorld) -> None:
    with pytest.raises(ValidationError):
        world.request(12.5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        world.request(0)


def test_a_request_names_an_enterprise_or_a_reserve_unit(world: FundWorld) -> None:
    from models.services.fund_requests import create_fund_request

    unit = world.reserve_unit()
    request = create_fund_request(world.session, actor=world.actor, purpose="buy_up", requested=WAN,
                                  reserve_unit_id=unit, order_ref="CG-20200203-001")
    assert world.req(request).reserve_unit_id == unit
    with pytest.raises(ValidationError, match="enterprise or a reserve unit"):
        create_fund_request(world.session, actor=world.actor, purpose="buy_up", requested=WAN,
                            reserve_unit_id=unit, enterprise_id=world.enterprise_id)
    with pytest.raises(ValidationError, match="reserve unit"):
        create_fund_request(world.session, actor=world.actor, purpose="buy_up", requested=WAN,
                            reserve_unit_id=unit + 999)


def test_only_coordinators_handle_money(world: FundWorld, make) -> None:
    from models.services.fund_requests import create_fund_request

    viewer = make.viewer()
    with pytest.raises(PermissionDenied):
        create_fund_request(world.session, actor=viewer, purpose="capacity", requested=WAN,
                            enterprise_id=world.enterprise_id)


def test_paying_the_grant_resolves_its_funding_shortage_with_history(world: FundWorld) -> None:
    source = world.source()
    shortage = world.shortage()
    request = world.request(50 * WAN, shortage_id=shortage)
    world.approve(request, 50 * WAN, source)
    pay(world, request, 20 * WAN, "PZ-001")
    world.session.expire_all()
    assert world.session.get(Shortage, shortage).status == ShortageStatus.OPEN  # partly paid: still open
    pay(world, request, 30 * WAN, "PZ-002")
    world.session.expire_all()
    row = world.session.get(Shortage, shortage)
    assert row.status == ShortageStatus.RESOLVED and row.resolution == f"{world.req(request).number} PZ-002"
    events = world.session.exec(select(ShortageEvent.action).where(ShortageEvent.shortage_id == shortage)
                                .order_by(ShortageEvent.id)).all()
    assert events == ["reported", "resolve"]
    audited = world.session.exec(select(AuditLog.action).where(AuditLog.table_name == "shortage",
                                                               AuditLog.row_id == shortage)).all()
    assert "resolve" in audited


def test_a_request_links_only_a_funding_shortage_of_its_enterprise(world: FundWorld, make) -> None:
    from models.base import ShortageKind
    from models.services.shortages import report_shortage
    from models.shortage import ShortageCreate

    labour = report_shortage(world.session, actor=world.actor, data=ShortageCreate(
        enterprise_id=world.enterprise_id, kind=ShortageKind.LABOUR.value))
    with pytest.raises(ValidationError, match="funding shortage"):
        world.request(shortage_id=labour.id)
    other = make.enterprise("另一企业")
    with pytest.raises(ValidationError, match="another enterprise"):
        FundWorld(world.session, world.actor, other.id).request(shortage_id=world.shortage())


@pytest.mark.parametrize("statement", [
    "UPDATE fundrequest SET disbursed = approved + 1",
    "UPDATE fundrequest SET approved = requested + 1",
    "UPDATE fundsource SET approved = available + 1",
    "UPDATE fundsource SET disbursed = approved + 1",
    "UPDATE disbursement SET amount = -amount",
])
def test_the_tables_refuse_what_breaks_the_invariants(world: FundWorld, statement: str) -> None:
    source = world.source()
    request = world.request(50 * WAN)
    world.approve(request, 40 * WAN, source, reason="部分")
    pay(world, request, 10 * WAN, "PZ-001")
    with pytest.raises(IntegrityError):
        world.session.execute(text(statement))
    world.session.rollback()
