"""Screen 7 at 80×24 in both languages, driven by keys: the four lists, a new order taken through
its steps, and a consignment received in two parts with a damaged carton rejected (a reason
required). Assertions are on what the user sees."""

from __future__ import annotations

import pytest

from models.settings import Settings, install
from tests.unit.procure_world import ProcureWorld

from .conftest import DeskFactory

LANGS = ["en", "zh"]


@pytest.fixture(autouse=True)
def no_polling() -> None:
    install(Settings(poll_seconds=3600.0))


@pytest.fixture
def world(desk_db, coord, pinned_clock) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    """A confirmed overseas order of 1,000 protective masks, all of it on a consignment on the way;
    the order, the consignment, the supplier and the warehouse."""
    with desk_db.session() as s:
        w = ProcureWorld(s, coord)
        order = w.order({"MASK-N95": 1000}, need_by=pinned_clock.today())
        consignment = w.ship({w.lines(order)[0].id: 1000})
        return order, consignment, w.supplier, w.warehouse


def words(lang: str, en: str, zh: str) -> str:
    return en if lang == "en" else zh


def fits(desk) -> bool:  # type: ignore[no-untyped-def]
    return all(len(line) <= 80 for line in desk.text().splitlines())


@pytest.mark.parametrize("lang", LANGS)
async def test_the_four_lists(desk_factory: DeskFactory, world: tuple[int, int, int, int], lang: str) -> None:
    async with desk_factory(lang=lang) as desk:
        await desk.open("procurement")
        rows = desk.rows()
        assert words(lang, "Number", "编号") in rows[0]
        assert "CG-20200203-001" in rows[1] and "1,000" in rows[1]
        assert words(lang, "confirmed", "已确认") in rows[1]
        assert fits(desk)
        await desk.press("right_square_bracket")
        assert desk.screen.active_tab == "pipeline"
        rows = desk.rows("pipeline-table")
        assert words(lang, "Protective", "医用防护口罩") in rows[1] and "1,000" in rows[1]
        await desk.press("right_square_bracket")
        assert desk.screen.active_tab == "transit"
        rows = desk.rows("transit-table")
        assert "YS-20200203-001" in rows[1] and "02-03 17:50" in rows[1]
        assert fits(desk)
        await desk.press("right_square_bracket")
        assert desk.screen.active_tab == "lead"
        assert words(lang, "Supplier", "供应商") in desk.rows("lead-table")[0]
        await desk.press("question_mark")
        assert words(lang, "lead times", "周期") in desk.flat()


@pytest.mark.parametrize("lang", LANGS)
async def test_receive_in_two_parts_one_carton_rejected(desk_factory: DeskFactory, desk_db,
                                                        world: tuple[int, int, int, int], lang: str) -> None:  # type: ignore[no-untyped-def]
    with desk_db.session() as s:
        from models.services.procurement_detail import consignment_detail

        [line] = consignment_detail(s, consignment_id=world[1]).lines
    async with desk_factory(lang=lang) as desk:
        await desk.open("procurement")
        await desk.press("right_square_bracket", "right_square_bracket", "enter")
        assert desk.screen.__class__.__name__ == "ProcurementDetailScreen"
        assert "CA1048" in desk.flat() and "渝A12345" in desk.flat()
        await desk.press("r")
        await desk.fill("#doc-voucher", "999-12345675")
        await desk.fill(f"#doc-accepted_{line.id}", "600")
        await desk.press("ctrl+s")
        assert words(lang, "partly received", "部分收货") in desk.flat()
        await desk.press("r")
        await desk.fill("#doc-voucher", "999-12345675")
        await desk.fill(f"#doc-accepted_{line.id}", "380")
        await desk.fill(f"#doc-rejected_{line.id}", "20")
        await desk.press("ctrl+s")
        assert words(lang, "Say why it was rejected", "请说明拒收原因") in str(
            desk.screen.query_one("#doc-error").render())
        await desk.fill(f"#doc-reason_{line.id}", "一箱受潮")
        await desk.press("ctrl+s")
        shown = desk.flat()
        assert words(lang, "received", "已收货") in shown and "980" in shown
        assert fits(desk)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_new_order_through_its_steps(desk_factory: DeskFactory, world: tuple[int, int, int, int],
                                             lang: str) -> None:
    async with desk_factory(lang=lang) as desk:
        await desk.open("procurement")
        await desk.press("n")
        assert desk.screen.__class__.__name__ == "DocumentDialog"
        dialog = desk.screen
        dialog.query_one("#doc-supplier").value = str(world[2])
        dialog.query_one("#doc-site").value = str(world[3])
        dialog.query_one("#doc-item_1").value = "4"  # protective suits (the catalogue's fourth)
        for box, value in (("currency", "EUR"), ("rate", "7.8"), ("contract_no", "ZY-2020-018"), ("qty_1", "500")):
            await desk.fill(f"#doc-{box}", value)
        assert fits(desk)
        await desk.press("ctrl+s")
        assert desk.screen.__class__.__name__ == "ProcurementDetailScreen"
        assert "CG-20200203-002" in desk.flat() and words(lang, "draft", "草稿") in desk.flat()
        for status in (words(lang, "submitted", "已提交"), words(lang, "approved", "已审批"),
                       words(lang, "confirmed", "已确认")):
            await desk.press("a")
            assert status in desk.flat()
        assert fits(desk)


