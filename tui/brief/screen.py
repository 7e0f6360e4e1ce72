"""The daily brief in the app (``b`` on the dashboard, palette "brief: today").

The brief is made in a worker as of now (``a`` asks for another time, e.g. 12:00), shown as the
text the group sends, and saved at once as Markdown and a workbook in the user data directory, so
it can be mailed or printed from there.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.widgets import Static

from models import clock, paths
from models.errors import ServiceError
from models.services.brief import Brief
from tui.brief.cli import MIN_WIDTH
from tui.i18n import format as fmt
from tui.i18n import t
from tui.shell.base import BaseScreen


class BriefScreen(BaseScreen):
    HELP = ("The daily brief as of a time, as the group sends it; saved as Markdown and a workbook in the "
            "user data directory. a: another time (e.g. 12:00), escape: back.")
    BINDINGS = [
        Binding("a", "as_of", "As of…", tooltip="Make the brief as of another time (HH:MM or YYYY-MM-DD HH:MM)",
                id="brief-as-of"),
        Binding("escape", "app.back", "Back", id="brief-back"),
    ]
    CSS_PATH = Path(__file__).with_name("brief.tcss")

    def __init__(self, as_of: datetime | None = None) -> None:
        super().__init__()
        self.as_of = as_of
        self.made: Brief | None = None

    def body(self) -> ComposeResult:
        yield Static(t("Making the brief…"), id="brief-saved")
        with ScrollableContainer(id="brief-scroll"):
            yield Static("", id="brief-text", markup=False)

    def on_mount(self) -> None:
        self.sub_title = t("Brief")
        self.query_one("#brief-scroll").focus()
        self.make()

    def on_resize(self) -> None:
        """The brief is laid out again for the new width (its figures are not made again)."""
        self.lay_out()

    def lay_out(self) -> None:
        """The text wrapped at the screen's width (the scroll bar takes a column); never wrapped again by
        the widget, so a table too wide for a very narrow screen scrolls sideways."""
        from tui.brief.render import render_text

        if self.made is None:
            return
        width = max(MIN_WIDTH, self.size.width - 2)
        self.query_one("#brief-text", Static).update(Text(render_text(self.made, width=width), no_wrap=True))

    def reload(self) -> None:
        """A brief is a record of a moment: it is not redone when data changes (``a`` redoes it)."""

    @work(exclusive=True, group="brief", exit_on_error=False)
    async def make(self) -> None:
        from models.services.brief import brief
        from tui.brief.render import save_brief

        as_of = self.as_of or clock.now()
        made = await self.read(lambda s: brief(s, as_of=as_of))
        self.made = made
        self.lay_out()
        saved = await asyncio.to_thread(save_brief, made, paths.brief_dir())  # a workbook: off the UI thread
        self.query_one("#brief-saved", Static).update(
            Text(t("Saved: {files}", files=fmt.listing([str(p) for p in saved])), style="dim"))

    @work(exclusive=True, group="brief-as-of", exit_on_error=False)
    async def action_as_of(self) -> None:
        """Ask for a time, check it, and make the brief as of then."""
        from tui.brief.cli import BRIEF_HOUR
        from tui.i18n.parse import parse_moment
        from tui.shell.dialogs import ReasonDialog

        value = await self.app.push_screen_wait(ReasonDialog(
            t("As of…"), t("Time of the brief (HH:MM or YYYY-MM-DD HH:MM)"), max_len=16))
        if not isinstance(value, str) or not value:
            return
        try:
            as_of = parse_moment(value, field="as_of", day_at=BRIEF_HOUR)
        except ValueError:
            self.app.show_error(ServiceError(
                "Not a time: {value} (use 'YYYY-MM-DD HH:MM', 'YYYY-MM-DD' or 'HH:MM')", value=value))
            return
        if as_of > clock.now():
            self.app.show_error(ServiceError(
                "{time} is in the future: a brief is of what has happened", time=clock.fmt(as_of)))
            return
        self.as_of = as_of
        self.query_one("#brief-saved", Static).update(t("Making the brief…"))
        self.make()
