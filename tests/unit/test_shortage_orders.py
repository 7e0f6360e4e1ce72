"""From a shortage to an order: a short catalogue item shows its suppliers (abroad first) and its
open orders; an order written from it names the shortage (both databases)."""

from __future__ import annotations

import pytest

from models.procurement import PurchaseOrder
from models.services.common import write_transaction
from models.services.shortage_orders import shortage_procurement
from models.services.shortages import report_shortage
from models.shortage import ShortageCreate
from models.supply import SupplierItem
from tests.unit.procure_world import ProcureWorld


@pytest.fixture
def world(session, coordinator, frozen_clock) -> ProcureWorld:
    return ProcureWorld(session, coordinator)


def test_a_short_item_shows_its_suppliers_and_open_orders(world: ProcureWorld, enterprise) -> None:
    n95 = world.items["MASK-N95"]
    with write_transaction(world.session):
        world.session.add(SupplierItem(supplier_id=world.supplier, item_id=n95))
        world.session.add(SupplierItem(supplier_id=world.reserve, item_id=n95))  # a reserve unit is not offered
    shortage = report_shortage(world.session, actor=world.actor, data=ShortageCreate(
        enterprise_id=enterprise.id, kind="other", item_id=n95, quantity=5000, unit="只", severity="critical")).id
    found = shortage_procurement(world.session, shortage_id=shortage)
    assert [s[1] for s in found.suppliers] == ["Dräger Lübeck"] and found.open_orders == ()
    order = world.order({"MASK-N95": 1000}, shortage_id=shortage)
    found = shortage_procurement(world.session, shortage_id=shortage)
    assert [(o.id, o.remainder) for o in found.open_orders] == [(order, 1000)]
    assert world.get(PurchaseOrder, order).shortage_id == shortage


@pytest.mark.parametrize(("quantity", "unit", "expected"), [
    (5000, "只", 5000),  # in the item's unit
    (4999.2, None, 5000),  # no unit said: the item's; part of one rounds up (the order covers the need)
    (5, "箱", None),  # another unit: the form asks instead of guessing
    (None, None, None),
])
def test_the_order_starts_with_what_the_shortage_asks(world: ProcureWorld, enterprise, quantity: float | None,
                                                      unit: str | None, expected: int | None) -> None:
    from datetime import date

    n95 = world.items["MASK-N95"]
    shortage = report_shortage(world.session, actor=world.actor, data=ShortageCreate(
        enterprise_id=enterprise.id, kind="other", item_id=n95, quantity=quantity, unit=unit,
        need_by=date(2020, 2, 9), severity="critical")).id
    found = shortage_procurement(world.session, shortage_id=shortage)
    assert (found.quantity, found.need_by, found.urgent) == (expected, date(2020, 2, 9), True)
