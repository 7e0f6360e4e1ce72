"""Screen 3: shortages, unsolved first, with quick filters, and the early warnings from reserves."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import ContentSwitcher, Static

from models.errors import ServiceError
from models.rules import warning_days
from models.services.choices import filter_choices
from models.services.paging import PageRequest
from models.services.shortage_list import count_shortages, list_shortages
from models.services.shortage_views import WarningRow
from models.services.shortage_warnings import confirm_warning, count_warnings, dismiss_warning, list_warnings
from tui.i18n import command_title, t
from tui.i18n import format as fmt
from tui.i18n.safe import for_tui
from tui.shell.base import list_request
from tui.shell.dialogs import ConfirmDialog, ReasonDialog
from tui.shell.filtered import FilteredListScreen, ask_quick_filter
from tui.shortages.quick_filters import load_choices, shortage_filters, summary_line
from tui.shortages.text import (
    KIND_WIDE,
    KIND_WIDTH,
    LEVEL_WIDE,
    LEVEL_WIDTH,
    SEVERITY_WIDE,
    SEVERITY_WIDTH,
    STATUS_WIDE,
    STATUS_WIDTH,
    age,
    group_label,
    kind_label,
    level_label,
    marks,
    minute,
    severity_cell,
    status_label,
    what,
)
from tui.shortages.warnings import (
    WARNING_COLUMNS,
    refusal_text,
    warning_description,
    warning_summary,
)
from tui.widgets.filter_box import FilterBox
from tui.widgets.paged_table import Column, PagedTable
from tui.widgets.steady import SteadyStatic

COLUMNS = [
    Column("marks", "!", 2, render=marks),
    Column("id", "#", 4, align="right", sort="id", render=lambda r: str(r.id)),  # the number people quote
    Column("severity", "Sev.", SEVERITY_WIDTH, sort="severity", render=severity_cell, wide=SEVERITY_WIDE,
           fitted=severity_cell, wide_label="Severity"),
    Column("age", "Age", 6, align="right", sort="age", render=lambda r: age(r.reported_at, r.resolved_at)),
    Column("enterprise", "Enterprise", 10, flex=1, sort="enterprise", render=lambda r: Text(r.enterprise)),
    Column("district", "District", 8, sort="district", render=lambda r: fmt.district(r.district)),
    Column("kind", "Kind", KIND_WIDTH, sort="kind", render=lambda r: kind_label(r.kind, short=True), wide=KIND_WIDE,
           fitted=lambda r, w: kind_label(r.kind, short=True, width=w)),
    Column("what", "Short of", 10, flex=3, render=lambda r: what(r, compact=True)),
    Column("level", "Level", LEVEL_WIDTH, sort="level", render=lambda r: level_label(r.level, short=True),
           wide=LEVEL_WIDE, fitted=lambda r, w: level_label(r.level, short=True, width=w)),
    Column("group", "Group", 7, sort="group", drop=2,
           render=lambda r: group_label(r.group, r.group_en, short=True)),
    Column("assignee", "Assignee", 6, drop=3, render=lambda r: Text(r.assignee)),
    # the default order (unsolved first, then severity, then oldest) is the status column's
    Column("status", "Status", STATUS_WIDTH, sort="default", render=lambda r: status_label(r.status, short=True),
           wide=STATUS_WIDE, fitted=lambda r, w: status_label(r.status, short=True, width=w)),
]

def needs_attention(row: Any) -> bool:
    return bool(getattr(row, "escalation_due", False) or getattr(row, "overdue", False))


class ShortageListScreen(FilteredListScreen):
    HELP = ("Shortages, unsolved first, then by severity, then oldest. ^ marks one open over 24 hours at "
            "district level (escalate it); ! one past its need-by date. w shows early warnings: reserves "
            "running out, to confirm as shortages with c or dismiss with d.")
    #: the warnings of low reserves read the reserves (enterprises) and the materials (reference)
    AREAS = frozenset({"shortages", "enterprises", "reference"})
    BINDINGS = [
        Binding("n", "new", "New", tooltip="Report a shortage", id="shortage-new"),
        # the box above the list says "/ filter" already: the footer keeps its room for the other keys
        Binding("slash", "filter", "Filter", tooltip="Type Chinese, pinyin or initials", show=False, priority=True,
                id="shortage-filter"),
        Binding("f", "quick_filter", "Quick filter",
                tooltip="Status, kind, group, district, level, severity, mine, severely short",
                id="shortage-quick-filter"),
        Binding("w", "toggle_warnings", "Warnings", tooltip="Reserves running out, suggested as shortages",
                id="shortage-warnings"),
        Binding("c", "confirm_warning", "Confirm", tooltip="Report the suggested shortage (one key)",
                id="warning-confirm"),
        Binding("d", "dismiss_warning", "Dismiss", tooltip="Dismiss the suggestion, with a reason",
                id="warning-dismiss"),
        Binding("t", "threshold", "Threshold", tooltip="Days of cover under which a reserve is suggested",
                show=False, id="warning-threshold"),  # the note above the list shows it
        Binding("escape", "leave", "Back", show=False, id="shortage-back"),
    ]
    CSS_PATH = Path(__file__).with_name("shortages.tcss")

    def __init__(self, quick: dict[str, Any] | None = None) -> None:
        """``quick``: quick filters to open with (the dashboard's drill-down), e.g. ``{"overdue": True}``."""
        super().__init__()
        self.initial_quick = dict(quick or {})
        self.view = "shortages"
        self.threshold = warning_days()
        self.warning_count: int | None = None
        #: what a change left out of date while it was hidden: a list ("shortages", "warnings") or
        #: the warning count ("count", shown beside the list of shortages only); read when shown
        self._stale: set[str] = set()

    def body(self) -> ComposeResult:
        with Horizontal(id="shortage-bar"):
            yield self.filter_box(t("/ filter: 茶园, chayuan, 熔喷布…"))
            yield SteadyStatic("", id="warning-note")
        yield SteadyStatic("", id="quick")
        yield Static("", id="list-message")
        with ContentSwitcher(initial="shortages"):
            yield PagedTable(
                columns=COLUMNS,
                loader=lambda request: self.ctx.run(lambda s: list_shortages(s, request=request)),
                counter=lambda request: self.ctx.run(lambda s: count_shortages(s, request=request)),
                request=PageRequest(sort="default"),
                row_alert=needs_attention,
                stamp=minute,  # the ages
                id="shortages",
            )
            yield PagedTable(
                columns=WARNING_COLUMNS,
                loader=lambda request: self.ctx.run(lambda s: list_warnings(s, request=request)),
                counter=lambda request: self.ctx.run(lambda s: count_warnings(s, request=request)),
                request=PageRequest(sort="cover", filters={"days": self.threshold}),
                id="warnings",
            )

    def on_mount(self) -> None:
        self.quick = shortage_filters(self.ctx.actor)
        self.sub_title = t("Shortages")
        self.table.focus()
        self._load_choices()
        if self.initial_quick:
            self.set_quick(self.initial_quick)
        self._count_warnings()

    def reload(self) -> None:
        """Someone changed data: the visible list reloads (keeping its cursor), and beside the list
        of shortages the warning count; what is hidden is read when it is shown again."""
        self.table.refresh_data()
        if self.view == "shortages":
            self._stale.add("warnings")
            self._count_warnings()
        else:
            self._stale |= {"shortages", "count"}

    @property
    def table(self) -> PagedTable:
        return self.query_one(f"#{self.view}", PagedTable)

    # ---- reads --------------------------------------------------------------------------------

    @work(exclusive=True, exit_on_error=False, group="shortage-choices")
    async def _load_choices(self) -> None:
        load_choices(self.quick, await self.read(filter_choices))
        self._show_quick()

    @work(exclusive=True, exit_on_error=False, group="shortage-warning-count")
    async def _count_warnings(self) -> None:
        self._stale.discard("count")
        days = self.threshold
        self.warning_count = await self.read(lambda s: count_warnings(s, threshold_days=days))
        self._show_note()

    @on(PagedTable.Loaded, "#warnings")
    def _warnings_counted(self, event: PagedTable.Loaded) -> None:
        """The list of warnings unfiltered by text counts what the note counts: no second read."""
        table = event.table
        if table.total is not None and not table.more and not table.request.query:
            self._stale.discard("count")
            self.warning_count = table.total
            self._show_note()

    def _show_note(self) -> None:
        note = self.query_one("#warning-note", Static)
        if self.view == "warnings":
            note.update(Text(t("under {days} (t) · w: back to the list", days=fmt.days(self.threshold))))
        elif self.warning_count:
            note.update(Text(t("Warnings: {n} (w)", n=self.warning_count)))
        else:
            note.update("")

    def _say(self, text: str) -> None:
        """An inline message above the table (an empty text hides it)."""
        line = self.query_one("#list-message", Static)
        line.update(Text(for_tui(text, lines=True)))  # an error may quote what was typed or stored
        line.display = bool(text)

    # ---- the text filter and the quick filters -------------------------------------------------

    def action_leave(self) -> None:
        if self.view == "warnings":
            self.action_toggle_warnings()
        else:
            self.app.action_back()

    def action_quick_filter(self) -> None:
        ask_quick_filter(self, self.quick, t("Quick filter"), self._quick_active(), self.set_quick)

    def quick_filters_on(self) -> list[str]:
        return self.quick.summary(self._quick_active())

    def _quick_active(self) -> dict[str, Any]:
        return dict(self.query_one("#shortages", PagedTable).request.filters)

    def set_quick(self, filters: dict[str, Any]) -> None:
        """Change quick filters of the list (None and "" values turn one off)."""
        self.query_one("#shortages", PagedTable).set_filters(**filters)
        self._show_quick()

    def _show_quick(self) -> None:
        line = self.query_one("#quick", Static)
        summary = summary_line(self.quick, self._quick_active())
        line.update(Text(summary))
        line.display = bool(summary)

    # ---- opening and reporting ---------------------------------------------------------------

    @on(PagedTable.Selected, "#shortages")
    def _open(self, event: PagedTable.Selected) -> None:
        from tui.shortages.detail import ShortageDetailScreen

        self.app.push_screen(ShortageDetailScreen(event.row.id))

    def action_new(self) -> None:
        from tui.shortages.form import ShortageFormScreen

        self.app.push_screen(ShortageFormScreen())

    # ---- early warnings ------------------------------------------------------------------------

    def action_toggle_warnings(self) -> None:
        self.view = "warnings" if self.view == "shortages" else "shortages"
        self.query_one(ContentSwitcher).current = self.view
        self.sub_title = t("Early warnings") if self.view == "warnings" else t("Shortages")
        self._say("")
        self._show_note()
        if self.view in self._stale:  # changed while hidden
            self._stale.discard(self.view)
            self.table.refresh_data()
        if self.view == "shortages" and "count" in self._stale:
            self._count_warnings()
        self.query_one(FilterBox).show_query(self.table.request.query)
        self.table.focus()
        self.refresh_bindings()

    @on(PagedTable.Selected, "#warnings")
    def _confirm_selected(self, event: PagedTable.Selected) -> None:
        if not self.ctx.read_only:
            self._confirm(event.row, ask=True)

    def action_confirm_warning(self) -> None:
        row = self.query_one("#warnings", PagedTable).cursor_row
        if row is not None:
            self._confirm(row, ask=False)

    def action_dismiss_warning(self) -> None:
        row = self.query_one("#warnings", PagedTable).cursor_row
        if row is not None:
            self._dismiss(row)

    @work(exclusive=True, exit_on_error=False, group="shortage-warning")
    async def _confirm(self, row: WarningRow, *, ask: bool) -> None:
        """Report the suggested shortage (``ask``: after a yes to the question, as ``enter`` does)."""
        if ask and not await self.app.push_screen_wait(
                ConfirmDialog(t("Report a shortage: {warning}?", warning=warning_summary(row)))):
            return
        actor, description = self.ctx.actor, warning_description(row)
        shortage_id = await self.command(lambda s: confirm_warning(
            s, actor=actor, reserve_id=row.id, expected_version=row.version, description=description).id)
        self._say("")
        self.notify(t("Shortage #{id} reported", id=shortage_id), markup=False)

    @work(exclusive=True, exit_on_error=False, group="shortage-warning")
    async def _dismiss(self, row: WarningRow) -> None:
        reason = await self.app.push_screen_wait(ReasonDialog(
            t("Dismiss the warning"), warning_summary(row) + "\n" + t("Why is it no shortage?")))
        if not reason:
            return
        actor = self.ctx.actor
        await self.command(lambda s: dismiss_warning(s, actor=actor, reserve_id=row.id, expected_version=row.version,
                                                     reason=reason))
        self._say("")
        self.notify(t("Warning dismissed"), markup=False)

    def refused(self, error: ServiceError) -> None:
        """Why a confirmation or dismissal was refused, above the list (for a conflict, the reserve now)."""
        self._say(refusal_text(error))

    @work(exclusive=True, exit_on_error=False, group="shortage-threshold")
    async def action_threshold(self) -> None:
        text = await self.app.push_screen_wait(ReasonDialog(
            t("Early warning threshold"), t("Suggest reserves with fewer days of cover than:"),
            value=f"{self.threshold:g}", max_len=5))
        if not isinstance(text, str):
            return
        try:
            days = float(text.replace(",", "."))
        except ValueError:
            days = -1
        if not 0 < days <= 60:
            self._say(t("The threshold is a number of days between 0 and 60"))
            return
        self._say("")
        self.threshold = days
        self.query_one("#warnings", PagedTable).set_filters(days=days)
        self._stale.add("count")  # the count beside the list of shortages: read when it shows again
        self._show_note()

    # ---- keys and commands ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        warnings = self.view == "warnings"
        if action == "new":
            return not self.ctx.read_only and not warnings
        if action == "quick_filter":
            return not warnings
        if action in ("confirm_warning", "dismiss_warning"):
            return warnings and not self.ctx.read_only
        if action == "threshold":
            return warnings
        return True

    def export_list(self) -> tuple[str, PageRequest] | None:
        # the early warnings are no list the export writes
        return None if self.view == "warnings" else ("shortages", list_request(self.table.request))

    def palette_commands(self) -> Iterable[SystemCommand]:
        if not self.ctx.read_only:
            yield SystemCommand(command_title("shortage", "new"), t("Report a shortage"), self.action_new)
        yield SystemCommand(command_title("shortage", "early warnings"),
                            t("Reserves running out, suggested as shortages"), self.action_toggle_warnings)
        yield SystemCommand(command_title("shortage", "quick filter"),
                            t("Status, kind, group, district, level, severity, mine, severely short"),
                            self.action_quick_filter)
        if self._quick_active():
            yield SystemCommand(command_title("shortage", "clear filters"), t("Show every shortage"),
                                lambda: self.set_quick(self.quick.cleared(self._quick_active())))
