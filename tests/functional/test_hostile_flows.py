"""Hostile input at 80×24 in the reason dialogs of the card, the shortage form and its steps, the
check-in dialogs, and the filters of the four lists.

As in tests/functional/test_hostile_forms.py: each value is refused with a translated message where
it was typed (and kept there), nothing written; or stored exactly and shown back literally. Names
that hold markup (an enterprise called ``[/]``) appear in dialog titles as typed, and never stop the
app. A filter of SQL or LIKE metacharacters matches them literally.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from textual.content import Content

from models import validation
from models.checkin import CheckIn
from models.enterprise import Enterprise, EnterpriseUpdate
from models.errors import ValidationError
from models.settings import Settings, install
from models.shortage import Shortage
from tui.checkins.dialogs import CheckOutDialog, TimeReasonDialog
from tui.checkins.screen import CheckInScreen
from tui.enterprises.card import EnterpriseCardScreen
from tui.enterprises.screen import EnterpriseListScreen
from tui.shell.audit import AuditScreen
from tui.shell.dialogs import ChoiceDialog, ReasonDialog
from tui.shortages.detail import ShortageDetailScreen
from tui.shortages.form import ShortageFormScreen
from tui.shortages.screen import ShortageListScreen
from tui.shortages.text import quantity
from tui.widgets import PagedTable

from .conftest import notifications, settle
from .hostile_input import (
    HYPOTHESIS,
    KEPT,
    LONG,
    REFUSED,
    SIZE,
    expected_error,
    fits,
    hostile_text,
    keys,
    messages,
    on_screen,
    open_card,
    paste,
    row_of,
    rows,
    sample_id,
    short,
    whole_card,
)

#: what an enterprise may be called: markup that does not balance, a click action, SQL
MARKUP_NAME = "[/][bold]康护[/bold] [@click=app.quit]q[/]"


@pytest.fixture(autouse=True)
def no_change_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """No poll of the change marker lands while a form is filled or the app shuts down."""
    install(Settings(poll_seconds=3600.0))


def rename(db, actor, enterprise_id: int, **fields: str) -> None:  # type: ignore[no-untyped-def]
    from models.services.enterprises import update_enterprise

    with db.session() as s:
        update_enterprise(s, actor=actor, enterprise_id=enterprise_id,
                          expected_version=s.get(Enterprise, enterprise_id).version, data=EnterpriseUpdate(**fields))


async def answer(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Paste into the open dialog's box and press enter."""
    await paste(pilot, "#reason", text)
    await keys(pilot, "enter")


# --- the card's reason dialogs ------------------------------------------------------------------------


async def test_card_dialogs_of_an_enterprise_named_in_markup(app, desk_db, coord) -> None:
    """Archive (a reason dialog titled with the name) and a licence step (a list titled with its kind)."""
    from models.services.enterprise_licences import add_qualification

    ent = sample_id(desk_db)
    rename(desk_db, coord, ent, name=MARKUP_NAME)
    with desk_db.session() as s:
        add_qualification(s, actor=coord, enterprise_id=ent, kind="[/]注册证", status="applying")
    reason = "[blink]停产[/] '; DROP TABLE audit_log;--"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_card(pilot, ent)
        assert MARKUP_NAME in (await on_screen(pilot)).splitlines()[1]
        await keys(pilot, "l")
        await pilot.press("enter")  # the licence: its next steps, titled with its kind
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog), messages(app)
        assert "[/]注册证: Applying →" in await on_screen(pilot)
        await keys(pilot, "escape")
        await keys(pilot, "a")
        assert isinstance(app.screen, ReasonDialog), messages(app)
        assert f"Archive {MARKUP_NAME}" in await on_screen(pilot)
        for value in ("\x00NUL", LONG, "   "):
            await answer(pilot, value)
            assert isinstance(app.screen, ReasonDialog)
            assert app.screen.query_one("#reason").value == value  # kept to be corrected
            assert REFUSED.get(value, "Required").format(max=500) in await on_screen(pilot), short(value)
        await answer(pilot, reason)
        assert isinstance(app.screen, EnterpriseCardScreen), messages(app)
        # the card reloads in a worker after the archive: give it up to five seconds
        for _ in range(50):
            card = await whole_card(pilot)
            if re.search(rf"Archived\s+{re.escape(reason)}", card):
                break
            await pilot.pause(0.1)
        assert re.search(rf"Archived\s+{re.escape(reason)}", card)
    row = row_of(desk_db, Enterprise, ent)
    assert (row.archived, row.archived_reason) == (True, reason)


# --- the shortage form and its steps --------------------------------------------------------------------


