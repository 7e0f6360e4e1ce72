"""The columns of the funds screen's four lists, fitted to 80 columns (the widest drop first).
Amounts are in 万元 (10k yuan): the labels say so once."""

from __future__ import annotations

from rich.text import Text

from models.services.fund_views import FundRequestRow, SourceRow
from tui.funds import text
from tui.i18n import format as fmt
from tui.i18n import n_
from tui.i18n.safe import for_tui
from tui.widgets.cells import Column


def _left(row: SourceRow) -> Text:
    return Text(text.wan(row.left), style="bold" if row.left else "dim")


def _to_pay(row: FundRequestRow) -> str:
    return text.wan((row.approved or 0) - row.disbursed) if row.approved is not None else "—"


SOURCE_COLUMNS = [
    Column("name", n_("Source"), 14, flex=2, render=lambda r: for_tui(fmt.local_name(r.name, r.name_en))),
    Column("kind", n_("Kind"), 12, flex=1, drop=2, render=lambda r: text.kind(r.kind)),
    Column("available", n_("Available (10k)"), 15, align="right", render=lambda r: text.wan(r.available)),
    Column("approved", n_("Granted"), 9, align="right", render=lambda r: text.wan(r.approved)),
    Column("disbursed", n_("Paid"), 9, align="right", render=lambda r: text.wan(r.disbursed)),
    Column("left", n_("Left"), 9, align="right", render=_left),
    Column("document", n_("Document"), 12, flex=1, drop=1, render=lambda r: for_tui(r.document)),
]

REQUEST_COLUMNS = [
    Column("number", n_("Number"), 15),
    Column("beneficiary", n_("For"), 10, flex=2, render=lambda r: for_tui(r.beneficiary)),
    Column("purpose", n_("Purpose"), 10, drop=2, render=lambda r: text.purpose(r.purpose)),
    Column("requested", n_("Asked (10k)"), 12, align="right", render=lambda r: text.wan(r.requested)),
    Column("approved", n_("Granted"), 8, align="right", render=lambda r: text.wan(r.approved)),
    Column("to_pay", n_("To pay"), 7, align="right", drop=1, render=_to_pay),
    Column("status", n_("Status"), 9, render=lambda r: text.status(r.status)),
]

KEY_SUPPLY_COLUMNS = [
    Column("enterprise", n_("Enterprise"), 20, flex=2, render=lambda r: for_tui(r.enterprise)),
    Column("level", n_("Level"), 8, render=lambda r: text.level(r.level)),
    Column("category", n_("Category"), 12, flex=1, render=lambda r: for_tui(r.category)),
    Column("listed_on", n_("Listed on"), 10, render=lambda r: fmt.day(r.listed_on)),
    Column("active", n_("On the list"), 8, render=lambda r: Text("✓" if r.active else "✗",
                                                                  style="" if r.active else "dim")),
]

SUBSIDY_COLUMNS = [
    Column("number", n_("Number"), 15),
    Column("enterprise", n_("Enterprise"), 12, flex=2, render=lambda r: for_tui(r.enterprise)),
    Column("principal", n_("Loan (10k)"), 12, align="right", render=lambda r: text.wan(r.principal)),
    Column("rate", n_("Rate"), 6, align="right", render=lambda r: text.rate(r.rate_bp)),
    Column("term", n_("Term"), 11, drop=1, render=lambda r: f"{fmt.short_date(r.start)}–{fmt.short_date(r.end)}"),
    Column("expected", n_("Subsidy"), 8, align="right", render=lambda r: text.wan(r.expected)),
    Column("status", n_("Status"), 9, render=lambda r: text.subsidy_status(r.status)),
]