@pytest.mark.parametrize("lang", LANGS)
async def test_from_a_shortage_to_an_order(desk_factory: DeskFactory, desk_db, coord, pinned_clock,
                                           lang: str) -> None:  # type: ignore[no-untyped-def]
    from models.enterprise import EnterpriseCreate
    from models.services.common import write_transaction
    from models.services.enterprises import create_enterprise
    from models.services.reference import district_by_name
    from models.services.shortages import report_shortage
    from models.shortage import ShortageCreate
    from models.supply import SupplierItem

    with desk_db.session() as s:
        w = ProcureWorld(s, coord)
        with write_transaction(s):
            s.add(SupplierItem(supplier_id=w.supplier, item_id=w.items["MASK-N95"]))
        firm = create_enterprise(s, actor=coord, data=EnterpriseCreate(
            name="茶园康护医疗用品有限公司", district_id=district_by_name(s, "南岸区").id))
        report_shortage(s, actor=coord, data=ShortageCreate(enterprise_id=firm.id, kind="other", severity="critical",
                                                            item_id=w.items["MASK-N95"], quantity=5000, unit="只"))
    async with desk_factory(lang=lang) as desk:
        await desk.open("shortages")
        await desk.press("enter")
        assert desk.screen.__class__.__name__ == "ShortageDetailScreen"
        await desk.press("b")
        assert words(lang, "Order from Dräger Lübeck", "向 Dräger Lübeck 订购") in desk.flat()
        await desk.press("enter")
        assert desk.screen.__class__.__name__ == "DocumentDialog"
        assert desk.screen.query_one("#doc-supplier").value == str(w.supplier)
        assert desk.screen.query_one("#doc-item_1").value == str(w.items["MASK-N95"])
        desk.screen.query_one("#doc-site").value = str(w.warehouse)
        for box, value in (("currency", "EUR"), ("rate", "7.8"), ("qty_1", "5000")):
            await desk.fill(f"#doc-{box}", value)
        await desk.press("ctrl+s")
        assert desk.screen.__class__.__name__ == "ProcurementDetailScreen"
        assert "CG-20200203-001" in desk.flat() and "5,000" in desk.flat()
        assert fits(desk)


@pytest.mark.parametrize("lang", LANGS)
async def test_an_overdue_consignment_is_marked_by_the_clock(desk_factory: DeskFactory,
                                                             world: tuple[int, int, int, int], pinned_clock,
                                                             lang: str) -> None:  # type: ignore[no-untyped-def]
    pinned_clock.advance(hours=11)  # the ETA was ten hours after the departure
    async with desk_factory(lang=lang) as desk:
        await desk.open("procurement")
        await desk.press("right_square_bracket", "right_square_bracket")
        row = desk.rows("transit-table")[1]
        assert "⚠ 02-03 17:50" in row and words(lang, "overdue", "逾期") in row
        assert fits(desk)


