"""Issue 16, forms and both languages: what a user tripped on in the check-out dialog, the dialogs at
80 columns, the check-in tabs, and each language shown completely (English names and units in English,
Chinese key names and punctuation in Chinese)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select
from textual.geometry import Region

import tui.i18n as i18n
from models import clock
from models.enterprise import Enterprise
from models.people import CadreCreate
from models.reference import CatalogueItem
from models.services.cadres import create_cadre, station
from models.services.checkin_match import match_enterprises
from models.services.checkins import check_in, check_out
from models.services.enterprise_products import set_product
from models.services.enterprise_reports import ReportLine, submit_report
from models.services.enterprise_reserves import ReserveInput, set_reserves
from models.services.identity import resolve_actor
from models.supply import Material
from tui.checkins.dialogs import CheckOutDialog
from tui.checkins.screen import TABS

from .conftest import SAMPLE_NAME
from .driver import Desk

MONDAY = date(2020, 2, 3)


@pytest.fixture(autouse=True)
def no_polling() -> None:
    """No once-a-second poll: these tests change nothing from outside the session."""
    from models.settings import Settings, install

    install(Settings(poll_seconds=3600.0))


@pytest.fixture
def stationed(desk_db, coord):  # type: ignore[no-untyped-def]
    """李强 (liqiang) stationed at 茶园康护 since 24 January."""
    with desk_db.session() as s:
        create_cadre(s, actor=coord, data=CadreCreate(name="李强", login="liqiang", unit_id=1, group_id=3))
        station(s, actor=coord, cadre_id=resolve_actor(s, login="liqiang").cadre_id,
                enterprise_id=match_enterprises(s, query=SAMPLE_NAME).found.id, start=date(2020, 1, 24))


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_space_in_the_note_types_a_space_after_coming_back(desk_factory, stationed, lang) -> None:
    async with desk_factory(login="liqiang", start="checkins", lang=lang) as desk:
        await desk.press("i", "o")
        assert isinstance(desk.screen, CheckOutDialog)
        await desk.type("met")
        await desk.press("tab", "shift+tab")
        await desk.press("space")
        await desk.type("staff")
        assert desk.screen.query_one("#co-note").value == "met staff"


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_ticked_and_unticked_boxes_differ_by_a_mark(desk_factory, stationed, lang) -> None:
    async with desk_factory(login="liqiang", start="checkins", lang=lang) as desk:
        await desk.press("i", "o", "tab", "space", "down", "down", "space")  # the first and the third
        boxes = [line.split("▐", 1)[1][:2] for line in desk.text().splitlines() if "▐" in line]
        assert boxes[:4] == ["x▌", " ▌", "x▌", " ▌"], desk.text()


# --- dialogs at 80 columns ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_dialogs_prompt_wraps_instead_of_being_cut(desk_factory, stationed, lang) -> None:
    async with desk_factory(login="liqiang", start="checkins", lang=lang) as desk:
        await desk.press("I")
        prompt = i18n.t("When did you arrive? The time is kept as corrected, with your reason.")
        assert "".join(prompt.split()) in "".join(desk.text().replace("│", "").split()), desk.text()


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_picker_title_keeps_the_enterprises_whole_name(desk_factory, desk_db, coord, lang) -> None:
    """The first unstaffed enterprise gets a long name and no short one (it stays first: the same start)."""
    async with desk_factory(start="checkins", lang=lang) as desk:
        await desk.press("u")
        first = desk.table("unstaffed-table").cursor_row
    long_name = first.name + "两路空港工业园区分公司"  # 46 cells
    with desk_db.session() as s:
        row = s.get(Enterprise, first.id)
        row.name, row.short_name = long_name, None
        s.add(row)
        s.commit()
    async with desk_factory(start="checkins", lang=lang) as desk:
        await desk.press("u", "n")
        title = i18n.t("Station which cadre at {where}?", where=long_name)
        assert title in desk.text(), desk.text()


# --- help -------------------------------------------------------------------------------------------------


def help_lines(desk) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines of the help's text, all of them (scrolled out of sight too)."""
    help_text = desk.screen.query_one("#help-text")
    return [strip.text for strip in help_text.render_lines(Region(0, 0, *help_text.size))]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_help_continues_a_long_line_under_its_text(desk_factory, lang) -> None:
    async with desk_factory(lang=lang) as desk:
        await desk.press("question_mark")
        lines = help_lines(desk)
        quick = next(n for n, line in enumerate(lines) if line[:13].strip() == "f")  # its text wraps
        key_line, continued = lines[quick], lines[quick + 1]
        text_starts = len(key_line) - len(key_line[key_line.index("f") + 1:].lstrip())
        assert len(continued) - len(continued.lstrip()) == text_starts, "\n".join(lines)


