"""Catalogue items on the enterprise's forms are named in the language shown: the daily report's
lines, the products form's rows and the licence form's item, 一次性使用医用口罩 in Chinese and
"Disposable medical mask" in English (a cadre without a Chinese input method reads the English)."""

from __future__ import annotations

import re

import pytest

from models.settings import Settings, install
from tui.enterprises.card import EnterpriseCardScreen
from tui.enterprises.licence import LicenceFormScreen
from tui.enterprises.products import ProductsFormScreen
from tui.enterprises.report import ReportFormScreen

from .test_enterprise_card import fill_chayuan

DISPOSABLE = {"en": "Disposable medical mask", "zh": "一次性使用医用口罩"}
SURGICAL = {"en": "Surgical mask", "zh": "医用外科口罩"}


@pytest.fixture(autouse=True)
def no_change_polling() -> None:
    """These tests are about the forms: no poll of the change marker lands while the app shuts down."""
    install(Settings(poll_seconds=3600.0))


@pytest.fixture
def chayuan(desk_db, coord) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return fill_chayuan(desk_db, coord)


async def open_card(desk) -> None:  # type: ignore[no-untyped-def]
    await desk.open_card("cykh")
    assert isinstance(desk.screen, EnterpriseCardScreen)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_daily_report_names_its_lines_in_the_language_shown(desk_factory, chayuan, lang) -> None:
    async with desk_factory(lang=lang) as desk:
        await open_card(desk)
        await desk.press("r")
        assert isinstance(desk.screen, ReportFormScreen)
        shown = desk.text()
        assert re.search(re.escape(DISPOSABLE[lang]) + r"\s+(capacity 250k/day|日产能 25万)", shown), shown
        assert DISPOSABLE["zh" if lang == "en" else "en"] not in shown
        # the title names the enterprise (not the last line's item)
        assert re.search(r"(Daily report|日报) · 茶园康护医疗用品有限公司", shown), shown
        # what an error or a conflict calls a figure says which line it is
        output = next(name for name in desk.screen.names() if name.startswith("output-"))
        assert desk.screen.fields[output].full_title.startswith(DISPOSABLE[lang])


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_products_form_names_every_item_in_the_language_shown(desk_factory, chayuan, lang) -> None:
    async with desk_factory(lang=lang) as desk:
        await open_card(desk)
        await desk.press("p")
        assert isinstance(desk.screen, ProductsFormScreen)
        shown = desk.text()
        assert DISPOSABLE[lang] in shown and SURGICAL[lang] in shown, shown
        assert SURGICAL["zh" if lang == "en" else "en"] not in shown


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_licences_name_their_item_in_the_language_shown(desk_factory, chayuan, lang) -> None:
    async with desk_factory(lang=lang) as desk:
        await open_card(desk)
        await desk.press("l")  # the licences to move on, and "add"
        shown = desk.text()
        assert SURGICAL[lang] in shown and SURGICAL["zh" if lang == "en" else "en"] not in shown, shown
        await desk.type({"en": "add", "zh": "xin"}[lang])
        await desk.press("enter")
        assert isinstance(desk.screen, LicenceFormScreen)
        labels = [label for _, label, _ in desk.screen._items({})]
        assert SURGICAL[lang] in labels and SURGICAL["zh" if lang == "en" else "en"] not in labels
