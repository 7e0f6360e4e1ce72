"""A tab that is a list (the catalogue, the suppliers, the reserve units): a filter box over a paged
list, the card of the row under the cursor below it, and the same keys on each.

``/`` filters as you type (Chinese, pinyin, initials), ``f`` switches the tab's one quick filter,
``n`` adds a row and ``e`` (or ``enter``) edits the one under the cursor — both for coordinators
only; everyone else reads. A tab is a widget: the reference-data screen shows one at a time, and
a screen's reload (``BaseScreen.reload``) reloads its table; the card follows the table.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from models.services.paging import PageRequest
from tui.i18n import n_, t
from tui.reference.tab import ReferenceTab
from tui.widgets.filter_box import FilterBox
from tui.widgets.paged_table import Column, PagedTable

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.screen import Screen


class ListedTab(ReferenceTab):
    """A list tab: a subclass says its columns, how to read a window and a count, the card of a row,
    its quick filter, and the form of a new or an existing row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", tooltip="Type Chinese, pinyin or initials", priority=True,
                id="reference-filter"),
        Binding("f", "quick_filter", "Quick filters", tooltip="Switch the tab's quick filter",
                id="reference-quick-filter"),
        Binding("n", "new", "New", tooltip="Add a row (coordinators)", id="reference-new"),
        Binding("e", "edit", "Edit", tooltip="Edit the row under the cursor (coordinators)", id="reference-edit"),
    ]
    DEFAULT_CSS = Path(__file__).with_name("listed.tcss").read_text(encoding="utf-8")
    #: the table's id, the filter box's placeholder, the quick filter (name, value when on, its label)
    TABLE_ID = "reference"
    PLACEHOLDER = n_("/ filter")
    QUICK: ClassVar[tuple[str, Any, str]] = ("", None, "")
    #: filters always applied (the reserve units: suppliers that are reserve units)
    FIXED: ClassVar[dict[str, Any]] = {}
    COLUMNS: ClassVar[list[Column]] = []

    def compose(self) -> ComposeResult:
        yield FilterBox(placeholder=t(self.PLACEHOLDER), filters=lambda: self.table, id=f"{self.TABLE_ID}-filter")
        yield Static("", classes="reference-quick")
        yield PagedTable(
            columns=self.COLUMNS,
            loader=lambda request: self.ctx.run(lambda s: self.rows(s, request)),
            counter=lambda request, at_most=None: self.ctx.run(lambda s: self.count(s, request)),
            request=PageRequest(filters=dict(self.FIXED)),
            id=self.TABLE_ID,
        )
        with VerticalScroll(classes="reference-card"):
            yield Static("", id=f"{self.TABLE_ID}-card")

    def on_mount(self) -> None:
        self.table.focus()

    def focus_first(self) -> None:
        """The list, not the filter box above it (the first focusable widget): a ``/`` typed next
        opens the box instead of being typed into it."""
        self.table.focus()

    @property
    def table(self) -> PagedTable:
        return self.query_one(f"#{self.TABLE_ID}", PagedTable)

    # ---- what a tab says -------------------------------------------------------------------------

    def rows(self, session: Session, request: PageRequest) -> Any:
        raise NotImplementedError

    def count(self, session: Session, request: PageRequest) -> int:
        raise NotImplementedError

    def card(self, session: Session, row: Any) -> Text:
        """The card of ``row`` (in a worker thread)."""
        raise NotImplementedError

    def form(self, row: Any | None) -> Screen[Any]:
        """The form of a new row (None) or of ``row``."""
        raise NotImplementedError

    # ---- the card follows the cursor -------------------------------------------------------------

    @on(PagedTable.Highlighted)
    @on(PagedTable.Loaded)
    def _follow(self, event: PagedTable.Highlighted | PagedTable.Loaded) -> None:
        event.stop()
        self._show_card(self.table.cursor_row)

    @work(exclusive=True, group="reference-card", exit_on_error=False)
    async def _show_card(self, row: Any | None) -> None:
        text = await self.read(lambda s: self.card(s, row)) if row is not None else Text(t("Nothing to show"))
        self.query_one(f"#{self.TABLE_ID}-card", Static).update(text)

    # ---- keys ------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "edit"):
            return self.ctx.actor.is_coordinator and not self.ctx.read_only
        if action == "quick_filter":
            return bool(self.QUICK[0])
        return True

    def action_filter(self) -> None:
        self.query_one(FilterBox).open()

    def action_quick_filter(self) -> None:
        name, value, _ = self.QUICK
        if name:
            on_now = self.table.request.filters.get(name) == value
            self.table.set_filters(**{name: None if on_now else value})
            self._show_quick()

    def _show_quick(self) -> None:
        name, value, label = self.QUICK
        active = bool(name) and self.table.request.filters.get(name) == value
        line = self.query_one(".reference-quick", Static)
        line.update(Text(t("Filters: ") + t(label) + "  " + t("(f switches it off)")) if active else "")
        line.set_class(active, "-active")

    @on(PagedTable.Selected)
    def _selected(self, event: PagedTable.Selected) -> None:
        event.stop()
        self.action_edit()

    def action_new(self) -> None:
        self._open_form(None)

    def action_edit(self) -> None:
        row = self.table.cursor_row
        if row is not None and self.check_action("edit", ()):
            self._open_form(row)

    @work(exclusive=True, group="reference-form", exit_on_error=False)
    async def _open_form(self, row: Any | None) -> None:
        saved = await self.app.push_screen_wait(self.form(row))
        if saved is not None:
            self.table.refresh_data()
            self._show_card(self.table.cursor_row)


def line(label: str, value: str | Text) -> Text:
    """``label: value`` of a card, the label dim; the value as given (stored text escaped by the caller)."""
    text = Text(t(label) + t(": "), style="dim")
    text.append_text(value if isinstance(value, Text) else Text(value))
    return text


__all__ = ["ListedTab", "line"]
