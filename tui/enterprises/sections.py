"""The sections of an enterprise card as Rich renderables, from the card read model.

Columns are cut and padded by terminal cells (``fit_cell``), so Chinese names keep the figures
aligned at 80 columns; user text is always ``Text``, never markup, and what comes from the database
passes through ``safe`` (control, bidi and zero-width characters shown as visible escapes).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from models.services.enterprise_card import EnterpriseCard, ProductLine
from tui.i18n import format as fmt
from tui.i18n import pt, t, tn
from tui.i18n.safe import for_tui
from tui.widgets.flow import Flow
from tui.widgets.paged_table import fit_cell
from tui.widgets.sparkline import spark

# a raw-material figure, a time this week, a day: as tui.i18n.format writes them
amount, when, day = fmt.material, fmt.when, fmt.day


#: the columns of item and material names: wide enough for the catalogue's English names
#: ("Disposable medical mask", "Aluminium nose strips") at 80 columns
ITEM_WIDTH, MATERIAL_WIDTH = 24, 21
#: the widest the reserves' unit column grows to ("10k strips"; a longer stored unit is cut)
UNIT_WIDTH = 12

def safe(value: str | None) -> str:
    """A stored value for one line of the card (None: empty)."""
    return for_tui(value or "")


def row(*cells: tuple[str | Text, int, str], style: str = "") -> Text:
    """Cells of (value, width, align) joined by a space, each exactly ``width`` terminal cells."""
    line = Text(style=style)
    for value, width, align in cells:
        line.append_text(fit_cell(value, width, align))
        line.append(" ")
    line.rstrip()
    return line


def grid(pairs: Iterable[tuple[str, str | RenderableType]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for label, value in pairs:
        table.add_row(t(label), Text(for_tui(value, lines=True) or "—") if isinstance(value, str) else value)
    return table


def identity(card: EnterpriseCard) -> RenderableType:
    ident = card.identity
    status = Text(pt("enterprise status", ident.status))
    if ident.status_changed_at:
        status.append("  " + t("since {time}", time=when(ident.status_changed_at)), style="dim")
    pairs: list[tuple[str, str | Text]] = [
        ("Short name", ident.short_name),
        ("Credit code", ident.credit_code),
        ("District", ident.district),
        ("Park", ident.park),
        ("Address", ident.address),
        ("Contact person", " ".join(part for part in (ident.contact_person, ident.phone) if part)),
        ("Status", status),
        ("Products", fmt.listing([safe(fmt.local_name(p.name, p.name_en)) for p in card.products])),
    ]
    if ident.notes:
        pairs.append(("Notes", ident.notes))
    if ident.archived:
        pairs.append(("Archived", Text(safe(ident.archived_reason) or "—", style="bold yellow")))
    parts: list[RenderableType] = [grid(pairs)]
    if card.history:
        parts.append(Text(t("Status history"), style="bold"))
        for step in card.history[:6]:
            line = Text(f"  {when(step.at)}  ", no_wrap=True, overflow="ellipsis")
            before = pt("enterprise status", step.old) + " → " if step.old else ""
            line.append(before + pt("enterprise status", step.new))
            line.append(f"  {safe(step.by)}", style="dim")
            if step.reason:
                line.append("  ")
                line.append(safe(step.reason))
            parts.append(line)
    return Group(*parts)


def _product_lines(product: ProductLine, today: date) -> list[Text]:
    name = Text(safe(fmt.local_name(product.name, product.name_en)), style="bold")
    figures = row(
        (name, ITEM_WIDTH, "left"), (fmt.qty(product.capacity), 8, "right"),
        (fmt.qty(product.output) or "—", 8, "right"),
        (fmt.qty(product.stock) or "—", 8, "right"), (Text(" ") + spark(product.trend, product.capacity), 9, "left"),
    )
    city = Text("  ", style="dim")
    city.append(t("City: demand {demand}/day, capacity {capacity}/day", demand=fmt.qty(product.city_demand),
                   capacity=fmt.qty(product.city_capacity)), style="dim")
    if product.severely_short:
        city.append("  ")
        city.append(t("severely short"), style="bold red")
    if product.latest_date and product.latest_date != today:
        city.append("  " + t("last report {date}", date=product.latest_date.strftime("%m-%d")), style="yellow")
    elif product.latest_date is None:
        city.append("  " + t("never reported"), style="yellow")
    return [figures, city]


def production(card: EnterpriseCard) -> RenderableType:
    if not card.products:
        return Text(t("No products recorded."), style="dim")
    header = row((t("Item"), ITEM_WIDTH, "left"), (t("Capacity"), 8, "right"), (t("Output"), 8, "right"),
                 (t("Stock"), 8, "right"), (" " + t("7 days"), 9, "left"), style="dim")
    lines = [header]
    for product in card.products:
        lines += _product_lines(product, card.today)
    return Group(*lines)


def materials(card: EnterpriseCard) -> RenderableType:
    """Material, stock, daily use, unit, cover: each column as wide as what it shows (names up to
    ``MATERIAL_WIDTH``), the unit in a column of its own ("10k strips"), so that at 80 columns, and in
    the wide layout's half, no name, figure or unit is cut and the warning after a row stays on it."""
    if not card.reserves:
        return Text(t("No reserves recorded."), style="dim")
    header = [t("Material"), t("Stock"), t("Daily use"), t("Unit"), t("Cover")]
    cells = [[safe(fmt.local_name(r.name, r.name_en)), amount(r.quantity), amount(r.daily_use), safe(fmt.unit(r.unit)),
              fmt.days(r.cover_days) or "—"] for r in card.reserves]
    widths = [max(cell_len(value) for value in column) for column in zip(header, *cells, strict=True)]
    widths[0], widths[3] = min(widths[0], MATERIAL_WIDTH), min(widths[3], UNIT_WIDTH)
    widths[1] = max(widths[1], 6)  # figures a little apart from the names when both are short
    aligns = ("left", "right", "right", "left", "right")
    lines = [row(*zip(header, widths, aligns, strict=True), style="dim")]
    for reserve, values in zip(card.reserves, cells, strict=True):
        shown: list[str | Text] = [*values[:4], Text(values[4], style="bold red" if reserve.low else "")]
        line = row(*zip(shown, widths, aligns, strict=True))
        if reserve.low:
            line.append("  " + t("under {n} days", n=3), style="bold red")
        line.no_wrap, line.overflow = True, "ellipsis"
        lines.append(line)
    return Group(*lines)


