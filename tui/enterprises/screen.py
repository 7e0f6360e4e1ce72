"""Screen 2: the enterprise directory, filtered as you type in Chinese, pinyin or initials.

Quick filters (``f``): district, status, catalogue item made (with that item's capacity against
city demand), open shortages (of any kind or one kind, such as labour), not reported today, licence
pending, reserves under 3 days, archived ones too. Active filters show in a line above the table;
``x`` clears them. ``n`` adds an enterprise, ``e`` edits the one under the cursor.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import Static
from textual.worker import Worker, WorkerCancelled, WorkerFailed

from models import clock
from models.rules import low_cover_days
from models.services.enterprise_list import EnterpriseRow, count_enterprises, list_enterprises
from models.services.paging import PageRequest
from tui.enterprises.quick_filters import directory_filters, load_choices
from tui.i18n import command_title, pt, t
from tui.i18n import format as fmt
from tui.i18n.safe import for_tui
from tui.shell.base import list_request
from tui.shell.filtered import FilteredListScreen, ask_quick_filter
from tui.widgets.paged_table import Column, PagedTable

if TYPE_CHECKING:  # the card's service and the dialogs load when first used, not at start-up
    from sqlmodel import Session

    from models.services.choices import FormChoices
    from models.services.common import Actor
    from models.services.enterprise_products import ItemSupply

#: while a text filter is typed, the directory counts up to this many matches per key ("1,000+");
#: `end` asks for the exact count. Without one it counts exactly (an index scan, tens of ms).
COUNT_CAP = 1000
#: at start-up the quick filters' choices load this long after the first rows are painted
CHOICES_AFTER_S = 0.5


def _output(row: EnterpriseRow) -> str:
    if not row.capacity:
        return ""
    return fmt.qty_pair(row.output_today, row.capacity)


def _cover(row: EnterpriseRow) -> Text:
    text = Text(fmt.days(row.cover_days))
    if row.cover_days is not None and row.cover_days < low_cover_days():
        text.stylize("bold red")
    return text


def _name(row: EnterpriseRow) -> Text:
    return Text(row.name, style="strike dim" if row.archived else "")


def _products(row: EnterpriseRow) -> str:
    """The items made, named in the language shown (Disposable medical mask, … in English)."""
    return fmt.listing([fmt.local_name(name, name_en) for name, name_en in row.product_names])


def needs_attention(row: EnterpriseRow) -> bool:
    """Not reported today, or a raw material under ``low_cover_days()`` of cover."""
    low = row.cover_days is not None and row.cover_days < low_cover_days()
    return low or (bool(row.capacity) and row.last_report != clock.today())


# Output and open shortages stay unsortable for now: tests/functional/test_shell.py and test_i18n.py
# use them as "a column that cannot sort". The service sorts by both ("output", "shortages").
COLUMNS = [
    Column("name", "Name", 16, flex=3, sort="name", render=_name),
    Column("district", "District", 8, sort="district", render=lambda r: fmt.district(r.district)),
    Column("park", "Park", 8, flex=1, sort="park", drop=5),
    Column("status", "Status", 11, sort="status", render=lambda r: pt("enterprise status", r.status)),
    Column("products", "Products", 10, flex=2, drop=6, sort="products", render=_products),
    Column("output", "Output/cap.", 11, align="right", sort="output", render=_output),
    Column("cover", "Cover", 8, align="right", render=_cover, sort="cover"),
    Column("open_shortages", "Short", 5, align="right", sort="shortages", render=lambda r: str(r.open_shortages or "")),
    Column("cadre", "Cadre", 8, drop=4, sort="cadre"),
    Column("last_report", "Reported", 8, sort="reported", drop=3, render=lambda r: fmt.short_date(r.last_report)),
]


class EnterpriseListScreen(FilteredListScreen):
    HELP = "The directory of makers. Type to filter by Chinese, pinyin, initials or credit code."
    AREAS = frozenset({"enterprises", "reports", "shortages", "checkins", "reference"})
    BINDINGS = [
        Binding("slash", "filter", "Filter", tooltip="Type Chinese, pinyin or initials", priority=True,
                id="enterprise-filter"),
        Binding("escape", "leave_filter", "Back", show=False, id="enterprise-back"),
        Binding("f", "quick_filter", "Quick filters",
                tooltip="District, status, item made, open shortages, not reported today, licence pending",
                id="enterprise-quick-filter"),
        Binding("x", "clear_filters", "Clear filters", tooltip="Show every enterprise again",
                id="enterprise-clear-filters"),
        Binding("n", "new", "New", tooltip="Add an enterprise", id="enterprise-new"),
        Binding("e", "edit", "Edit", tooltip="Edit the enterprise under the cursor", id="enterprise-edit"),
    ]
    CSS_PATH = Path(__file__).with_name("enterprises.tcss")

    def __init__(self, filters: dict[str, Any] | None = None) -> None:
        """``filters``: quick filters to open with (the dashboard's drill-down), e.g. ``{"not_reported": True}``."""
        super().__init__()
        self.initial_filters = dict(filters or {})
        self.choices: FormChoices | None = None
        self.assigned: set[int] | None = None  # a field cadre's enterprises (None: not a field cadre)
        self.supply: ItemSupply | None = None
        self.quick = directory_filters()
        self._choices_timed = self._choices_when_shown = False

    def body(self) -> ComposeResult:
        yield self.filter_box(t("/ filter: 茶园, chayuan, cy, code…"))
        yield Static("", id="quick-filters")
        yield Static("", id="first-start")
        yield PagedTable(
            columns=COLUMNS,
            loader=lambda request: self.ctx.run(lambda s: list_enterprises(s, request=request)),
            counter=lambda request, at_most=None: self.ctx.run(
                lambda s: count_enterprises(s, request=request, at_most=at_most)),
            count_cap=lambda request: COUNT_CAP if request.query else None,
            request=PageRequest(sort="name", filters=dict(self.initial_filters)),
            row_alert=needs_attention,
            id="enterprises",
        )

    def on_mount(self) -> None:
        self.sub_title = t("Enterprises")
        self.query_one(PagedTable).focus()
        if self.initial_filters.get("item_id"):
            self._load_supply(self.initial_filters["item_id"])
        self._show_filters()

    @on(PagedTable.Loaded)
    def _first_rows(self) -> None:
        # The filters' reference data waits until the first rows are on screen, and at
        # start-up a moment longer, so they never compete with painting them; a drill-down's filter
        # line names its district or item from them, so there they come right away.
        self._show_first_start()
        if not self._choices_timed and (self.table.cursor_row is not None or self.table.total == 0):
            self._choices_timed = True
            if self.initial_filters:
                self.call_after_refresh(self._ask_choices)
            else:
                self.set_timer(CHOICES_AFTER_S, self._ask_choices)

    def _show_first_start(self) -> None:
        """An empty directory, unfiltered, is a first start: say what to do (shown until the first
        enterprise comes, here or from another session)."""
        request = self.table.request
        empty = self.table.total == 0 and not request.query and not request.filters
        panel = self.query_one("#first-start", Static)
        if empty and not panel.has_class("-active"):
            panel.update(first_start_text())
        panel.set_class(empty, "-active")

    def _ask_choices(self) -> None:
        """Load the choices unless they are here or coming; with another screen shown (opened at once
        after start-up), once this one shows again, not through that screen's first show."""
        if self.choices is None and not self.is_current:
            self._choices_when_shown = True
        elif self.choices is None:
            self._choices_load()

    @on(events.ScreenResume)
    def _choices_now_shown(self) -> None:
        if self._choices_when_shown:
            self._choices_when_shown = False
            self.call_after_refresh(self._ask_choices)

    def _choices_load(self) -> Worker[None]:
        """The load of the choices under way, or a new one (again, if an earlier load failed)."""
        for worker in self.workers:
            if worker.node is self and worker.group == "enterprise-choices" and not worker.is_finished:
                return worker
        started: Worker[None] = self._load_choices()
        return started

    async def _have_choices(self) -> bool:
        """Wait for the choices if they are not here yet; False if their load failed (the app says why)."""
        if self.choices is None:
            try:
                await self._choices_load().wait()
            except (WorkerFailed, WorkerCancelled):
                return False
        return self.choices is not None

    def reload(self) -> None:
        """Data changed: the rows, and the city-wide figures of a filtered item."""
        super().reload()
        item_id = self.table.request.filters.get("item_id")
        if item_id:
            self._load_supply(item_id)

    # ---- reference data for the filters; the enterprises a field cadre may edit ------------------

    @work(exclusive=True, group="enterprise-choices", exit_on_error=False)
    async def _load_choices(self) -> None:
        actor = self.ctx.actor

        def read(session: Session) -> tuple[FormChoices, list[int] | None]:
            return _filter_choices(session, actor)

        choices, assigned = await self.read(read)
        self.choices = choices
        self.assigned = set(assigned) if assigned is not None else None
        load_choices(self.quick, choices)
        self._show_filters()

    def action_leave_filter(self) -> None:
        self.app.action_back()

    # ---- quick filters ------------------------------------------------------------------------------------

    @work(exclusive=True, group="enterprise-quick-filter", exit_on_error=False)
    async def action_quick_filter(self) -> None:
        if not await self._have_choices():  # the districts and items (and what typing matches): first these
            return
        ask_quick_filter(self, self.quick, t("Quick filters"), dict(self.table.request.filters),
                         lambda change: self._set(**change))

    def _set(self, **filters: Any) -> None:
        self.table.set_filters(**filters)
        if "item_id" in filters:
            self.supply = None
            if filters["item_id"]:
                self._load_supply(filters["item_id"])
        self._show_filters()

    def quick_filters_on(self) -> list[str]:
        return self.quick.summary(self.table.request.filters)

    def action_clear_filters(self) -> None:
        self.table.set_filters(**dict.fromkeys(self.table.request.filters))
        self.supply = None
        self._show_filters()

    @work(exclusive=True, group="enterprise-supply", exit_on_error=False)
    async def _load_supply(self, item_id: int) -> None:
        from models.services.enterprise_products import item_supply

        supply = await self.read(lambda s: item_supply(s, item_id=item_id))
        if self.table.request.filters.get("item_id") == supply.item_id:
            self.supply = supply
            self._show_filters()

    def _show_filters(self) -> None:
        self.refresh_bindings()
        line = self.query_one("#quick-filters", Static)
        line.update(self.filter_line())
        line.set_class(bool(self.table.request.filters), "-active")

    def filter_line(self) -> Text:
        """The active quick filters, and for an item its capacity against city demand."""
        parts = [Text(part) for part in self.quick.summary(self.table.request.filters)]
        line = Text()
        line.append(t("Filters: "), style="bold")
        line.append_text(Text(" · ").join(parts))
        if self.supply is not None:
            s = self.supply
            line.append("\n")
            line.append(t("{item} city-wide: capacity {capacity}/day against demand {demand}/day, "
                          "output today {output}", item=for_tui(fmt.local_name(s.name, s.name_en)),
                          capacity=fmt.qty(s.capacity), demand=fmt.qty(s.demand),
                          output=fmt.qty(s.output_today) or "0"))
            if s.severely_short:
                line.append("  " + t("severely short"), style="bold red")
        line.append("  " + t("(x clears)"), style="dim")
        return line

    # ---- opening, new, edit ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new":
            return self.ctx.actor.is_coordinator
        if action == "edit":
            return not self.ctx.read_only
        if action == "clear_filters":  # in the footer only while there is something to clear
            return bool(self.table.request.filters)
        return True

    def export_list(self) -> tuple[str, PageRequest] | None:
        return "enterprises", list_request(self.table.request)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(command_title("enterprise", "quick filters"),
                            t("District, status, item made, open shortages, not reported today, licence pending"),
                            self.action_quick_filter)
        yield SystemCommand(command_title("enterprise", "clear filters"), t("Show every enterprise again"),
                            self.action_clear_filters)
        if self.ctx.actor.is_coordinator:
            yield SystemCommand(command_title("enterprise", "new"), t("Add an enterprise"), self.action_new)
        if not self.ctx.read_only:
            yield SystemCommand(command_title("enterprise", "edit"), t("Edit the enterprise under the cursor"),
                                self.action_edit)

    @on(PagedTable.Selected, "#enterprises")
    def _open(self, event: PagedTable.Selected) -> None:
        from tui.enterprises.card import EnterpriseCardScreen

        self.app.push_screen(EnterpriseCardScreen(event.row.id))

    @work(exclusive=True, group="enterprise-new", exit_on_error=False)
    async def action_new(self) -> None:
        """The form for a new enterprise; once saved, its card."""
        from tui.enterprises.card import EnterpriseCardScreen
        from tui.enterprises.form import EnterpriseFormScreen

        enterprise_id = await self.app.push_screen_wait(EnterpriseFormScreen())
        if isinstance(enterprise_id, int):
            self.app.push_screen(EnterpriseCardScreen(enterprise_id))

    def action_edit(self) -> None:
        row = self.table.cursor_row
        if row is None:
            return
        if self.assigned is not None and row.id not in self.assigned:
            self.notify(t("You are not stationed at this enterprise"), title=t("Not allowed"), severity="error",
                        markup=False)
            return
        from tui.enterprises.form import EnterpriseFormScreen

        self.app.push_screen(EnterpriseFormScreen(row.id))


def first_start_text() -> Text:
    """What to do on an empty database: the directory from a sheet, people, or the demo."""
    text = Text()
    text.append(t("The directory is empty. To start:") + "\n", style="bold")
    steps = ((t("import the directory of makers from a spreadsheet:"), "supplydesk import enterprises FILE"),
             (t("or start from the template, filled in:"), "supplydesk import --template enterprises FILE"),
             (t("add the people of the group and their roles: press 0"), ""),
             (t("or try every screen on the demo data:"), "supplydesk demo"))
    for line, command in steps:
        text.append(" • " + line)
        if command:  # on a line of its own, so it is never broken where it wraps
            text.append("\n   " + command, style="bold")
        text.append("\n")
    text.append(t("(the commands run in a terminal, with the app closed or open)"), style="dim")
    return text


def _filter_choices(session: Session, actor: Actor) -> tuple[FormChoices, list[int] | None]:
    """The quick filters' districts and items, and the enterprises a field cadre may edit (None for
    anyone else)."""
    from models.services.access import assigned_enterprise_ids
    from models.services.choices import form_choices

    assigned = None
    if actor.can_write and not actor.is_coordinator and actor.cadre_id is not None:
        assigned = assigned_enterprise_ids(session, cadre_id=actor.cadre_id)
    return form_choices(session), assigned