async def open_shortage_form(pilot, enterprise_id: int) -> ShortageFormScreen:  # type: ignore[no-untyped-def]
    await pilot.app.push_screen(ShortageFormScreen(enterprise_id=enterprise_id))
    await settle(pilot)
    form = pilot.app.screen
    form.query_one("#kind").value = "labour"  # no material needed
    return form


SHORTAGE_ROUNDS = [  # field, value pasted, message shown
    ("quantity", "abc", "Not a number"), ("quantity", "-5", "Must not be negative"),
    ("quantity", "1e400", "Not a number"), ("need_by", "2020-02-30", "Not a date: type 2020-02-05, 02-05 or +2"),
    ("need_by", "[b]+2[/b]", "Not a date: type 2020-02-05, 02-05 or +2"),
    ("description", "\x00NUL", "Control characters are not allowed"),
    ("description", LONG, "At most 2000 characters"), ("unit", "\x1b[31m", "Control characters are not allowed"),
    ("unit", "吨" * 17, "At most 16 characters"),
]


async def test_the_shortage_form_and_its_steps(make_desk_app, desk_db) -> None:
    ent = sample_id(desk_db)
    description, unit, note = "[bold]急[/bold] '; DROP TABLE shortage;--😷", "[/]", "Robert'); DELETE FROM cadre;--"
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        form = await open_shortage_form(pilot, ent)
        for field, value, message in SHORTAGE_ROUNDS:
            await paste(pilot, f"#{field}", value)
            await keys(pilot, "ctrl+s")
            assert app.screen is form and app.is_running
            assert message in await on_screen(pilot), (field, short(value))
            assert form.query_one(f"#{field}").value == value
            await paste(pilot, f"#{field}", "")
        assert rows(desk_db, Shortage) == []
        for field, value in (("quantity", "12,000"), ("unit", unit), ("need_by", "+2"), ("description", description)):
            await paste(pilot, f"#{field}", value)
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, ShortageDetailScreen), messages(app)
        shown = await on_screen(pilot)
        assert f"Description: {description}" in shown, shown
        assert re.search(rf"Material/item\s+{re.escape(quantity(12_000, unit))}", shown), shown
        # a progress note: refused in the dialog and kept, then saved and shown in the timeline
        await keys(pilot, "p")
        for value, message in (("\x07bell", "Control characters are not allowed"), (LONG, "At most 2000 characters")):
            await answer(pilot, value)
            assert isinstance(app.screen, ReasonDialog) and app.screen.query_one("#reason").value == value
            assert message in await on_screen(pilot)
        await answer(pilot, note)
        assert isinstance(app.screen, ShortageDetailScreen), messages(app)
        assert note in re.sub(r" +", " ", await on_screen(pilot))
        # the list shows it; its filter finds it by the description, markup and all
        await keys(pilot, "escape")
        assert isinstance(app.screen, ShortageListScreen)
        await pilot.press("slash")
        await paste(pilot, "#filter", "[bold]急[/bold]")
        await settle(pilot)
        assert app.screen.query_one("#shortages", PagedTable).total == 1
    [saved] = rows(desk_db, Shortage)
    assert (saved.description, saved.unit, saved.quantity) == (description, unit, 12_000)


@HYPOTHESIS
@given(description=hostile_text)
async def test_any_shortage_description(make_desk_app, desk_db, description: str) -> None:
    ent = sample_id(desk_db)
    try:
        kept, problem = validation.text(description, field="description", max_len=2000), None
    except ValidationError as error:
        kept, problem = None, error.message.format(**error.params)
    before = len(rows(desk_db, Shortage))
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        form = await open_shortage_form(pilot, ent)
        form.query_one("#description").value = description  # as a spreadsheet cell, newlines and all
        await keys(pilot, "ctrl+s")
        if isinstance(app.screen, ChoiceDialog):  # an earlier example's labour shortage is open: one more
            await keys(pilot, *"second", "enter")
        if problem:
            assert app.screen is form and form.query_one("#description").value == description
            assert problem in await on_screen(pilot)
            assert len(rows(desk_db, Shortage)) == before
            return
        assert isinstance(app.screen, ShortageDetailScreen), messages(app)
        assert rows(desk_db, Shortage)[-1].description == kept
        if kept and fits(kept) and "\n" not in kept and "\t" not in kept:
            assert f"Description: {kept}" in await on_screen(pilot)


# --- check-in dialogs -------------------------------------------------------------------------------------


