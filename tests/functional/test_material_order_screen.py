"""A raw-material shortage starts an order, at 80×24 in both languages: ``b`` on a mask maker's
melt-blown fabric shortage offers the fabric's supplier; the order form comes prefilled with the
supplier, the material, the quantity short and the maker; saved, the order is on screen 7; a delivery at the maker is
recorded on it with ``r`` and the shortage shows the order's progress."""

from __future__ import annotations

import pytest

from models.settings import Settings, install
from tests.unit.material_world import MaterialWorld

from .conftest import DeskFactory

LANGS = ["en", "zh"]


@pytest.fixture(autouse=True)
def no_polling() -> None:
    install(Settings(poll_seconds=3600.0))


def words(lang: str, en: str, zh: str) -> str:
    return en if lang == "en" else zh


def fits(desk) -> bool:  # type: ignore[no-untyped-def]
    return all(len(line) <= 80 for line in desk.text().splitlines())


@pytest.fixture
def world(desk_db, coord, pinned_clock) -> MaterialWorld:  # type: ignore[no-untyped-def]
    from models.enterprise import EnterpriseCreate
    from models.services.enterprises import create_enterprise
    from models.services.reference import district_by_name

    with desk_db.session() as s:
        w = MaterialWorld(s, coord)
        firm = create_enterprise(s, actor=coord, data=EnterpriseCreate(
            name="茶园康护医疗用品有限公司", district_id=district_by_name(s, "南岸区").id))
        w.short_of_fabric(firm.id)  # type: ignore[arg-type]
        return w


@pytest.mark.parametrize("lang", LANGS)
async def test_a_raw_material_shortage_starts_an_order(desk_factory: DeskFactory, world: MaterialWorld,
                                                       lang: str) -> None:
    async with desk_factory(lang=lang) as desk:
        await desk.open("shortages")
        await desk.press("enter")
        assert desk.screen.__class__.__name__ == "ShortageDetailScreen"
        await desk.press("b")
        assert words(lang, "Order from 山东俊富无纺布", "向 山东俊富无纺布 订购") in desk.flat()
        await desk.press("enter")
        assert desk.screen.__class__.__name__ == "DocumentDialog"
        form = desk.screen
        assert form.query_one("#doc-supplier").value == str(world.mill)
        assert form.query_one("#doc-item_1").value == f"m{world.fabric}"
        assert form.query_one("#doc-maker").value == str(world.maker)
        assert form.query_one("#doc-channel").value == "out_of_city"
        assert words(lang, "Melt-blown fabric", "熔喷布") in desk.flat()
        assert form.query_one("#doc-qty_1").value == "5"  # the 5 t the shortage asks for
        assert form.query_one("#doc-urgent").value == "yes"  # a critical shortage
        assert fits(desk)
        await desk.press("ctrl+s")
        assert desk.screen.__class__.__name__ == "ProcurementDetailScreen"
        shown = desk.flat()
        assert "CG-20200203-001" in shown and "茶园康护医疗用品有限公司" in shown
        assert words(lang, "To maker", "送往企业") in shown and words(lang, "(t)", "（吨）") in shown
        assert any("CG-20200203-001" in n for n in desk.notices())
        assert fits(desk)
        await desk.open("procurement")
        rows = desk.rows()
        assert "CG-20200203-001" in rows[1] and "山东俊富" in rows[1] and words(lang, "draft", "草稿") in rows[1]


@pytest.mark.parametrize("lang", LANGS)
async def test_a_delivery_at_the_maker_shows_on_the_shortage(desk_factory: DeskFactory, world: MaterialWorld,
                                                             lang: str) -> None:
    order = world.fabric_order(5)
    [line] = world.lines(order)
    async with desk_factory(lang=lang) as desk:
        await desk.open("procurement")
        await desk.press("enter")
        assert "CG-20200203-001" in desk.flat()
        await desk.press("r")
        assert desk.screen.__class__.__name__ == "DocumentDialog"
        await desk.fill(f"#doc-accepted_{line.id}", "2")
        await desk.fill(f"#doc-rejected_{line.id}", "1")
        await desk.press("ctrl+s")
        assert words(lang, "Say why it was rejected", "请说明拒收原因") in str(
            desk.screen.query_one("#doc-error").render())
        await desk.fill(f"#doc-reason_{line.id}", "受潮")
        await desk.fill(f"#doc-accepted_{line.id}", "5")  # 5 + 1 > 5: the reason is asked for, in its field
        await desk.press("ctrl+s")
        assert desk.focused is desk.screen.query_one("#doc-over_reason")
        await desk.fill(f"#doc-accepted_{line.id}", "2")
        assert fits(desk)
        await desk.press("ctrl+s")
        assert desk.screen.__class__.__name__ == "ProcurementDetailScreen"
        assert words(lang, "partially received", "部分收货") in desk.flat()
        assert words(lang, "r Goods arrived", "r 到货") in desk.footer()
        await desk.open("shortages")
        await desk.press("enter")
        shown = desk.flat()
        assert words(lang, "Open orders (1)", "未完成订单（1）") in shown
        assert words(lang, "2 of 5 t in", "已到 2 / 5 吨") in shown
        assert words(lang, "Delivered", "到货") in shown and "受潮" in shown
        assert fits(desk)
