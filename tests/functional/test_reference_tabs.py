"""The catalogue, suppliers and reserve-unit tabs at 80×24: filter, card, new and edit for a
coordinator, read-only for anyone else. Each tab is pushed on a bare screen of its own (the
reference-data screen that holds them as tabs is tested where it is built)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import ComposeResult
from textual.widget import Widget

from models.services.catalogue import item
from models.services.paging import PageRequest
from models.services.reference import catalogue, materials
from models.services.suppliers import SupplierInput, SupplyLine, create_supplier, list_suppliers
from tui.shell.base import BaseScreen

from .conftest import COORDINATOR


class TabScreen(BaseScreen):
    """A bare screen showing one tab (``module:Class``), as the reference-data screen does."""

    def __init__(self, tab: type[Widget]) -> None:
        super().__init__()
        self.tab = tab

    def body(self) -> ComposeResult:
        yield self.tab()


def _tab(path: str) -> type[Widget]:
    import importlib

    module, name = path.split(":")
    tab: type[Widget] = getattr(importlib.import_module(module), name)
    return tab


async def _show(desk: Any, path: str) -> None:
    desk.app.push_screen(TabScreen(_tab(path)))
    await desk.settle()


@pytest.fixture
def suppliers(desk_db, coord) -> None:  # type: ignore[no-untyped-def]
    with desk_db.session() as s:
        surgical = next(i.id for i in catalogue(s) if i.code == "MASK-SURG")
        melt = next(m.id for m in materials(s) if m.code == "MELTBLOWN")
        create_supplier(s, actor=coord, data=SupplierInput(
            name="重药集团", region="重庆", reserve_unit=True, phone="023-63000000",
            lines=(SupplyLine(item_id=surgical, spec="平面型"),)))
        create_supplier(s, actor=coord, data=SupplierInput(
            name="浙江恒远熔喷材料有限公司", origin="out_of_city", region="浙江", phone="13900000002",
            lines=(SupplyLine(material_id=melt),)))


async def test_catalogue_tab_filters_shows_the_card_and_edits_the_demand(desk, desk_db) -> None:
    async with desk:
        await _show(desk, "tui.reference.catalogue:CatalogueTab")
        assert "Surgical mask" in desk.text() and "YY 0469" in desk.text()
        assert "pieces" in desk.text() and "只" not in desk.text()  # units in the language shown
        await desk.filter("19083")
        assert next(r for r in desk.rows()[1:] if r.strip()).split()[0] == "MASK-N95"
        assert "GB 19083" in desk.flat() and "Medical protective" in desk.flat()
        await desk.press("e")
        assert "Edit catalogue item" in desk.text()
        await desk.fill("#field-daily_demand", "80000")
        await desk.press("ctrl+s")
        assert "Edit catalogue item" not in desk.text()
        assert "80k" in desk.flat() and "Demand history" in desk.flat()
    with desk_db.session() as s:
        n95 = next(i for i in catalogue(s) if i.code == "MASK-N95")
        assert item(s, item_id=n95.id).daily_demand == 80_000


async def test_catalogue_tab_new_item_refused_field_then_saved(desk, desk_db) -> None:
    async with desk:
        await _show(desk, "tui.reference.catalogue:CatalogueTab")
        await desk.press("n")
        assert "New catalogue item" in desk.text()
        await desk.fill("#field-code", "MASK-N95")
        await desk.fill("#field-name", "隔离衣")
        await desk.fill("#field-unit", "件")
        await desk.fill("#field-daily_demand", "8000")
        await desk.press("ctrl+s")
        assert "Another item has this code" in desk.flat()  # the service's refusal, on its field
        await desk.fill("#field-code", "GOWN")
        await desk.press("ctrl+s")
        assert "New catalogue item" not in desk.text()
    with desk_db.session() as s:
        assert any(i.code == "GOWN" and i.daily_demand == 8000 for i in catalogue(s))


async def test_suppliers_tab_card_and_quick_filter(desk, suppliers) -> None:
    async with desk:
        await _show(desk, "tui.reference.suppliers:SuppliersTab")
        assert "重药集团" in desk.text() and "浙江恒远" in desk.text()
        assert "reserve unit" in desk.flat() and "Surgical mask (平面型)" in desk.flat()  # names in the language shown
        assert "Where: In the city · Chongqing" in desk.flat()  # and the province
        await desk.filter("rongpen")
        assert "重药集团" not in desk.text() and "Contacts made" in desk.flat()
        await desk.filter("")
        await desk.press("f")
        assert "Filters: abroad" in desk.flat() and "重药集团" not in desk.text()


async def test_supplier_form_saves_what_it_supplies(desk, desk_db, suppliers) -> None:
    async with desk:
        await _show(desk, "tui.reference.suppliers:SuppliersTab")
        await desk.filter("zhejiang")
        await desk.press("e")
        assert "Edit supplier" in desk.text()
        await desk.fill("#field-phone", "12345")
        await desk.press("ctrl+s")
        assert "A mobile, a landline with its area code, or +country code" in desk.flat()
        await desk.fill("#field-phone", "0571-88000000")
        nonwoven = next(k for k in desk.screen.fields if k.startswith("material-"))
        surgical = next(k for k in desk.screen.fields if k.startswith("item-"))
        # the lines are named in the language shown, their units too
        fields = desk.screen.fields
        assert (fields[nonwoven].literal, fields[surgical].after) == ("Non-woven fabric", "pieces")
        await desk.fill(f"#field-{nonwoven}", "25g/m²")
        await desk.press("ctrl+s")
        assert "Edit supplier" not in desk.text()
    with desk_db.session() as s:
        row = list_suppliers(s, request=PageRequest(query="zhejiang")).rows[0]
        assert row.phone == "0571-88000000" and "无纺布（25g/m²）" in row.supplies


async def test_reserve_units_tab_lists_them_and_adds_one(desk, desk_db, suppliers) -> None:
    async with desk:
        await _show(desk, "tui.reference.reserve_units:ReserveUnitsTab")
        assert "重药集团" in desk.text() and "浙江恒远" not in desk.text()
        assert "Quick filters" not in desk.footer()  # the tab has none
        await desk.press("n")
        assert "New reserve unit" in desk.text()
        await desk.fill("#field-name", "桐君阁")
        await desk.press("ctrl+s")
        assert "桐君阁" in desk.text()
    with desk_db.session() as s:
        assert [r.name for r in list_suppliers(s, request=PageRequest(filters={"reserve_unit": True})).rows] == [
            "重药集团", "桐君阁"]


@pytest.mark.parametrize("path", ["tui.reference.catalogue:CatalogueTab", "tui.reference.suppliers:SuppliersTab",
                                  "tui.reference.reserve_units:ReserveUnitsTab"])
async def test_anyone_else_reads_only(desk_factory, suppliers, path: str) -> None:
    desk = desk_factory(login="visitor")
    async with desk:
        await _show(desk, path)
        assert "New" not in desk.footer() and "Edit" not in desk.footer()
        await desk.press("n")
        assert desk.screen.__class__ is TabScreen


@pytest.mark.parametrize(("path", "shown"), [
    ("tui.reference.catalogue:CatalogueTab", ["医用外科口罩", "医用外科", "日需求量", "需求量"]),
    ("tui.reference.suppliers:SuppliersTab", ["重药集团", "外地 · 浙江", "储备单位", "联系记录", "暂无"]),
    ("tui.reference.reserve_units:ReserveUnitsTab", ["重药集团", "对接干部"]),
])
async def test_the_tabs_in_chinese(desk_factory, suppliers, path: str, shown: list[str]) -> None:
    from tui import i18n

    desk = desk_factory(lang="zh", login=COORDINATOR)
    async with desk:
        await _show(desk, path)
        for words in shown:
            assert words in desk.text(), words
        await desk.press("n")
        assert "新增" in desk.text()
        await desk.press("escape")
    assert i18n.missing() == set()
