"""The columns of the procurement screen's four lists, fitted to 80 columns (the widest drop first)."""

from __future__ import annotations

from tui.i18n import format as fmt
from tui.i18n import n_
from tui.procurement import text
from tui.widgets.cells import Column

ORDER_COLUMNS = [
    Column("number", n_("Number"), 15),
    Column("supplier", n_("Supplier"), 14, flex=2, render=lambda r: text.name(r.supplier)),
    Column("channel", n_("Channel"), 8, drop=2, render=lambda r: text.channel(r.channel)),
    Column("need_by", n_("Need by"), 8, render=lambda r: text.need_by(r.need_by, r.late, r.urgent)),
    Column("owed", n_("Ordered"), 8, align="right", render=lambda r: text.qty(r.owed)),
    Column("accepted", n_("Taken in"), 8, align="right", drop=1, render=lambda r: text.qty(r.accepted)),
    Column("status", n_("Status"), 18, render=lambda r: text.status(r.status)),
]

PIPELINE_COLUMNS = [
    Column("item", n_("Item"), 14, flex=2, render=lambda r: text.name(r.name, r.name_en)),
    Column("this_week", n_("This week"), 10, align="right", render=lambda r: text.qty(r.this_week)),
    Column("in_transit", n_("In transit"), 10, align="right", render=lambda r: text.qty(r.in_transit)),
    Column("overdue", n_("Overdue"), 8, align="right", render=lambda r: text.qty(r.overdue)),
    Column("on_order", n_("On order"), 10, align="right", render=lambda r: text.qty(r.on_order)),
]

CONSIGNMENT_COLUMNS = [
    Column("number", n_("Number"), 15),
    Column("site", n_("Goes to"), 12, flex=2, render=lambda r: text.name(r.site_name, r.site_name_en)),
    Column("mode", n_("Travels by"), 5, render=lambda r: text.mode(r.mode)),
    Column("vehicle", n_("Plate/flight"), 9, drop=1),
    Column("quantity", n_("On board"), 8, align="right", render=lambda r: text.qty(r.quantity)),
    # 21: "⚠ 02-03 17:50 overdue" whole beside a scrollbar at 80 columns (the word goes only if narrower)
    Column("eta", n_("ETA"), 21, flex=1, render=lambda r: text.eta_cell(r.eta, r.overdue),
           fitted=lambda r, width: text.eta_cell(r.eta, r.overdue, width)),
]

LEAD_COLUMNS = [
    Column("supplier", n_("Supplier"), 16, flex=2, render=lambda r: text.name(r.supplier)),
    Column("channel", n_("Channel"), 8, render=lambda r: text.channel(r.channel)),
    Column("orders", n_("Orders"), 6, align="right"),
    Column("average_days", n_("Average"), 10, align="right", render=lambda r: fmt.days(r.average_days)),
    Column("longest_days", n_("Longest"), 10, align="right", render=lambda r: fmt.days(r.longest_days)),
]
