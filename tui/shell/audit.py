"""The audit log (palette "audit: log"): who changed this, and from what. Coordinators only."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from models import clock
from models.services.audit_list import AuditRow, count_audit, list_audit
from models.services.paging import PageRequest
from tui.i18n import pt, t
from tui.shell.base import BaseScreen
from tui.shell.filtered import focus_filter
from tui.widgets.paged_table import Column, PagedTable

COLUMNS = [
    Column("at", "Time", 16, sort="at", render=lambda r: clock.fmt(r.at)),
    Column("login", "Login", 10),
    Column("table", "Record", 14, render=lambda r: f"{pt('record', r.table)} #{r.row_id}"),
    Column("action", "Action", 8, render=lambda r: pt("audit action", r.action)),
    Column("summary", "Changes", 20, flex=1),
]


class AuditScreen(BaseScreen):
    HELP = "The audit log, newest first. Filter with login:NAME table:TABLE row:ID date:YYYY-MM-DD or words."
    BINDINGS = [
        Binding("slash", "filter", "Filter", tooltip="login: table: row: date: or words", priority=True,
                id="audit-filter"),
        Binding("escape", "back", "Back", id="audit-back"),
    ]
    DEFAULT_CSS = """
    AuditScreen #audit-query { height: 1; border: none; padding: 0 1; background: $boost; }
    AuditScreen #audit-detail { height: 3; padding: 0 1; background: $boost; }
    """

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query

    def body(self) -> ComposeResult:
        yield Input(value=self.initial, placeholder=t("/ login:zhangwei table:enterprise row:12 date:2020-02-03"),
                    id="audit-query")
        actor = self.ctx.actor
        yield PagedTable(
            columns=COLUMNS,
            loader=lambda request: self.ctx.run(lambda s: list_audit(s, actor=actor, request=request)),
            counter=lambda request: self.ctx.run(lambda s: count_audit(s, actor=actor, request=request)),
            request=PageRequest(query=self.initial, sort="at", descending=True),
            id="audit",
        )
        yield Static(id="audit-detail")

    def on_mount(self) -> None:
        self.query_one(PagedTable).focus()

    @on(Input.Changed, "#audit-query")
    def _query(self, event: Input.Changed) -> None:
        self.query_one(PagedTable).set_query(event.value)

    @on(Input.Submitted, "#audit-query")
    def _done(self) -> None:
        self.query_one(PagedTable).focus()

    @on(PagedTable.Loaded, "#audit")
    @on(PagedTable.Selected, "#audit")
    def _detail(self) -> None:
        row: AuditRow | None = self.query_one(PagedTable).cursor_row
        text = Text(row.summary if row else "", no_wrap=False)
        self.query_one("#audit-detail", Static).update(text)

    def on_key(self) -> None:
        self.call_after_refresh(self._detail)

    def action_filter(self) -> None:
        focus_filter(self, self.query_one("#audit-query", Input))

    def action_back(self) -> None:
        box = self.query_one("#audit-query", Input)
        if box.has_focus:
            self.query_one(PagedTable).focus()
        else:
            self.dismiss()
