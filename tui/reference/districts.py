"""The Districts & parks tab: the 38 districts of the city (fixed, read-only) on the left, the
industrial parks of the district under the cursor on the right. Coordinators add a park to that
district (``n``) and rename the park under the cursor (``r``); ``tab`` moves between the lists."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from models.services.paging import PageRequest
from models.services.park_list import DistrictRow, count_districts, count_parks, list_districts, list_parks
from tui.i18n import command_title, t
from tui.i18n import format as fmt
from tui.i18n.safe import for_tui
from tui.reference.tab import ReferenceTab
from tui.shell.calls import Refused
from tui.shell.dialogs import ReasonDialog
from tui.widgets.paged_table import Column, PagedTable

DISTRICT_COLUMNS = [
    Column("name", "District", 10, flex=1, render=lambda r: fmt.district(r.name)),
    Column("parks", "Parks", 5, align="right"),
    Column("enterprises", "Firms", 5, align="right"),
]
PARK_COLUMNS = [
    Column("name", "Park", 16, flex=1, sort="name"),
    Column("enterprises", "Firms", 5, align="right"),
]


class DistrictsTab(ReferenceTab):
    HELP = ("Districts and parks: the 38 districts are fixed; the parks on the right are those of the district "
            "under the cursor. tab moves between the two lists. Coordinators add a park (n) and rename one (r).")
    BINDINGS = [
        Binding("n", "new_park", "New park", tooltip="Add a park to the district under the cursor",
                id="parks-new"),
        Binding("r", "rename_park", "Rename", tooltip="Rename the park under the cursor", id="parks-rename"),
    ]

    def __init__(self) -> None:
        super().__init__(id="districts-tab")
        self.district: DistrictRow | None = None

    def compose(self) -> ComposeResult:
        yield PagedTable(
            columns=DISTRICT_COLUMNS,
            loader=lambda request: self.ctx.run(lambda s: list_districts(s, request=request)),
            counter=lambda request, at_most=None: self.ctx.run(lambda s: count_districts(s, request=request)),
            request=PageRequest(),
            id="districts",
        )
        with Vertical(id="parks-side"):
            yield Static("", id="parks-title", classes="reference-note")
            yield PagedTable(
                columns=PARK_COLUMNS,
                loader=lambda request: self.ctx.run(lambda s: list_parks(s, request=request)),
                counter=lambda request, at_most=None: self.ctx.run(lambda s: count_parks(s, request=request)),
                request=PageRequest(sort="name", filters={"district_id": 0}),
                id="parks",
            )

    @property
    def parks(self) -> PagedTable:
        return self.query_one("#parks", PagedTable)

    def focus_first(self) -> None:
        self.query_one("#districts", PagedTable).focus()

    @on(PagedTable.Highlighted, "#districts")
    def _district(self, event: PagedTable.Highlighted) -> None:
        row: DistrictRow | None = event.row
        if row is None or (self.district is not None and self.district.id == row.id):
            self.district = row
            return
        self.district = row
        self.query_one("#parks-title", Static).update(t("Parks in {district}", district=for_tui(row.name)))
        self.parks.set_filters(district_id=row.id)

    @on(PagedTable.Selected, "#districts")
    def _to_parks(self, event: PagedTable.Selected) -> None:
        self.parks.focus()

    # ---- keys offered -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_park", "rename_park"):
            return self.ctx.actor.is_coordinator and not self.ctx.read_only
        return True

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.ctx.actor.is_coordinator and not self.ctx.read_only:
            yield SystemCommand(command_title("park", "new"), t("Add a park to the district under the cursor"),
                                self.action_new_park)
            yield SystemCommand(command_title("park", "rename"), t("Rename the park under the cursor"),
                                self.action_rename_park)

    # ---- new and rename -----------------------------------------------------------------------------

    @work(exclusive=True, group="park-new", exit_on_error=False)
    async def action_new_park(self) -> None:
        from models.services.reference import add_park

        district = self.district
        if district is None:
            return
        name = await self.app.push_screen_wait(ReasonDialog(
            t("New park"), t("The name of the new park in {district}", district=for_tui(district.name)), max_len=64))
        if not name:
            return
        actor = self.ctx.actor
        await self._write(lambda s: add_park(s, actor=actor, district_id=district.id, name=name),
                          t("Park {park} added", park=name))

    @work(exclusive=True, group="park-rename", exit_on_error=False)
    async def action_rename_park(self) -> None:
        from models.services.reference import rename_park

        park = self.parks.cursor_row
        if park is None:
            self.notify(t("This district has no park yet: n adds one"), severity="warning", markup=False)
            return
        name = await self.app.push_screen_wait(ReasonDialog(
            t("Rename park"), t("The new name of {park}", park=for_tui(park.name)), value=park.name, max_len=64))
        if not name or name == park.name:
            return
        actor = self.ctx.actor
        await self._write(lambda s: rename_park(s, actor=actor, park_id=park.id, expected_version=park.version,
                                                name=name), t("Park renamed to {park}", park=name))

    async def _write(self, call: Any, done: str) -> None:
        try:
            await self.command(call)
        except Refused:
            return
        self.notify(done, markup=False)
