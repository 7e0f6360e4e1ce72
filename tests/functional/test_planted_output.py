"""Text planted in the database, past input validation, never acts on the terminal.

Someone with the database file writes names, notes and audit entries holding an OSC 52 sequence
(which would put ``rm -rf ~`` into the terminal's clipboard), a CSI that clears the screen, a bidi
override and a zero-width space, with plain SQL. Every screen that shows them, at 80×24, shows each
as a visible escape (``\\x1b``), and what the app would write to the terminal holds no such
character: only the app's own colour and cursor sequences.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date

import pytest
from rich.segment import Segment
from sqlalchemy import text
from textual.app import App
from textual.color import Color
from textual.widget import Widget
from textual.widgets import Static

from models.people import CadreCreate
from models.services import shortages as svc
from models.services.cadres import create_cadre, station
from models.settings import Settings, install
from models.shortage import ShortageCreate
from tui.i18n.safe import unsafe_codes
from tui.shell.audit import AuditScreen
from tui.shell.dialogs import ChoiceDialog
from tui.shell.safe_filter import SafeText
from tui.shortages.detail import ShortageDetailScreen

from .conftest import COORDINATOR, screen_text
from .hostile_input import sample_id

OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
CSI = "\x1b[2J"
PLANTED = f"{OSC52}{CSI}\u202e\u200b"
#: the escapes a reader sees instead (the bell of the OSC included)
SHOWN = "\\x1b]52;c;cm0gLXJmIH4=\\x07"
#: the app's own sequences: colours (SGR) and cursor moves
OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;:]*[mHG]")
MELT_BLOWN = 2


@pytest.fixture(autouse=True)
def no_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """The changes are planted before the app starts: no poll needed."""
    install(Settings(poll_seconds=3600.0))


@pytest.fixture
def planted(desk_db, coord):  # type: ignore[no-untyped-def]
    """A shortage at 茶园康护 with a step, a cadre stationed there; then, with plain SQL, every name
    and note they show given the planted sequences. Returns the shortage's id."""
    enterprise = sample_id(desk_db)
    with desk_db.session() as s:
        shortage = svc.report_shortage(s, actor=coord, data=ShortageCreate(
            enterprise_id=enterprise, kind="raw_material", material_id=MELT_BLOWN, severity="critical",
            description="熔喷布仅够 2 天")).id
        svc.act(s, actor=coord, shortage_id=shortage, expected_version=1, action="note", note="已联系")
        cadre = create_cadre(s, actor=coord, data=CadreCreate(name="李强", login="liqiang", role="field_cadre")).id
        station(s, actor=coord, cadre_id=cadre, enterprise_id=enterprise, start=date(2020, 1, 24))
    with desk_db.engine.begin() as c:
        for sql in (
            "UPDATE enterprise SET name = :v || '茶园康护', short_name = '茶园' || :v || '康护' WHERE id = :e",
            "UPDATE shortage SET description = '仅够' || :v || char(10) || '两天' WHERE id = :s",
            "UPDATE shortageevent SET note = '联系' || :v WHERE shortage_id = :s",
            "UPDATE cadre SET name = '李' || :v || '强' WHERE id = :c",
            "UPDATE catalogueitem SET name = '口罩' || :v, name_en = 'Mask' || :v",
            "UPDATE material SET name = '熔喷布' || :v, name_en = 'Melt-blown' || :v",
            "UPDATE specialgroup SET name = '组' || :v, name_en = 'Group' || :v",
        ):
            c.execute(text(sql), {"v": PLANTED, "e": enterprise, "s": shortage, "c": cadre})
        newest = c.execute(text("SELECT max(id) FROM auditlog")).scalar_one()
        c.execute(text("UPDATE auditlog SET changes = :j WHERE id = :id"),
                  {"j": json.dumps({"name": ["old", f"new{PLANTED}"]}), "id": newest})
    return shortage


