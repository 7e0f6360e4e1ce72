"""What the detail of a shortage shows above and below its timeline: the facts, two pairs a line,
with the description and the marks; the suppliers of its material or item; its open purchase
orders with their progress; and the supplier picker of the "supplier contacted" and "reserve unit notified" steps."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from models import clock
from models.services.shortage_orders import ShortageProcurement
from models.services.shortage_views import ShortageDetail, SupplierView
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.lines import Wrapped
from tui.i18n.safe import for_tui
from tui.shortages.text import (
    ESCALATION_MARK,
    OVERDUE_MARK,
    SEVERITY_STYLE,
    age,
    group_label,
    kind_label,
    level_label,
    material_name,
    quantity,
    severity_label,
    status_label,
    what,
)


def supplier_options(d: ShortageDetail, everyone: list[SupplierView], *,
                     reserve: bool = False) -> list[tuple[int, str, str]]:
    """The suppliers of this material or item first, then every other one, then 'not in the list'.

    ``reserve`` (the "reserve unit notified" step): the reserve units only, those holding this item
    first; every supplier while none is marked as a reserve unit, so the step still names someone.
    """
    if reserve and any(s.reserve_unit for s in everyone):
        everyone = [s for s in everyone if s.reserve_unit]
    offered = {s.id for s in everyone}
    first = [s for s in d.suppliers if s.id in offered]
    ordered = first + [s for s in everyone if s not in first]
    options = [(s.id, f"{s.name} · {fmt.region(s.region)}" if s.region else s.name, f"{s.key}|{s.notes}")
               for s in ordered]
    return [*options, (0, t("— not in the list —"), "none")]


def facts(d: ShortageDetail) -> Group:
    """The facts as label/value pairs, two pairs a line, then the description and the marks."""
    r = d.row
    pairs: list[tuple[str, RenderableType]] = [
        (t("Kind"), Text(kind_label(r.kind))),
        (t("Material/item"), what(r) or Text("—")),
        (t("Severity"), Text(severity_label(r.severity), style=SEVERITY_STYLE.get(r.severity, ""))),
        (t("Status"), Text(status_label(r.status), style="bold")),
        (t("Level"), Text(level_label(r.level))),
        (t("Special group"), Text(group_label(r.group, r.group_en) or "—")),
        (t("Assignee"), Text(for_tui(r.assignee) or "—")),
        (t("Need by"), Text(r.need_by.isoformat() if r.need_by else "—", style="bold red" if r.overdue else "")),
        (t("Reported"), Text(f"{clock.fmt(r.reported_at)} {for_tui(d.reported_by_name or r.reported_by)}")),
        (t("Open for") if r.active else t("Took"), Text(age(r.reported_at, r.resolved_at))),
        (t("Contact"), Text(for_tui(" ".join(x for x in (d.contact, d.phone) if x)) or "—")),
    ]
    if d.reserve is not None:
        unit = d.reserve.unit
        reserve = t("{stock}, {use} a day, {days}", stock=quantity(d.reserve.quantity, unit),
                    use=quantity(d.reserve.daily_use, unit), days=fmt.days(d.reserve.cover_days))
        # the unit is stored text; a narrow column breaks the line after a phrase (可用 16.9天 stays whole)
        pairs.append((t("Reserve"), Wrapped(for_tui(reserve))))
    grid = Table.grid(padding=(0, 1), expand=True)
    for _ in range(2):
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
    for i in range(0, len(pairs), 2):
        left, right = pairs[i], pairs[i + 1] if i + 1 < len(pairs) else ("", Text(""))
        grid.add_row(Text(left[0]), left[1], Text(right[0]), right[1])
    parts: list[RenderableType] = [grid]
    if r.description:
        parts.append(Text.assemble((t("Description") + t(": "), "bold"), for_tui(r.description, lines=True)))
    if d.resolution:
        parts.append(Text.assemble((t("Resolution") + t(": "), "bold"), for_tui(d.resolution, lines=True)))
    if r.escalation_due:
        due = t("Unsolved for over 24 hours at district level: escalate it to the city")
        parts.append(Text(f"{ESCALATION_MARK} {due}", style="bold yellow"))
    if r.overdue:
        parts.append(Text(f"{OVERDUE_MARK} " + t("Past its need-by date"), style="bold red"))
    return Group(*parts)


def suppliers(d: ShortageDetail) -> Group | str:
    r = d.row
    if not (r.material or r.kind == "raw_material"):
        return ""
    what = for_tui(material_name(r.material, r.material_en)) or "—"
    title = Text(t("Suppliers of {what} ({n})", what=what, n=len(d.suppliers)), style="bold underline")
    if not d.suppliers:
        return Group(title, Text(t("No supplier is listed for it"), style="dim"))
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    for s in d.suppliers:
        region = for_tui(fmt.region(s.region))
        where = t("{region} (abroad)", region=region) if s.foreign else region
        table.add_row(Text(for_tui(s.name)), Text(where),
                      Text(for_tui(s.contact) or "—"), Text(for_tui(s.phone)))
    return Group(title, table)


def open_orders(found: ShortageProcurement) -> Group | str:
    """The open purchase orders for it (``b`` starts one), each with its progress: taken in of owed."""
    if not found.open_orders:
        return ""
    title = Text(t("Open orders ({n})", n=len(found.open_orders)), style="bold underline")
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, justify="right")
    for order in found.open_orders:
        unit = for_tui(fmt.unit(order.unit)) if order.unit else ""
        progress = t("{accepted} of {owed} {unit} in", accepted=fmt.count(order.accepted), owed=fmt.count(order.owed),
                     unit=unit)
        table.add_row(Text(order.number), Text(for_tui(order.supplier)), Text(pt("purchase status", order.status)),
                      Text(" ".join(progress.split())))
    return Group(title, table)
