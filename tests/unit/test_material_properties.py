"""Property test of raw-material orders: any sequence of deliveries at the maker (accepted, rejected
with or without a reason, more than ordered with or without one), cancelled parts and short-closing
keeps every line naming exactly one of item and material, shipped equal to accepted plus rejected,
the sums equal to the deliveries the service took, more than owed only with a reason, the status
the one the lines derive, no stock ledger entry, and one delivery step on the shortage per line
delivered (SQLite and PostgreSQL). Examples share the database: each looks at its own order."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from models.errors import ServiceError
from models.history import ShortageEvent
from models.procurement import PurchaseOrder
from models.receipts import ReceiptLine
from models.services.material_receiving import MaterialCount, receive_material
from models.services.order_closing import cancel_quantity, short_close
from models.services.order_status import derived_status, owed
from tests.unit.material_world import MaterialWorld

step = st.one_of(
    st.tuples(st.just("deliver"), st.integers(0, 4), st.integers(0, 2), st.booleans(), st.booleans()),
    st.tuples(st.just("cancel"), st.integers(0, 5)),
    st.tuples(st.just("short_close"),),
)


@pytest.fixture
def world(session, coordinator, frozen_clock, enterprise) -> MaterialWorld:
    w = MaterialWorld(session, coordinator)
    w.short_of_fabric(enterprise.id)
    return w


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=8))
def test_any_sequence_of_deliveries_keeps_the_sums(world: MaterialWorld, steps: list[tuple]) -> None:  # type: ignore[type-arg]
    s = world.session
    order = world.fabric_order(5)
    taken = [0, 0]  # accepted, rejected: what the service took
    deliveries = 0
    for action in steps:
        [line] = world.lines(order)
        version = world.get(PurchaseOrder, order).version
        try:
            if action[0] == "deliver":
                receive_material(s, actor=world.actor, order_id=order, version=version, counts=[MaterialCount(
                    line.id, action[1], action[2], "受潮" if action[3] else None)],  # type: ignore[arg-type]
                    over_reason="补发" if action[4] else None)
                taken[0] += action[1]
                taken[1] += action[2]
                deliveries += 1
            elif action[0] == "cancel":
                cancel_quantity(s, actor=world.actor, order_id=order, version=version, line_id=line.id,  # type: ignore[arg-type]
                                cancelled=action[1])
            else:
                short_close(s, actor=world.actor, order_id=order, version=version, reason="供方断货")
        except ServiceError:
            pass  # refused: nothing changed (checked below)
        s.rollback()
        [line] = world.lines(order)
        assert (line.item_id is None) != (line.material_id is None)
        assert (line.accepted, line.rejected) == tuple(taken)
        assert line.shipped == line.accepted + line.rejected
        if line.accepted + line.rejected > owed(line):
            assert line.over_reason
        head = world.get(PurchaseOrder, order)
        assert head.status == derived_status(head, world.lines(order))
        assert s.exec(select(func.count()).select_from(ReceiptLine)).one() == 0
        assert s.exec(select(func.count()).select_from(ShortageEvent).where(
            ShortageEvent.action == "delivery", ShortageEvent.old_value == head.number)).one() == deliveries
