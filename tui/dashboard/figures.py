"""The dashboard's figures as lines of text: supply per item, enterprises, shortages, people, districts.

Plain functions from the read models of ``models.services.dashboard`` to Rich text, so the screen
only arranges them. Each figure that opens a list carries its key in brackets (``[r]``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.console import JustifyMethod
from rich.text import Text

from models.base import EnterpriseStatus, Severity
from models.dashboard_view import Dashboard, DistrictStatus, ItemSupply
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.safe import for_tui
from tui.shortages.text import SEVERITY_STYLE
from tui.widgets.sparkline import spark

#: (title msgid, align) of the figure columns of the supply table, after the item
SUPPLY_COLUMNS: tuple[tuple[str, JustifyMethod], ...] = (
    ("Capacity", "right"), ("Output", "right"), ("Stock", "right"), ("Demand", "right"), ("7 days", "left"))
#: before an output below demand
SHORT_MARK = "↓"
STATUS_STYLE = {EnterpriseStatus.FULL_LOAD: "bold green", EnterpriseStatus.RESUMED: "green",
                EnterpriseStatus.NOT_RESUMED: "yellow", EnterpriseStatus.STOPPED: "red"}


def item_name(item: ItemSupply) -> str:
    return fmt.local_name(item.name, item.name_en)


def _key(key: str) -> Text:
    return Text(f" [{key}]", style="dim")


def _figure(label: str, value: int | float | str, style: str = "") -> Text:
    """``label value``; the label may be a stored code (a shortage kind): shown escaped."""
    out = Text(for_tui(label) + " ")
    out.append(value if isinstance(value, str) else f"{value:,}", style=style or "bold")
    return out


def _packed(parts: list[Text], width: int) -> list[Text]:
    """Figures joined by " · " into lines of at most ``width`` cells, never breaking inside a figure."""
    lines: list[Text] = []
    line = Text()
    for part in parts:
        if line.cell_len and line.cell_len + 3 + part.cell_len > width:
            lines.append(line)
            line = Text("  ")
        elif line.cell_len:
            line.append(" · ", style="dim")
        line.append_text(part)
    return [*lines, line] if line.cell_len else lines


def figure_lines(data: Dashboard, *, width: int) -> Text:
    """Everything below the supply table: enterprises, shortages, the oldest one, kinds, people."""
    groups = [enterprise_figures(data), *shortage_figures(data, now=data.now), kind_figures(data), people_figures(data)]
    return Text("\n").join(line for parts in groups for line in _packed(parts, width))


def supply_header() -> list[Text]:
    return [Text(t("Item")), *(Text(t(title), justify=align) for title, align in SUPPLY_COLUMNS)]


def supply_cells(item: ItemSupply) -> list[Text]:
    """One row of the supply table: the name (★ when severely short), figures, the 7-day trend."""
    name = Text()
    name.append("★" if item.severely_short else " ", style="bold red")
    name.append(for_tui(item_name(item)), style="bold" if item.severely_short else "")
    short = item.demand > 0 and item.output < item.demand
    return [name, Text(fmt.qty(item.capacity), justify="right"),
            # below demand: a mark as well as the colour (a console without colours, a colour-blind eye)
            Text((SHORT_MARK if short else "") + (fmt.qty(item.output) or "0"), style="red" if short else "green",
                 justify="right"),
            Text(fmt.qty(item.stock) or "0", justify="right"), Text(fmt.qty(item.demand), justify="right"),
            spark(item.trend, max(item.capacity, item.demand, *item.trend, 1))]


def enterprise_figures(data: Dashboard) -> list[Text]:
    e = data.enterprises
    parts = [_figure(t("Enterprises"), e.total)]
    for status in (EnterpriseStatus.FULL_LOAD, EnterpriseStatus.RESUMED, EnterpriseStatus.NOT_RESUMED,
                   EnterpriseStatus.STOPPED):
        parts.append(_figure(pt("enterprise status", status.value), e.by_status.get(status.value, 0),
                             STATUS_STYLE[status]))
    late = _figure(pt("dashboard figure", "not reported today"), e.not_reported_today,
                   "bold yellow" if e.not_reported_today else "")
    parts.append(late + _key("r"))
    return parts


def shortage_figures(data: Dashboard, *, now: datetime) -> list[list[Text]]:
    """Three lines: open ones by severity; overdue, escalation, today's; the oldest open one."""
    s = data.shortages
    first = [_figure(t("Open shortages"), s.open_total)]
    for severity in reversed(list(Severity)):
        count = s.open_by_severity.get(severity.value, 0)
        label = _figure(pt("severity", severity.value), count, SEVERITY_STYLE[severity.value] if count else "")
        first.append(label + _key("c") if severity is Severity.CRITICAL else label)
    second = [_figure(t("overdue"), s.overdue, "bold red" if s.overdue else "") + _key("!"),
              _figure(t("due for escalation"), s.escalation_due, "bold yellow" if s.escalation_due else "") + _key("^"),
              _figure(t("opened today"), s.opened_today), _figure(t("solved today"), s.solved_today, "green")]
    lines = [first, second]
    if s.oldest is not None:
        oldest = Text(t("Oldest open: "))
        oldest.append(for_tui(s.oldest.enterprise), style="bold")
        oldest.append(f" {for_tui(pt('shortage kind', s.oldest.kind))} ")
        oldest.append(for_tui(pt("severity", s.oldest.severity)), style=SEVERITY_STYLE.get(s.oldest.severity, ""))
        oldest.append(" " + t("for {age}", age=age(now - s.oldest.reported_at)))
        lines.append([oldest + _key("o")])
    return lines


def age(delta: timedelta) -> str:
    return fmt.age_in_words(int(delta.total_seconds() // 3600))


def people_figures(data: Dashboard) -> list[Text]:
    p = data.people
    return [
        _figure(t("On site now"), p.on_site_now, "bold green") + _key("p"),
        _figure(t("checked in today"), p.checked_in_today) + _key("m"),
        _figure(t("hours this week"), f"{p.hours_this_week:,.0f}"),
        _figure(t("unstaffed"), p.unstaffed, "bold yellow" if p.unstaffed else "") + _key("u"),
    ]


def district_header() -> list[Text]:
    return [Text(t("District")), Text(t("All"), justify="right"),
            *(Text(pt("enterprise status", s.value), justify="right") for s in EnterpriseStatus)]


def district_cells(district: DistrictStatus) -> list[Text]:
    """One row of the districts table: the district, all its enterprises, then each status."""
    return [Text(for_tui(fmt.district(district.name))), Text(f"{district.total:,}", justify="right"),
            *(Text(f"{district.counts.get(s.value, 0):,}", justify="right") for s in EnterpriseStatus)]


def kind_figures(data: Dashboard) -> list[Text]:
    kinds = sorted(data.shortages.open_by_kind.items(), key=lambda kv: (-kv[1], kv[0]))
    parts = [_figure(pt("shortage kind", kind), count) for kind, count in kinds] or [Text(t("none"))]
    return [Text(t("Open by kind: "), style="bold") + parts[0], *parts[1:]]


__all__ = ["SHORT_MARK", "SUPPLY_COLUMNS",
           "district_cells", "district_header", "figure_lines", "item_name", "supply_cells",
           "supply_header"]
