"""The directory filtered by an item and sorted by its output (walking the item's latest reports and
makers) pages in the order the output computed per enterprise gave, after any sequence of reports,
corrections, back-dated entries, products started and stopped, archives, status changes, shortages and
days passing, with every other filter, in both directions and at several offsets, on SQLite and
PostgreSQL; and the walk reads the indexes it was made for."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from models import clock
from models.enterprise import DailyReport, Enterprise
from models.errors import ServiceError
from models.reference import CatalogueItem
from models.services.enterprise_list import _SORTS, _where, list_enterprises
from models.services.enterprise_products import ProductInput, set_product, set_products
from models.services.enterprise_reports import ReportLine, submit_report
from models.services.enterprises import set_archived, set_status
from models.services.paging import PageRequest
from models.services.shortages import report_shortage
from models.shortage import ShortageCreate

START = date(2020, 3, 10)
ENTERPRISES, ITEMS = 6, 2

E, ITEM = st.integers(0, ENTERPRISES - 1), st.integers(0, ITEMS - 1)
steps = st.lists(st.one_of(
    st.tuples(st.just("report"), E, ITEM, st.integers(0, 2), st.integers(0, 3)),  # few outputs: ties
    st.tuples(st.just("report"), E, ITEM, st.just(0), st.integers(0, 3)),
    st.tuples(st.just("product"), E, ITEM),
    st.tuples(st.just("stop"), E, ITEM),
    st.tuples(st.just("archive"), E),
    st.tuples(st.just("status"), E, st.sampled_from(["resumed", "stopped"])),
    st.tuples(st.just("shortage"), E),
    st.tuples(st.just("day"), st.integers(1, 2)),
), max_size=30)


def _world(session, make, coordinator) -> tuple[list[int], list[int]]:  # type: ignore[no-untyped-def]
    items = list(session.execute(select(CatalogueItem.id).order_by(CatalogueItem.id).limit(ITEMS)).scalars())
    firms = list(session.execute(select(Enterprise.id).order_by(Enterprise.id)).scalars())
    while len(firms) < ENTERPRISES:  # the first example makes them (the first items made by some); the next go on
        firm = make.enterprise(name=f"企业{len(firms)}").id
        for n, item in enumerate(items):
            if (len(firms) + n) % 3:
                set_product(session, actor=coordinator, enterprise_id=firm, item_id=item, daily_capacity=10)
        firms.append(firm)
    return firms, items


def _write(session, coordinator, frozen_clock, world, step) -> None:  # type: ignore[no-untyped-def]
    firms, items = world
    kind = step[0]
    if kind == "report":
        _, e, i, back, output = step
        day = frozen_clock.today() - timedelta(days=back)
        found = session.execute(select(DailyReport.version).where(
            DailyReport.enterprise_id == firms[e], DailyReport.item_id == items[i],
            DailyReport.report_date == day)).scalar()  # a correction when the day has one
        submit_report(session, actor=coordinator, enterprise_id=firms[e], report_date=day,
                      reason="late" if back else None,
                      lines=[ReportLine(item_id=items[i], output=output, stock=1, expected_version=found)])
    elif kind == "product":
        set_product(session, actor=coordinator, enterprise_id=firms[step[1]], item_id=items[step[2]],
                    daily_capacity=10)
    elif kind == "stop":
        set_products(session, actor=coordinator, enterprise_id=firms[step[1]],
                     lines=[ProductInput(item_id=items[step[2]], daily_capacity=None)])
    elif kind == "shortage":
        report_shortage(session, actor=coordinator, data=ShortageCreate(
            enterprise_id=firms[step[1]], kind="labour", severity="high", description="test"))
    elif kind in ("archive", "status"):
        firm = session.get(Enterprise, firms[step[1]])
        session.refresh(firm)
        if kind == "status":
            set_status(session, actor=coordinator, enterprise_id=firm.id, expected_version=firm.version,
                       status=step[2])
        else:
            set_archived(session, actor=coordinator, enterprise_id=firm.id, expected_version=firm.version,
                         archived=not firm.archived, reason="test")
    else:
        frozen_clock.advance(days=step[1])


def _computed_order(session, request: PageRequest) -> list[int]:  # type: ignore[no-untyped-def]
    """The page as the directory gave it before: the item's output today computed per maker."""
    where, _ = _where(session, request)
    key = _SORTS["output"](clock.today(), request.filters["item_id"])
    order = [c.desc() if request.descending else c.asc() for c in (key, Enterprise.id)]
    return list(session.execute(select(Enterprise.id).where(*where).order_by(*order)
                                .offset(request.offset).limit(request.limit)).scalars())


