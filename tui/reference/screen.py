"""Screen 0: reference data, one tab each (people, districts and parks, …). Coordinators write,
everyone reads.

Each tab's content is a ``ReferenceTab`` in a module of its own, named in ``TABS`` as
``tab id -> (title msgid, "module:Class")`` and imported the first time the tab is shown, so
opening the screen costs only the tab in view. Add a tab by adding a line to ``TABS`` (its title
through ``n_`` so the catalogues have it, and a ``command`` context entry for its id, which the
palette offers as ``admin: <id>``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import TabbedContent, TabPane

from tui.i18n import n_, t
from tui.reference.tab import ReferenceTab
from tui.shell.base import BaseScreen

if TYPE_CHECKING:
    from models.services.paging import PageRequest

#: tab id -> (title msgid, "module:Class" of its ReferenceTab); the first is shown first
TABS: dict[str, tuple[str, str]] = {
    "people": (n_("People"), "tui.reference.people:PeopleTab"),
    "districts": (n_("Districts & parks"), "tui.reference.districts:DistrictsTab"),
    "catalogue": (n_("Catalogue"), "tui.reference.catalogue:CatalogueTab"),
    "suppliers": (n_("Suppliers"), "tui.reference.suppliers:SuppliersTab"),
    "reserve_units": (n_("Reserve units"), "tui.reference.reserve_units:ReserveUnitsTab"),
    "sites": (n_("Sites"), "tui.reference.sites:SitesTab"),
}


class ReferencePane(TabPane):
    """A tab's pane. Textual brings a pane into view when a widget inside it takes the focus; one
    taking it while the pane is out of view (a focus still on its way when another tab was chosen)
    does not bring it back."""

    def _on_descendant_focus(self, event: events.DescendantFocus) -> None:
        tabs = self.parent.parent if self.parent is not None else None
        if isinstance(tabs, TabbedContent) and tabs.active != self.id:
            event.prevent_default()


def pane_id(tab: str) -> str:
    """The id of the pane holding ``tab`` (the tab's own widgets may use the tab id)."""
    return f"tab-{tab}"


def tab_class(tab: str) -> type[ReferenceTab]:
    module, name = TABS[tab][1].split(":")
    found: type[ReferenceTab] = getattr(importlib.import_module(module), name)
    return found


class ReferenceScreen(BaseScreen):
    HELP = ("Reference data: people, districts and parks. [ and ] move between the tabs. "
            "Coordinators add and change them; everyone else reads.")
    CSS_PATH = Path(__file__).with_name("reference.tcss")
    BINDINGS = [
        Binding("left_square_bracket", "next_tab(-1)", "Previous tab", show=False, id="reference-previous-tab"),
        Binding("right_square_bracket", "next_tab(1)", "Next tab", show=False, id="reference-next-tab"),
        # the keys of this screen with what the tab in view says of itself
        Binding("question_mark", "tab_help", "Help", tooltip="Every key of this screen", id="reference-help"),
    ]

    def __init__(self, tab: str = "") -> None:
        super().__init__()
        self.first_tab = tab if tab in TABS else next(iter(TABS))
        #: built tabs hidden when data changed: each reloads when it is shown next
        self.stale_tabs: set[ReferenceTab] = set()

    def body(self) -> ComposeResult:
        with TabbedContent(initial=pane_id(self.first_tab), id="reference-tabs"):
            for tab, (title, _) in TABS.items():
                yield ReferencePane(t(title), id=pane_id(tab))

    def on_mount(self) -> None:
        self.sub_title = t("Reference data")
        self.show_tab(self.first_tab)

    @property
    def tab(self) -> ReferenceTab | None:
        """The content of the tab in view (None until it is mounted)."""
        pane = self.query_one(TabbedContent).active_pane
        return next(iter(pane.query(ReferenceTab)), None) if pane is not None else None

    def show_tab(self, tab: str) -> None:
        """Bring ``tab`` into view, building its content the first time."""
        if not self.query(TabbedContent):  # not composed yet: it opens at this tab
            self.first_tab = tab
            return
        tabs = self.query_one(TabbedContent)
        tabs.active = pane_id(tab)
        self._build(tab)

    def _build(self, tab: str) -> None:
        pane = self.query_one(TabbedContent).get_pane(pane_id(tab))
        if not pane.query(ReferenceTab):
            pane.mount(tab_class(tab)())
        self.call_after_refresh(self._focus_tab)

    def _focus_tab(self) -> None:
        tab = self.tab
        if tab is not None:
            tab.focus_first()
        self.refresh_bindings()

    @on(TabbedContent.TabActivated)
    def _activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab clicked or chosen with the tab bar's keys (one activated earlier, still on its way,
        is not brought back)."""
        if event.pane.id is not None and event.pane.id == self.query_one(TabbedContent).active:
            self._build(event.pane.id.removeprefix("tab-"))
            shown = self.tab
            if shown is not None and shown in self.stale_tabs:
                self.stale_tabs.discard(shown)
                shown.reload()

    def action_tab_help(self) -> None:
        from tui.shell.help import HelpScreen

        tab = self.tab
        intro = t(tab.HELP) if tab is not None and tab.HELP else t(self.HELP)
        self.app.push_screen(HelpScreen(title=t("Keys"), intro=intro, bindings=self.active_bindings))

    def action_next_tab(self, step: int) -> None:
        order = list(TABS)
        current = self.query_one(TabbedContent).active.removeprefix("tab-") or order[0]
        self.show_tab(order[(order.index(current) + step) % len(order)])

    def reload(self) -> None:
        """The tab shown reloads; the other tabs built so far are marked and reload when shown."""
        shown = self.tab
        self.stale_tabs = {tab for tab in self.query(ReferenceTab) if tab is not shown}
        if shown is not None:
            shown.reload()

    def palette_commands(self) -> Iterable[SystemCommand]:
        tab = self.tab
        return tab.palette_commands() if tab is not None else ()

    def export_list(self) -> tuple[str, PageRequest] | None:
        tab = self.tab
        return tab.export_list() if tab is not None else None
