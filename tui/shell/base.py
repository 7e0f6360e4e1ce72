"""The base of every screen: translated key labels, and the context (database, actor) at hand."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from textual.app import ComposeResult, SystemCommand
from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from tui.i18n import t
from tui.shell.calls import ServiceCalls
from tui.shell.messages import DataChanged
from tui.shell.workers import report_failed_worker


def translate_bindings(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """Bindings carry English msgids; show them in the current language."""
    return {
        key: active._replace(
            binding=replace(active.binding, description=t(active.binding.description) if active.binding.description else ""),
            tooltip=t(active.tooltip) if active.tooltip else "",
        )
        for key, active in bindings.items()
    }


class BaseScreen(ServiceCalls, Screen[None]):
    """A full screen of the app. ``HELP`` is a msgid shown at the top of the help screen."""

    HELP = ""

    def compose(self) -> ComposeResult:
        from tui.widgets.footer import AppFooter
        from tui.widgets.header import AppHeader

        actor = self.ctx.actor
        yield AppHeader(where=self.ctx.where, login=actor.login, role=actor.role.value, read_only=self.ctx.read_only)
        yield from self.body()
        yield AppFooter()

    def body(self) -> ComposeResult:
        yield from ()

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands of this screen for the command palette, titled ``area: action`` (translated)."""
        return ()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)

    # ---- live updates --------------------------------------------------------------------------

    #: reload on coming back from a screen that was over this one (a card or form that may have
    #: saved), without waiting for the change to be noticed
    RELOAD_ON_RETURN = False
    _seen_generation = 0
    _shown = False
    _covered = False

    def on_data_changed(self, message: DataChanged) -> None:
        self._seen_generation = message.generation
        self.reload()

    def on_screen_suspend(self) -> None:
        self._covered = True

    def on_screen_resume(self) -> None:
        # The first resume is the first showing (Textual resumes a mode's screen twice then): the
        # screen has just loaded what is current. Later, reload if data changed while it was away.
        generation = getattr(self.app, "data_generation", 0)
        returning, self._covered = self._covered, False
        if not self._shown:
            self._shown, self._seen_generation = True, generation
        elif generation != self._seen_generation or (returning and self.RELOAD_ON_RETURN):
            self._seen_generation = generation
            self.reload()

    def reload(self) -> None:
        """Show changed data: every paged table reloads, keeping its cursor. Screens with figures
        of their own extend this; forms and typed text are never touched."""
        from tui.widgets.paged_table import PagedTable

        for table in self.query(PagedTable):
            table.refresh_data()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translate_bindings(super().active_bindings)


class BaseModal(ServiceCalls, ModalScreen[object]):
    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translate_bindings(super().active_bindings)
