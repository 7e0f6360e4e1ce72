"""Screen 5, stock: warehouses × items with on hand, reserved, available, quarantined, near expiry
(a mark as well as a colour) and days of supply, at 80×24 in both languages; the filter, the
warehouse filter, the stock card and a receipt typed in the form."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from models.services.receipts import ReceiptLineIn, create_receipt
from models.stock import StockBalance
from tests.unit.stock_world import item_id, warehouse
from tui.i18n.translator import MISSING

TODAY = date(2020, 2, 3)


@pytest.fixture
def stocked(desk_db, coord):
    """Surgical masks at the city reserve (one lot near expiry, one quarantined), suits at Nan'an."""
    with desk_db.session() as session:
        city = warehouse(session, coord)
        nanan = warehouse(session, coord, code="WH-NA", name="南岸区储备库", name_en="Nan'an depot")
        create_receipt(session, actor=coord, site_id=city, source="central", voucher_no="XB-17", lines=[
            ReceiptLineIn(item_id(session), "K2001", accepted=800_000, expiry=TODAY + timedelta(days=45)),
            ReceiptLineIn(item_id(session), "K2002", accepted=200_000, expiry=TODAY + timedelta(days=400),
                          quarantine=True)])
        create_receipt(session, actor=coord, site_id=nanan, source="central", voucher_no="XB-18", lines=[
            ReceiptLineIn(item_id(session, "SUIT"), "S1", accepted=3_000, expiry=TODAY + timedelta(days=200))])
    return city, nanan


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("Warehouse", "Surgical mask", "City reserve", "!! 45d", "! 200d", "2.0d", "Protective")),
    ("zh", ("仓库", "医用外科口罩", "市级储备一号库", "!! 45天", "! 200天", "2.0天", "医用防护服")),
])
async def test_the_stock_list_in_both_languages(desk_factory, stocked, lang, words) -> None:
    header, mask, city, red, amber, days, suit = words
    MISSING.clear()
    async with desk_factory(lang=lang) as desk:
        await desk.open("stock")
        rows = desk.rows()
        assert header in rows[0]
        assert mask in rows[1] and city in rows[1] and red in rows[1] and days in rows[1]  # 80万 ÷ 40万 a day
        assert suit in rows[2] and amber in rows[2]
        assert all(len(line) <= 80 for line in desk.text().splitlines())
        await desk.filter("fhf")  # 防护服 by its initials
        assert suit in desk.rows()[1] and len([r for r in desk.rows()[1:] if r.strip()]) == 1
        await desk.filter("")
        await desk.press("question_mark")
        assert "!!" in desk.text()
        await desk.press("escape")
        await desk.press("enter")  # the card names the item and its unit in the language shown
        assert ("Surgical mask (pieces)" if lang == "en" else "医用外科口罩（只）") in desk.text()
        if lang == "zh":
            assert not MISSING, MISSING


async def test_the_warehouse_filter_and_the_stock_card(desk_factory, stocked) -> None:
    async with desk_factory() as desk:
        await desk.open("stock")
        await desk.press("w")
        await desk.type("WH-NA")
        await desk.press("enter")
        assert "Nan'an depot" in desk.text()
        assert [r for r in desk.rows()[1:] if r.strip()] and all("Surgical" not in r for r in desk.rows())
        await desk.press("w")
        await desk.type("all")
        await desk.press("enter")
        await desk.press("enter")  # the card of the first row: surgical masks at the city reserve
        text = desk.text()
        assert "City reserve no. 1 · Surgical mask" in text and "available 800,000" in text
        rows = desk.rows()
        assert "(+200,000)" in rows[1] and "+200,000" in rows[2] and "K2002" in rows[2] and "RK-20200203-001" in rows[2]
        await desk.press("escape")
        assert "Surgical mask" in desk.rows()[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_card_opened_again_shows_the_item_chosen(desk_factory, stocked, desk_db, coord, lang) -> None:
    """The stock list keeps one card screen and points it at the row chosen: its heading, figures and
    ledger are the new item's, nothing of the one before, and a change since shows in it."""
    mask, suit = ("Surgical mask", "Protective") if lang == "en" else ("医用外科口罩", "医用防护服")
    async with desk_factory(lang=lang) as desk:
        await desk.open("stock")
        await desk.press("enter")
        first = desk.screen
        assert mask in desk.text() and "K2002" in desk.flat()
        await desk.press("escape", "down", "enter")  # the suits at Nan'an
        assert desk.screen is first
        text = desk.flat()
        assert suit in text and mask not in text and "S1" in text and "K200" not in text
        assert "3,000" in text and "RK-20200203-002" in text
        with desk_db.session() as session:  # more suits arrive while the card is not shown
            create_receipt(session, actor=coord, site_id=stocked[1], source="central", voucher_no="XB-19", lines=[
                ReceiptLineIn(item_id(session, "SUIT"), "S2", accepted=500, expiry=TODAY + timedelta(days=300))])
        await desk.press("escape")
        await desk.app.changed_here()  # what the next poll finds
        await desk.settle()
        await desk.press("enter")
        text = desk.flat()
        assert "S2" in text and "3,500" in text and mask not in text
        await desk.press("escape", "up", "enter")
        text = desk.flat()
        assert mask in text and "S1" not in text and "S2" not in text and "K2001" in text


async def test_a_coordinator_receives_goods_in_the_form(desk_factory, stocked, desk_db) -> None:
    city, _ = stocked
    async with desk_factory() as desk:
        await desk.open("stock")
        await desk.press("n")
        await desk.press("ctrl+s")  # nothing typed: the voucher is required
        assert "Voucher no. *" in desk.text() and "Required" in desk.text()
        await desk.fill("#field-voucher", "XB-19")
        await desk.fill("#field-lot-1", "K2003")
        await desk.fill("#field-accepted-1", "1000")
        await desk.fill("#field-rejected-1", "20")
        await desk.press("ctrl+s")  # a rejection without its reason
        assert "Why rejected" in desk.text() or "Required" in desk.text()
        await desk.fill("#field-reason-1", "包装破损")
        await desk.press("ctrl+s")
        assert any("RK-20200203-003" in notice for notice in desk.notices())
        assert "Surgical mask" in desk.rows()[1]
    with desk_db.session() as session:
        total = sum(b.on_hand for b in session.exec(select(StockBalance).where(StockBalance.site_id == city)))
        assert total == 1_001_000


async def test_a_viewer_has_no_receive_key(desk_factory, stocked) -> None:
    async with desk_factory(login="visitor") as desk:
        await desk.open("stock")
        await desk.press("n")
        assert "Receive goods" not in desk.text()
        assert "Receive" not in desk.footer()
