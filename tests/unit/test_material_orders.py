"""A raw-material shortage starts an order: its line names the material (exactly one of item and
material, a check constraint), with the unit; the order goes to the maker short of it, not to a
warehouse; each delivery is recorded on the order (accepted, rejected with a reason, more than
ordered with a reason), the status derived from the lines, no stock ledger entry, and the shortage
shows the order's progress (both databases)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from models.errors import TransitionError, ValidationError
from models.history import ShortageEvent
from models.procurement import PurchaseLine, PurchaseOrder
from models.receipts import ReceiptLine
from models.services.common import write_transaction
from models.services.consignments import create_consignment
from models.services.material_receiving import MaterialCount, receive_material
from models.services.order_closing import cancel_order, follow_up
from models.services.procurement_detail import order_detail
from models.services.purchase_orders import OrderHeader, OrderLineIn, create_order
from models.services.shortage_orders import shortage_procurement
from models.stock import StockBalance
from tests.unit.material_world import MaterialWorld


@pytest.fixture
def world(session, coordinator, frozen_clock, enterprise) -> MaterialWorld:
    w = MaterialWorld(session, coordinator)
    w.short_of_fabric(enterprise.id)
    return w


def _deliver(w: MaterialWorld, order: int, accepted: int, rejected: int = 0, reason: str | None = None,
             over: str | None = None) -> None:
    [line] = w.lines(order)
    receive_material(w.session, actor=w.actor, order_id=order, version=w.get(PurchaseOrder, order).version,
                     counts=[MaterialCount(line.id, accepted, rejected, reason)], over_reason=over)  # type: ignore[arg-type]


def test_the_shortage_shows_the_supplier_and_an_order_goes_to_the_maker(world: MaterialWorld) -> None:
    found = shortage_procurement(world.session, shortage_id=world.shortage)
    assert [s[1] for s in found.suppliers] == ["山东俊富无纺布"] and found.open_orders == ()
    assert found.enterprise_id == world.maker and found.enterprise_name == "茶园康护医疗用品有限公司"
    order = world.fabric_order(5)
    [line] = world.lines(order)
    assert (line.item_id, line.material_id, line.unit, line.quantity) == (None, world.fabric, "吨", 5)
    head = world.get(PurchaseOrder, order)
    assert (head.site_id, head.enterprise_id, head.shortage_id) == (None, world.maker, world.shortage)
    [open_order] = shortage_procurement(world.session, shortage_id=world.shortage).open_orders
    assert (open_order.id, open_order.owed, open_order.accepted, open_order.unit) == (order, 5, 0, "吨")
    detail = order_detail(world.session, order_id=order)
    assert detail.enterprise_name == "茶园康护医疗用品有限公司" and detail.site_id is None
    assert detail.lines[0].item.material and detail.lines[0].item.name == "熔喷布"


def test_a_line_names_exactly_one_of_item_and_material(world: MaterialWorld) -> None:
    order = world.fabric_order(5, confirm=False)
    s = world.session
    for item_id, material_id in ((world.items["MASK-N95"], world.fabric), (None, None)):
        with pytest.raises(IntegrityError), write_transaction(s):
            s.add(PurchaseLine(order_id=order, item_id=item_id, material_id=material_id, quantity=1))
        s.rollback()

    def send_to_a_warehouse_too() -> None:  # to a warehouse or to a maker, never both
        with write_transaction(s):
            head = s.get(PurchaseOrder, order, populate_existing=True)
            assert head is not None
            head.site_id = world.warehouse

    with pytest.raises(IntegrityError):
        send_to_a_warehouse_too()
    s.rollback()


def test_the_service_refuses_goods_sent_to_the_wrong_place(world: MaterialWorld) -> None:
    s, actor = world.session, world.actor
    fabric = [OrderLineIn(item_id=None, material_id=world.fabric, quantity=2)]
    masks = [OrderLineIn(item_id=world.items["MASK-N95"], quantity=2)]
    cases = [
        (OrderHeader(channel="out_of_city", supplier_id=world.mill, site_id=world.warehouse), fabric),
        (OrderHeader(channel="out_of_city", supplier_id=world.mill, site_id=None, enterprise_id=world.maker), masks),
        (OrderHeader(channel="out_of_city", supplier_id=world.mill, site_id=world.warehouse,
                     enterprise_id=world.maker), fabric),
        (OrderHeader(channel="out_of_city", supplier_id=world.mill, site_id=None, enterprise_id=world.maker),
         [OrderLineIn(item_id=world.items["MASK-N95"], material_id=world.fabric, quantity=2)]),
    ]
    for header, lines in cases:
        with pytest.raises(ValidationError):
            create_order(s, actor=actor, header=header, lines=lines)
    assert s.exec(select(func.count()).select_from(PurchaseOrder)).one() == 0


def test_delivered_in_two_parts_one_rejected_no_stock_entry(world: MaterialWorld) -> None:
    order = world.fabric_order(5)
    with pytest.raises(ValidationError):  # a rejection needs its reason
        _deliver(world, order, 2, 1)
    _deliver(world, order, 2, 1, "受潮")
    [line] = world.lines(order)
    assert (line.shipped, line.accepted, line.rejected) == (3, 2, 1)
    assert world.status(order) == "partial"
    with pytest.raises(ValidationError):  # 2 + 1 + 3 > 5: more than ordered needs a reason
        _deliver(world, order, 3)
    _deliver(world, order, 3, over="补发受潮的一吨")
    [line] = world.lines(order)
    assert (line.shipped, line.accepted, line.rejected, line.over_reason) == (6, 5, 1, "补发受潮的一吨")
    assert world.status(order) == "received"
    s = world.session
    assert s.exec(select(func.count()).select_from(ReceiptLine)).one() == 0
    assert s.exec(select(func.count()).select_from(StockBalance)).one() == 0
    events = s.exec(select(ShortageEvent).where(ShortageEvent.shortage_id == world.shortage,
                                                ShortageEvent.action == "delivery")
                    .order_by(ShortageEvent.id)).all()  # type: ignore[arg-type]
    number = world.get(PurchaseOrder, order).number
    assert [(e.old_value, e.new_value, e.note) for e in events] == [(number, "2/1/吨", "受潮"),
                                                                     (number, "3/0/吨", None)]
    assert shortage_procurement(s, shortage_id=world.shortage).open_orders == ()  # received: no longer open


def test_only_a_confirmed_order_is_delivered_and_never_on_a_consignment(world: MaterialWorld) -> None:
    draft = world.fabric_order(5, confirm=False)
    with pytest.raises(TransitionError):
        _deliver(world, draft, 1)
    order = world.fabric_order(5)
    [line] = world.lines(order)
    with pytest.raises(ValidationError):
        create_consignment(world.session, actor=world.actor, site_id=world.warehouse, lines={line.id: 5})  # type: ignore[dict-item]
    _deliver(world, order, 1)
    with pytest.raises(TransitionError):  # something arrived: short-close it instead
        cancel_order(world.session, actor=world.actor, order_id=order, version=world.get(PurchaseOrder, order).version,
                     reason="不要了")


def test_the_rest_is_followed_up_to_the_same_maker(world: MaterialWorld) -> None:
    order = world.fabric_order(5)
    _deliver(world, order, 2, 1, "受潮")
    new = follow_up(world.session, actor=world.actor, order_id=order, version=world.get(PurchaseOrder, order).version)
    [line] = world.lines(new)
    assert (line.material_id, line.quantity, line.unit) == (world.fabric, 3, "吨")  # the rejected tonne still owed
    head = world.get(PurchaseOrder, new)
    assert (head.enterprise_id, head.site_id, head.shortage_id) == (world.maker, None, world.shortage)
    assert world.status(order) == "short_closed"