def terminal_output(app: App) -> str:
    """What the app would write to a terminal for the whole screen (dialogs over their background)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return update.render_segments(app.console)


def widget_text(widget: Widget) -> str:
    """The lines ``widget`` shows, as plain text (for a part of the screen that others may echo)."""
    return "\n".join(strip.text for strip in widget.render_lines(widget.region.reset_offset))


def check_screen(app: App, part: str = "") -> None:
    """The planted sequences show as escapes (in the widget ``part`` when given), and none reaches
    the terminal as itself."""
    shown = widget_text(app.screen.query_one(part)) if part else screen_text(app)
    assert "\\x1b" in shown, shown
    leftover = OWN_SEQUENCES.sub("", terminal_output(app))
    found = sorted({f"U+{ord(c):04X}" for c in leftover if ord(c) in unsafe_codes() and c != "\n"})
    assert not found, found


async def test_every_screen_shows_planted_sequences_as_escapes(desk_factory, planted) -> None:
    desk = desk_factory()
    async with desk:
        app = desk.app
        await desk.filter("cykh")
        check_screen(app)  # the enterprise list
        await desk.press("enter")
        check_screen(app)  # the card
        assert "茶园康护" in screen_text(app)
        await desk.open("shortages")
        check_screen(app)
        await app.push_screen(ShortageDetailScreen(planted))
        await desk.settle()
        check_screen(app)
        shown = screen_text(app)
        for value in ("\\u202e", "\\u200b", "\\x1b[2J", SHOWN):
            assert value in shown, (value, shown)
        await desk.press("a")  # assign: the special groups to pick from
        assert isinstance(app.screen, ChoiceDialog)
        check_screen(app, "#choice-list")
        await desk.press("enter")  # the group picked: its cadres to pick from
        assert isinstance(app.screen, ChoiceDialog)
        check_screen(app, "#choice-list")
        await desk.press("escape")
        await desk.open("dashboard")
        check_screen(app)
        await desk.open("checkins")
        for tab in ("absent", "assignments"):  # stationed at 茶园康护, not in today
            app.screen.action_tab(tab)
            await desk.settle()
            check_screen(app)
        await app.push_screen(AuditScreen())
        await desk.settle()
        check_screen(app, "#audit-detail")  # the newest change in full under the list


async def test_the_enterprise_picker_shows_a_planted_name_escaped(desk_factory, planted) -> None:
    from tui.shortages.form import ShortageFormScreen

    desk = desk_factory()
    async with desk:
        await desk.app.push_screen(ShortageFormScreen())
        await desk.settle()
        await desk.type("cykh")
        check_screen(desk.app)


async def test_a_widget_that_forgot_to_escape_writes_no_control_character(app) -> None:
    """The line filter of the app: whatever a widget shows, the terminal gets no ESC of it."""
    async with app.run_test(size=(80, 24)) as pilot:
        await app.screen.mount(Static(f"raw {PLANTED} end", markup=False))
        await pilot.pause()
        leftover = OWN_SEQUENCES.sub("", terminal_output(app))
        assert "raw ]52;c;cm0gLXJmIH4=[2J end" in leftover
        assert not {c for c in leftover if ord(c) in unsafe_codes() and c != "\n"}


def test_the_filter_keeps_every_column_where_it_was() -> None:
    line = [Segment("ab", None), Segment(f"c{PLANTED}d\u200b"), Segment("\u202e"), Segment("e\udc80f")]
    kept = SafeText().apply(line, Color(0, 0, 0))
    assert [s.text for s in kept] == ["ab", "c]52;c;cm0gLXJmIH4=[2Jd", "e\ufffdf"]
    assert Segment.get_line_length(kept) == Segment.get_line_length(line)
    clean = [Segment("茶园康护 · 南岸区")]
    assert SafeText().apply(clean, Color(0, 0, 0)) is clean


async def test_a_database_path_with_an_escape_sequence_shows_escaped_in_the_header(desk_db, tmp_path) -> None:
    from tui.factory import make_app

    planted = tmp_path / "db\x1b]2;pwned\x07.db"
    with sqlite3.connect(desk_db.url.removeprefix("sqlite:///")) as source, sqlite3.connect(planted) as copy:
        source.backup(copy)
    app = make_app(db_url=f"sqlite:///{planted}", lang="en", login=COORDINATOR)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            check_screen(app, "#header-line")
            assert "\\x1b]2;pwned\\x07" in widget_text(app.screen.query_one("#header-line"))
    finally:
        app.ctx.db.dispose()


async def test_the_conflict_dialog_shows_their_planted_values_escaped(app) -> None:
    from tui.forms.conflict import ConflictDialog, ConflictRow

    rows = [ConflictRow("Name", "茶园康护", f"茶园{PLANTED}康护", "茶园康护二厂")]
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ConflictDialog(rows, who=f"li{PLANTED}", when="07:49"))
        await pilot.pause()
        check_screen(app, "#conflict-table")
        check_screen(app, "ConflictDialog Label")  # who saved it
