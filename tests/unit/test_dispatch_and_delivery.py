"""Dispatches drawing on the reservation, signed delivery with returns into quarantine, and the fast path."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.allocation import AllocationStatus
from models.delivery import DispatchStatus
from models.errors import TransitionError, ValidationError
from models.requests import Request, RequestStatus
from models.services.dispatches import dispatch, fast_path, sign_delivery
from models.services.requests import RequestLineIn
from tests.conftest import CASE_TIME
from tests.unit.alloc_world import AllocWorld, expiring


@pytest.fixture
def world(session, coordinator, frozen_clock) -> AllocWorld:
    return AllocWorld(session=session, actor=coordinator)


def _order(world: AllocWorld) -> tuple[int, int, int, int]:
    """An order of 100 N95 (lots 60 expiring soon + 40 later) and 10 suits; returns the order and lots."""
    soon = world.stock("MASK-N95", "N-SOON", 60, expiry=expiring(60))
    late = world.stock("MASK-N95", "N-LATE", 100, expiry=expiring(500))
    world.stock("SUIT", "S1", 10)
    request_id, ids = world.request({"MASK-N95": 100, "SUIT": 10})
    order_id = world.issue(request_id, {ids["MASK-N95"]: 100, ids["SUIT"]: 10})
    return request_id, order_id, soon, late


def _sign(world: AllocWorld, dispatch_id: int, lines, **kwargs) -> None:  # type: ignore[no-untyped-def]
    sign_delivery(world.session, actor=world.actor, dispatch_id=dispatch_id,
                  version=kwargs.pop("version", world.dispatch_row(dispatch_id).version),
                  received_by=kwargs.pop("received_by", "李护士长"), counted_together=True, lines=lines, **kwargs)


def test_a_partial_dispatch_draws_first_expiry_first_on_the_reservation(world: AllocWorld) -> None:
    _, order_id, soon, late = _order(world)
    n95, suit = world.order_lines(order_id)
    first = dispatch(world.session, actor=world.actor, order_id=order_id, delivered_by="司机老陈", vehicle="渝A12345",
                     quantities={n95.id: 70})
    assert world.dispatch_row(first).number == "CK-20200203-001"
    assert [(line.lot_id, line.shipped) for line in world.dispatch_lines(first)] == [(soon, 60), (late, 10)]
    assert (world.balance(soon).on_hand, world.balance(soon).reserved) == (0, 0)
    assert (world.balance(late).on_hand, world.balance(late).reserved) == (90, 30)
    assert [e.quantity for e in world.entries(kind="out")] == [-60, -10]
    assert world.ledger_sum(late) == world.balance(late).on_hand
    lines = world.order_lines(order_id)
    assert [line.dispatched for line in lines] == [70, 0]
    assert world.order(order_id).status == AllocationStatus.ISSUED
    with pytest.raises(ValidationError, match="At most the 30"):
        dispatch(world.session, actor=world.actor, order_id=order_id, delivered_by="司机老陈", quantities={n95.id: 31})
    dispatch(world.session, actor=world.actor, order_id=order_id, delivered_by="司机老陈")
    assert [line.dispatched for line in world.order_lines(order_id)] == [100, 10]
    assert world.order(order_id).status == AllocationStatus.DISPATCHED
    assert all(pick.dispatched == pick.quantity for pick, _ in world.picks(order_id))
    with pytest.raises(TransitionError):
        dispatch(world.session, actor=world.actor, order_id=order_id, delivered_by="司机老陈")
    assert suit.quantity == 10


def test_a_signature_counts_every_line_and_rejected_goods_return_into_quarantine(world: AllocWorld) -> None:
    _, order_id, soon, _ = _order(world)
    sent = dispatch(world.session, actor=world.actor, order_id=order_id, delivered_by="司机老陈")
    rows = world.dispatch_lines(sent)
    ok = {row.id: (row.shipped, 0, None) for row in rows}
    first = rows[0]
    with pytest.raises(ValidationError, match="add up to the 60 shipped"):
        _sign(world, sent, {**ok, first.id: (50, 5, "破损")})
    with pytest.raises(ValidationError, match="Say why"):
        _sign(world, sent, {**ok, first.id: (55, 5, " ")})
    with pytest.raises(ValidationError, match="every line"):
        _sign(world, sent, {first.id: (60, 0, None)})
    with pytest.raises(ValidationError):
        _sign(world, sent, ok, received_by="")
    _sign(world, sent, {**ok, first.id: (55, 5, "外包装破损")})
    signed = world.dispatch_row(sent)
    assert (signed.status, signed.received_by, signed.signed_at, signed.counted_together) == (
        DispatchStatus.SIGNED, "李护士长", CASE_TIME, True)
    line = world.dispatch_lines(sent)[0]
    assert (line.accepted, line.rejected, line.reject_reason) == (55, 5, "外包装破损")
    back = world.balance(soon)
    assert (back.on_hand, back.quarantine, back.reserved) == (5, 5, 0)
    assert [(e.kind, e.quantity, e.reason) for e in world.entries(lot_id=soon)][-2:] == [
        ("in", 5, "return"), ("hold", 5, "return")]
    assert world.order(order_id).status == AllocationStatus.DELIVERED


def test_a_signed_delivery_cannot_be_signed_again_or_changed(world: AllocWorld) -> None:
    _, order_id, _, _ = _order(world)
    sent = dispatch(world.session, actor=world.actor, order_id=order_id, delivered_by="司机老陈")
    ok = {row.id: (row.shipped, 0, None) for row in world.dispatch_lines(sent)}
    _sign(world, sent, ok)
    before = (world.dispatch_row(sent), world.dispatch_lines(sent), world.balances())
    again = {key: (0, shipped, "改口拒收") for key, (shipped, _, _) in ok.items()}
    with pytest.raises(TransitionError, match="cannot be changed"):
        _sign(world, sent, again)
    assert (world.dispatch_row(sent), world.dispatch_lines(sent), world.balances()) == before


def test_the_order_is_delivered_only_when_all_has_left_and_every_dispatch_is_signed(world: AllocWorld) -> None:
    _, order_id, _, _ = _order(world)
    n95, suit = world.order_lines(order_id)
    first = dispatch(world.session, actor=world.actor, order_id=order_id, delivered_by="老陈",
                     quantities={n95.id: 100, suit.id: 0})
    _sign(world, first, {row.id: (row.shipped, 0, None) for row in world.dispatch_lines(first)})
    assert world.order(order_id).status == AllocationStatus.ISSUED  # the suits have not left
    second = dispatch(world.session, actor=world.actor, order_id=order_id, delivered_by="老陈")
    assert world.order(order_id).status == AllocationStatus.DISPATCHED
    _sign(world, second, {row.id: (row.shipped, 0, None) for row in world.dispatch_lines(second)})
    assert world.order(order_id).status == AllocationStatus.DELIVERED


def test_the_fast_path_records_approves_allocates_and_sends_in_one_go(world: AllocWorld) -> None:
    lot = world.stock("MASK-N95", "N95-0201", 1000, expiry=expiring(300))
    result = fast_path(world.session, actor=world.actor, site_id=world.hospital, from_site_id=world.warehouse,
                       lines=[RequestLineIn(item_id=world.items["MASK-N95"], requested=300)], caller="张主任",
                       caller_phone="13900000002", receiver="王医生", receiver_phone="13900000001", sender="刘仓管",
                       sender_phone="023-63000000", delivered_by="司机老陈", vehicle="渝A12345")
    request = world.get(Request, result.request_id)
    assert request.verbal and request.status == RequestStatus.FILLED and request.contact_person == "张主任"
    assert world.request_lines(result.request_id)[0].approved == 300
    order = world.order(result.order_id)
    assert order.verbal and order.paper_due == CASE_TIME + timedelta(hours=48)
    assert order.status == AllocationStatus.DISPATCHED
    assert world.dispatch_row(result.dispatch_id).order_id == result.order_id
    assert (world.balance(lot).on_hand, world.balance(lot).reserved) == (700, 0)


def test_a_fast_path_that_fails_leaves_nothing_behind(world: AllocWorld, row_counts) -> None:
    world.stock("MASK-N95", "KN95-0131", 1000, grade="non_medical")
    before = row_counts()
    with pytest.raises(ValidationError, match="non_medical"):
        fast_path(world.session, actor=world.actor, site_id=world.hospital, from_site_id=world.warehouse,
                  lines=[RequestLineIn(item_id=world.items["MASK-N95"], requested=300)], caller="张主任",
                  caller_phone="13900000002", receiver="王医生", receiver_phone="13900000001", sender="刘仓管",
                  sender_phone="023-63000000", delivered_by="司机老陈")
    assert row_counts() == before
