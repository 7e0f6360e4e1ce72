"""The columns of the allocation screen's three lists, fitted to 80 columns (the widest drop first)."""

from __future__ import annotations

from rich.text import Text

from models.services.allocation_views import DispatchRow, OrderRow, RequestRow
from tui.allocation import text
from tui.i18n import n_
from tui.widgets.cells import Column


def _outstanding(row: RequestRow) -> str | Text:
    return Text(text.qty(row.outstanding), style="bold" if row.outstanding else "dim")


REQUEST_COLUMNS = [
    Column("number", n_("Number"), 15),
    Column("priority", n_("Priority"), 11, render=lambda r: text.priority(r.priority)),
    Column("site", n_("Requested by"), 14, flex=2, render=lambda r: text.name(r.site_name, r.site_name_en)),
    Column("items", n_("Items"), 12, flex=1, drop=2, render=lambda r: text.items(r.items)),
    Column("requested", n_("Asked"), 7, align="right", render=lambda r: text.qty(r.requested)),
    Column("outstanding", n_("To fill"), 7, align="right", render=_outstanding),
    Column("signed", n_("Signed"), 7, align="right", drop=1, render=lambda r: text.qty(r.signed)),
    Column("status", n_("Status"), 9, render=lambda r: text.status(r.status)),
]

ORDER_COLUMNS = [
    Column("number", n_("Number"), 15),
    Column("to", n_("From → to"), 20, flex=2,
           render=lambda r: f"{text.name(r.from_name, r.from_name_en)} → {text.name(r.to_name, r.to_name_en)}"),
    Column("quantity", n_("Qty"), 7, align="right", render=lambda r: text.qty(r.quantity)),
    Column("status", n_("Status"), 9, render=lambda r: text.status(r.status)),
    Column("paper", n_("Written order"), 16, flex=1, render=lambda r: text.paper(r.verbal, r.paper_no, r.paper_due,
                                                                                r.overdue)),
]

DISPATCH_COLUMNS = [
    Column("number", n_("Number"), 15),
    Column("to", n_("Receiving site"), 14, flex=2, render=lambda r: text.name(r.to_name, r.to_name_en)),
    Column("items", n_("Items"), 12, flex=1, drop=1, render=lambda r: text.items(r.items)),
    Column("shipped", n_("Shipped"), 7, align="right", render=lambda r: text.qty(r.shipped)),
    Column("age", n_("On the road"), 12, render=lambda r: text.late(r.late, r.age_minutes)),
]

__all__ = ["DISPATCH_COLUMNS", "ORDER_COLUMNS", "REQUEST_COLUMNS", "DispatchRow", "OrderRow"]
