"""The sites tab at 80×24: list, card, new and edit for a coordinator, read-only for anyone else, in
both languages; reached from the palette as ``admin: sites``."""

from __future__ import annotations

import pytest

from models.services.paging import PageRequest
from models.services.reference import district_by_name
from models.services.sites import SiteInput, create_site, list_sites
from models.services.suppliers import SupplierInput, create_supplier

from .conftest import COORDINATOR
from .test_reference_tabs import TabScreen, _show

TAB = "tui.reference.sites:SitesTab"


@pytest.fixture
def sites(desk_db, coord) -> None:  # type: ignore[no-untyped-def]
    with desk_db.session() as s:
        reserve = create_supplier(s, actor=coord, data=SupplierInput(name="重药集团", reserve_unit=True))
        create_site(s, actor=coord, data=SiteInput(
            code="CQ-ZY", name="重药集团市级储备库", kind="warehouse", operator_id=reserve, capacity=1200,
            district_id=district_by_name(s, "渝北区").id))
        create_site(s, actor=coord, data=SiteInput(
            code="GW", name="重庆市公共卫生医疗救治中心", kind="hospital", designated=True,
            district_id=district_by_name(s, "沙坪坝区").id, contact_person="王芳", phone="023-65000000"))


async def test_lists_filters_shows_the_card_adds_and_edits(desk, desk_db, sites) -> None:
    async with desk:
        await _show(desk, TAB)
        text = desk.text()
        assert "CQ-ZY" in text and "GW" in text and "Capacity (pallets): 1,200" in text
        await desk.press("f")  # warehouses only
        assert "重庆市公共卫生" not in desk.text().split("Capacity")[0]
        await desk.press("f")
        await desk.press("n")
        assert "New site" in desk.text()
        await desk.fill("#field-code", "na-cmd")
        await desk.fill("#field-name", "南岸区疫情防控指挥部")
        await desk.press("ctrl+s")
        assert "NA-CMD" in desk.text()
    with desk_db.session() as s:
        [row] = list_sites(s, request=PageRequest(query="nanan")).rows
        assert (row.code, row.kind) == ("NA-CMD", "warehouse")


async def test_anyone_else_reads_only(desk_factory, sites) -> None:
    desk = desk_factory(login="visitor")
    async with desk:
        await _show(desk, TAB)
        assert "New" not in desk.footer() and "Edit" not in desk.footer()
        await desk.press("n")
        assert desk.screen.__class__ is TabScreen


async def test_the_tab_in_chinese(desk_factory, sites) -> None:
    from tui import i18n

    desk = desk_factory(lang="zh", login=COORDINATOR)
    async with desk:
        await _show(desk, TAB)
        for words in ("重药集团市级储备库", "仓库", "定点", "渝北区"):
            assert words in desk.text(), words
        await desk.press("n")
        assert "新增" in desk.text()
        await desk.press("escape")
    assert i18n.missing() == set()
