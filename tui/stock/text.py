"""How the stock screens show their figures: the columns of the stock list and of the stock card,
and the near-expiry cell, which says its level in a mark and a word as well as in colour
(``!!`` under 3 months, ``!`` under 9, ``expired``), so a monochrome terminal loses nothing."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from models.services.stock_views import CardRow, StockRow
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.widgets.cells import Column

#: the style of each near-expiry level
EXPIRY_STYLE = {"expired": "bold red", "red": "bold red", "amber": "bold yellow"}


def expiry_cell(row: StockRow) -> Text:
    """``!! 45d`` (under 3 months), ``! 200d`` (under 9), ``expired``, or the days left plainly."""
    if row.expiry_days is None:
        return Text("")
    if row.near_expiry == "expired":
        return Text(t("expired"), style=EXPIRY_STYLE["expired"])
    days = t("{n}d", n=row.expiry_days)
    if row.near_expiry == "red":
        return Text("!! " + days, style=EXPIRY_STYLE["red"])
    if row.near_expiry == "amber":
        return Text("! " + days, style=EXPIRY_STYLE["amber"])
    return Text(days)


def site_name(row: Any) -> str:
    return fmt.local_name(row.site_name, row.site_name_en)


def item_name(row: Any) -> str:
    return fmt.local_name(row.item_name, row.item_name_en)


def days_of_supply(row: StockRow) -> str:
    return "—" if row.days_of_supply is None else fmt.days(row.days_of_supply)


STOCK_COLUMNS = [
    Column("site", "Warehouse", 12, flex=1, sort="site", render=site_name),
    Column("item", "Item", 12, flex=1, sort="item", render=item_name),
    Column("on_hand", "On hand", 7, align="right", sort="on_hand", render=lambda r: fmt.qty(r.on_hand)),
    Column("reserved", "Reserved", 8, align="right", drop=2, render=lambda r: fmt.qty(r.reserved)),
    Column("available", "Avail.", 7, align="right", sort="available", render=lambda r: fmt.qty(r.available)),
    Column("quarantine", "Quar.", 7, align="right", drop=3, render=lambda r: fmt.qty(r.quarantine)),
    Column("expiry", "Expiry", 7, render=expiry_cell),
    Column("days", "Supply", 6, align="right", sort="days", render=days_of_supply),
]


def quantity(row: CardRow) -> str:
    """The entry's quantity: signed for on hand, ``(+n)`` / ``(−n)`` for what went into or out of quarantine."""
    if row.kind == "hold":
        return f"(+{fmt.count(row.quantity)})"
    if row.kind == "release":
        return f"(-{fmt.count(row.quantity)})"
    return f"{row.quantity:+,}"


def entry_kind(row: CardRow) -> str:
    label = pt("stock entry", row.kind)
    return label + ("↺" if row.reverses_id is not None else "")


CARD_COLUMNS = [
    Column("at", "Time", 11, render=lambda r: r.at.strftime("%m-%d %H:%M")),
    Column("kind", "Kind", 7, render=entry_kind),
    Column("quantity", "Quantity", 11, align="right", render=quantity),
    Column("balance", "Lot after", 9, align="right", render=lambda r: fmt.count(r.balance_after)),
    Column("lot", "Lot", 8, flex=1, render=lambda r: Text(r.lot_code)),
    Column("doc", "Voucher", 15, render=lambda r: Text(r.doc_no or pt("stock reason", r.reason))),
    Column("login", "By", 8, drop=2, render=lambda r: Text(r.login)),
]
