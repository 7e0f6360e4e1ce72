"""The maintained capacity per item equals the sum over the products, after any sequence of products
added, changed, stopped and made again (one or several at once) and enterprises archived and
restored, on SQLite and PostgreSQL; and the dashboard's capacity reads it."""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from models.enterprise import Enterprise
from models.item_capacity import REBUILD_SQL, SCAN_SQL, ItemCapacity, rebuild
from models.reference import CatalogueItem
from models.services.dashboard import capacity_by_item
from models.services.enterprise_products import ProductInput, product_choices, set_product, set_products
from models.services.enterprises import set_archived

ENTERPRISES, ITEMS = 3, 3

one = st.tuples(st.just("product"), st.integers(0, ENTERPRISES - 1), st.integers(0, ITEMS - 1),
                st.integers(0, 500))
form = st.tuples(st.just("form"), st.integers(0, ENTERPRISES - 1),
                 st.dictionaries(st.integers(0, ITEMS - 1), st.none() | st.integers(0, 500), min_size=1))
archive = st.tuples(st.just("archive"), st.integers(0, ENTERPRISES - 1))
operations = st.lists(st.one_of(one, form, archive), max_size=20)


def _maintained(session) -> dict[int, float]:  # type: ignore[no-untyped-def]
    return {i: c for i, c in session.execute(select(ItemCapacity.item_id, ItemCapacity.capacity)) if c}


def _scanned(session) -> dict[int, float]:  # type: ignore[no-untyped-def]
    return {i: float(c) for i, c in session.execute(text(SCAN_SQL)) if c}


def test_the_rebuild_inserts_the_scan() -> None:
    assert REBUILD_SQL.endswith(SCAN_SQL)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=operations)
def test_the_maintained_capacity_equals_the_sum_over_products(session, make, coordinator, frozen_clock,
                                                              steps) -> None:  # type: ignore[no-untyped-def]
    frozen_clock.set(datetime(2020, 2, 10, 12))
    firms = [make.enterprise().id for _ in range(ENTERPRISES)]  # each example adds its own
    items = session.execute(select(CatalogueItem.id).order_by(CatalogueItem.id).limit(ITEMS)).scalars().all()
    for step in steps:
        if step[0] == "product":
            _, e, i, capacity = step
            set_product(session, actor=coordinator, enterprise_id=firms[e], item_id=items[i], daily_capacity=capacity)
        elif step[0] == "form":  # the products form: several at once, None stops making the item
            _, e, chosen = step
            versions = {c.item_id: c.version for c in product_choices(session, enterprise_id=firms[e])}
            set_products(session, actor=coordinator, enterprise_id=firms[e], lines=[
                ProductInput(item_id=items[i], daily_capacity=c, expected_version=versions[items[i]])
                for i, c in sorted(chosen.items(), reverse=True)])
        else:
            firm = session.get(Enterprise, firms[step[1]])
            session.refresh(firm)
            set_archived(session, actor=coordinator, enterprise_id=firm.id, expected_version=firm.version,
                         archived=not firm.archived, reason="test")
    assert _maintained(session) == _scanned(session)
    assert {i: c for i, c in capacity_by_item(session).items() if c} == _scanned(session)
    assert capacity_by_item(session, item_ids=[items[0]]).get(items[0], 0.0) == _scanned(session).get(items[0], 0.0)


def test_the_rebuild_gives_what_was_maintained(session, make, coordinator, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    frozen_clock.set(datetime(2020, 2, 10, 12))
    item = session.execute(select(CatalogueItem.id).order_by(CatalogueItem.id)).scalars().first()
    for capacity in (100, 250):
        set_product(session, actor=coordinator, enterprise_id=make.enterprise().id, item_id=item,
                    daily_capacity=capacity)
    kept = _maintained(session)
    assert kept[item] == _scanned(session)[item]
    rebuild(session)
    session.commit()
    assert _maintained(session) == kept
