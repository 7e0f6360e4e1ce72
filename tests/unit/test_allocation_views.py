"""The allocation screen's read models: order of the requests, sums through approval, allocation,
dispatch and signature, the verbal order's paper deadline, deliveries waiting for a signature."""

from __future__ import annotations

from datetime import datetime, timedelta

from models import clock
from models.services.allocation_detail import available_at, dispatch_detail, order_detail, request_detail
from models.services.allocation_views import list_orders, list_requests, list_unsigned
from models.services.allocations import issue_allocation
from models.services.dispatches import dispatch, fast_path, sign_delivery
from models.services.paging import PageRequest
from models.services.requests import RequestLineIn, approve_request
from tests.functional.allocation_world import HOSPITAL, UNIT, build


def test_requests_by_priority_then_age_and_their_sums(session, coordinator, frozen_clock) -> None:
    world = build(session, coordinator)
    rows = list_requests(session, request=PageRequest()).rows
    assert [r.id for r in rows] == [world.unit_request, world.hospital_request, world.routine_request]
    assert rows[0].site_name == UNIT and rows[0].requested == 3_200 and rows[0].approved is None
    assert rows[0].outstanding == 3_200 and [i.name_en for i in rows[0].items] == ["Surgical mask",
                                                                                 "Protective (N95) mask"]
    detail = request_detail(session, request_id=world.unit_request)
    surgical, n95 = detail.lines
    approve_request(session, actor=coordinator, request_id=world.unit_request, version=detail.version,
                    approved={surgical.id: 2_000, n95.id: 200}, reasons={surgical.id: "库存不足"})
    order = issue_allocation(session, actor=coordinator, request_id=world.unit_request, from_site_id=world.warehouse,
                             lines={surgical.id: 2_000, n95.id: 100}, receiver="何主任", receiver_phone="13800000003",
                             sender="陈刚", sender_phone="13900000001")
    assert available_at(session, site_id=world.warehouse, item_ids=[world.surgical]) == {world.surgical: 8_000}
    sent = dispatch(session, actor=coordinator, order_id=order, delivered_by="王师傅", vehicle="渝A12345")
    lines = dispatch_detail(session, dispatch_id=sent).lines
    version = dispatch_detail(session, dispatch_id=sent).version
    sign_delivery(session, actor=coordinator, dispatch_id=sent, version=version,
                  received_by="何主任", counted_together=True,
                  lines={lines[0].id: (1_900, 100, "破损"), lines[1].id: (100, 0, None)})
    row = next(r for r in list_requests(session, request=PageRequest()).rows if r.id == world.unit_request)
    assert (row.approved, row.allocated, row.dispatched, row.signed, row.outstanding) == (2_200, 2_100, 2_100, 2_000,
                                                                                          200)
    picks = order_detail(session, order_id=order).lines[0].picks
    assert [(p.lot_code, p.quantity) for p in picks] == [("SM-01", 2_000)]
    signed = dispatch_detail(session, dispatch_id=sent).lines[0]
    assert (signed.accepted, signed.rejected, signed.reason) == (1_900, 100, "破损")


def test_filter_by_number_or_site(session, coordinator) -> None:
    world = build(session, coordinator)
    found = list_requests(session, request=PageRequest(query="公共卫生")).rows
    assert [r.id for r in found] == [world.hospital_request]
    assert [r.site_name for r in list_requests(session, request=PageRequest(query="nan'an")).rows] == [UNIT, UNIT]
    number = list_requests(session, request=PageRequest()).rows[0].number
    assert [r.number for r in list_requests(session, request=PageRequest(query=number.lower())).rows] == [number]


def test_a_verbal_order_is_overdue_after_48_hours_and_unsigned_late_after_24(session, coordinator,
                                                                               frozen_clock) -> None:
    world = build(session, coordinator)
    done = fast_path(session, actor=coordinator, site_id=world.hospital, from_site_id=world.warehouse,
                     lines=[RequestLineIn(world.n95, 300)], caller="周医生", caller_phone="13800000002",
                     receiver="周医生", receiver_phone="13800000002", sender="陈刚", sender_phone="13900000001",
                     delivered_by="王师傅")
    order = list_orders(session, request=PageRequest()).rows[0]
    assert order.id == done.order_id and order.verbal and order.paper_due == clock.now() + timedelta(hours=48)
    assert not order.overdue and order.to_name == HOSPITAL
    unsigned = list_unsigned(session, request=PageRequest()).rows
    assert [d.id for d in unsigned] == [done.dispatch_id] and not unsigned[0].late
    frozen_clock.set(clock.now() + timedelta(hours=49))
    assert list_orders(session, request=PageRequest()).rows[0].overdue
    assert list_unsigned(session, request=PageRequest()).rows[0].late
    assert isinstance(unsigned[0].dispatched_at, datetime)


def test_the_best_stocked_warehouse_is_offered_first_and_never_the_requester(session, coordinator) -> None:
    from models.services.allocation_detail import warehouses_for
    from models.services.common import write_transaction
    from models.sites import SiteKind
    from tests.functional.allocation_world import _site

    world = build(session, coordinator)
    with write_transaction(session):  # an empty depot whose name sorts first, and a depot that asks itself
        empty = _site(session, "WH-0", "阿坝临时库", "An empty depot", SiteKind.WAREHOUSE)
    offered = [c.id for c in warehouses_for(session, site_id=empty, item_ids=[world.surgical])]
    assert offered == [world.warehouse]
    offered = [c.id for c in warehouses_for(session, site_id=world.unit, item_ids=[world.surgical])]
    assert offered == [world.warehouse, empty]
