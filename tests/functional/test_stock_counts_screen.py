"""Screen 5's coordinator keys at 80×24 in both languages: a count with a variance (a reason asked
for, the ADJ entry on the card, the list's figures moved), release from quarantine and a hold, the
daily close (the day's identity shown, today refused, a second close refused), and a viewer and a
field cadre offered none of these keys."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from models.lots import Lot
from models.services.receipts import ReceiptLineIn, create_receipt
from models.services.stock_counts import CountLineIn, create_count
from models.stock import StockClose
from tests.unit.stock_world import item_id, warehouse
from tui.i18n.translator import MISSING

from .conftest import DeskFactory
from .test_stock_screen import TODAY, stocked  # noqa: F401  (the screen's stocked world, a fixture)

LANGS = ["en", "zh"]
YESTERDAY = datetime(2020, 2, 2, 10, 0)


def words(lang: str, en: str, zh: str) -> str:
    return en if lang == "en" else zh


def lot_id(desk_db, code: str) -> int:  # type: ignore[no-untyped-def]
    with desk_db.session() as session:
        return session.exec(select(Lot.id).where(Lot.code == code)).one()


def error_line(desk) -> str:  # type: ignore[no-untyped-def]
    return str(desk.screen.query_one("#doc-error").render())


def fits(desk) -> bool:  # type: ignore[no-untyped-def]
    return all(len(line) <= 80 for line in desk.text().splitlines())


@pytest.mark.parametrize("lang", LANGS)
async def test_a_count_with_a_variance_books_an_adjustment(desk_factory: DeskFactory, desk_db, stocked,  # noqa: F811
                                                           lang: str) -> None:  # type: ignore[no-untyped-def]
    near, far = lot_id(desk_db, "K2001"), lot_id(desk_db, "K2002")
    MISSING.clear()
    async with desk_factory(lang=lang) as desk:
        await desk.open("stock")
        await desk.press("enter")  # surgical masks at the city reserve
        await desk.press("c")
        shown = desk.flat()
        assert "K2001" in shown and "K2002" in shown and words(lang, "books 800,000", "账面 800,000") in shown
        assert fits(desk)
        await desk.fill("#doc-counted_by", "王刚、刘敏")
        await desk.fill(f"#doc-counted_{near}", "799000")
        await desk.fill(f"#doc-counted_{far}", "200000")
        assert "−1,000" in desk.flat()  # the variance, as it is typed
        await desk.press("ctrl+s")
        assert words(lang, "say why", "请说明原因") in error_line(desk)
        await desk.fill(f"#doc-reason_{near}", "破损")
        await desk.press("ctrl+s")
        assert any("−1,000" in notice for notice in desk.notices())
        assert desk.screen.__class__.__name__ == "StockCardScreen"
        rows = desk.rows()
        assert words(lang, "Adj", "调整") in rows[1] and "-1,000" in rows[1] and "PD-20200203-001" in rows[1]
        assert words(lang, "On hand 999,000", "结存 999,000") in desk.flat()
        await desk.press("escape")
        row = desk.rows()[1]  # on hand and available moved on the list
        assert words(lang, "999k", "99.9万") in row and words(lang, "799k", "79.9万") in row
        assert "z " + words(lang, "Close day", "扎账") in desk.footer()
        await desk.press("question_mark", "end")  # the keys after the screen's own text
        assert "z  " + words(lang, "Close day — Close a day's books", "扎账 — 仓库日结扎账") in desk.text()
        await desk.press("escape", "enter", "question_mark", "end")
        keys = desk.text()
        for key, en, zh in (("c", "Count", "盘点"), ("r", "Release", "解除待检"), ("h", "Hold", "转待检")):
            assert f"{key}  " + words(lang, en, zh) in keys
        await desk.press("escape")
        if lang == "zh":
            assert not MISSING, MISSING


@pytest.mark.parametrize("lang", LANGS)
async def test_release_from_quarantine_and_a_hold(desk_factory: DeskFactory, desk_db, stocked,  # noqa: F811
                                                  lang: str) -> None:  # type: ignore[no-untyped-def]
    MISSING.clear()
    async with desk_factory(lang=lang) as desk:
        await desk.open("stock")
        await desk.press("enter")
        assert words(lang, "available 800,000 · quarantined 200,000", "可用 800,000 · 待检 200,000") in desk.flat()
        await desk.press("r")
        assert "K2002" in desk.flat() and fits(desk)  # the one lot in quarantine, all of it offered
        await desk.fill("#doc-quantity", "250000")
        await desk.press("ctrl+s")
        assert "200,000" in error_line(desk)
        await desk.fill("#doc-quantity", "50000")
        await desk.fill("#doc-note", "检验合格 JY-2020-07")
        await desk.press("ctrl+s")
        assert words(lang, "available 850,000 · quarantined 150,000", "可用 850,000 · 待检 150,000") in desk.flat()
        assert "(-50,000)" in desk.rows()[1]
        await desk.press("h")
        await desk.fill("#doc-quantity", "10000")
        await desk.press("ctrl+s")  # a hold says why
        assert desk.screen.__class__.__name__ == "DocumentDialog"
        await desk.fill("#doc-reason", "抽检不合格")
        await desk.press("ctrl+s")
        assert words(lang, "available 840,000 · quarantined 160,000", "可用 840,000 · 待检 160,000") in desk.flat()
        if lang == "zh":
            assert not MISSING, MISSING


@pytest.fixture
def yesterdays_books(desk_db, coord):  # type: ignore[no-untyped-def]
    """Masks received at the city reserve yesterday, counted 1,000 short in the afternoon."""
    with desk_db.session() as session:
        city = warehouse(session, coord)
        mask = item_id(session)
        create_receipt(session, actor=coord, site_id=city, source="central", voucher_no="XB-17", at=YESTERDAY,
                       lines=[ReceiptLineIn(mask, "K2001", accepted=800_000, expiry=TODAY + timedelta(days=45)),
                              ReceiptLineIn(mask, "K2002", accepted=200_000, quarantine=True)])
        lot = session.exec(select(Lot.id).where(Lot.code == "K2001")).one()
        create_count(session, actor=coord, site_id=city, counted_by="王刚、刘敏", post_now=True,
                     lines=[CountLineIn(lot, 799_000, reason="破损")], at=YESTERDAY + timedelta(hours=6))
    return city


@pytest.mark.parametrize("lang", LANGS)
async def test_the_daily_close_shows_the_identity_and_closes_once(desk_factory: DeskFactory, desk_db,
                                                                  yesterdays_books, lang: str) -> None:  # type: ignore[no-untyped-def]
    MISSING.clear()
    async with desk_factory(lang=lang) as desk:
        await desk.open("stock")
        await desk.press("z")
        assert "2020-02-02" in desk.flat() and fits(desk)  # yesterday, at the warehouse under the cursor
        await desk.fill("#doc-day", "2020-02-03")
        await desk.press("ctrl+s")
        assert words(lang, "has not ended yet", "尚未结束") in error_line(desk)
        await desk.fill("#doc-day", "2020-02-02")
        await desk.press("ctrl+s")
        shown = desk.flat()
        assert "0 + 1,000,000 − 0 − 1,000 = 999,000" in shown and fits(desk)
        assert desk.screen.query_one("#doc-reason_" + str(item_id_of(desk_db))).value == "破损"
        await desk.press("ctrl+s")
        assert desk.screen.__class__.__name__ == "StockScreen"
        assert any(words(lang, "closed", "已扎账") in notice for notice in desk.notices())
        await desk.dismiss_notices()
        await desk.press("z")
        await desk.press("ctrl+s")  # yesterday again
        assert any(words(lang, "closed already", "已扎账") in notice for notice in desk.notices())
        assert desk.screen.__class__.__name__ == "DocumentDialog"
        if lang == "zh":
            assert not MISSING, MISSING
    with desk_db.session() as session:
        close = session.exec(select(StockClose)).one()
        assert (close.opening, close.received, close.adjusted, close.closing, close.reason) == (
            0, 1_000_000, -1_000, 999_000, "破损")


def item_id_of(desk_db) -> int:  # type: ignore[no-untyped-def]
    with desk_db.session() as session:
        return item_id(session)


@pytest.mark.parametrize("login", ["visitor", "liqiang"])
async def test_a_viewer_or_field_cadre_is_offered_none_of_these_keys(desk_factory: DeskFactory, desk_db, coord,
                                                                     stocked, login: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    if login == "liqiang":
        from models.people import CadreCreate
        from models.services.cadres import create_cadre

        with desk_db.session() as s:
            create_cadre(s, actor=coord, data=CadreCreate(name="李强", login="liqiang", unit_id=1, group_id=3))
    async with desk_factory(login=login) as desk:
        await desk.open("stock")
        assert "Close day" not in desk.footer()
        await desk.press("z")
        assert desk.screen.__class__.__name__ == "StockScreen"
        await desk.press("enter")
        footer = desk.footer()
        assert all(key not in footer for key in ("Count", "Release", "Hold", "Reverse"))
        await desk.press("c", "r", "h")
        assert desk.screen.__class__.__name__ == "StockCardScreen"
        await desk.press("question_mark", "end")
        assert "Count the lots" not in desk.text() and "Release a lot" not in desk.text()
        await desk.press("escape", "escape", "question_mark", "end")
        assert "Warehouse — Show one warehouse" in desk.text() and "Close day" not in desk.text()
