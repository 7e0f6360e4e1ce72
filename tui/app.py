"""The Supply Desk app: five screens as modes, global keys, the command palette, worker errors."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.driver import Driver
from textual.filter import LineFilter, Monochrome
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.worker import Worker

from models import clock, settings
from models.services.common import Actor
from tui.context import AppContext
from tui.i18n import command_title, error_text, t
from tui.i18n.translator import Translator, translator_for
from tui.logs import log_file
from tui.shell import hangup
from tui.shell.base import BaseModal, BaseScreen
from tui.shell.messages import DataChanged
from tui.shell.mirror import Mirror, differences, erases_with_background
from tui.shell.safe_filter import SafeText
from tui.shell.screen_css import load_screen_css
from tui.shell.terminal import PLAIN, RUNS, colours
from tui.shell.workers import report_failed_worker

if TYPE_CHECKING:
    from sqlmodel import Session

    from models.watch import ChangeWatch
    from tui.widgets.paged_table import PagedTable

SCREENS = ("dashboard", "enterprises", "shortages", "checkins", "stock", "allocation", "procurement", "donations",
           "funds", "reference")
#: the daily backup starts a little after start-up, so it never slows the first paint
BACKUP_DELAY_S = 3.0
#: the cyclic garbage collector waits for the first rows on screen, this long at most
GC_PAUSE_S = 3.0

log = logging.getLogger(__name__)


@dataclass
class Polled(Message):
    marker: tuple[int, int] | None
    error: BaseException | None
    #: a change made here: reload even if a poll already saw its marker
    force: bool = False
    #: who the login is now, read when the marker moved (None: not read)
    actor: Actor | None = None
    #: the areas of the data that changed since the marker known before (``services.changes``)
    areas: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Connection:
    """The state of the link to the database, shown in the header."""

    ok: bool = True
    at: datetime | None = None
    error: str = ""
    #: the database file was replaced or removed: writes are refused until a restart
    replaced: bool = False


class SupplyDeskApp(App[None]):
    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute, so subclasses elsewhere find it
    # Each feature's screen is imported when first shown: start-up pays for one.
    MODES = {
        "dashboard": lambda: _screen("tui.dashboard.screen", "DashboardScreen"),
        "enterprises": lambda: _screen("tui.enterprises.screen", "EnterpriseListScreen"),
        "shortages": lambda: _screen("tui.shortages.screen", "ShortageListScreen"),
        "checkins": lambda: _screen("tui.checkins.screen", "CheckInScreen"),
        "stock": lambda: _screen("tui.stock.screen", "StockScreen"),
        "allocation": lambda: _screen("tui.allocation.screen", "AllocationScreen"),
        "procurement": lambda: _screen("tui.procurement.screen", "ProcurementScreen"),
        "donations": lambda: _screen("tui.donations.screen", "DonationsScreen"),
        "funds": lambda: _screen("tui.funds.screen", "FundsScreen"),
        "reference": lambda: _screen("tui.reference.screen", "ReferenceScreen"),
    }
    BINDINGS = [
        # 1–4 stay out of the footer: at 80 columns it has room for the keys of the screen and ? only
        Binding("1", "show('dashboard')", "Dashboard", show=False, id="screen-dashboard"),
        Binding("2", "show('enterprises')", "Enterprises", show=False, id="screen-enterprises"),
        Binding("3", "show('shortages')", "Shortages", show=False, id="screen-shortages"),
        Binding("4", "show('checkins')", "Check-ins", show=False, id="screen-checkins"),
        Binding("5", "show('stock')", "Stock", show=False, id="screen-stock"),
        Binding("6", "show('allocation')", "Allocation", show=False, id="screen-allocation"),
        Binding("7", "show('procurement')", "Procurement", show=False, id="screen-procurement"),
        Binding("8", "show('donations')", "Donations", show=False, id="screen-donations"),
        Binding("9", "show('funds')", "Funds", show=False, id="screen-funds"),
        Binding("0", "show('reference')", "Reference data", show=False, id="screen-reference"),
        Binding("question_mark", "help", "Help", tooltip="Every key of this screen", id="help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="command-palette"),
        Binding("q", "quit", "Quit", id="quit"),
        # a terminal user's Ctrl+C: quit, asking first when a form holds typed changes (before an
        # input's copy: priority)
        Binding("ctrl+c", "interrupt", "Quit", show=False, priority=True, system=True, id="interrupt"),
        # Tab moves the cursor before the keys after it are handed on (priority): over a slow line
        # "Tab 138…" arrives in one burst, and the digits belong in the next box, not this one
        Binding("tab", "focus_next", "Next field", show=False, priority=True, system=True, id="focus-next"),
        Binding("shift+tab", "focus_previous", "Previous field", show=False, priority=True, system=True,
                id="focus-previous"),
        # a remote screen garbled by the line (or by another program writing to the terminal): the app
        # sends only what changed, so it must be told to send everything again
        Binding("ctrl+l", "redraw", "Redraw the screen", show=False, system=True, id="redraw"),
    ]

    #: the app's language: ``t()`` asks the running app for it (set by ``tui.factory.make_app``)
    translator: Translator = translator_for("en")
    # Watched, never painted: a reactive of the app repaints the whole screen when it changes, and
    # the connection changes at every poll (a full screen sent each second over a slow link)
    connection: var[Connection] = var(Connection)
    #: bumped each time another session (or this one) changed data; screens compare it on resume
    data_generation: var[int] = var(0)
    #: who is acting, as ``ctx.actor``: read again when data changed, watched by the header (a var:
    #: watched, never painting the whole screen)
    actor: var[Actor | None] = var(None)

    def __init__(self, ctx: AppContext, *, start: str = "enterprises") -> None:
        self.start = start if start in SCREENS else "enterprises"
        # The first screen is the default mode, built when the app composes: switching to it from
        # Textual's blank default screen would resume it twice, and it would load its rows twice.
        # (Textual reads the class variable once, in ``__init__``: an instance attribute shadows it)
        self.__dict__["DEFAULT_MODE"] = self.start
        super().__init__()
        self._filters.append(SafeText())  # whatever a widget shows, no control character reaches the terminal
        # only the cells that differ from what the terminal shows go out (Textual resends whole lines)
        self._mirror = Mirror(erase=erases_with_background(os.environ, self.no_color))
        # the console's colours as the terminal says (Textual asks Rich, which believes COLORTERM first)
        self.console._color_system = colours(os.environ, self.console._color_system)
        self.ctx = ctx
        self.set_reactive(SupplyDeskApp.actor, ctx.actor)
        self.data_marker: tuple[int, int] | None = None
        #: area -> the data generation in which it last changed (screens reload for their areas only)
        self.area_generations: dict[str, int] = {}
        self._watch: ChangeWatch | None = None
        self._watch_token: object = None
        #: the screen that showed figures shared by file since the last look (``_fed``)
        self._fed_by: BaseScreen | None = None
        self.title = t("Supply Desk")
        self._gc_paused = False
        self._signals: list[int] = []
        self._terminal: hangup.Terminal | None = None  # the terminal, asked whether it hung up
        self.set_keymap(settings.current().keymap)  # checked by the command line before start
        self._clashes_told: set[frozenset[str]] = set()

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

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        super()._display(screen, differences(renderable, self._mirror, (self.size.width, self.size.height)))

    def _load_screen_css(self, screen: Screen[Any]) -> None:
        """A screen's stylesheet, read at its first show, restyles only what it may style (Textual
        parses every stylesheet again and restyles every screen: ``tui.shell.screen_css``)."""
        if not load_screen_css(self, screen):
            super()._load_screen_css(screen)

    def on_load(self) -> None:
        # Start-up makes many objects that live as long as the app (mapped tables, styles, widgets)
        # and little garbage: the cyclic collector would walk them over and over, a tenth of the
        # time to the first rows. It waits until they are on screen (GC_PAUSE_S at most).
        self._gc_paused = gc.isenabled()
        gc.disable()
        self._catch_signals()

    def _catch_signals(self) -> None:
        """SIGTERM (a shutdown, ``kill``) and SIGHUP (the terminal window closed) end the app as ``q``
        does, so the driver leaves the terminal as it found it (main screen, no mouse reporting);
        by default they would end the process where it stands. Before the driver starts (Load comes
        first), so no moment of the app in the terminal is without them; not where the loop cannot
        have them (another thread, Windows)."""
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)  # Windows has no SIGHUP
            if signum is None:
                continue
            try:
                loop.add_signal_handler(signum, self._signalled, signum)
            except (NotImplementedError, RuntimeError, ValueError):
                return
            self._signals.append(signum)

    def _signalled(self, signum: int) -> None:
        log.info("stopping on %s", signal.Signals(signum).name)
        self.exit(return_code=128 + signum)  # the shell's convention for a process ended by a signal

    def on_mount(self) -> None:
        # the schema was checked just before start: the data is current as of now
        self.connection = Connection(ok=True, at=clock.now())
        self.set_timer(GC_PAUSE_S, self._resume_gc)
        self.set_timer(BACKUP_DELAY_S, self._start_daily_backup)
        self.set_interval(settings.current().poll_seconds, self._poll)
        if not self.is_headless and sys.__stdin__ is not None:
            self._terminal = hangup.Terminal(sys.__stdin__.fileno())

    def on_paged_table_loaded(self, message: PagedTable.Loaded) -> None:
        if self._gc_paused and message.table.cursor_row is not None:
            self.call_after_refresh(self._resume_gc)

    def on_paged_table_load_failed(self, message: PagedTable.LoadFailed) -> None:
        self.show_error(message.error)

    def on_unmount(self) -> None:
        self._resume_gc()
        gc.unfreeze()  # what was kept out goes back to the collector: the process may outlive the app (tests)
        if self._watch is not None:
            self._watch.close()
        loop = asyncio.get_running_loop()
        for signum in self._signals:  # the loop outlives the app in tests: leave it as it was
            loop.remove_signal_handler(signum)
        self._signals.clear()

    def _resume_gc(self) -> None:
        if self._gc_paused:
            self._gc_paused = False
            # what start-up made lives as long as the app: kept out of every later collection, so
            # that a full one (the first screen or card opened builds enough objects to start one)
            # walks what was made since, not the whole app again
            gc.freeze()
            gc.enable()

    # ---- live updates: every session sees every change within two seconds ----------------------

    def _poll(self) -> None:
        if self._terminal is not None and self._terminal.gone():
            self._terminal = None
            self._signalled(signal.SIGHUP)  # gone without a SIGHUP (``tui.shell.hangup``): as if it came
            return
        if self.connection.replaced:
            return  # for good: the header says to restart
        if self._fed():
            return
        if self._watch is not None and not self._watch.due():
            return  # a released connection (PostgreSQL, no key for a while): looked through seldom
        if self._quiet_at_a_glance():
            return
        self.run_worker(self._read_marker, thread=True, group="poll", exclusive=True, exit_on_error=False)

    def _fed(self) -> bool:
        """True while the screen shows figures shared by file, fresh (``BaseScreen.fed``): the
        database is not looked at, and the watch lets its connection go (on PostgreSQL a hundred
        dashboards need none). The first look after it opens one again and reads what changed."""
        screen = self.screen if self.screen_stack else None
        if not isinstance(screen, BaseScreen) or not self._same_file():
            return False  # a restored SQLite file: the look says so, and to restart
        confirmed = screen.fed()
        if confirmed is None:
            return False
        self._the_watch().rest()
        self._fed_by = screen
        self._fresh(Connection(ok=True, at=clock.now() - timedelta(seconds=max(0.0, time.time() - confirmed))))
        return True

    def _quiet_at_a_glance(self) -> bool:
        """True when the database says, asked here in the event loop, that nothing changed since the
        marker was last read (``ChangeWatch.glance``: on SQLite a ``stat`` of the files and ``PRAGMA
        data_version`` on the watch's own connection, on PostgreSQL whether the listening
        connection's socket has anything to read; tens of microseconds, no lock a writer holds). An
        idle session then starts no worker thread each second. Anything else (a change, an error,
        the first look, a released connection) goes to the worker."""
        watch = self._watch
        if watch is None or self.data_marker is None or not self.connection.ok or not self._same_file():
            return False  # the worker asks again, and reports what it finds
        quiet = watch.glance(self._watch_token)
        if quiet:
            self._fresh(Connection(ok=True, at=clock.now()))
        return quiet

    def _same_file(self) -> bool:
        """Whether the SQLite file opened is still the one at its path (always, on PostgreSQL)."""
        try:
            if self.ctx.db.file is not None:
                self.ctx.db.file.check()
        except Exception:
            return False
        return True

    def _the_watch(self) -> ChangeWatch:
        """The watch for changes, made at its first use."""
        if self._watch is None:
            from models.watch import watch_for

            self._watch = watch_for(self.ctx.db)
        return self._watch

    def _fresh(self, connection: Connection) -> None:
        """The link's state; its watchers (the header) are told only when more than its time moved:
        the header reads the time when it draws (every few seconds, to say when data goes stale)."""
        before = self.connection
        if (before.ok, before.error, before.replaced) == (connection.ok, connection.error, connection.replaced):
            self.set_reactive(SupplyDeskApp.connection, connection)
        else:
            self.connection = connection

    def _read_marker(self) -> None:
        try:
            marker, actor, areas = self._read_state(force=False)
        except Exception as error:
            self.post_message(Polled(None, error))
            return
        self.post_message(Polled(marker, None, actor=actor, areas=areas))

    def _read_state(self, *, force: bool) -> tuple[tuple[int, int], Actor | None, frozenset[str]]:
        """(In a worker thread) the change marker, the areas changed and, when reference data changed
        (the cadres are), who the login is now, when the marker moved.

        Whether the file is still the one opened comes first: a restore moves another file over
        it, and the marker of the new file would look like any other change. Then the database is
        asked whether anything changed at all (``models.watch``): when it says no, no query runs."""
        from models.services.changes import change_marker, changed_areas
        from models.services.identity import current_actor

        if self.ctx.db.file is not None:
            self.ctx.db.file.check()
        known, login = self.data_marker, self.ctx.actor.login
        token = self._the_watch().token()  # before the marker: a commit in between is seen next time
        quiet = not force and known is not None and token == self._watch_token

        def read(session: Session) -> tuple[tuple[int, int], Actor | None, frozenset[str]]:
            if quiet and known is not None:  # the session opens no connection: nothing is asked
                return known, None, frozenset()
            marker = change_marker(session)
            moved = force or marker != known
            if not moved:
                return marker, None, frozenset()
            areas = changed_areas(session, known=known, marker=marker)
            # a role lives in the cadre table (reference data): another change leaves it as it was
            actor = current_actor(session, login=login) if force or "reference" in areas else None
            return marker, actor, areas

        # the areas read after the marker count what committed in between too: a look after it
        # finds the marker moved and reads them again, so no transaction need hold the two together
        found = self.ctx.glance(read)
        self._watch_token = token
        return found

    async def changed_here(self) -> None:
        """This session just changed data: the visible screen reloads once, now; the poll that
        follows finds the marker it already knows and reloads nothing a second time."""
        try:
            marker, actor, areas = await asyncio.to_thread(self._read_state, force=True)
        except Exception:
            return
        self.post_message(Polled(marker, None, force=True, actor=actor, areas=areas))

    def on_polled(self, message: Polled) -> None:
        from models.db import DatabaseReplaced

        if self.connection.replaced:
            return
        if isinstance(message.error, DatabaseReplaced):
            log.error("the database file was replaced or removed: %s", message.error)
            self.connection = Connection(ok=False, at=self.connection.at, error=error_text(message.error),
                                         replaced=True)
            return
        ok = message.error is None
        if message.error is not None:
            # the first failed poll with its traceback; the same failure each second after it, briefly
            if self.connection.ok:
                log.warning("lost the database: %s", message.error, exc_info=message.error)
            else:
                log.debug("still no database: %s", message.error)
        elif not self.connection.ok:
            log.info("reconnected to the database")
        self._fresh(Connection(ok=ok, at=clock.now() if ok else self.connection.at,
                               error=error_text(message.error) if message.error else ""))
        if message.marker is None:
            return
        acting = message.actor is not None and message.actor != self.ctx.actor
        if message.actor is not None and acting:
            self._act_as(message.actor)
        everything = acting or message.force
        if everything or (self.data_marker is not None and message.marker != self.data_marker):
            from models.services.changes import ALL_AREAS

            self.data_generation += 1
            # this session's own change reloads what is shown whatever it touched, as a new role does
            for area in ALL_AREAS if everything else message.areas:
                self.area_generations[area] = self.data_generation
            if self.screen_stack:  # not while the app is shutting down
                self.screen.post_message(DataChanged(self.data_generation))
        self.data_marker = message.marker
        if self._fed_by is not None:
            # the first look after figures shared by file: they may be behind what was just read
            # (the keeper stopped, or lags); the screen reads everything, after this marker
            fed_by, self._fed_by = self._fed_by, None
            fed_by.caught_up()

    def _act_as(self, actor: Actor) -> None:
        """The login's role changed (another session changed it, or this one): the header, the keys
        offered and the services use the new one from now; the screen reloads with it."""
        log.info("%s acts as %s now (was %s)", actor.login, actor.role.value, self.ctx.actor.role.value)
        self.ctx.actor = actor
        self.actor = actor
        self.refresh_bindings()

    def _start_daily_backup(self) -> None:
        """The first start of a day keeps a backup of a SQLite file; in a daemon thread, so quitting never
        waits for it. On PostgreSQL nothing (its own tools back it up): the backup's module would load
        SQLite into the session (about 1 MB) to do nothing."""
        if self.ctx.db.backend != "sqlite":
            return
        threading.Thread(target=self._daily_backup, name="daily-backup", daemon=True).start()

    def _daily_backup(self) -> None:
        from models.backup import daily_backup

        try:
            daily_backup(self.ctx.db.url)
        except Exception as error:
            log.warning("automatic backup failed", exc_info=error)
            self.call_from_thread(self.notify, t("Automatic backup failed: {error}", error=error_text(error)),
                                  severity="warning", markup=False)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            if self._watch is not None and self._watch.touch():
                self._poll()  # back from a released connection: look at once
            screen = self.screen
            if isinstance(screen, BaseModal) and not screen.takes(event):
                log.debug("key read before %s was on screen, dropped: %s", type(screen).__name__, event.key)
                return
        await super().on_event(event)

    def action_show(self, mode: str) -> None:
        """A screen's number shows that screen's top: its list (keeping the filter), not the card or
        the drill-down it was left on."""
        if self.current_mode != mode:
            self.switch_mode(mode)
        self.back_to(self.screen_stack[0])

    def action_list_filter(self, mode: str) -> None:
        """``/`` on a detail: the filter of the list it was opened from, else of ``mode``'s list."""
        from tui.shell.filtered import FilteredListScreen

        lists = [screen for screen in self.screen_stack if isinstance(screen, FilteredListScreen)]
        if not lists:
            self.action_show(mode)
            lists = [screen for screen in self.screen_stack[:1] if isinstance(screen, FilteredListScreen)]
        if lists and self.back_to(lists[-1]):
            lists[-1].action_filter()

    def back_to(self, target: Screen[Any]) -> bool:
        """Close the screens above ``target``; False (and the form shown) when one holds typed changes."""
        above = self.screen_stack[self.screen_stack.index(target) + 1:]
        if not above:
            return True  # nothing to close (a screen's number on its list): no need of the forms' modules
        from tui.forms.core import FormCore

        typed = next((screen for screen in above if isinstance(screen, FormCore) and screen.dirty), None)
        if typed is not None:
            while self.screen is not typed:
                self.pop_screen()
            self.notify(t("This form holds typed changes: save them (Ctrl+S) or leave it (Esc) first"),
                        severity="warning")
            return False
        for _ in above:
            self.pop_screen()
        return True

    def action_redraw(self) -> None:
        """Ctrl+L: forget what the terminal was sent and paint the whole screen again."""
        self._mirror.forget()
        self.screen.refresh()

    def action_interrupt(self) -> None:
        """Ctrl+C: quit at once, or ask first when a form anywhere holds typed changes."""
        from tui.forms.core import FormCore
        from tui.shell.dialogs import ConfirmDialog

        typed = [screen for stack in self._screen_stacks.values() for screen in stack
                 if isinstance(screen, FormCore) and screen.dirty]
        if not typed:
            self.exit()
        elif not isinstance(self.screen, ConfirmDialog):
            self.push_screen(ConfirmDialog(t("Quit and drop what you typed?"), yes="Quit", no="Stay"),
                             lambda quit_: self.exit() if quit_ else None)

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
        labels = ("Dashboard", "Enterprises", "Shortages", "Check-ins", "Stock", "Allocation", "Procurement",
                  "Donations", "Funds",
                  "Reference data")
        for mode, label in zip(SCREENS, labels, strict=True):
            yield SystemCommand(command_title("screen", label), t("Open the {name} screen", name=t(label)),
                                lambda m=mode: self.action_show(m))
        yield from self._admin_commands()
        yield SystemCommand(command_title("help", "keys"), t("Every key of this screen"), self.action_help)
        yield SystemCommand(command_title("brief", "today"), t("The daily brief as of now, shown and saved"),
                            self.action_brief)
        if self.ctx.actor.is_coordinator:
            yield SystemCommand(command_title("audit", "log"), t("Who changed what, from what, and when"),
                                self.action_audit)
        if isinstance(screen, BaseScreen):
            yield from screen.palette_commands()
            yield from self._exchange_commands(screen)
        for command in super().get_system_commands(screen):
            if command.title != "Keys":  # Textual's key panel: ours is help: keys
                yield command._replace(title=command_title("app", command.title), help=t(command.help))

    def _admin_commands(self) -> Iterable[SystemCommand]:
        """``admin: people`` and the like: the reference screen at that tab."""
        from tui.reference.screen import TABS

        for tab, (title, _) in TABS.items():
            yield SystemCommand(command_title("admin", tab.replace("_", " ")), t(title),
                                lambda tab=tab: self.action_reference(tab))

    def _exchange_commands(self, screen: BaseScreen) -> Iterable[SystemCommand]:
        """``export: this list`` on a list of a kind ``supplydesk export`` writes; ``import: …`` for
        coordinators (the screen of the import asks for the file)."""
        if screen.export_list() is not None:
            yield SystemCommand(command_title("export", "this list"),
                                t("This list as filtered, to a workbook in the data directory's exports folder"),
                                self.action_export_list)
        if self.ctx.actor.is_coordinator:
            from tui.exchange.import_dialog import TITLES

            for kind, title in TITLES.items():
                yield SystemCommand(command_title("import", kind), t(title), lambda kind=kind: self.action_import(kind))

    def action_import(self, kind: str) -> None:
        """The import of ``kind``: the file asked for, checked (a dry run), written once confirmed."""
        from tui.exchange.import_screen import ImportScreen

        if self.ctx.actor.is_coordinator and not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen(kind))

    def action_export_list(self) -> None:
        """The list in view, as filtered, to a new workbook (a worker of its screen)."""
        from tui.exchange.this_list import export_this_list

        screen = self.screen
        wanted = screen.export_list() if isinstance(screen, BaseScreen) else None
        if isinstance(screen, BaseScreen) and wanted is not None:
            screen.run_worker(export_this_list(screen, *wanted), group="export-list", exclusive=True,
                              exit_on_error=False)

    def action_reference(self, tab: str) -> None:
        """The reference screen with ``tab`` in view."""
        from tui.reference.screen import ReferenceScreen

        self.action_show("reference")
        if isinstance(self.screen, ReferenceScreen):
            self.screen.show_tab(tab)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("Search for commands…")))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=t("Search for themes…")))

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: Any) -> None:
        """A key the keymap gives to a binding that a widget also binds, as Textual reports it (on each
        key looked up, and only for a binding without an id; the command line refuses the clashes of
        the bindings with ids before start): said once, not ignored."""
        ids = frozenset(binding.id or binding.action for binding in clashed_bindings)
        if ids in self._clashes_told:
            return
        self._clashes_told.add(ids)
        keys = ", ".join(sorted({binding.key for binding in clashed_bindings}))
        log.warning("keymap clash on %s: %s", type(node).__name__, sorted(ids))
        self.notify(t("The keymap gives {keys} to another binding: {ids} lost it", keys=keys,
                      ids=", ".join(sorted(ids))), severity="warning", timeout=8, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)

    def _handle_exception(self, error: Exception) -> None:
        """An error outside any worker (a message handler, a callback) ends the app, as Textual
        does; its traceback goes to the log first, since the terminal is cleared on the way out."""
        log.critical("unexpected error, the app stops: %s", error, exc_info=error)
        super()._handle_exception(error)

    def show_error(self, error: BaseException) -> None:
        """The one place where work that failed is shown to the user; the app keeps running.

        The traceback goes to the log, and the notice says where the log is."""
        from models.db import user_error  # turns a driver's error into a message a user can act on

        log.error("unexpected error: %s", error, exc_info=error)
        text = error_text(user_error(error, where=self.ctx.where))
        path = log_file()
        if path is not None:
            text += "\n" + t("Details in the log: {path}", path=str(path))
        self.notify(text, title=t("Error"), severity="error", timeout=8, markup=False)


def _screen(module: str, name: str) -> Screen[Any]:
    import importlib

    from textual._context import active_app

    screen: Screen[Any] = getattr(importlib.import_module(module), name)()
    # A screen made now takes the current styles as its widgets mount (its own stylesheet is read
    # when it is first shown). Textual takes a new screen for one whose styles are out of date and
    # re-reads every stylesheet and restyles every screen for it, twice, on a mode's first show:
    # about a tenth of a second each time, for nothing.
    screen._css_update_count = active_app.get()._css_update_count
    return screen

