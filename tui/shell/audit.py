"""The audit log (palette "audit: log"): who changed this, and from what. Coordinators only.

The changes are told in the language shown: a field by its name (``audit field``), a code by its
label (a status, a severity, a work category…), yes and no for a flag; stored text as it was typed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from models import clock
from models.services.audit_list import AuditRow, count_audit, list_audit, short_value
from models.services.paging import PageRequest
from tui.i18n import pt, t
from tui.i18n.safe import for_tui
from tui.shell.base import BaseScreen
from tui.widgets.filter_box import FilterBox
from tui.widgets.paged_table import Column, PagedTable

#: fields holding a code, by table (``*``: any table) -> the context its labels are shown in
CODES = {
    ("enterprise", "status"): "enterprise status", ("enterprisestatuschange", "old_status"): "enterprise status",
    ("enterprisestatuschange", "new_status"): "enterprise status", ("shortage", "status"): "shortage status",
    ("qualification", "status"): "licence status", ("*", "severity"): "severity", ("*", "level"): "level",
    ("shortage", "kind"): "shortage kind", ("*", "role"): "role", ("*", "categories"): "work category",
    ("shortageevent", "action"): "audit action",
}


def _value(table: str, field: str, value: Any) -> str:
    """One value of a change in the language shown: a code by its label, a flag as yes or no."""
    context = CODES.get((table, field)) or CODES.get(("*", field))
    if isinstance(value, bool):
        return t("Yes") if value else t("No")
    if context and isinstance(value, str) and value:
        return ", ".join(pt(context, code) for code in value.split(","))  # categories: several codes
    return short_value(value)


def summary(row: AuditRow) -> str:
    """``field: old → new`` for each changed field, on one line, in the language shown."""
    colon = t(": ")
    parts = []
    for field, change in row.changes.items():
        name = pt("audit field", field)
        if isinstance(change, list) and len(change) == 2:
            parts.append(f"{name}{colon}{_value(row.table, field, change[0])} → {_value(row.table, field, change[1])}")
        else:
            parts.append(f"{name}{colon}{_value(row.table, field, change)}")
    return t("; ").join(parts)


COLUMNS = [
    Column("at", "Time", 16, sort="at", render=lambda r: clock.fmt(r.at)),
    Column("login", "Login", 10),
    Column("table", "Record", 14, render=lambda r: f"{pt('record', r.table)} #{r.row_id}"),
    Column("action", "Action", 12, render=lambda r: pt("audit action", r.action)),
    Column("summary", "Changes", 20, flex=1, render=summary),
]


class AuditScreen(BaseScreen):
    HELP = "The audit log, newest first. Filter with login:NAME table:TABLE row:ID date:YYYY-MM-DD or words."
    BINDINGS = [
        Binding("slash", "filter", "Filter", tooltip="login: table: row: date: or words", priority=True,
                id="audit-filter"),
        Binding("escape", "back", "Back", id="audit-back"),
    ]
    CSS_PATH = Path(__file__).with_name("audit.tcss")

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query

    def body(self) -> ComposeResult:
        yield FilterBox(value=self.initial, placeholder=t("/ login:zhangwei table:enterprise row:12 date:2020-02-03"),
                        filters=lambda: self.query_one(PagedTable), id="audit-query")
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

    @on(PagedTable.Highlighted, "#audit")
    def _detail(self, event: PagedTable.Highlighted) -> None:
        row: AuditRow | None = event.row
        changes = for_tui(summary(row), lines=True) if row else ""  # stored values before and after: escaped
        self.query_one("#audit-detail", Static).update(Text(changes, no_wrap=False))

    def action_filter(self) -> None:
        self.query_one(FilterBox).open()

    def action_back(self) -> None:
        self.dismiss()
