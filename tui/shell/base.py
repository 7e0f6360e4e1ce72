"""The base of every screen: translated key labels, and the context (database, actor) at hand."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen

from models.services.paging import PageRequest
from tui.i18n import t
from tui.shell.calls import ServiceCalls
from tui.shell.messages import DataChanged

if TYPE_CHECKING:
    from tui.widgets.paged_table import Request


def translate_bindings(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """Bindings carry English msgids; show them in the current language."""
    return {
        key: active._replace(
            binding=replace(active.binding,
                            description=t(active.binding.description) if active.binding.description else ""),
            tooltip=t(active.tooltip) if active.tooltip else "",
        )
        for key, active in bindings.items()
    }



def list_request(request: Request) -> PageRequest:
    """A paged table's request as its list service takes it (text, quick filters, sort), for an
    export of the list as shown."""
    if isinstance(request, PageRequest):
        return request
    return PageRequest(query=request.query, filters=dict(request.filters), sort=request.sort,
                       descending=request.descending)

#: keys a screen never holds while it loads: leaving it and quitting act at once
NEVER_HELD = frozenset({"escape", "ctrl+c", "ctrl+q"})


class BaseScreen(ServiceCalls, Screen[None]):
    """A full screen of the app. ``HELP`` is a msgid shown at the top of the help screen."""

    HELP = ""
    #: ids of this screen's bindings the footer keeps longest when it is too narrow for every key
    FOOTER_KEEP: ClassVar[tuple[str, ...]] = ()

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

    def export_list(self) -> tuple[str, PageRequest] | None:
        """The list in view as ``supplydesk export`` writes it: its kind (``models.exchange``) and the
        request its list service gets (filter text, quick filters, sort); None where no list of an
        exportable kind is in view (palette ``export: this list``)."""
        return None

    # ---- live updates: one reload rule -----------------------------------------------------------
    #
    # The app bumps ``data_generation`` when data changed (here: at once, through ``changed_here``;
    # elsewhere: at the next poll) and tells the visible screen. A screen reloads when the generation
    # it last showed is not the current one: told while visible, or on coming back into view. So a
    # save in a form over a card reloads the card once, when it shows again; nothing reloads twice.

    _seen_generation = 0
    _shown = False
    #: the areas of the data this screen shows (``models.services.changes.ALL_AREAS``); None: all.
    #: A change elsewhere reloads it only when one of them changed.
    AREAS: ClassVar[frozenset[str] | None] = None

    def shown_areas(self) -> frozenset[str] | None:
        """The areas shown now (a screen with a panel it may hide narrows its ``AREAS`` here)."""
        return self.AREAS

    def fed(self) -> float | None:
        """(The app, at each look) when the screen shows what it read elsewhere than the database and
        that is fresh (``models.shared_figures``): when it was last confirmed current, in seconds since
        the epoch; the app then asks the database nothing. None: the app looks as usual."""
        return None

    def caught_up(self) -> None:
        """(The app) the first look at the database after ``fed`` said yes: read everything again."""

    def on_data_changed(self, message: DataChanged) -> None:
        if self.is_current:  # covered meanwhile: it compares on coming back instead
            self._catch_up(message.generation)

    def on_screen_resume(self) -> None:
        # The first resume is the first showing (Textual resumes a mode's screen twice then): the
        # screen has just loaded what is current.
        generation: int = getattr(self.app, "data_generation", 0)
        if not self._shown:
            self._shown, self._seen_generation = True, generation
        else:
            self._catch_up(generation)

    #: while ``reload`` runs from a change: the areas that changed since the screen last showed data
    #: (None: not known, or a reload asked for otherwise). A screen of several parts reads those only.
    changed_areas: frozenset[str] | None = None

    def _catch_up(self, generation: int) -> None:
        """Reload unless this generation is shown already (a change told twice: on return and by
        the message that was on its way)."""
        if generation != self._seen_generation:
            seen, self._seen_generation = self._seen_generation, generation
            areas = self.shown_areas()
            changed: dict[str, int] = getattr(self.app, "area_generations", {})
            if areas is None or not changed or any(changed.get(area, 0) > seen for area in areas):
                self.changed_areas = frozenset(a for a, at in changed.items() if at > seen) if changed else None
                try:
                    self.reload()
                finally:
                    self.changed_areas = None

    def reload(self) -> None:
        """Show changed data: every paged table reloads, keeping its cursor. Screens with figures
        of their own extend this (``changed_areas`` says what changed); forms and typed text are
        never touched."""
        from tui.widgets.paged_table import PagedTable

        for table in self.query(PagedTable):
            table.refresh_data()

    # ---- type-ahead: keys typed while the screen loads what they act on ----------------------------
    #
    # ``enter`` on the directory then ``r`` at once: the card is on screen before its record is read,
    # and ``r`` found nothing to report on and was lost. A screen that loads calls ``hold_keys`` when
    # it mounts and ``keys_ready`` once its data is shown (or failed): the keys in between are held
    # and then read again, in order, by the screen as it now is. Escape and the quit keys are never held.

    _holding = False
    _held: list[events.Key]

    def hold_keys(self) -> None:
        self._holding, self._held = True, []

    def keys_ready(self) -> None:
        """The screen can act on keys: those held are read again, in the order typed."""
        if not self._holding:
            return
        self._holding = False
        held, self._held = self._held, []
        for key in held:
            self.app.post_message(events.Key(key.key, key.character))

    def on_key(self, event: events.Key) -> None:
        if self._holding and event.key not in NEVER_HELD:
            event.stop()
            event.prevent_default()
            self._held.append(event)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translate_bindings(super().active_bindings)


class BaseModal(ServiceCalls, ModalScreen[object]):
    """A dialog. One that asks for a change (``ASKS_FOR_CHANGE``) drops the keys read before it was
    on screen: over a slow line keys arrive bunched, and those typed for the screen below must not
    fill its fields or answer it (``o`` then ``aodongli`` meant for a filter; a stray ``y``)."""

    ASKS_FOR_CHANGE: ClassVar[bool] = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: when the dialog was mounted (Textual's clock, as keys are stamped); none yet: nothing is taken
        self.opened_at = float("inf")

    def on_mount(self) -> None:
        from textual._time import get_time

        self.opened_at = get_time()

    def takes(self, key: events.Key) -> bool:
        """Whether ``key`` is for this dialog: one read before the dialog was on screen is not."""
        return not self.ASKS_FOR_CHANGE or key.time >= self.opened_at

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translate_bindings(super().active_bindings)
