"""Screen 0, reference data: People (list, filters, card, new, edit, deactivate) and Districts &
parks, at 80×24 in both languages; coordinators write and everyone else reads; a role given in
one session applies in another that is running."""

from __future__ import annotations

import pytest

from models.people import CadreCreate
from models.services.cadres import create_cadre
from tui import i18n
from tui.i18n.translator import MISSING

from .directory import SAMPLE_DISTRICT, SAMPLE_PARK

NEXT_POLL_S = 2.0


def _add(desk_db, coord, name: str, login: str, role: str = "field_cadre") -> None:
    with desk_db.session() as session:
        create_cadre(session, actor=coord, data=CadreCreate(name=name, login=login, role=role))


async def _new_person(desk, name: str, phone: str, login: str) -> None:
    """``n`` on People, the form filled, ``ctrl+s``."""
    await desk.press("n")
    await desk.type(name)
    await desk.fill("#field-phone", phone)
    await desk.fill("#field-login", login)
    await desk.press("ctrl+s")


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("People", "Districts & parks", "Name", "coordinator", "Stationed at", "Last check-ins", "field cadre")),
    ("zh", ("人员", "区县与园区", "名称", "协调人员", "驻点企业", "最近签到", "驻厂干部")),
])
async def test_a_coordinator_adds_a_person_and_sees_their_card(desk_factory, lang, words) -> None:
    people, districts, name, coordinator, stationed, checkins, field_cadre = words
    MISSING.clear()
    async with desk_factory(lang=lang) as desk:
        await desk.press("0")
        screen = desk.text()
        assert people in screen and districts in screen and name in screen and coordinator in screen
        await _new_person(desk, "王芳", "13912345678", "wangfang")
        card = desk.text()
        assert "王芳" in card and "13912345678" in card and "wangfang" in card and field_cadre in card
        assert stationed in card and checkins in card
        await desk.press("question_mark", "escape", "escape")
        assert any("王芳" in row for row in desk.rows("people"))
        await desk.press("question_mark", "escape", "f", "escape", "right_square_bracket", "question_mark", "escape")
        await desk.press("n", "escape", "ctrl+p")
    assert i18n.missing() == set()


async def test_people_filter_by_pinyin_and_by_role(desk, desk_db, coord) -> None:
    _add(desk_db, coord, "王芳", "wangfang")
    _add(desk_db, coord, "李强", "liqiang", role="coordinator")
    async with desk:
        await desk.press("0")
        await desk.filter("wf")
        rows = " ".join(desk.rows("people"))
        assert "王芳" in rows and "李强" not in rows
        await desk.press("slash")
        await desk.clear()
        await desk.press("enter")
        await desk.press("f")
        await desk.type("Role")
        await desk.press("enter")
        await desk.type("coordinator")
        await desk.press("enter")
        rows = " ".join(desk.rows("people"))
        assert "Filters: Role: coordinator" in desk.flat()
        assert "李强" in rows and "王芳" not in rows
        await desk.press("x")
        assert "王芳" in desk.text()


async def test_edit_maps_a_login_and_deactivate_asks_first(desk, desk_db, coord) -> None:
    _add(desk_db, coord, "王芳", "wangfang")
    async with desk:
        await desk.press("0")
        await desk.filter("wangfang")
        await desk.press("e")
        await desk.fill("#field-login", "wf")
        await desk.press("ctrl+s")
        assert "wf" in desk.rows("people")[1]
        await desk.press("d")
        assert "Deactivate 王芳?" in desk.flat()
        await desk.press("escape")  # no: nothing changes
        assert "yes" in desk.rows("people")[1]
        await desk.press("d", "y")
        assert "no" in desk.rows("people")[1].split()
        assert any("王芳 deactivated" in notice for notice in desk.notices())
        await desk.press("enter")
        assert "inactive" in desk.text()
        await desk.press("d")  # from the card: active again, without asking
        assert "inactive" not in desk.text()


async def test_the_last_coordinator_cannot_step_down_and_is_told_why(desk) -> None:
    async with desk:
        await desk.press("0")
        await desk.press("d", "y")
        assert any("At least one active coordinator must remain" in notice for notice in desk.notices())
        assert "yes" in desk.rows("people")[1]


@pytest.mark.parametrize("login", ["wangfang", "visitor"])
async def test_others_read_but_are_offered_no_key_that_writes(desk_factory, desk_db, coord, login) -> None:
    _add(desk_db, coord, "王芳", "wangfang")
    async with desk_factory(login=login) as desk:
        await desk.press("0")
        assert "n New" not in desk.footer() and "e Edit" not in desk.footer()
        await desk.press("n", "e", "d")
        assert desk.screen.__class__.__name__ == "ReferenceScreen"
        assert "王芳" in desk.text()
        await desk.press("right_square_bracket")
        assert "New park" not in desk.footer()


