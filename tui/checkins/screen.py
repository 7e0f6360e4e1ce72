"""Screen 4: check-ins. The cadre's status and week; for coordinators the roster (on site now, not
in today, nobody stationed), time sheets, the headcount and the stationing.

Keys: ``i`` check in, ``o`` check out (``I`` checks in at an earlier time), ``w r m u t h a`` switch
the tabs, ``/`` filters the list, ``enter`` opens the line, ``n``/``e`` station a cadre and end a
stationing (coordinators). Read-only logins get none of the writing keys, and the services refuse anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Input, TabbedContent, TabPane, Tabs

from models.services.checkin_roster import (
    count_absent,
    count_assignments,
    count_on_site,
    count_unstaffed,
    list_absent,
    list_assignments,
    list_on_site,
    list_unstaffed,
)
from models.services.paging import PageRequest
from tui.checkins import columns
from tui.checkins.flows import CheckInFlows
from tui.checkins.headcount import HeadcountView
from tui.checkins.sheets import TimeSheetView
from tui.checkins.status import CheckInStatus
from tui.checkins.week_view import CadreWeekView
from tui.i18n import command_title, t
from tui.widgets.cells import Column
from tui.widgets.filter_box import FilterBox
from tui.widgets.paged_table import PagedTable

#: tab id -> (title msgid, the widget that takes the focus)
TABS = {
    "week": ("My week", "#my-week"),
    "onsite": ("On site", "#onsite-table"),
    "absent": ("Not in today", "#absent-table"),
    "unstaffed": ("Unstaffed", "#unstaffed-table"),
    "sheets": ("Time sheets", "#sheet-table"),
    "headcount": ("Headcount", "#headcount-view"),
    "assignments": ("Stationing", "#assignments-table"),
}
LISTS = {"onsite": "#onsite-table", "absent": "#absent-table", "unstaffed": "#unstaffed-table",
         "assignments": "#assignments-table"}
#: tab id -> the widget that loads what the tab shows (where it is not the one that takes the focus)
CONTENT = {"sheets": "#sheets-view"}


class CheckInScreen(CheckInFlows):
    HELP = ("Check-ins: i checks in at your enterprise, o checks out with a note. The tabs show your week, "
            "who is on site, who has not come in today, enterprises with nobody stationed, time sheets, "
            "the headcount and the stationing.")
    AREAS = frozenset({"checkins", "enterprises", "reference"})
    #: the styles of the screen and of the panes it shows
    CSS_PATH = Path(__file__).with_name("checkins.tcss")
    #: on a narrow terminal: checking in and out, and the key that reaches every tab (the bar is cut)
    FOOTER_KEEP = ("checkin-in", "checkin-out", "checkin-tab-next")
    BINDINGS = [
        Binding("i", "check_in", "Check in", tooltip="Check in now at the enterprise you are stationed at",
                id="checkin-in"),
        Binding("o", "check_out", "Check out", tooltip="Check out with a note and the work done", id="checkin-out"),
        # the same keys, out of the footer: a coordinator's list tabs need the room for their own keys
        Binding("i", "check_in_quiet", "Check in", show=False,
                tooltip="Check in now at the enterprise you are stationed at", id="checkin-in-quiet"),
        Binding("o", "check_out_quiet", "Check out", show=False, tooltip="Check out with a note and the work done",
                id="checkin-out-quiet"),
        Binding("I", "check_in_earlier", "Check in earlier", show=False,
                tooltip="Check in at an earlier time, with a reason (shown as corrected)", id="checkin-in-earlier"),
        Binding("slash", "filter", "Filter", tooltip="Type Chinese, pinyin or initials", priority=True,
                id="checkin-filter"),
        Binding("n", "station", "Station", tooltip="Station a cadre at an enterprise from a date",
                id="checkin-station"),
        Binding("e", "end_station", "End", tooltip="End the stationing under the cursor",
                id="checkin-end-station"),
        Binding("escape", "leave", "Back", show=False, id="checkin-back"),
        # every tab one key away; in the footer while the tab bar is wider than the screen (the bar follows
        # the active tab), as i and o are: a shown key and its quiet twin
        Binding("right_square_bracket", "next_tab(1)", "Tabs", key_display="]",
                tooltip="The next tab (a tab's letter goes straight to it)", id="checkin-tab-next"),
        Binding("right_square_bracket", "next_tab_quiet(1)", "Next tab", show=False, key_display="]",
                tooltip="The next tab (a tab's letter goes straight to it)", id="checkin-tab-next-quiet"),
        Binding("left_square_bracket", "next_tab_quiet(-1)", "Previous tab", show=False, key_display="[",
                tooltip="The previous tab", id="checkin-tab-previous"),
        Binding("w", "tab('week')", "My week", show=False, tooltip="Your status and your week", id="checkin-tab-week"),
        Binding("r", "tab('onsite')", "On site", show=False, tooltip="Who is on site now", id="checkin-tab-onsite"),
        Binding("m", "tab('absent')", "Not in today", show=False,
                tooltip="Stationed cadres who have not checked in today", id="checkin-tab-absent"),
        Binding("u", "tab('unstaffed')", "Unstaffed", show=False, tooltip="Enterprises with nobody stationed",
                id="checkin-tab-unstaffed"),
        Binding("t", "tab('sheets')", "Time sheets", show=False, tooltip="Time sheets for any dates",
                id="checkin-tab-sheets"),
        Binding("h", "tab('headcount')", "Headcount", show=False, tooltip="People who took part, by unit and group",
                id="checkin-tab-headcount"),
        Binding("a", "tab('assignments')", "Stationing", show=False, tooltip="Who is stationed where",
                id="checkin-tab-assignments"),
    ]

    def __init__(self, tab: str | None = None) -> None:
        """``tab``: the tab to open on (the dashboard's drill-down), e.g. ``"onsite"``."""
        super().__init__()
        self.initial_tab = tab if tab in TABS and tab != "week" else None
        #: tabs whose data changed while they were hidden: they load again when shown
        self._stale: set[str] = set()
        #: whether the tab to open on is still to be settled by the login's status (see ``_status_loaded``)
        self._tab_settled = self.initial_tab is not None

    def body(self) -> ComposeResult:
        actor = self.ctx.actor
        yield CheckInStatus(actor.cadre_id, id="checkin-status")
        yield FilterBox(placeholder=t("/ filter: 茶园, chayuan, cy, name…"), filters=self._filtered,
                        back=lambda: self._main(self.active_tab), hide_empty=True, id="checkin-filter")
        first = self.initial_tab or ("week" if actor.cadre_id is not None and not actor.is_coordinator else "onsite")
        with TabbedContent(initial=first, id="checkin-tabs"):
            if actor.cadre_id is not None:
                with TabPane(t(TABS["week"][0]), id="week"):
                    yield CadreWeekView(actor.cadre_id, id="my-week")
            with TabPane(t(TABS["onsite"][0]), id="onsite"):
                yield self._list(columns.ON_SITE, list_on_site, count_on_site, "district", "onsite-table",
                                 alert=lambda row: row.flagged)
            with TabPane(t(TABS["absent"][0]), id="absent"):
                yield self._list(columns.ABSENT, list_absent, count_absent, "district", "absent-table")
            with TabPane(t(TABS["unstaffed"][0]), id="unstaffed"):
                yield self._list(columns.UNSTAFFED, list_unstaffed, count_unstaffed, "name", "unstaffed-table")
            with TabPane(t(TABS["sheets"][0]), id="sheets"):
                yield TimeSheetView(deferred=first != "sheets", id="sheets-view")
            with TabPane(t(TABS["headcount"][0]), id="headcount"):
                yield HeadcountView(id="headcount-view")
            with TabPane(t(TABS["assignments"][0]), id="assignments"):
                yield self._list(columns.ASSIGNMENTS, list_assignments, count_assignments, "enterprise",
                                 "assignments-table")

    def _list(self, cols: list[Column], lister: Any, counter: Any, sort: str, id: str,
              alert: Callable[[Any], bool] | None = None) -> PagedTable:
        ctx = self.ctx
        return PagedTable(columns=cols, loader=lambda request: ctx.run(lambda s: lister(s, request=request)),
                          counter=lambda request: ctx.run(lambda s: counter(s, request=request)),
                          request=PageRequest(sort=sort), row_alert=alert, id=id)

    def on_mount(self) -> None:
        self.sub_title = t("Check-ins")
        self._focus_tab()

    def export_list(self) -> tuple[str, PageRequest] | None:
        """The time sheet in view (its dates, grouping, filter and sort); on the other tabs every
        check-in, filtered by what the tab in view is filtered by (a cadre, an enterprise)."""
        if self.active_tab == "sheets":
            return "timesheets", self.query_one(TimeSheetView).shown()
        return "checkins", PageRequest(query=self._query_of(self.active_tab))

    def palette_commands(self) -> Iterable[SystemCommand]:
        actor = self.ctx.actor
        if actor.can_write and actor.cadre_id is not None:
            yield SystemCommand(command_title("check-in", "check in"),
                                t("Check in now at the enterprise you are stationed at"),
                                self.action_check_in)
            yield SystemCommand(command_title("check-in", "check in earlier"),
                                t("Check in at an earlier time, with a reason (shown as corrected)"),
                                self.action_check_in_earlier)
            yield SystemCommand(command_title("check-in", "check out"), t("Check out with a note and the work done"),
                                self.action_check_out)
        for tab, action in (("onsite", "on site"), ("absent", "not in today"), ("sheets", "time sheets"),
                            ("headcount", "headcount"), ("assignments", "stationing")):
            yield SystemCommand(command_title("check-in", action), t(TABS[tab][0]),
                                lambda tab=tab: self.action_tab(tab))

    # ---- tabs and focus ---------------------------------------------------------------------------

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#checkin-tabs", TabbedContent)

    @property
    def active_tab(self) -> str:
        return self.tabs.active

    def _main(self, tab: str) -> Widget | None:
        found = self.query(TABS[tab][1])
        return found.first() if found else None

    def _content(self, tab: str) -> Widget | None:
        found = self.query(CONTENT.get(tab, TABS[tab][1]))
        return found.first() if found else None

    def _focus_tab(self) -> None:
        widget = self._main(self.active_tab)
        if widget is not None:
            self.set_focus(widget)

    def action_tab(self, tab: str) -> None:
        if tab in TABS and self.query(f"TabPane#{tab}"):
            self.tabs.active = tab

    def action_next_tab(self, step: int) -> None:
        """The tab ``step`` places along (round the end), among those this login has."""
        shown = [tab for tab in TABS if self.query(f"TabPane#{tab}")]
        self.tabs.active = shown[(shown.index(self.active_tab) + step) % len(shown)]

    def action_next_tab_quiet(self, step: int) -> None:
        self.action_next_tab(step)

    @on(TabbedContent.TabActivated, "#checkin-tabs")
    def _tab_changed(self) -> None:
        self.query_one(FilterBox).show_query(self._query_of(self.active_tab))
        if self.active_tab == "sheets" and self.query_one(TimeSheetView).deferred:  # first shown: read now
            self._stale.discard("sheets")
            self.query_one(TimeSheetView).show()
        if self.active_tab in self._stale:
            self._stale.discard(self.active_tab)
            self._reload_tab(self.active_tab)
        self._focus_tab()
        self.refresh_bindings()

    @on(CheckInStatus.Loaded)
    def _status_loaded(self, event: CheckInStatus.Loaded) -> None:
        """A coordinator opens on the roster; one who is stationed somewhere (or on site now) checks in
        and out too, and opens on their week instead, unless another tab was chosen meanwhile."""
        if self._tab_settled:
            return
        self._tab_settled = True
        status = event.status
        if self.ctx.actor.is_coordinator and (status.assigned or status.on_site) and self.active_tab == "onsite":
            self.tabs.active = "week"

    def _query_of(self, tab: str) -> str:
        if tab == "sheets":
            return self.query_one(TimeSheetView).request.query
        return self.query_one(LISTS[tab], PagedTable).request.query if tab in LISTS else ""

    def cursor_row(self, tab: str) -> Any | None:
        if self.active_tab != tab or tab not in LISTS:
            return None
        return self.query_one(LISTS[tab], PagedTable).cursor_row

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        actor = self.ctx.actor
        can = actor.can_write and actor.cadre_id is not None
        if action in ("check_in", "check_out"):  # in the footer: a field cadre's keys, a coordinator's on their week
            return can and (not actor.is_coordinator or self._tab_is("week"))
        if action in ("check_in_quiet", "check_out_quiet"):
            return can and actor.is_coordinator and not self._tab_is("week")
        if action == "check_in_earlier":
            return can
        if action == "station":
            return actor.is_coordinator and self._tab_is("assignments", "unstaffed")
        if action == "end_station":
            return actor.is_coordinator and self._tab_is("assignments")
        if action == "filter":
            return self._tab_is(*LISTS, "sheets")
        if action in ("next_tab", "next_tab_quiet"):
            return self._tabs_cut() == (action == "next_tab")
        return True

    def _tabs_cut(self) -> bool:
        """Whether the tab bar is wider than the screen (some tabs are out of sight)."""
        try:
            bar = self.query_one("#checkin-tabs Tabs", Tabs)
            return bar.query_one("#tabs-list").outer_size.width > bar.size.width
        except NoMatches:
            return False

    def on_resize(self) -> None:
        self.refresh_bindings()

    def _tab_is(self, *tabs: str) -> bool:
        try:
            return self.active_tab in tabs
        except NoMatches:  # asked before the tabs are composed
            return False

    def action_check_in_quiet(self) -> None:
        self.action_check_in()

    def action_check_out_quiet(self) -> None:
        self.action_check_out()

    # ---- filter and escape ----------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one(FilterBox).open()

    def _filtered(self) -> TimeSheetView | PagedTable | None:
        """What the filter box filters: the list of the tab in view."""
        tab = self.active_tab
        if tab == "sheets":
            return self.query_one(TimeSheetView)
        return self.query_one(LISTS[tab], PagedTable) if tab in LISTS else None

    def action_leave(self) -> None:
        if isinstance(self.focused, Input):  # a date box of the time sheets or the headcount
            self._focus_tab()
        else:
            self.app.action_back()

    # ---- loading and opening ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Data changed (a check-in, a stationing, another session): the status line and the tab on
        screen load again now; the hidden tabs when they are next shown. Typed dates and filters stay."""
        self.query_one(CheckInStatus).reload()
        self._stale = set(TABS) - {self.active_tab}
        self._reload_tab(self.active_tab)

    def _reload_tab(self, tab: str) -> None:
        widget = self._content(tab)
        if isinstance(widget, PagedTable):
            widget.refresh_data()
        elif isinstance(widget, CadreWeekView | TimeSheetView | HeadcountView):  # they read their own data
            widget.reload()

    @on(PagedTable.Selected)
    def _open(self, event: PagedTable.Selected) -> None:
        row = event.row
        if event.table.id == "unstaffed-table":
            from tui.enterprises.card import EnterpriseCardScreen

            self.app.push_screen(EnterpriseCardScreen(row.id))
        elif hasattr(row, "cadre_id"):
            self._open_cadre(row.cadre_id)

    @on(TimeSheetView.OpenCadre)
    def _open_sheet_cadre(self, message: TimeSheetView.OpenCadre) -> None:
        self._open_cadre(message.cadre_id)

    def _open_cadre(self, cadre_id: int) -> None:
        from tui.checkins.week import CadreWeekScreen

        self.app.push_screen(CadreWeekScreen(cadre_id))
