"""What list screens share: the filter box above the list, and the quick-filter dialogs (``f``).

A list screen yields ``self.filter_box(placeholder)`` above its table and binds ``/`` (with
``priority=True``) to ``filter``; the box then filters ``self.table`` as you type, ``enter`` goes
back to the list, and ``escape`` leaves the box first (see ``tui.widgets.filter_box``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual import on
from textual.screen import Screen

from tui.i18n import t
from tui.i18n.safe import for_tui
from tui.shell.base import BaseScreen
from tui.widgets.filter_box import FilterBox
from tui.widgets.paged_table import PagedTable
from tui.widgets.quick_filters import CLEAR, QuickFilters


class FilteredListScreen(BaseScreen):
    #: the list has the cursor from the start: keys typed before the first paint reach it and the
    #: app's keys, not the filter box (Textual would focus the first focusable widget, the box)
    AUTO_FOCUS = "PagedTable"

    @property
    def table(self) -> PagedTable:
        """The table the box filters (the screen's visible list)."""
        return self.query_one(PagedTable)

    def filter_box(self, placeholder: str) -> FilterBox:
        """The box above the list (``#filter``), filtering whichever table ``table`` is now."""
        return FilterBox(placeholder=placeholder, filters=lambda: self.table, id="filter")

    def action_filter(self) -> None:
        self.query_one(FilterBox).open()

    def quick_filters_on(self) -> list[str]:
        """The quick filters on now, as the filter line names them (a screen with quick filters says)."""
        return []

    @on(FilterBox.Escaped)
    def _still_filtered(self, event: FilterBox.Escaped) -> None:
        """Escape leaves the box, not the filters: with quick filters on as well, say that both still
        narrow the list (the box and the filter line may be all a user does not look at)."""
        text = " ".join(event.query.split())
        quick = self.quick_filters_on()
        if text and quick:
            self.notify(t("Still filtered by “{text}” and by {filters}", text=for_tui(text),
                          filters=" · ".join(quick)), markup=False)


def ask_quick_filter(screen: Screen[Any], quick: QuickFilters, title: str, active: Mapping[str, Any],
                     apply: Callable[[dict[str, Any]], None]) -> None:
    """``f``: pick a filter (a yes/no one switches), then for a valued one its value; ``apply`` gets the
    change to the request's filters (None for those turned off). Escape changes nothing.
    """
    from tui.shell.dialogs import ChoiceDialog

    def picked(name: Any) -> None:
        if name is None:
            return
        if name == CLEAR:
            apply(quick.cleared(active))
        elif not quick[name].valued:
            apply(quick.toggled(name, active))
        else:
            def valued(value: Any) -> None:
                if value is not None:  # escape changes nothing; "any" ("") drops the filter
                    apply(quick.picked(name, value))

            screen.app.push_screen(ChoiceDialog(quick.title(name), quick.options(name),
                                                current=quick[name].value_in(active)), valued)

    screen.app.push_screen(ChoiceDialog(title, quick.menu(active)), picked)