def _assert_the_same_pages(session, world) -> None:  # type: ignore[no-untyped-def]
    district = session.execute(select(Enterprise.district_id)).scalars().first()
    for item in world[1]:
        for query, more in (("", {}), ("", {"archived": True}), ("", {"status": "resumed"}),
                            ("", {"not_reported": True}), ("", {"has_shortage": True}), ("企业1", {}),
                            ("", {"district_id": district, "archived": True}),
                            ("", {"status": "stopped", "archived": True, "has_shortage": True})):
            for descending in (False, True):
                for offset, limit in ((0, 50), (0, 2), (1, 2), (3, 2), (5, 3)):
                    request = PageRequest(query=query, sort="output", descending=descending,
                                          filters={"item_id": item, **more}, offset=offset, limit=limit)
                    got = [row.id for row in list_enterprises(session, request=request).rows]
                    assert got == _computed_order(session, request), request


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_the_walk_pages_as_the_computed_output(session, make, coordinator, frozen_clock,
                                              steps) -> None:  # type: ignore[no-untyped-def]
    if frozen_clock.today() < START:  # the examples share the database: days only go forward, as they do
        frozen_clock.set(datetime.combine(START, datetime.min.time()) + timedelta(hours=12))
    world = _world(session, make, coordinator)
    for step in steps:
        try:
            _write(session, coordinator, frozen_clock, world, step)
        except ServiceError:
            session.rollback()  # a refused write (an item not made, a stale form) changes nothing
    _assert_the_same_pages(session, world)


def test_ties_and_silent_makers(session, make, coordinator, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    """Equal outputs by id; makers silent today (yesterday's report, none, a stopped product) as -1."""
    frozen_clock.set(datetime.combine(START, datetime.min.time()) + timedelta(hours=12))
    world = _world(session, make, coordinator)
    firms, items = world
    for step in (("product", 0, 0), ("report", 0, 0, 0, 2), ("report", 1, 0, 0, 2), ("report", 2, 0, 1, 9),
                 ("report", 4, 0, 0, 0), ("stop", 4, 0), ("archive", 1)):
        _write(session, coordinator, frozen_clock, world, step)
    request = PageRequest(sort="output", descending=True, filters={"item_id": items[0], "archived": True})
    # outputs 2, 2 and 0 (a stopped product still counts) today, then the silent makers (yesterday's 9, none)
    assert [r.id for r in list_enterprises(session, request=request).rows] == [
        firms[1], firms[0], firms[4], firms[5], firms[2]]
    _assert_the_same_pages(session, world)


def test_the_walk_reads_its_indexes(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """On SQLite the page's plan walks the two indexes in order (no sort of all the makers)."""
    from models.services.item_output_sort import window

    with sqlite_db.session() as session:
        # (makers, latest reports, today's): few silent makers (an earlier day's range and the never
        # reported), many (the makers walked)
        for descending, counted in ((False, (100, 90, 50)), (True, (100, 90, 50)), (True, (100, 100, 0))):
            request = PageRequest(sort="output", descending=descending, filters={"item_id": 1}, offset=40, limit=20)
            where, _ = _where(session, request, item=False)
            statement = window(request, where, today=date(2020, 3, 10), counted=counted)
            compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
            plan = " | ".join(row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
            assert "ix_latestreport_item_output" in plan, plan
            assert "ix_product_item_enterprise" in plan, plan
            assert plan.count("TEMP B-TREE") <= 2, plan  # the merge of the parts, the earlier days (usually none)
