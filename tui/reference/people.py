"""The People tab: every cadre, filtered as you type (name, pinyin, initials, login) and by unit,
special group, role and whether active (``f``); ``enter`` opens a person's card. Coordinators add
(``n``), edit (``e``: login and role among the fields) and deactivate or reactivate (``d``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import Static

from models.base import Role
from models.services.paging import PageRequest
from models.services.people_list import PersonRow, count_people, list_people
from tui.i18n import command_title, pt, t
from tui.i18n import format as fmt
from tui.reference.tab import ReferenceTab
from tui.shell.base import list_request
from tui.shell.filtered import ask_quick_filter
from tui.widgets.filter_box import FilterBox
from tui.widgets.paged_table import Column, PagedTable
from tui.widgets.quick_filters import Choice, QuickFilter, QuickFilters

if TYPE_CHECKING:
    from sqlmodel import Session


def _name(row: PersonRow) -> Text:
    return Text(row.name, style="" if row.active else "strike dim")


COLUMNS = [
    Column("name", "Name", 10, flex=2, sort="name", render=_name),
    Column("unit", "Unit", 10, flex=2, sort="unit", drop=3, render=lambda r: fmt.local_name(r.unit, r.unit_en)),
    Column("group", "Special group", 10, flex=2, sort="group", drop=4,
           render=lambda r: fmt.local_name(r.group, r.group_en)),
    Column("role", "Role", 11, sort="role", render=lambda r: pt("role", r.role)),
    Column("login", "Login", 10, flex=1, sort="login"),
    Column("phone", "Phone", 11, sort="phone", drop=2),
    Column("active", "Active", 6, sort="active", drop=5, render=lambda r: t("yes") if r.active else t("no")),
]


def people_filters() -> QuickFilters:
    return QuickFilters([
        QuickFilter("unit_id", "Unit", loaded=True, off="any", shown=lambda value, label: label),
        QuickFilter("group_id", "Special group", loaded=True, off="any", shown=lambda value, label: label),
        QuickFilter("role", "Role", values=tuple((r.value, r.value) for r in Role), off="any", context="role"),
        QuickFilter("status", "Active", values=(("active", "active"), ("inactive", "inactive")), off="any",
                    shown=lambda value, label: label),
    ])


class PeopleTab(ReferenceTab):
    HELP = ("People: type / to filter by name, pinyin, initials or login; f filters by unit, special group, "
            "role or active; enter opens a person's card. Coordinators add (n), edit (e: login and role "
            "included; a new role applies in running sessions within seconds) and deactivate (d).")
    BINDINGS = [
        Binding("slash", "filter", "Filter", tooltip="Type a name, pinyin, initials or login", priority=True,
                id="people-filter"),
        Binding("f", "quick_filter", "Quick filters", tooltip="Unit, special group, role, active",
                id="people-quick-filter"),
        Binding("x", "clear_filters", "Clear filters", tooltip="Show every person again", id="people-clear-filters"),
        Binding("n", "new", "New", tooltip="Add a person", id="people-new"),
        Binding("e", "edit", "Edit", tooltip="Edit the person under the cursor", id="people-edit"),
        Binding("d", "deactivate", "Deactivate", show=False,
                tooltip="Deactivate the person under the cursor, or make them active again", id="people-deactivate"),
    ]

    def __init__(self) -> None:
        super().__init__(id="people-tab")
        self.quick = people_filters()

    def compose(self) -> ComposeResult:
        yield FilterBox(placeholder=t("/ filter: 张伟, zhangwei, zw, login…"), filters=lambda: self.table,
                        id="people-filter-box")
        yield Static("", id="people-filters", classes="reference-filters")
        yield PagedTable(
            columns=COLUMNS,
            loader=lambda request: self.ctx.run(lambda s: list_people(s, request=request)),
            counter=lambda request, at_most=None: self.ctx.run(lambda s: count_people(s, request=request)),
            request=PageRequest(sort="name"),
            id="people",
        )

    @property
    def table(self) -> PagedTable:
        return self.query_one("#people", PagedTable)

    def export_list(self) -> tuple[str, PageRequest] | None:
        return "cadres", list_request(self.table.request)

    def focus_first(self) -> None:
        self.table.focus()

    def on_mount(self) -> None:
        self._load_choices()

    @work(exclusive=True, group="people-choices", exit_on_error=False)
    async def _load_choices(self) -> None:
        from models.services.reference import groups, units

        quick = self.quick

        def read(session: Session) -> None:
            quick.load(unit_id=[Choice(u.id, fmt.local_name(u.name, u.alt), u.key) for u in units(session)],
                       group_id=[Choice(g.id, fmt.local_name(g.name, g.alt), g.key) for g in groups(session)])

        await self.read(read)

    # ---- filters ------------------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one(FilterBox).open()

    def action_quick_filter(self) -> None:
        ask_quick_filter(self.screen, self.quick, t("Quick filters"), dict(self.table.request.filters),
                         lambda change: self._set(**change))

    def _set(self, **filters: Any) -> None:
        self.table.set_filters(**filters)
        self._show_filters()

    def action_clear_filters(self) -> None:
        self._set(**dict.fromkeys(self.table.request.filters))

    def _show_filters(self) -> None:
        self.screen.refresh_bindings()
        active = {k: v for k, v in self.table.request.filters.items() if v is not None}
        line = Text()
        line.append(t("Filters: "), style="bold")
        line.append_text(Text(" · ").join(Text(part) for part in self.quick.summary(active)))
        line.append("  " + t("(x clears)"), style="dim")
        box = self.query_one("#people-filters", Static)
        box.update(line)
        box.set_class(bool(active), "-active")

    # ---- keys offered -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "edit", "deactivate"):
            return self.ctx.actor.is_coordinator and not self.ctx.read_only
        if action == "clear_filters":  # in the footer only while there is something to clear
            tables = self.query("#people").results(PagedTable)
            return any(v is not None for table in tables for v in table.request.filters.values())
        return True

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(command_title("people", "quick filters"), t("Unit, special group, role, active"),
                            self.action_quick_filter)
        if self.ctx.actor.is_coordinator and not self.ctx.read_only:
            yield SystemCommand(command_title("people", "new"), t("Add a person"), self.action_new)
            yield SystemCommand(command_title("people", "edit"), t("Edit the person under the cursor"),
                                self.action_edit)
            yield SystemCommand(command_title("people", "deactivate"),
                                t("Deactivate the person under the cursor, or make them active again"),
                                self.action_deactivate)

    # ---- card, new, edit, deactivate ------------------------------------------------------------------

    @on(PagedTable.Selected, "#people")
    def _open(self, event: PagedTable.Selected) -> None:
        from tui.reference.person_card import PersonCardScreen

        self.app.push_screen(PersonCardScreen(event.row.id))

    @work(exclusive=True, group="people-new", exit_on_error=False)
    async def action_new(self) -> None:
        """The form for a new person; once saved, their card."""
        from tui.reference.person_card import PersonCardScreen
        from tui.reference.person_form import PersonFormScreen

        cadre_id = await self.app.push_screen_wait(PersonFormScreen())
        if isinstance(cadre_id, int):
            self.app.push_screen(PersonCardScreen(cadre_id))

    def action_edit(self) -> None:
        from tui.reference.person_form import PersonFormScreen

        row = self.table.cursor_row
        if row is not None:
            self.app.push_screen(PersonFormScreen(row.id))

    def action_deactivate(self) -> None:
        from tui.reference.person_card import toggle_active

        row = self.table.cursor_row
        if row is not None:
            toggle_active(self, row.id, row.version, row.name, row.active)