async def test_one_consignment_carries_two_orders(desk_factory: DeskFactory, desk_db, coord, pinned_clock) -> None:  # type: ignore[no-untyped-def]
    with desk_db.session() as s:
        w = ProcureWorld(s, coord)
        first, second = w.order({"MASK-N95": 1000}), w.order({"SUIT": 200})
        lines = {w.lines(first)[0].id: "1000", w.lines(second)[0].id: "200"}
    async with desk_factory(lang="zh") as desk:
        await desk.open("procurement")
        await desk.press("enter", "t")
        assert "CG-20200203-00" in desk.flat()  # the other order's line is offered too, at 0
        assert sorted(desk.screen.query_one(f"#doc-load_{i}").value for i in lines) == ["0", "1000"] or sorted(
            desk.screen.query_one(f"#doc-load_{i}").value for i in lines) == ["0", "200"]
        for line_id, quantity in lines.items():
            await desk.fill(f"#doc-load_{line_id}", quantity)
        await desk.press("ctrl+s")
        await desk.press("o")
        shown = desk.flat()
        assert "CG-20200203-001 · 医用防护口罩 · 1,000" in shown and "CG-20200203-002 · 医用防护服 · 200" in shown
        assert fits(desk)


@pytest.mark.parametrize("lang", LANGS)
async def test_the_plane_lands_and_the_road_leg_is_added(desk_factory: DeskFactory, desk_db, coord, pinned_clock,
                                                         lang: str) -> None:  # type: ignore[no-untyped-def]
    from models.services.consignments import LegIn, create_consignment

    with desk_db.session() as s:
        w = ProcureWorld(s, coord)
        order = w.order({"MASK-N95": 1000})
        consignment = create_consignment(s, actor=coord, site_id=w.warehouse, lines={w.lines(order)[0].id: 1000},
                                         legs=[LegIn(mode="air", origin="Frankfurt", destination="重庆江北机场",
                                                     vehicle="CA1048")])
        w.depart(consignment, pinned_clock.moment)
    async with desk_factory(lang=lang) as desk:
        await desk.open("procurement")
        await desk.press("right_square_bracket", "right_square_bracket", "enter")
        assert desk.screen.__class__.__name__ == "ProcurementDetailScreen"
        await desk.press("l")  # one leg: its form straight away
        await desk.fill("#doc-arrived", "02-03 16:10")
        await desk.press("ctrl+s")
        assert "02-03 16:10" in desk.flat()
        await desk.press("plus")
        assert desk.screen.__class__.__name__ == "DocumentDialog"
        assert desk.screen.query_one("#doc-from_2").value == "重庆江北机场"
        assert desk.screen.query_one("#doc-mode_2").value == "road"
        for box, value in (("vehicle_2", "渝A12345"), ("pass_2", "渝绿通-0203-15"), ("eta_2", "02-03 19:00")):
            await desk.fill(f"#doc-{box}", value)
        assert fits(desk)
        await desk.press("ctrl+s")
        assert desk.screen.__class__.__name__ == "ProcurementDetailScreen"
        shown = desk.flat()
        assert "渝A12345" in shown and "02-03 19:00" in shown and words(lang, "road", "公路") in shown
        assert fits(desk)
        assert words(lang, "+ Add leg", "+ 加运输段") in desk.flat()  # the footer offers it


@pytest.mark.parametrize("lang", LANGS)
async def test_cancel_part_of_a_line_not_shipped(desk_factory: DeskFactory, desk_db, coord, pinned_clock,
                                                 lang: str) -> None:  # type: ignore[no-untyped-def]
    with desk_db.session() as s:
        w = ProcureWorld(s, coord)
        order = w.order({"SUIT": 500})
        w.ship({w.lines(order)[0].id: 200})
    async with desk_factory(lang=lang) as desk:
        await desk.open("procurement")
        await desk.press("enter")
        assert "500 · 0 · 200" in desk.flat()
        await desk.press("p")
        assert desk.screen.__class__.__name__ == "DocumentDialog"
        await desk.fill("#doc-cancelled", "301")
        await desk.press("ctrl+s")
        assert "300" in str(desk.screen.query_one("#doc-error").render())  # the shipped part stays
        await desk.fill("#doc-cancelled", "300")
        assert fits(desk)
        await desk.press("ctrl+s")
        assert desk.screen.__class__.__name__ == "ProcurementDetailScreen"
        assert "500 · 300 · 200" in desk.flat()
        assert fits(desk)