async def test_help_names_the_keys_in_chinese(desk_factory) -> None:
    async with desk_factory(lang="zh") as desk:
        await desk.press("question_mark")
        keys = "\n".join(help_lines(desk))
        assert "回车  打开" in keys and "Esc  返回" in keys, keys
        assert "enter" not in keys and "esc " not in keys and "escape" not in keys


# --- check-ins ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_closed_check_in_over_16_hours_carries_the_mark(desk_factory, desk_db, stationed, pinned_clock,
                                                                lang) -> None:
    with desk_db.session() as s:
        li = resolve_actor(s, login="liqiang")
        chayuan = match_enterprises(s, query=SAMPLE_NAME).found.id
    for day, hours in ((MONDAY, (7, 23)), (MONDAY + timedelta(days=1), (8, 18))):  # 16 h 5 min, then 10 h
        pinned_clock.set(datetime(day.year, day.month, day.day, hours[0]))
        with desk_db.session() as s:
            check_in(s, actor=li, enterprise_id=chayuan)
        pinned_clock.set(datetime(day.year, day.month, day.day, hours[1], 5))
        with desk_db.session() as s:
            check_out(s, actor=li, note="巡查", categories=["production"])
    async with desk_factory(login="liqiang", start="checkins", lang=lang) as desk:
        await desk.dismiss_notices()
        long_day, short_day = (next(line for line in desk.text().splitlines() if line.strip().startswith(day))
                               for day in ("02-03", "02-04"))
        assert re.search(r"16\.1\s+!", long_day) and "!" not in short_day, desk.text()


@pytest.mark.parametrize("stationed_too", [True, False])
async def test_a_coordinator_opens_on_the_tab_they_use(desk_factory, desk_db, coord, stationed_too) -> None:
    """Stationed somewhere, a coordinator checks in and out: their week; otherwise who is on site."""
    if stationed_too:
        with desk_db.session() as s:
            station(s, actor=coord, cadre_id=coord.cadre_id, start=date(2020, 1, 24),
                    enterprise_id=match_enterprises(s, query=SAMPLE_NAME).found.id)
    async with desk_factory(start="checkins") as desk:
        assert desk.screen.active_tab == ("week" if stationed_too else "onsite")
        assert ("i Check in" in desk.footer()) == stationed_too


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_60x20_every_tab_is_reached_by_a_key_the_footer_shows(desk_factory, stationed, lang) -> None:
    titles = {"en": ("My week", "On site", "Not in today", "Unstaffed", "Time sheets", "Headcount", "Stationing"),
              "zh": ("本人本周", "在岗", "今日未签到", "无人驻厂", "工时表", "参与人数", "驻厂安排")}[lang]
    async with Desk(desk_factory.apps(lang=lang, start="checkins"), size=(60, 20)) as desk:
        assert desk.screen.active_tab == "onsite"
        seen = []
        for _ in titles:
            assert "] " in desk.footer(), desk.footer()
            tab_bar = desk.text().splitlines()[2]
            seen.append(next(title for title in titles if title == i18n.t(TABS[desk.screen.active_tab][0])))
            assert seen[-1] in tab_bar, (tab_bar, seen[-1])
            await desk.press("right_square_bracket")
        assert sorted(seen) == sorted(titles) and desk.screen.active_tab == "onsite"
    async with desk_factory(lang=lang, start="checkins") as desk:  # 80 columns: the whole bar, no need
        assert "] " not in desk.footer()


