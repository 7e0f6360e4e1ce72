"""Screen 7 at 80×24 in both languages: the overdue ETA whole on the list of consignments (beside a
scrollbar too), a consignment's legs wrapped under their start, and toasts that name the document."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.services.consignments import LegIn, create_consignment
from models.settings import Settings, install
from tests.unit.procure_world import ProcureWorld

from .conftest import DeskFactory

LANGS = ["en", "zh"]


@pytest.fixture(autouse=True)
def no_polling() -> None:
    install(Settings(poll_seconds=3600.0))


def words(lang: str, en: str, zh: str) -> str:
    return en if lang == "en" else zh


def fits(desk) -> bool:  # type: ignore[no-untyped-def]
    return all(len(line) <= 80 for line in desk.text().splitlines())


@pytest.mark.parametrize("lang", LANGS)
async def test_the_overdue_eta_is_whole_beside_a_scrollbar(desk_factory: DeskFactory, desk_db, coord, pinned_clock,
                                                            lang: str) -> None:  # type: ignore[no-untyped-def]
    with desk_db.session() as s:
        w = ProcureWorld(s, coord)
        order = w.order({"MASK-N95": 30_000})
        for _ in range(25):  # more rows than the screen: the table shows its scrollbar
            w.ship({w.lines(order)[0].id: 1000})  # type: ignore[dict-item]
    pinned_clock.advance(hours=11)
    async with desk_factory(lang=lang) as desk:
        await desk.open("procurement")
        await desk.press("right_square_bracket", "right_square_bracket")
        rows = desk.rows("transit-table")[1:]
        assert len(rows) > 10
        whole = "⚠ 02-03 17:50 " + words(lang, "overdue", "逾期")
        assert all(whole in row for row in rows if row.strip()), rows
        assert fits(desk)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_legs_lines_wrap_under_their_start(desk_factory: DeskFactory, desk_db, coord, pinned_clock,
                                                   lang: str) -> None:  # type: ignore[no-untyped-def]
    now = pinned_clock.moment
    with desk_db.session() as s:
        w = ProcureWorld(s, coord)
        order = w.order({"MASK-N95": 1000})
        consignment = create_consignment(s, actor=coord, site_id=w.warehouse, lines={w.lines(order)[0].id: 1000},  # type: ignore[dict-key]
                                         legs=[LegIn(mode="air", origin="Frankfurt am Main Flughafen Cargo City Süd",
                                                     destination="重庆江北国际机场货运站",
                                                     carrier="Lufthansa Cargo AG Frankfurt Charter Operations",
                                                     waybill="020-12345675-SPLIT-01", vehicle="LH8400/CA1048",
                                                     planned_departure=now, eta=now + timedelta(hours=9))])
        w.depart(consignment, now)
        leg = w.legs(consignment)[0]
        from models.services.consignments import record_leg

        record_leg(s, actor=coord, leg_id=leg.id, version=leg.version, arrived_at=now + timedelta(hours=8))  # type: ignore[arg-type]
    async with desk_factory(lang=lang) as desk:
        await desk.open("procurement")
        await desk.press("right_square_bracket", "right_square_bracket", "enter")
        lines = desk.text().splitlines()
        assert fits(desk)
        start = next(i for i, line in enumerate(lines) if line.startswith(" 1. "))
        leg = lines[start:start + 8]
        # every line of the leg after its first starts under it (" 1. " is the Static's margin and the number)
        rest = [line for line in leg[1:] if line.strip()][:5]
        assert rest and all(line.startswith("    ") and line[4] != " " for line in rest), leg
        # pieces are never cut across lines: the waybill, the flight and each time stay whole
        text = "\n".join(leg)
        for piece in ("020-12345675-SPLIT-01", "LH8400/CA1048", words(lang, "arrived", "到达") + " 2020-02-03 15:50",
                      words(lang, "planned", "计划") + " 2020-02-03 07:50"):
            assert piece in text, (piece, leg)
        assert "Lufthansa Cargo AG Frankfurt Charter Operations" in text


@pytest.mark.parametrize("lang", LANGS)
async def test_toasts_name_the_document(desk_factory: DeskFactory, desk_db, coord, pinned_clock,
                                        lang: str) -> None:  # type: ignore[no-untyped-def]
    with desk_db.session() as s:
        w = ProcureWorld(s, coord)
        w.order({"MASK-N95": 1000}, confirm=False)
    async with desk_factory(lang=lang) as desk:
        await desk.open("procurement")
        await desk.press("enter", "a")
        assert any("CG-20200203-001" in n and words(lang, "submitted", "已提交") in n for n in desk.notices())
        await desk.dismiss_notices()
        await desk.press("a", "a")
        assert any("CG-20200203-001" in n and words(lang, "confirmed", "确认") in n for n in desk.notices())
        await desk.dismiss_notices()
        await desk.press("t")
        await desk.press("ctrl+s")
        assert any("YS-20200203-001" in n and "CG-20200203-001" in n for n in desk.notices()), desk.notices()
        await desk.dismiss_notices()
        await desk.press("o", "plus")
        await desk.fill("#doc-vehicle_3", "渝B00001")
        await desk.press("ctrl+s")
        assert any("YS-20200203-001" in n and "3" in n for n in desk.notices()), desk.notices()
