"""The demo's procurement tells its story: an urgent overseas order on its way by air, an overdue
road consignment, an order received with a damaged carton still owed, one waiting for approval."""

from __future__ import annotations

from sqlalchemy import select

from models.demo import load_demo
from models.procurement import PurchaseOrder
from models.services.procurement_figures import procurement_figures
from models.services.procurement_views import lead_times


def test_the_demo_orders_and_consignments(db, session, coordinator, frozen_clock) -> None:
    summary = load_demo(db, actor=coordinator, today=frozen_clock.today())
    assert summary.purchase_orders == 4
    session.rollback()
    statuses = sorted(session.execute(select(PurchaseOrder.status)).scalars())
    assert statuses == ["confirmed", "confirmed", "partial", "submitted"]
    figures = procurement_figures(session)
    assert (figures.in_transit, figures.on_the_way, len(figures.overdue)) == (25_000, 2, 1)
    assert [row.orders for row in lead_times(session)] == [1]
