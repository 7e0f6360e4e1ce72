"""The Supply Desk app: four screens as modes, global keys, the command palette, worker errors."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.driver import Driver
from textual.filter import LineFilter, Monochrome
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.worker import Worker

from models import clock
from tui.context import AppContext
from tui.i18n import command_title, error_text, t
from tui.i18n.translator import Translator, translator_for
from tui.logs import log_file
from tui.shell.base import BaseScreen
from tui.shell.messages import DataChanged
from tui.shell.terminal import PLAIN, RUNS, colours
from tui.shell.workers import report_failed_worker

if TYPE_CHECKING:
    from tui.widgets.paged_table import PagedTable

SCREENS = ("dashboard", "enterprises", "shortages", "checkins")
#: the daily backup starts a little after start-up, so it never slows the first paint
BACKUP_DELAY_S = 3.0
#: how often every session asks whether anyone changed data (changes show within two polls)
POLL_S = 1.0
#: the cyclic garbage collector waits for the first rows on screen, this long at most
GC_PAUSE_S = 3.0

log = logging.getLogger(__name__)


@dataclass
class Polled(Message):
    marker: tuple[int, int] | None
    error: BaseException | None
    #: a change made here: reload even if a poll already saw its marker
    force: bool = False


@dataclass(frozen=True)
class Connection:
    """The state of the link to the database, shown in the header."""

    ok: bool = True
    at: datetime | None = None
    error: str = ""


class SupplyDeskApp(App[None]):
    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute, so subclasses elsewhere find it
    # Each feature's screen is imported when first shown: start-up pays for one.
    MODES = {
        "dashboard": lambda: _screen("tui.dashboard.screen", "DashboardScreen"),
        "enterprises": lambda: _screen("tui.enterprises.screen", "EnterpriseListScreen"),
        "shortages": lambda: _screen("tui.shortages.screen", "ShortageListScreen"),
        "checkins": lambda: _screen("tui.checkins.screen", "CheckInScreen"),
    }
    BINDINGS = [
        # 1–4 stay out of the footer: at 80 columns it has room for the keys of the screen and ? only
        Binding("1", "show('dashboard')", "Dashboard", show=False, id="screen-dashboard"),
        Binding("2", "show('enterprises')", "Enterprises", show=False, id="screen-enterprises"),
        Binding("3", "show('shortages')", "Shortages", show=False, id="screen-shortages"),
        Binding("4", "show('checkins')", "Check-ins", show=False, id="screen-checkins"),
        Binding("question_mark", "help", "Help", tooltip="Every key of this screen", id="help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="command-palette"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    #: the app's language: ``t()`` asks the running app for it (set by ``tui.factory.make_app``)
    translator: Translator = translator_for("en")
    # Watched, never painted: a reactive of the app repaints the whole screen when it changes, and
    # the connection changes at every poll (a full screen sent each second over a slow link)
    connection: var[Connection] = var(Connection)
    #: bumped each time another session (or this one) changed data; screens compare it on resume
    data_generation: var[int] = var(0)

    def __init__(self, ctx: AppContext, *, start: str = "enterprises") -> None:
        self.start = start if start in SCREENS else "enterprises"
        # The first screen is the default mode, built when the app composes: switching to it from
        # Textual's blank default screen would resume it twice, and it would load its rows twice.
        # (Textual reads the class variable once, in ``__init__``: an instance attribute shadows it)
        self.__dict__["DEFAULT_MODE"] = self.start
        super().__init__()
        # the console's colours as the terminal says (Textual asks Rich, which believes COLORTERM first)
        self.console._color_system = colours(os.environ, self.console._color_system)
        self.ctx = ctx
        self.data_marker: tuple[int, int] | None = None
        self.title = t("Supply Desk")
        self._gc_paused = False

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal; on Linux and macOS one that asks for mouse clicks only."""
        driver = super().get_driver_class()
        if driver.__name__ == "LinuxDriver":
            from tui.shell.terminal import ClicksOnly

            return ClicksOnly
        return driver

    def get_line_filters(self) -> Sequence[LineFilter]:
        """With ``NO_COLOR``, no colour codes (Textual's own filter sends greys); runs of one style last."""
        filters = [f for f in super().get_line_filters() if not isinstance(f, Monochrome)]
        return [*filters, PLAIN, RUNS] if self.no_color else [*filters, RUNS]

    def on_load(self) -> None:
        # Start-up makes many objects that live as long as the app (mapped tables, styles, widgets)
        # and little garbage: the cyclic collector would walk them over and over, a tenth of the
        # time to the first rows. It waits until they are on screen (GC_PAUSE_S at most).
        self._gc_paused = gc.isenabled()
        gc.disable()

    def on_mount(self) -> None:
        # the schema was checked just before start: the data is current as of now
        self.connection = Connection(ok=True, at=clock.now())
        self.set_timer(GC_PAUSE_S, self._resume_gc)
        self.set_timer(BACKUP_DELAY_S, self._start_daily_backup)
        self.set_interval(POLL_S, self._poll)

    def on_paged_table_loaded(self, message: PagedTable.Loaded) -> None:
        if self._gc_paused and message.table.cursor_row is not None:
            self.call_after_refresh(self._resume_gc)

    def on_paged_table_load_failed(self, message: PagedTable.LoadFailed) -> None:
        self.show_error(message.error)

    def on_unmount(self) -> None:
        self._resume_gc()

    def _resume_gc(self) -> None:
        if self._gc_paused:
            self._gc_paused = False
            gc.enable()

    # ---- live updates: every session sees every change within two seconds ----------------------

    def _poll(self) -> None:
        self.run_worker(self._read_marker, thread=True, group="poll", exclusive=True, exit_on_error=False)

    def _read_marker(self) -> None:
        from models.services.changes import change_marker

        try:
            marker = self.ctx.run(change_marker)
        except Exception as error:
            self.post_message(Polled(None, error))
            return
        self.post_message(Polled(marker, None))

    async def changed_here(self) -> None:
        """This session just changed data: the visible screen reloads once, now; the poll that
        follows finds the marker it already knows and reloads nothing a second time."""
        from models.services.changes import change_marker

        try:
            marker = await asyncio.to_thread(self.ctx.run, change_marker)
        except Exception:
            return
        self.post_message(Polled(marker, None, force=True))

    def on_polled(self, message: Polled) -> None:
        ok = message.error is None
        if message.error is not None:
            # the first failed poll with its traceback; the same failure each second after it, briefly
            if self.connection.ok:
                log.warning("lost the database: %s", message.error, exc_info=message.error)
            else:
                log.debug("still no database: %s", message.error)
        elif not self.connection.ok:
            log.info("reconnected to the database")
        self.connection = Connection(ok=ok, at=clock.now() if ok else self.connection.at,
                                     error=error_text(message.error) if message.error else "")
        if message.marker is None:
            return
        if message.force or (self.data_marker is not None and message.marker != self.data_marker):
            self.data_generation += 1
            if self.screen_stack:  # not while the app is shutting down
                self.screen.post_message(DataChanged(self.data_generation))
        self.data_marker = message.marker

    def _start_daily_backup(self) -> None:
        """The first start of a day keeps a backup; in a daemon thread, so quitting never waits for it."""
        threading.Thread(target=self._daily_backup, name="daily-backup", daemon=True).start()

    def _daily_backup(self) -> None:
        from models.backup import daily_backup

        try:
            daily_backup(self.ctx.db.url)
        except Exception as error:
            log.warning("automatic backup failed", exc_info=error)
            self.call_from_thread(self.notify, t("Automatic backup failed: {error}", error=error_text(error)),
                                  severity="warning", markup=False)

    def action_show(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_back(self) -> Any:
        """Back to the screen before (none: nothing happens). Textual's own is a coroutine; this one
        acts at once, so a screen may call it from its own escape action (``Any``: whatever an
        action returns, Textual awaits only if it is awaitable)."""
        if len(self.screen_stack) > 1:
            self.pop_screen()

    def action_audit(self, query: str = "") -> None:
        from tui.shell.audit import AuditScreen

        self.push_screen(AuditScreen(query))

    def action_brief(self) -> None:
        from tui.brief.screen import BriefScreen

        if not isinstance(self.screen, BriefScreen):
            self.push_screen(BriefScreen())

    def action_help(self) -> None:
        from tui.shell.help import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        intro = t(screen.HELP) if isinstance(screen, BaseScreen) and screen.HELP else ""
        self.push_screen(HelpScreen(title=t("Keys"), intro=intro, bindings=screen.active_bindings))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Namespaced commands: ``screen: …``, ``help: keys``, then Textual's own, translated."""
        for mode, label in zip(SCREENS, ("Dashboard", "Enterprises", "Shortages", "Check-ins"), strict=True):
            yield SystemCommand(command_title("screen", label), t("Open the {name} screen", name=t(label)),
                                lambda m=mode: self.action_show(m))
        yield SystemCommand(command_title("help", "keys"), t("Every key of this screen"), self.action_help)
        yield SystemCommand(command_title("brief", "today"), t("The daily brief as of now, shown and saved"),
                            self.action_brief)
        if self.ctx.actor.is_coordinator:
            yield SystemCommand(command_title("audit", "log"), t("Who changed what, from what, and when"),
                                self.action_audit)
        if isinstance(screen, BaseScreen):
            yield from screen.palette_commands()
        for command in super().get_system_commands(screen):
            if command.title != "Keys":  # Textual's key panel: ours is help: keys
                yield command._replace(title=command_title("app", command.title), help=t(command.help))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("Search for commands…")))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=t("Search for themes…")))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)

    def show_error(self, error: BaseException) -> None:
        """The one place where work that failed is shown to the user; the app keeps running.

        The traceback goes to the log, and the notice says where the log is."""
        from models.db import user_error  # turns a driver's error into a message a user can act on

        log.error("unexpected error: %s", error, exc_info=error)
        text = error_text(user_error(error))
        path = log_file()
        if path is not None:
            text += "\n" + t("Details in the log: {path}", path=str(path))
        self.notify(text, title=t("Error"), severity="error", timeout=8, markup=False)


def _screen(module: str, name: str) -> Screen[Any]:
    import importlib

    screen: Screen[Any] = getattr(importlib.import_module(module), name)()
    return screen

