"""Purchase orders and consignments on both databases: the derived statuses at every step, a
consignment received in two parts with a damaged carton rejected, over- and under-receipts, short-
close and follow-up, cancel refused after shipping, overdue by the clock, concurrent receivers."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import select

from models.db import Database
from models.errors import ConflictError, TransitionError, ValidationError
from models.procurement import PurchaseOrder
from models.receipts import Receipt, ReceiptLine
from models.services.consignment_receiving import CountIn, receive_consignment
from models.services.order_closing import cancel_order, cancel_quantity, close_order, follow_up, short_close
from models.services.procurement_views import consignments_on_way, pipeline_by_item
from models.services.purchase_orders import step_order
from tests.unit.procure_world import ProcureWorld


@pytest.fixture
def world(session, coordinator, frozen_clock) -> ProcureWorld:
    return ProcureWorld(session, coordinator)


def _receive(world: ProcureWorld, consignment_id: int, counts: list[CountIn], **kw: object) -> int | None:
    version = world.consignment(consignment_id).version
    return receive_consignment(world.session, actor=world.actor, consignment_id=consignment_id, version=version,
                               voucher_no="999-12345675", counts=counts, **kw)  # type: ignore[arg-type]


def test_the_story_every_status_derived(world: ProcureWorld) -> None:
    order = world.order({"MASK-N95": 1000}, confirm=False)
    assert world.status(order) == "draft"
    for step, status in (("submit", "submitted"), ("approve", "approved"), ("confirm", "confirmed")):
        step_order(world.session, actor=world.actor, order_id=order, version=world.get(PurchaseOrder, order).version,
                   step=step)
        assert world.status(order) == status
    number = world.get(PurchaseOrder, order).number
    assert number.startswith("CG-20200203-")
    [line] = world.lines(order)
    consignment = world.ship({line.id: 1000}, depart=False)
    assert world.consignment(consignment).status == "planned"
    assert world.lines(order)[0].shipped == 0
    world.depart(consignment, world.consignment(consignment).created_at)
    assert world.consignment(consignment).status == "in_transit"
    assert world.lines(order)[0].shipped == 1000 and world.status(order) == "confirmed"
    [cline] = world.cons_lines(consignment)
    _receive(world, consignment, [CountIn(cline.id, accepted=600)])
    assert world.consignment(consignment).status == "partial"
    assert world.status(order) == "partial" and world.on_hand("MASK-N95") == 600
    _receive(world, consignment, [CountIn(cline.id, accepted=380, rejected=20, reject_reason="一箱受潮破损")])
    assert world.consignment(consignment).status == "received"
    assert world.on_hand("MASK-N95") == 980
    line = world.lines(order)[0]
    assert (line.shipped, line.accepted, line.rejected) == (1000, 980, 20)
    assert world.status(order) == "partial"  # a rejected carton is still owed
    receipts = world.session.exec(select(Receipt).where(Receipt.source_ref == world.consignment(consignment)
                                                        .number)).all()
    assert len(receipts) == 2 and all(r.status == "posted" and r.source == "purchase" for r in receipts)
    rejected = world.session.exec(select(ReceiptLine).where(ReceiptLine.rejected > 0)).one()
    assert rejected.reject_reason == "一箱受潮破损"
    new = follow_up(world.session, actor=world.actor, order_id=order, version=world.get(PurchaseOrder, order).version)
    assert world.status(order) == "short_closed"
    assert [(x.item_id, x.quantity) for x in world.lines(new)] == [(world.items["MASK-N95"], 20)]
    assert world.status(new) == "draft" and world.get(PurchaseOrder, new).follows_id == order


def test_received_and_closed(world: ProcureWorld) -> None:
    order = world.order({"SUIT": 50})
    [line] = world.lines(order)
    consignment = world.ship({line.id: 50})
    [cline] = world.cons_lines(consignment)
    _receive(world, consignment, [CountIn(cline.id, accepted=50)])
    assert world.status(order) == "received"
    close_order(world.session, actor=world.actor, order_id=order, version=world.get(PurchaseOrder, order).version)
    assert world.status(order) == "closed"


def test_split_over_two_consignments_and_two_orders(world: ProcureWorld) -> None:
    first, second = world.order({"MASK-N95": 100}), world.order({"SUIT": 10})
    a, b = world.lines(first)[0].id, world.lines(second)[0].id
    one = world.ship({a: 60, b: 10})
    two = world.ship({a: 40})
    assert world.lines(first)[0].shipped == 100
    lines = world.cons_lines(one)
    _receive(world, one, [CountIn(x.id, accepted=x.quantity) for x in lines])
    assert world.status(first) == "partial" and world.status(second) == "received"
    _receive(world, two, [CountIn(world.cons_lines(two)[0].id, accepted=40)])
    assert world.status(first) == "received"


def test_over_receipt_needs_a_reason(world: ProcureWorld) -> None:
    order = world.order({"GLOVE": 100})
    consignment = world.ship({world.lines(order)[0].id: 110})  # the supplier loaded more
    [cline] = world.cons_lines(consignment)
    with pytest.raises(ValidationError) as refused:
        _receive(world, consignment, [CountIn(cline.id, accepted=110)])
    assert refused.value.field == "over_reason"
    assert world.on_hand("GLOVE") == 0  # nothing of the refused count reached the books
    _receive(world, consignment, [CountIn(cline.id, accepted=110)], over_reason="供方多发10副，随单赠送")
    line = world.lines(order)[0]
    assert line.accepted == 110 and line.over_reason == "供方多发10副，随单赠送"
    assert world.status(order) == "received"


def test_nothing_beyond_what_was_loaded(world: ProcureWorld) -> None:
    order = world.order({"GLOVE": 100})
    consignment = world.ship({world.lines(order)[0].id: 100})
    [cline] = world.cons_lines(consignment)
    with pytest.raises(ValidationError):
        _receive(world, consignment, [CountIn(cline.id, accepted=101)], over_reason="x")


def test_under_receipt_final_part_ends_the_consignment(world: ProcureWorld) -> None:
    order = world.order({"THERMO": 200})
    consignment = world.ship({world.lines(order)[0].id: 200})
    [cline] = world.cons_lines(consignment)
    _receive(world, consignment, [CountIn(cline.id, accepted=150)], final=True)
    assert world.consignment(consignment).status == "received"
    assert world.status(order) == "partial"
    assert all(row.in_transit == 0 for row in pipeline_by_item(world.session))  # the 50 lost are not on the way
    with pytest.raises(TransitionError):
        _receive(world, consignment, [CountIn(cline.id, accepted=50)])
    short_close(world.session, actor=world.actor, order_id=order, version=world.get(PurchaseOrder, order).version,
                reason="供方断货")
    assert world.status(order) == "short_closed"
    assert world.get(PurchaseOrder, order).reason == "供方断货"


def test_cancel_refused_after_shipping_and_allowed_before(world: ProcureWorld) -> None:
    order = world.order({"SUIT": 10})
    world.ship({world.lines(order)[0].id: 5})
    with pytest.raises(TransitionError):
        cancel_order(world.session, actor=world.actor, order_id=order,
                     version=world.get(PurchaseOrder, order).version, reason="不要了")
    assert world.status(order) == "confirmed"
    with pytest.raises(ValidationError):  # nor cancel what has shipped line by line
        cancel_quantity(world.session, actor=world.actor, order_id=order,
                        version=world.get(PurchaseOrder, order).version, line_id=world.lines(order)[0].id,
                        cancelled=6)
    cancel_quantity(world.session, actor=world.actor, order_id=order, version=world.get(PurchaseOrder, order).version,
                    line_id=world.lines(order)[0].id, cancelled=5)
    assert world.lines(order)[0].cancelled == 5
    other = world.order({"SUIT": 10})
    cancel_order(world.session, actor=world.actor, order_id=other, version=world.get(PurchaseOrder, other).version,
                 reason="供方无法出口")
    assert world.status(other) == "cancelled"
    with pytest.raises(TransitionError):
        world.ship({world.lines(other)[0].id: 1})


def test_reject_needs_a_reason(world: ProcureWorld) -> None:
    order = world.order({"SUIT": 10})
    consignment = world.ship({world.lines(order)[0].id: 10})
    [cline] = world.cons_lines(consignment)
    with pytest.raises(ValidationError):
        _receive(world, consignment, [CountIn(cline.id, accepted=9, rejected=1)])


def test_overdue_by_the_clock(world: ProcureWorld, frozen_clock) -> None:
    order = world.order({"MASK-N95": 100})
    consignment = world.ship({world.lines(order)[0].id: 100}, eta_hours=10)
    [row] = consignments_on_way(world.session)
    assert not row.overdue and row.id == consignment
    frozen_clock.advance(hours=11)
    [row] = consignments_on_way(world.session)
    assert row.overdue
    assert pipeline_by_item(world.session)[0].in_transit == 100


def test_overseas_order_needs_its_rate(world: ProcureWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        world.order({"SUIT": 1}, rate=None)
    assert refused.value.field == "rate"


def test_two_coordinators_receive_at_once(world: ProcureWorld, db) -> None:
    order = world.order({"MASK-N95": 100})
    consignment = world.ship({world.lines(order)[0].id: 100})
    [cline] = world.cons_lines(consignment)
    version = world.consignment(consignment).version
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def receiver() -> None:
        own_db = Database.open(db.url)  # each coordinator runs their own desk, with its own connection
        try:
            with own_db.session() as own:
                barrier.wait()
                try:
                    receive_consignment(own, actor=world.actor, consignment_id=consignment, version=version,
                                        voucher_no="V", counts=[CountIn(cline.id, accepted=100)])
                    outcomes.append("ok")
                except ConflictError as error:
                    outcomes.append(error)
        finally:
            own_db.dispose()

    threads = [threading.Thread(target=receiver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, (type(o).__name__ for o in outcomes))) == ["ConflictError", "str"]
    assert world.on_hand("MASK-N95") == 100
    assert world.lines(order)[0].accepted == 100


def test_steps_only_in_order(world: ProcureWorld) -> None:
    order = world.order({"SUIT": 10}, confirm=False)
    with pytest.raises(TransitionError):
        step_order(world.session, actor=world.actor, order_id=order, version=world.get(PurchaseOrder, order).version,
                   step="approve")
    assert world.status(order) == "draft"
