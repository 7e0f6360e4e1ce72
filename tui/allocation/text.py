"""How the allocation screen words its states: priority, status, the verbal order's paper and a late
delivery, each as a word or a mark besides its colour (a monochrome terminal still says it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from rich.text import Text

from models.services.allocation_views import ItemName
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.safe import for_tui

PRIORITY_STYLE = {"emergency": "bold red", "urgent": "yellow", "routine": ""}
PRIORITY_MARK = {"emergency": "‼", "urgent": "!", "routine": "·"}
OPEN_STYLE = {"submitted": "bold", "approved": "cyan", "issued": "bold", "in_transit": "bold"}


def priority(value: str) -> Text:
    return Text(f"{PRIORITY_MARK.get(value, '')} {pt('allocation priority', value)}",
                style=PRIORITY_STYLE.get(value, ""))


def status(value: str) -> Text:
    return Text(pt("allocation status", value), style=OPEN_STYLE.get(value, "dim"))


def name(zh: str, en: str) -> str:
    """A stored name in the current language, made safe for a cell."""
    return for_tui(fmt.local_name(zh, en))


def item(value: ItemName) -> str:
    return name(value.name, value.name_en)


def with_unit(zh: str, en: str, unit: str) -> str:
    """``Surgical mask (pieces)`` / ``医用外科口罩（只）``: a name and its unit in the current language."""
    return t("{name} ({unit})", name=name(zh, en), unit=for_tui(fmt.unit(unit)))


def item_with_unit(value: ItemName) -> str:
    return with_unit(value.name, value.name_en, value.unit)


def items(values: Sequence[ItemName]) -> str:
    return fmt.listing([item(v) for v in values])


def paper(verbal: bool, paper_no: str | None, due: datetime | None, overdue: bool) -> Text:
    """A verbal order's written order: its number once it came, else when it is due (⚠ when late)."""
    if not verbal:
        return Text(t("written"), style="dim")
    if paper_no:
        return Text(t("paper {number}", number=for_tui(paper_no)))
    if overdue:
        return Text("⚠ " + t("paper overdue since {time}", time=fmt.moment(due)), style="bold red")
    return Text(t("verbal · written order due {time}", time=fmt.moment(due)), style="yellow")


def paper_cell(verbal: bool, paper_no: str | None, due: datetime | None, overdue: bool) -> Text:
    """``paper`` for a list cell of 14 columns: the deadline as ``by 02-05 07:50`` (``⚠`` and red
    once overdue) — the column's title says what is due, the detail says it in full."""
    if not verbal or paper_no:
        return paper(verbal, paper_no, due, overdue)
    when = due.strftime("%m-%d %H:%M") if due else ""
    if overdue:
        return Text("⚠ " + when, style="bold red")
    return Text(t("by {time}", time=when), style="yellow")


def late(is_late: bool, minutes: int) -> Text:
    age = fmt.age(minutes)
    return Text("⚠ " + t("late, {age}", age=age), style="bold red") if is_late else Text(age)


def qty(value: int | None) -> str:
    return "—" if value is None else fmt.count(value)


def qty_in(width: int) -> Callable[[int | None], str]:
    """``qty`` for a column of ``width``: the exact count where it fits, else the compact figure
    (``1.2M``, ``120万``), never a cut number."""
    def shown(value: int | None) -> str:
        exact = qty(value)
        return exact if len(exact) <= width or value is None else fmt.qty(value)

    return shown