def licences(card: EnterpriseCard) -> RenderableType:
    if not card.licences:
        return Text(t("No licences recorded."), style="dim")
    lines: list[RenderableType] = []
    for lic in card.licences:
        style = {"green_channel": "bold green", "applying": "yellow", "refused": "red"}.get(lic.status, "")
        line = Text()
        line.append_text(fit_cell(Text("● " + pt("licence status", lic.status), style=style), 16))
        line.append(safe(fmt.local_name(lic.item, lic.item_en)) or "—", style="bold")
        # the kind, the dates and the number each kept whole: a line goes on only between them
        parts = [Text(safe(lic.kind))] + [Text(part, style="dim") for part in (
            [t("applied {date}", date=day(lic.applied_on))] if lic.applied_on else []) + (
            [t("granted {date}", date=day(lic.granted_on))] if lic.granted_on else []) + (
            [safe(lic.number)] if lic.number else [])]
        lines += [line, Flow(parts, lead="  ", indent=4, separator_style="dim")]
    return Group(*lines)


def holiday(card: EnterpriseCard) -> RenderableType:
    if not card.plans:
        return Text(t("No holiday plan recorded."), style="dim")
    lines = []
    for plan in card.plans[:3]:
        line = Text()
        line.append(f"{day(plan.start)} – {day(plan.end)}  ", style="bold" if plan is card.plans[0] else "dim")
        line.append(tn("{n} shift, {workers} workers", "{n} shifts, {workers} workers", plan.shifts,
                       workers=plan.workers))
        if plan.notes:
            line.append("  ")
            line.append(safe(plan.notes))
        lines.append(line)
    return Group(*lines)


def people(card: EnterpriseCard) -> RenderableType:
    parts: list[RenderableType] = []
    # a cadre's name, unit, phone and "since 11-27" each kept whole: a line goes on only between them
    stationed = [Flow([Text(safe(cadre.name), style="bold"), safe(fmt.local_name(cadre.unit, cadre.unit_en)),
                       safe(cadre.phone), Text(t("since {time}", time=cadre.since.strftime("%m-%d")), style="dim")],
                      separator="  ", indent=2) for cadre in card.cadres]
    on_site = Text()
    for visit in card.on_site:
        if on_site:
            on_site.append("、")
        on_site.append(safe(visit.cadre), style="bold green")
        on_site.append(" " + t("since {time}", time=when(visit.check_in)), style="dim")
    parts.append(grid([("Stationed", Group(*stationed) if stationed else Text("—")),
                       ("On site now", on_site or Text(t("nobody")))]))
    if card.visits:
        parts.append(Text(t("Last check-ins"), style="bold"))
        for visit in card.visits:
            line = Text(f"  {when(visit.check_in)}–{visit.check_out.strftime('%H:%M') if visit.check_out else '…'}  ",
                        no_wrap=True, overflow="ellipsis")
            line.append(safe(visit.cadre))
            if visit.note:
                line.append("  ")
                line.append(safe(visit.note), style="dim")
            parts.append(line)
    return Group(*parts)


__all__ = ["holiday", "identity", "licences", "materials", "people", "production", "when"]
