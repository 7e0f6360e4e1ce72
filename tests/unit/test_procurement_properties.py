"""Property tests of procurement: any sequence of consignments, departures and counted parts (over,
under, rejected, final) keeps received within shipped on every line, the order lines equal to the
sums of their consignment lines, the stock equal to what was accepted, and every status the one
its lines derive, and the goods on the way rebuilt as of now equal to those kept (SQLite and PostgreSQL)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import select

from models import clock
from models.errors import ServiceError
from models.procurement import PurchaseLine, PurchaseOrder
from models.receipts import ReceiptLine
from models.services.consignment_receiving import CountIn, receive_consignment
from models.services.consignments import derived_status as consignment_status
from models.services.goods_on_the_way import in_transit_by_item, moving
from models.services.order_closing import short_close
from models.services.order_status import derived_status
from models.stock import StockBalance
from models.transport import Consignment, ConsignmentLine
from tests.unit.procure_world import ProcureWorld

step = st.one_of(
    st.tuples(st.just("ship"), st.integers(1, 150), st.integers(0, 150), st.booleans()),
    st.tuples(st.just("depart"), st.integers(0, 5)),
    st.tuples(st.just("count"), st.integers(0, 5), st.integers(0, 120), st.integers(0, 30), st.booleans(),
              st.booleans()),
    st.tuples(st.just("short_close"),),
)


@pytest.fixture
def world(session, coordinator, frozen_clock) -> ProcureWorld:
    return ProcureWorld(session, coordinator)


def _do(world: ProcureWorld, order: int, consignments: list[int], action: tuple) -> None:  # type: ignore[type-arg]
    lines = world.lines(order)
    if action[0] == "ship":
        loads = {line.id: q for line, q in zip(lines, action[1:3], strict=True) if q}
        consignments.append(world.ship(loads, depart=action[3]))  # type: ignore[arg-type]
    elif action[0] == "depart" and consignments:
        chosen = consignments[action[1] % len(consignments)]
        world.depart(chosen, world.consignment(chosen).created_at)
    elif action[0] == "count" and consignments:
        consignment = world.consignment(consignments[action[1] % len(consignments)])
        counts = [CountIn(line.id, action[2], action[3], "破损" if action[3] else None)  # type: ignore[arg-type]
                  for line in world.cons_lines(consignment.id)]  # type: ignore[arg-type]
        receive_consignment(world.session, actor=world.actor, consignment_id=consignment.id,  # type: ignore[arg-type]
                            version=consignment.version, voucher_no="V", counts=counts, final=action[4],
                            over_reason="多发" if action[5] else None)
    elif action[0] == "short_close":
        short_close(world.session, actor=world.actor, order_id=order, version=world.get(PurchaseOrder, order).version,
                    reason="供方断货")


def _check(world: ProcureWorld, order: int) -> None:
    s = world.session
    s.rollback()
    for line in s.exec(select(PurchaseLine)).all():
        assert line.accepted + line.rejected <= line.shipped
        rows = s.exec(select(ConsignmentLine, Consignment).join(Consignment, Consignment.id ==  # type: ignore[arg-type]
                                                               ConsignmentLine.consignment_id)
                      .where(ConsignmentLine.order_line_id == line.id)).all()
        assert line.shipped == sum(c.quantity for c, k in rows if k.status != "planned")
        assert line.accepted == sum(c.accepted for c, _ in rows)
        assert line.rejected == sum(c.rejected for c, _ in rows)
        if line.accepted + line.rejected > line.quantity - line.cancelled:
            assert line.over_reason
    for consignment in s.exec(select(Consignment)).all():
        assert consignment.status == consignment_status(s, consignment, departed=consignment.departed_at is not None)
    for purchase in s.exec(select(PurchaseOrder)).all():
        lines = s.exec(select(PurchaseLine).where(PurchaseLine.order_id == purchase.id)).all()
        assert purchase.status == derived_status(purchase, lines)
    on_hand = s.exec(select(func.coalesce(func.sum(StockBalance.on_hand), 0))).one()
    assert on_hand == s.exec(select(func.coalesce(func.sum(ConsignmentLine.accepted), 0))).one()
    assert on_hand == s.exec(select(func.coalesce(func.sum(ReceiptLine.accepted), 0))).one()
    # goods on the way rebuilt from the documents' times (a past brief's way) equal the kept columns
    now = clock.now()
    assert [(m.id, m.status, m.left, m.eta) for m in moving(s)] == [
        (m.id, m.status, m.left, m.eta) for m in moving(s, as_of=now)]
    assert in_transit_by_item(s) == in_transit_by_item(s, as_of=now)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=8))
def test_any_sequence_keeps_received_within_shipped(world: ProcureWorld, steps: list[tuple]) -> None:  # type: ignore[type-arg]
    order = world.order({"MASK-N95": 100, "SUIT": 50})
    consignments: list[int] = []
    for action in steps:
        with contextlib.suppress(ServiceError):  # refused (nothing left, not on the way…): nothing changed
            _do(world, order, consignments, action)
        _check(world, order)
