"""The columns of the allocation screen's three lists, fitted to 80 columns (the widest drop first)."""

from __future__ import annotations

from rich.text import Text

from models.services.allocation_views import DispatchRow, OrderRow, RequestRow
from tui.allocation import text
from tui.i18n import n_
from tui.widgets.cells import Column

#: quantities in a column of 7 (up to 999,999 exactly) or 6 (99,999)
_QTY7, _QTY6 = text.qty_in(7), text.qty_in(6)


def _outstanding(row: RequestRow) -> str | Text:
    return Text(_QTY7(row.outstanding), style="bold" if row.outstanding else "dim")


# At 80 columns, in English and in Chinese: the number, the site's whole name (the longest, 重庆市公共卫生
# 医疗救治中心 and "Public Health Treatment Centre", take 26 and 30 cells), the status and the deadline
# never cut (each column takes its width and one space); what does not fit drops (the higher
# ``drop`` first) and comes back on a wider terminal.
REQUEST_COLUMNS = [
    Column("number", n_("Number"), 15),
    Column("priority", n_("Priority"), 11, render=lambda r: text.priority(r.priority)),
    Column("site", n_("Requested by"), 26, flex=2, render=lambda r: text.name(r.site_name, r.site_name_en)),
    Column("items", n_("Items"), 12, flex=1, drop=3, render=lambda r: text.items(r.items)),
    Column("requested", n_("Asked"), 7, align="right", drop=1, render=lambda r: _QTY7(r.requested)),
    Column("outstanding", n_("To fill"), 7, align="right", render=_outstanding),
    Column("signed", n_("Signed"), 7, align="right", drop=2, render=lambda r: _QTY7(r.signed)),
    Column("status", n_("Status"), 9, render=lambda r: text.status(r.status)),
]

ORDER_COLUMNS = [
    Column("number", n_("Number"), 15),
    Column("from", n_("From warehouse"), 14, flex=1, drop=1, render=lambda r: text.name(r.from_name, r.from_name_en)),
    Column("to", n_("Receiving site"), 30, flex=2, render=lambda r: text.name(r.to_name, r.to_name_en)),
    Column("quantity", n_("Qty"), 6, align="right", render=lambda r: _QTY6(r.quantity)),
    Column("status", n_("Status"), 10, render=lambda r: text.status(r.status)),
    Column("paper", n_("Written order"), 14, render=lambda r: text.paper_cell(r.verbal, r.paper_no, r.paper_due,
                                                                             r.overdue)),
]

DISPATCH_COLUMNS = [
    Column("number", n_("Number"), 15),
    Column("to", n_("Receiving site"), 30, flex=2, render=lambda r: text.name(r.to_name, r.to_name_en)),
    Column("items", n_("Items"), 12, flex=1, drop=1, render=lambda r: text.items(r.items)),
    Column("shipped", n_("Shipped"), 7, align="right", render=lambda r: _QTY7(r.shipped)),
    Column("age", n_("On the road"), 12, render=lambda r: text.late(r.late, r.age_minutes)),
]

__all__ = ["DISPATCH_COLUMNS", "ORDER_COLUMNS", "REQUEST_COLUMNS", "DispatchRow", "OrderRow"]