async def test_a_role_given_in_one_session_applies_in_the_other_running_one(desk_factory, desk_db, coord) -> None:
    """The coordinator makes 王芳 a coordinator in the form; 王芳's running app says so within a poll
    and offers the coordinator's keys."""
    _add(desk_db, coord, "王芳", "wangfang")
    async with desk_factory() as lead, desk_factory(login="wangfang") as wang:
        await wang.press("0")
        await wang.wait_until(lambda: wang.app.data_marker is not None, NEXT_POLL_S)
        assert "wangfang (field cadre)" in wang.header()
        assert "n New" not in wang.footer()
        await lead.press("0")
        await lead.filter("wangfang")
        await lead.press("e")
        lead.screen.set_focus(lead.screen.query_one("#field-role"))
        await lead.press("enter")
        await lead.type("coordinator")
        await lead.press("enter")
        await lead.press("ctrl+s")
        assert "coordinator" in lead.rows("people")[1]
        await wang.wait_until(lambda: wang.app.ctx.actor.is_coordinator, NEXT_POLL_S)
        await wang.settle()
        assert "wangfang (coordinator)" in wang.header()
        assert "n New" in wang.footer()


async def test_districts_are_fixed_and_a_coordinator_adds_and_renames_a_park(desk) -> None:
    async with desk:
        await desk.press("0", "right_square_bracket")
        assert desk.table("districts").total == 38
        nanan = next(i for i in range(38) if desk.table("districts")._row_at(i).name == SAMPLE_DISTRICT)
        await desk.press(*["down"] * nanan)
        assert SAMPLE_PARK in desk.text()
        await desk.press("n")
        await desk.answer("经开园")
        assert "经开园" in desk.text()
        await desk.press("tab", "up")  # the parks of 南岸区 by name: 经开园 first
        await desk.press("r")
        await desk.answer("经开园区")
        assert [row.split()[0] for row in desk.rows("parks")[1:3]] == ["经开园区", SAMPLE_PARK]
        await desk.press("r")
        await desk.answer(SAMPLE_PARK)  # a name its district has: refused, and said why
        assert any("already has a park of that name" in notice for notice in desk.notices())


async def test_admin_people_in_the_palette_and_help_on_the_tab(desk) -> None:
    async with desk:
        await desk.press("ctrl+p")
        await desk.type("admin: districts")
        await desk.press("enter")
        assert desk.table("districts").total == 38
        await desk.press("question_mark")
        assert "the 38 districts are fixed" in desk.flat()
        await desk.press("escape", "ctrl+p")
        await desk.type("admin: people")
        await desk.press("enter")
        assert "coord" in desk.rows("people")[1]


# --- the first start on an empty database --------------------------------------------------------


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("The directory is empty", "supplydesk import enterprises FILE", "press 0", "supplydesk demo")),
    ("zh", ("企业名录为空", "supplydesk import enterprises FILE", "按 0", "supplydesk demo")),
])
async def test_an_empty_database_says_what_to_do_first(tmp_path, monkeypatch, lang, words) -> None:
    from models.db import Database
    from models.migrate import ensure_schema
    from tui.factory import make_app

    from .driver import Desk

    monkeypatch.chdir(tmp_path)
    db = Database.open("sqlite:///empty.db")
    ensure_schema(db)
    db.dispose()
    app = make_app(db_url="sqlite:///empty.db", lang=lang, login="first")
    try:
        async with Desk(app) as desk:
            flat = desk.flat()
            assert all(word in flat for word in words), flat
            await desk.press("0")  # the first login is the coordinator: it adds the people
            assert "n " in desk.footer() and "first" in desk.rows("people")[1]
            await desk.press("2", "slash")
            await desk.type("x")
            assert words[0] not in desk.flat()  # a filter that finds nothing is not a first start
    finally:
        app.ctx.db.dispose()


async def test_a_list_tab_shown_again_takes_a_slash_as_its_filter_key(desk) -> None:
    """``[`` back to a list tab puts the cursor in its list, not in its filter box: the ``/`` typed
    next opens the box instead of being typed into it as text."""
    from textual.widgets import Input

    from tui.widgets.paged_table import PagedTable

    async with desk:
        await desk.press("0", "right_square_bracket", "right_square_bracket")  # the catalogue
        await desk.press("slash", "k", "z", "escape", "right_square_bracket", "left_square_bracket")
        assert isinstance(desk.focused, PagedTable)
        await desk.press("slash", "x")
        box = desk.focused
        assert isinstance(box, Input) and box.value == "x"  # typed over the old filter, selected as on every list