# --- English shown in English -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_card_names_items_materials_and_units_in_the_language_shown(desk_factory, desk_db, coord,
                                                                             lang) -> None:
    with desk_db.session() as s:
        where = match_enterprises(s, query=SAMPLE_NAME).found.id
        melt_blown = s.exec(select(Material).where(Material.code == "MELTBLOWN")).one()
        set_reserves(s, actor=coord, enterprise_id=where, lines=[
            ReserveInput(material_id=melt_blown.id, quantity="12", daily_use="3", expected_version=0)])
    async with desk_factory(lang=lang) as desk:
        await desk.open_card("cykh")
        shown = desk.flat()
        if lang == "en":
            assert "Melt-blown fabric 12 3 t" in shown and "Products Disposable medical mask" in shown, shown
            assert "Disposable medical mask 50k" in shown
            assert "熔喷布" not in shown and "吨" not in shown and "医用口罩" not in shown
        else:
            assert "熔喷布 12 3 吨" in shown and "产品 一次性使用医用口罩" in shown, shown


@pytest.mark.parametrize(("lang", "shown"), [("en", ["t", "people", "10k yuan", "pieces", "桶"]),
                                             ("zh", ["吨", "人", "万元", "只", "桶"])])
def test_units_are_named_in_the_language_shown_and_an_unknown_one_as_stored(lang, shown) -> None:
    from tui.i18n import format as fmt

    i18n.set_language(lang)
    assert [fmt.unit(u) for u in ("吨", "人", "万元", "只", "桶")] == shown


# --- Chinese shown in Chinese -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_audit_log_tells_fields_and_codes_in_the_language_shown(desk_factory, stationed, pinned_clock,
                                                                        lang) -> None:
    """李强's check-in is the newest change: its fields by name, its flag as yes or no."""
    async with desk_factory(login="liqiang", start="checkins") as desk:
        await desk.press("i")
    async with desk_factory(lang=lang) as desk:
        desk.app.action_audit("table:checkin")
        await desk.settle()
        detail = " ".join(str(desk.screen.query_one("#audit-detail").render()).split())
        if lang == "zh":
            assert "干部：∅ → " in detail and "补录：∅ → 否" in detail and "；" in detail, detail
            assert "cadre_id" not in detail and "False" not in detail
        else:
            assert "Cadre: ∅ → " in detail and "Corrected: ∅ → No" in detail, detail


def test_chinese_text_uses_chinese_punctuation() -> None:
    """In a Chinese message, commas, semicolons, question marks, colons and brackets are the full-width
    ones (，；？：（）); ASCII stays only in what is typed as it is: times (12:00) and filter keys (login:)."""
    from babel.messages.pofile import read_po

    han = re.compile(r"[\u4e00-\u9fff]")
    ascii_mark = re.compile(r"[,;?()]|(?<=[\u4e00-\u9fff]):")  # a colon after a Chinese word
    with (Path(i18n.__file__).parent / "locale/zh_CN/LC_MESSAGES/supplydesk.po").open("rb") as po:
        catalogue = read_po(po)
    wrong = []
    for message in catalogue:
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            plain = re.sub(r"\{[^}]*\}", "X", text or "")
            if han.search(plain) and ascii_mark.search(plain):
                wrong.append(text)
    assert wrong == []


@pytest.mark.parametrize(("lang", "pair"), [("en", "178k/236k"), ("zh", "17.8/23.6万")])
async def test_output_against_capacity_fits_its_column_at_80x24(desk_factory, desk_db, coord, pinned_clock, lang,
                                                                pair) -> None:
    """茶园康护 makes disposable masks too (50k a day): its capacity is 236k in all."""
    with desk_db.session() as s:
        where = match_enterprises(s, query=SAMPLE_NAME).found.id
        item = s.exec(select(CatalogueItem).where(CatalogueItem.code == "MASK-SURG")).one()
        set_product(s, actor=coord, enterprise_id=where, item_id=item.id, daily_capacity=186_000)
        submit_report(s, actor=coord, enterprise_id=where, report_date=clock.today(),
                      lines=[ReportLine(item_id=item.id, output=178_000, stock=0)])
    async with desk_factory(lang=lang) as desk:
        await desk.filter("cykh")
        assert pair in desk.rows()[1], desk.rows()[:2]


@pytest.mark.parametrize(("lang", "shown"), [("en", ["Zhejiang", "Germany", "火星"]), ("zh", ["浙江", "德国", "火星"])])
def test_regions_and_countries_are_named_in_the_language_shown(lang, shown) -> None:
    from tui.i18n import format as fmt

    i18n.set_language(lang)
    assert [fmt.region(r) for r in ("浙江", "德国", "火星")] == shown
