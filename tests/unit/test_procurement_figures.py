"""The 在途 figures on both databases (what arrives this week, in transit, overdue, fill rate, days
of supply with goods on the way), and the brief's section and the dashboard's lines that show them."""

from __future__ import annotations

from dataclasses import replace

import pytest

import tui.i18n as i18n
from models.procurement import PurchaseOrder
from models.services.brief import brief
from models.services.consignment_receiving import CountIn, receive_consignment
from models.services.procurement_figures import procurement_figures
from tests.unit.procure_world import ProcureWorld
from tui.brief.render import render_markdown, render_text
from tui.dashboard.procurement_panel import procurement_lines

from .test_brief_text import made


@pytest.fixture
def world(session, coordinator, frozen_clock) -> ProcureWorld:
    return ProcureWorld(session, coordinator)


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def test_the_figures_move_with_the_goods(world: ProcureWorld, frozen_clock) -> None:
    order = world.order({"MASK-N95": 1000})
    consignment = world.ship({world.lines(order)[0].id: 1000}, eta_hours=10)
    figures = procurement_figures(world.session)
    assert (figures.in_transit, figures.on_the_way, figures.open_orders, figures.fill_rate) == (1000, 1, 1, 0.0)
    [item] = figures.items
    assert (item.this_week, item.in_transit, item.available) == (1000, 1000, 0)
    assert item.days == 0 and item.days_with_transit == pytest.approx(1000 / 60_000)
    [line] = world.cons_lines(consignment)
    receive_consignment(world.session, actor=world.actor, consignment_id=consignment,
                        version=world.consignment(consignment).version, voucher_no="V",
                        counts=[CountIn(line.id, 600)])
    figures = procurement_figures(world.session)
    assert (figures.in_transit, figures.fill_rate, figures.items[0].available) == (400, 0.6, 600)
    assert not figures.overdue
    frozen_clock.advance(hours=11)
    figures = procurement_figures(world.session)
    assert [row.number for row in figures.overdue] == [world.consignment(consignment).number]
    lines = procurement_lines(figures).plain
    assert "Consignments on the way: 1 · in transit 400 · open orders 1 · fill rate 60%" in lines
    assert "⚠ Overdue: YS-20200203-001" in lines
    text = render_text(brief(world.session, as_of=frozen_clock.moment), width=None)
    assert "9. Goods on the way" in text and "Overdue: YS-20200203-001 (ETA 2020-02-03 17:50)." in text
    assert world.get(PurchaseOrder, order).status == "partial"


def test_a_past_brief_has_no_goods_on_the_way(world: ProcureWorld, frozen_clock) -> None:
    world.order({"SUIT": 10})
    past = brief(world.session, as_of=frozen_clock.moment.replace(hour=0))
    # nothing was ordered by midnight: the section is left out
    assert past.transit is not None and not past.transit.open_orders and not past.transit.items
    assert "Goods on the way" not in render_markdown(past)
    assert "Goods on the way" not in render_text(replace(made()), width=None)


def test_the_stock_figures_expect_the_goods_on_the_way(world: ProcureWorld, frozen_clock) -> None:
    """``ItemStock.expected`` is the procurement figures' in-transit (one computation): days of supply
    "with deliveries expected" count it, now and as of a time."""
    from datetime import timedelta

    from models.services.stock_figures import item_stock

    def n95(**kw: object):  # type: ignore[no-untyped-def]
        return next(r for r in item_stock(world.session, **kw) if r.code == "MASK-N95")  # type: ignore[arg-type]

    order = world.order({"MASK-N95": 1000})
    assert n95().expected == 0  # ordered, not yet on the way
    consignment = world.ship({world.lines(order)[0].id: 1000})
    shipped_at = frozen_clock.moment
    row = n95()
    assert (row.expected, row.expected_recorded) == (1000, True)
    assert row.days_with_expected == pytest.approx(1000 / 60_000)
    [item] = procurement_figures(world.session).items
    assert item.in_transit == row.expected and item.days_with_transit == row.days_with_expected
    frozen_clock.advance(hours=2)
    [line] = world.cons_lines(consignment)
    receive_consignment(world.session, actor=world.actor, consignment_id=consignment,
                        version=world.consignment(consignment).version, voucher_no="V",
                        counts=[CountIn(line.id, 600)])
    assert (n95().expected, n95().available) == (400, 600)
    assert n95(as_of=shipped_at).expected == 1000  # as it stood before the receipt
    assert n95(as_of=shipped_at - timedelta(minutes=1)).expected == 0  # before it left
