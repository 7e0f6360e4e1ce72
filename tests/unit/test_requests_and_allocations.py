"""Requests approved per line and allocation orders: FEFO picks, the grade rule, reservations, paper, cancel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from models.allocation import AllocationStatus
from models.audit import AuditLog
from models.errors import ConflictError, PermissionDenied, TransitionError, ValidationError
from models.requests import Request, RequestStatus
from models.services.allocations import cancel_allocation, record_paper
from models.services.dispatches import dispatch
from models.services.requests import RequestLineIn, approve_request, close_request, create_request, reject_request
from tests.conftest import CASE_TIME
from tests.unit.alloc_world import AllocWorld, expiring


@pytest.fixture
def world(session, coordinator, frozen_clock) -> AllocWorld:
    return AllocWorld(session=session, actor=coordinator)


# --- requests -------------------------------------------------------------------------------------


def test_a_request_is_numbered_submitted_and_audited(world: AllocWorld) -> None:
    request_id, _ = world.request({"MASK-N95": 500, "SUIT": 20}, approve=False)
    request = world.get(Request, request_id)
    assert request.number == "XQ-20200203-001" and request.status == RequestStatus.SUBMITTED
    assert [line.requested for line in world.request_lines(request_id)] == [500, 20]
    assert world.rows(select(AuditLog.action).where(AuditLog.table_name == "request")) == ["create"]


@pytest.mark.parametrize("requested", [0, -5])
def test_a_request_line_asks_for_more_than_nothing(world: AllocWorld, requested: int) -> None:
    with pytest.raises(ValidationError) as refused:
        create_request(world.session, actor=world.actor, site_id=world.hospital,
                       lines=[RequestLineIn(item_id=world.items["MASK-N95"], requested=requested)])
    assert refused.value.field == "requested"


def test_approval_is_per_line_at_most_what_was_asked_and_less_needs_a_reason(world: AllocWorld) -> None:
    request_id, ids = world.request({"MASK-N95": 500, "SUIT": 20}, approve=False)
    n95, suit = ids["MASK-N95"], ids["SUIT"]

    def approve(approved: dict[int, int], reasons: dict[int, str] | None = None) -> None:
        approve_request(world.session, actor=world.actor, request_id=request_id, version=world.version(request_id),
                        approved=approved, reasons=reasons)

    with pytest.raises(ValidationError, match="At most the 500"):
        approve({n95: 501, suit: 20})
    with pytest.raises(ValidationError, match="Say why"):
        approve({n95: 300, suit: 20})
    with pytest.raises(ValidationError, match="every line"):
        approve({n95: 300})
    approve({n95: 300, suit: 20}, {n95: "库存不足，先供三百只"})
    lines = {line.id: line for line in world.request_lines(request_id)}
    assert (lines[n95].approved, lines[n95].approve_reason) == (300, "库存不足，先供三百只")
    assert (lines[suit].approved, lines[suit].approve_reason) == (20, None)
    assert world.get(Request, request_id).status == RequestStatus.APPROVED
    with pytest.raises(TransitionError):
        approve({n95: 300, suit: 20}, {n95: "again"})


def test_a_stale_version_is_refused(world: AllocWorld) -> None:
    request_id, ids = world.request({"SUIT": 20}, approve=False)
    with pytest.raises(ConflictError):
        approve_request(world.session, actor=world.actor, request_id=request_id, version=99, approved={ids["SUIT"]: 20})


def test_reject_and_close_need_a_reason_and_reject_only_what_nothing_was_allocated_against(world: AllocWorld) -> None:
    world.stock("SUIT", "S1", 100)
    first, _ = world.request({"SUIT": 20}, approve=False)
    with pytest.raises(ValidationError):
        reject_request(world.session, actor=world.actor, request_id=first, version=world.version(first), reason=" ")
    reject_request(world.session, actor=world.actor, request_id=first, version=world.version(first), reason="重复申报")
    assert world.get(Request, first).status == RequestStatus.REJECTED

    second, ids = world.request({"SUIT": 20})
    world.issue(second, {ids["SUIT"]: 5})
    with pytest.raises(TransitionError, match="close it instead"):
        reject_request(world.session, actor=world.actor, request_id=second, version=world.version(second), reason="x")
    close_request(world.session, actor=world.actor, request_id=second, version=world.version(second),
                  reason="其余由区里调剂")
    assert world.get(Request, second).status == RequestStatus.CLOSED
    with pytest.raises(TransitionError):
        world.issue(second, {ids["SUIT"]: 5})


def test_only_coordinators_allocate(world: AllocWorld, make, field_cadre) -> None:
    with pytest.raises(PermissionDenied):
        create_request(world.session, actor=field_cadre, site_id=world.hospital,
                       lines=[RequestLineIn(item_id=world.items["SUIT"], requested=1)])


# --- allocation: FEFO, reservation, the grade rule --------------------------------------------------


def test_picks_go_first_expiry_first_skipping_expired_quarantined_and_reserved_stock(world: AllocWorld) -> None:
    late = world.stock("MASK-N95", "N-LATE", 100, expiry=expiring(400))
    never = world.stock("MASK-N95", "N-NONE", 100)
    soon = world.stock("MASK-N95", "N-SOON", 50, expiry=expiring(30), quarantine=20)
    world.stock("MASK-N95", "N-GONE", 500, expiry=expiring(-1))
    request_id, ids = world.request({"MASK-N95": 250})
    order_id = world.issue(request_id, {ids["MASK-N95"]: 200})
    assert [(lot.code, pick.quantity) for pick, lot in world.picks(order_id)] == [
        ("N-SOON", 30), ("N-LATE", 100), ("N-NONE", 70)]
    assert world.order(order_id).number == "DB-20200203-001"
    assert [world.balance(lot).reserved for lot in (soon, late, never)] == [30, 100, 70]
    assert world.request_lines(request_id)[0].allocated == 200
    assert world.get(Request, request_id).status == RequestStatus.APPROVED
    with pytest.raises(ValidationError, match="At most the 50 still to allocate"):
        world.issue(request_id, {ids["MASK-N95"]: 51})
    with pytest.raises(ValidationError, match="30 available"):
        world.issue(request_id, {ids["MASK-N95"]: 50})  # 30 of N-NONE is all that is free
    world.issue(request_id, {ids["MASK-N95"]: 30})
    assert world.get(Request, request_id).status == RequestStatus.APPROVED
    assert world.request_lines(request_id)[0].allocated == 230


def test_every_approved_quantity_allocated_fills_the_request(world: AllocWorld) -> None:
    world.stock("SUIT", "S1", 100)
    request_id, ids = world.request({"SUIT": 40}, approved={"SUIT": 30})
    world.issue(request_id, {ids["SUIT"]: 30})
    assert world.get(Request, request_id).status == RequestStatus.FILLED
    with pytest.raises(TransitionError):
        world.issue(request_id, {ids["SUIT"]: 1})


def test_kn95_sent_as_n95_to_a_designated_hospital_is_refused_naming_the_grade(world: AllocWorld) -> None:
    world.stock("MASK-N95", "KN95-0131", 1000, grade="non_medical", expiry=expiring(200))
    request_id, ids = world.request({"MASK-N95": 500})
    with pytest.raises(ValidationError) as refused:
        world.issue(request_id, {ids["MASK-N95"]: 500})
    assert refused.value.params["grade"] == "non_medical" and refused.value.params["lot"] == "KN95-0131"
    assert "non_medical" in str(refused.value) and "designated hospital" in str(refused.value)
    # a medical-protective lot is taken instead, though the KN95 lot expires first
    world.stock("MASK-N95", "N95-0201", 600, expiry=expiring(300))
    order_id = world.issue(request_id, {ids["MASK-N95"]: 500})
    assert [lot.code for _, lot in world.picks(order_id)] == ["N95-0201"]


def test_the_grade_rule_spares_other_sites_and_items_without_a_protection_grade(world: AllocWorld) -> None:
    world.stock("MASK-N95", "KN95-0131", 1000, grade="non_medical")
    request_id, ids = world.request({"MASK-N95": 100}, site=world.unit)
    world.issue(request_id, {ids["MASK-N95"]: 100})
    world.stock("DRUG", "D-1", 50, grade=None)
    request_id, ids = world.request({"DRUG": 10})
    world.issue(request_id, {ids["DRUG"]: 10})
    world.stock("SUIT", "IND-SUIT", 50, grade="general")
    request_id, ids = world.request({"SUIT": 10})
    with pytest.raises(ValidationError, match="grade general"):
        world.issue(request_id, {ids["SUIT"]: 10})


@pytest.mark.parametrize("missing", ["receiver", "receiver_phone", "sender", "sender_phone"])
def test_an_order_names_both_sides_and_their_phones(world: AllocWorld, missing: str) -> None:
    world.stock("SUIT", "S1", 100)
    request_id, ids = world.request({"SUIT": 10})
    with pytest.raises(ValidationError) as refused:
        world.issue(request_id, {ids["SUIT"]: 10}, **{missing: ""})
    assert refused.value.field == missing
    with pytest.raises(ValidationError):
        world.issue(request_id, {ids["SUIT"]: 10}, receiver_phone="12345")


def test_an_unapproved_request_or_a_site_that_is_no_warehouse_is_refused(world: AllocWorld) -> None:
    world.stock("SUIT", "S1", 100)
    request_id, ids = world.request({"SUIT": 10}, approve=False)
    with pytest.raises(TransitionError):
        world.issue(request_id, {ids["SUIT"]: 10})
    request_id, ids = world.request({"SUIT": 10})
    with pytest.raises(ValidationError):
        world.issue(request_id, {ids["SUIT"]: 10}, site=world.unit)


# --- verbal orders and cancelling ------------------------------------------------------------------


def test_a_verbal_order_has_its_paper_due_in_48_hours_until_recorded(world: AllocWorld) -> None:
    world.stock("SUIT", "S1", 100)
    request_id, ids = world.request({"SUIT": 10})
    order_id = world.issue(request_id, {ids["SUIT"]: 10}, verbal=True)
    order = world.order(order_id)
    assert order.verbal and order.paper_due == CASE_TIME + timedelta(hours=48)
    with pytest.raises(ValidationError):
        record_paper(world.session, actor=world.actor, order_id=order_id, version=order.version, paper_no="  ")
    record_paper(world.session, actor=world.actor, order_id=order_id, version=order.version,
                 paper_no="渝防指调〔2020〕12号")
    order = world.order(order_id)
    assert (order.paper_due, order.paper_no, order.paper_at) == (None, "渝防指调〔2020〕12号", CASE_TIME)
    with pytest.raises(TransitionError):
        record_paper(world.session, actor=world.actor, order_id=order_id, version=order.version, paper_no="again")


def test_cancel_releases_the_reservation_and_gives_the_quantity_back(world: AllocWorld) -> None:
    lot = world.stock("SUIT", "S1", 100)
    request_id, ids = world.request({"SUIT": 30})
    order_id = world.issue(request_id, {ids["SUIT"]: 30})
    assert world.get(Request, request_id).status == RequestStatus.FILLED
    with pytest.raises(ValidationError):
        cancel_allocation(world.session, actor=world.actor, order_id=order_id, version=world.order(order_id).version,
                          reason="")
    cancel_allocation(world.session, actor=world.actor, order_id=order_id, version=world.order(order_id).version,
                      reason="医院改从区库领取")
    assert world.order(order_id).status == AllocationStatus.CANCELLED
    assert world.balance(lot).reserved == 0 and world.request_lines(request_id)[0].allocated == 0
    assert world.get(Request, request_id).status == RequestStatus.APPROVED


def test_an_order_part_of_which_left_cannot_be_cancelled(world: AllocWorld) -> None:
    world.stock("SUIT", "S1", 100)
    request_id, ids = world.request({"SUIT": 30})
    order_id = world.issue(request_id, {ids["SUIT"]: 30})
    (line,) = world.order_lines(order_id)
    dispatch(world.session, actor=world.actor, order_id=order_id, delivered_by="司机老陈", quantities={line.id: 10})
    with pytest.raises(TransitionError):
        cancel_allocation(world.session, actor=world.actor, order_id=order_id, version=world.order(order_id).version,
                          reason="改派")
