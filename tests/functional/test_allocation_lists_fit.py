"""Screen 6's three lists at 80×24 in both languages: the number, the site's whole name, the status
and a verbal order's deadline are never cut (what does not fit is dropped, not cut)."""

from __future__ import annotations

import pytest

from models.services.allocation_detail import request_detail
from models.services.allocations import issue_allocation
from models.services.dispatches import dispatch
from models.services.requests import approve_request
from models.settings import Settings, install

from .allocation_world import HOSPITAL, HOSPITAL_EN, UNIT, UNIT_EN, build
from .conftest import DeskFactory


@pytest.fixture(autouse=True)
def no_polling() -> None:
    install(Settings(poll_seconds=3600.0))


@pytest.fixture
def sent(desk_db, coord) -> None:  # type: ignore[no-untyped-def]
    """Both urgent requests approved, allocated (the unit's by a verbal order) and dispatched."""
    with desk_db.session() as s:
        world = build(s, coord)
        for request_id in (world.hospital_request, world.unit_request):
            detail = request_detail(s, request_id=request_id)
            approve_request(s, actor=coord, request_id=request_id, version=detail.version,
                            approved={line.id: line.requested for line in detail.lines})
            order = issue_allocation(s, actor=coord, request_id=request_id, from_site_id=world.warehouse,
                                     lines={line.id: line.requested for line in detail.lines}, receiver="何主任",
                                     receiver_phone="13800000003", sender="陈刚", sender_phone="13900000001",
                                     verbal=request_id == world.unit_request)
            dispatch(s, actor=coord, order_id=order, delivered_by="王师傅")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_three_lists_fit_80_columns_without_cutting_what_matters(desk_factory: DeskFactory, sent,
                                                                           lang: str) -> None:  # type: ignore[no-untyped-def]
    hospital, unit = (HOSPITAL_EN, UNIT_EN) if lang == "en" else (HOSPITAL, UNIT)
    async with desk_factory(lang=lang) as desk:
        await desk.open("allocation")
        for tab, numbers, also in (
            ("requests", ("XQ-20200203-001", "XQ-20200203-002", "XQ-20200203-003"), ("1,000",)),
            ("orders", ("DB-20200203-001", "DB-20200203-002"),
             ("by 02-05 07:50" if lang == "en" else "02-05 07:50 前", "dispatched" if lang == "en" else "已出库")),
            ("deliveries", ("CK-20200203-001", "CK-20200203-002"), ("3,200",)),
        ):
            assert desk.screen.active_tab == tab
            rows = [r for r in desk.rows(f"{tab}-table") if r.strip()]
            assert all(len(r) <= 80 for r in desk.text().splitlines()), rows
            for number in numbers:
                assert any(r.startswith(number + " ") for r in rows), (tab, number, rows)
            shown = "\n".join(rows)
            assert hospital in shown and unit in shown, tab  # whole names
            for words in also:
                assert words in shown, (tab, words)
            assert "…" not in shown, tab  # nothing cut at all in these rows
            await desk.press("right_square_bracket")