@pytest.fixture
def unstationed(desk_db, coord):  # type: ignore[no-untyped-def]
    """李强, a field cadre; 茶园康护's short name is markup. Returns the cadre's id."""
    from models.people import CadreCreate
    from models.services.cadres import create_cadre

    rename(desk_db, coord, sample_id(desk_db), short_name="[/]康护")
    with desk_db.session() as s:
        return create_cadre(s, actor=coord, data=CadreCreate(name="李强", login="liqiang", role="field_cadre")).id


@pytest.fixture
def stationed(desk_db, coord, unstationed):  # type: ignore[no-untyped-def]
    """李强 stationed at 茶园康护 (``[/]康护``) since 24 January."""
    from datetime import date

    from models.services.cadres import station

    with desk_db.session() as s:
        station(s, actor=coord, cadre_id=unstationed, enterprise_id=sample_id(desk_db), start=date(2020, 1, 24))
    return sample_id(desk_db)


async def test_stationing_at_an_enterprise_named_in_markup_on_an_impossible_day(make_desk_app, unstationed) -> None:
    app = make_desk_app(start="checkins")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.screen.action_tab("unstaffed")
        await keys(pilot, "slash")
        await paste(pilot, "#checkin-filter", "茶园康护")
        await keys(pilot, "enter", "n")
        assert isinstance(app.screen, ChoiceDialog), messages(app)
        assert "Station which cadre at [/]康护?" in await on_screen(pilot)
        await paste(pilot, "#choice-filter", "李强")
        await keys(pilot, "enter")
        assert "Station 李强 at [/]康护" in await on_screen(pilot)
        for day in ("99999999999999999999-1", "2020-02-30", "'; DROP", "[b]02-03[/b]"):
            await answer(pilot, day)
            assert isinstance(app.screen, ReasonDialog), short(day)
            assert messages(app)[-1] == "Enter a date as YYYY-MM-DD"
            assert app.screen.query_one("#reason").value == day  # asked again with what was typed
        await answer(pilot, "2020-02-03")
        assert messages(app)[-1] == "李强 is stationed at [/]康护 from 2020-02-03"


BAD_TIMES = ["25:99", "2020-02-30 10:00", "-1:00", "'; DROP", "[b]08:00[/b]", "99999-01-01 10:00"]


async def test_check_out_and_back_dated_check_in_dialogs(make_desk_app, desk_db, stationed, pinned_clock) -> None:
    from datetime import datetime

    note, reason = "[bold]协调[/] '; DROP TABLE check_in;--", "[/]忘记 😷"
    app = make_desk_app(login="liqiang", start="checkins")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await keys(pilot, "i")
        assert messages(app)[-1] == "Checked in at [/]康护 at 2020-02-03 07:50"
        pinned_clock.set(datetime(2020, 2, 3, 18, 0))
        await keys(pilot, "o")
        dialog = app.screen
        assert isinstance(dialog, CheckOutDialog), messages(app)
        assert "Check out: [/]康护" in await on_screen(pilot)
        tries = [("#co-note", v, expected_error(v, 2000)) for v in ("\x00NUL", LONG)]
        tries += [("#co-at", v, "Enter a time as HH:MM or YYYY-MM-DD HH:MM") for v in BAD_TIMES]
        tries += [("#co-reason", v, expected_error(v, 500)) for v in ("\x1b[31mred", LONG)]
        for box, value, message in tries:
            await paste(pilot, "#co-note", "巡查")
            await paste(pilot, box, value)
            await keys(pilot, "ctrl+s")
            assert app.screen is dialog and dialog.query_one(box).value == value
            assert dialog.query_one("#co-error").render().plain == message, (box, short(value))
            await paste(pilot, box, "")
        await paste(pilot, "#co-note", note)
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, CheckInScreen), messages(app)
        pinned_clock.set(datetime(2020, 2, 3, 20, 0))
        await keys(pilot, "I")
        dialog = app.screen
        assert isinstance(dialog, TimeReasonDialog), messages(app)
        assert "Check in earlier at [/]康护" in await on_screen(pilot)
        for value in [*BAD_TIMES, "24:00"]:
            await paste(pilot, "#tr-at", value)
            await keys(pilot, "ctrl+s")
            assert dialog.query_one("#tr-error").render().plain == "Enter a time as HH:MM or YYYY-MM-DD HH:MM", value
        await paste(pilot, "#tr-at", "19:00")
        await paste(pilot, "#tr-reason", "\x00NUL")
        await keys(pilot, "ctrl+s")
        assert dialog.query_one("#tr-error").render().plain == "Control characters are not allowed"
        await paste(pilot, "#tr-reason", reason)
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, CheckInScreen), messages(app)
    [first, second] = rows(desk_db, CheckIn)
    assert (first.note, second.reason, second.corrected) == (note, reason, True)
    app = make_desk_app()
    async with app.run_test(size=SIZE) as pilot:  # the card lists the visit with its note as typed
        await settle(pilot)
        await open_card(pilot, stationed)
        assert note in await whole_card(pilot)


