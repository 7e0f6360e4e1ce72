"""One cadre's status and week, opened from the roster, the stationing or a time sheet (``enter``)."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding

from tui.checkins.status import CheckInStatus
from tui.checkins.week_view import CadreWeekView
from tui.i18n import t
from tui.shell.base import BaseScreen


class CadreWeekScreen(BaseScreen):
    HELP = "One cadre's week: days on site, hours per day, consecutive days, latest finish. escape goes back."
    #: the styles of the screen and of the panes it shows
    CSS_PATH = Path(__file__).with_name("checkins.tcss")
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="cadre-week-back")]

    def __init__(self, cadre_id: int) -> None:
        super().__init__()
        self.cadre_id = cadre_id

    def body(self) -> ComposeResult:
        yield CheckInStatus(self.cadre_id, own=self.cadre_id == self.ctx.actor.cadre_id, id="cadre-status")
        yield CadreWeekView(self.cadre_id, id="cadre-week")

    def on_mount(self) -> None:
        self.sub_title = t("Week")
        self.query_one(CadreWeekView).focus()

    def reload(self) -> None:
        """Data changed: the status and the week shown load again."""
        self.query_one(CheckInStatus).reload()
        self.query_one(CadreWeekView).reload()
