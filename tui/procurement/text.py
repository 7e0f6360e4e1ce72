"""How the procurement screen words its states: an order's status and channel, a consignment's
status with its ETA (⚠ overdue), a leg's mode; each a word or a mark besides its colour."""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len
from rich.text import Text

from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.safe import for_tui

ORDER_STYLE = {"draft": "dim", "submitted": "bold", "approved": "cyan", "confirmed": "bold cyan",
               "partial": "yellow", "received": "green", "closed": "dim", "short_closed": "dim", "cancelled": "dim"}


def status(value: str) -> Text:
    return Text(pt("purchase status", value), style=ORDER_STYLE.get(value, ""))


def channel(value: str) -> str:
    return pt("purchase channel", value)


def transit(value: str) -> Text:
    return Text(pt("consignment status", value), style="bold" if value == "in_transit" else "")


def mode(value: str) -> str:
    return pt("transport mode", value) if value else ""


def customs(value: str) -> str:
    return pt("customs status", value)


def name(zh: str, en: str = "") -> str:
    return for_tui(fmt.local_name(zh, en))


def qty(value: int) -> str:
    return fmt.count(value)


def eta(value: datetime | None, overdue: bool) -> Text:
    if value is None:
        return Text("—", style="dim")
    if overdue:
        return Text("⚠ " + t("overdue, ETA {time}", time=fmt.moment(value)), style="bold red")
    return Text(fmt.moment(value))


def eta_cell(value: datetime | None, overdue: bool, width: int | None = None) -> Text:
    """A list's ETA: ``⚠ 02-05 17:50 overdue`` (the whole time in the consignment itself); where the
    column is narrower than that, the word goes and the mark stays (never a time cut in half)."""
    if value is None:
        return Text("—", style="dim")
    short = value.strftime("%m-%d %H:%M")
    if not overdue:
        return Text(short)
    whole = "⚠ " + short + " " + t("overdue")
    return Text(whole if width is None or cell_len(whole) <= width else "⚠ " + short, style="bold red")


def need_by(value: object, late: bool, urgent: bool) -> Text:
    mark = "! " if urgent else ""
    if value is None:
        return Text(mark + "—", style="dim")
    day = fmt.short_date(value)  # type: ignore[arg-type]
    return Text(("⚠ " if late else mark) + day, style="bold red" if late else ("yellow" if urgent else ""))


def money(cents: int | None, currency: str) -> str:
    return "—" if cents is None else f"{currency} {cents / 100:,.2f}"