# --- the filters of the lists -----------------------------------------------------------------------------

FILTERED = [*KEPT[:4], "%", "_", "\\", "\x00NUL", LONG, "'", "\"", "%' OR 1=1 --"]


async def filter_sweep(  # type: ignore[no-untyped-def]
        pilot, box: str, table: str, screen: type, values: list[str] = FILTERED) -> None:
    """Paste each value into the filter: the list answers (no match is fine), says what it filters by, and
    the screen stays; LIKE's wildcards match only themselves."""
    app = pilot.app
    for value in values:
        await paste(pilot, box, value)
        await settle(pilot)
        grid = app.screen.query_one(table, PagedTable)
        assert isinstance(app.screen, screen) and app.is_running, short(value)
        assert grid.total is not None and grid.total >= 0, short(value)
        if value.strip() and value in ("%", "_", "\\", "'", "%' OR 1=1 --"):
            assert grid.total == 0, value  # nothing is named with them: they match only themselves
        if fits(value) and value.isprintable():
            assert f"filter: {value}" in Content.from_markup(grid.border_subtitle).plain, value
    assert [n.message for n in notifications(app) if n.severity == "error"] == []
    await paste(pilot, box, "")
    await settle(pilot)
    assert app.screen.query_one(table, PagedTable).total > 0  # everything is back


async def test_the_enterprise_and_shortage_filters(make_desk_app, desk_db, coord) -> None:
    from models.services.shortages import report_shortage
    from models.shortage import ShortageCreate

    with desk_db.session() as s:  # one shortage, for the list to come back to
        report_shortage(s, actor=coord, data=ShortageCreate(enterprise_id=sample_id(desk_db), kind="labour"))
    app = make_desk_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await filter_sweep(pilot, "#filter", "#enterprises", EnterpriseListScreen,
                           [v for v in FILTERED if "\x00" not in v])  # NUL: the next test
        await keys(pilot, "escape", "3")
        await pilot.press("slash")
        await filter_sweep(pilot, "#filter", "#shortages", ShortageListScreen)


async def test_a_nul_in_the_enterprise_filter(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await filter_sweep(pilot, "#filter", "#enterprises", EnterpriseListScreen, ["\x00NUL", "茶园\x00"])


async def test_the_check_in_filter(make_desk_app, stationed) -> None:
    app = make_desk_app(start="checkins")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.screen.action_tab("unstaffed")
        await keys(pilot, "slash")
        await filter_sweep(pilot, "#checkin-filter", "#unstaffed-table", CheckInScreen)
        # the dates of the time sheets and the headcount: a twenty-digit month is no date, and no crash
        for tab, box, shown in (("sheets", "#sheet-start", "#sheet-total"), ("headcount", "#hc-since", "#hc-sentence")):
            app.screen.action_tab(tab)
            await settle(pilot)
            for day in ("99999999999999999999-1", "2020-02-30", "[b]02-03[/b]"):
                await paste(pilot, box, day)
                await keys(pilot, "enter")
                assert app.screen.query_one(shown).render().plain == "Enter a date as YYYY-MM-DD", (tab, day)


async def open_audit(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.app.push_screen(AuditScreen())
    await keys(pilot, "slash")


async def test_the_audit_filter(app) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_audit(pilot)
        await filter_sweep(pilot, "#audit-query", "#audit", AuditScreen,
                           [v for v in FILTERED if v not in ("%", "_", "\x00NUL")])  # those: the next tests
        for value, message in (("date:2020-02-30", "Not a date"), ("row:'; DROP", "Not a number")):
            await paste(pilot, "#audit-query", value)
            await settle(pilot)
            assert isinstance(app.screen, AuditScreen) and messages(app)[-1] == message


async def test_like_wildcards_in_the_audit_filter(app) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_audit(pilot)
        await filter_sweep(pilot, "#audit-query", "#audit", AuditScreen, ["%", "_"])


async def test_odd_row_numbers_in_the_audit_filter(app) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_audit(pilot)
        for value in ("row:²", "row:99999999999999999999"):
            await paste(pilot, "#audit-query", value)
            await settle(pilot)
            assert isinstance(app.screen, AuditScreen)
            assert messages(app)[-1] == "Not a number", (value, messages(app))
