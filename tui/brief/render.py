"""The daily brief as the group sends it: plain text (80 columns), Markdown, and files to keep.

The sentences follow the group's own reports ("截至2月3日12时，已有138人参与保障工作，…"); the same
sentences head each section of the text, the Markdown and (through ``tui.brief.xlsx``) the workbook.
Wide characters take two columns, so every width here is counted in terminal cells.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import SupportsFloat

from rich.cells import cell_len

from models import paths
from models.dashboard_view import ItemSupply
from models.services.brief import Brief, OpenShortage
from tui.brief.donation_text import donation_sections
from tui.brief.funds_text import FUNDS_TABLES, funds_sections
from tui.brief.stock_text import STOCK_TABLES, stock_sections
from tui.brief.transit_text import TRANSIT_TABLES, transit_sections
from tui.i18n import current_language, lines, pt, t, tn
from tui.i18n import format as fmt
from tui.i18n.safe import for_markdown, for_terminal

WIDTH = 80

# --- words and numbers --------------------------------------------------------------------------------

# the figures, times and days of the brief are written by tui.i18n.format
num, clock_text, day_text, as_of_text = fmt.exact, fmt.clock_time, fmt.day_of_month, fmt.as_of
hours_text = fmt.days_and_hours


def item_name(item: ItemSupply) -> str:
    return fmt.local_name(item.name, item.name_en)


def since_text(brief: Brief) -> str:
    """``昨日12时以来`` / ``since 12:00 yesterday``: the period of the "new" figures."""
    return t("since {time} yesterday", time=clock_text(brief.since))


def shortage_what(row: OpenShortage) -> str:
    """``Raw material: Melt-blown fabric`` / ``原材料：熔喷布``."""
    what = fmt.local_name(row.what, row.what_en)
    return t("{kind}: {what}", kind=pt("shortage kind", row.kind), what=what) if what else pt("shortage kind", row.kind)


# --- the sentences ------------------------------------------------------------------------------------


def title() -> str:
    return t("Medical supplies guarantee: daily brief")


def _supply_sentences(brief: Brief) -> list[str]:
    """What the chief reads first about output: items whose capacity cannot meet the demand even at
    full load (the key message), the items below demand and by how much, who had not reported."""
    output_day = datetime.combine(brief.output_day, datetime.min.time())
    short = [i for i in brief.items if i.demand and i.capacity < i.demand]
    below = [i for i in brief.items if i.demand and i.output < i.demand]
    out = [t("Even at full load, capacity cannot meet the daily demand: {list}.", list=t("; ").join(
        t("{item} {capacity} a day against {demand}", item=item_name(i), capacity=num(i.capacity),
          demand=num(i.demand)) for i in short))] if short else []
    if below:
        out.append(t("Yesterday ({day}) {below} of the {items} catalogue items made less than the daily demand: "
                     "{list}.", day=day_text(output_day), below=len(below), items=len(brief.items),
                     list=t("; ").join(t("{item} {percent} of demand", item=item_name(i),
                                         percent=f"{i.output / i.demand:.0%}") for i in below)))
    else:
        out.append(t("Yesterday ({day}) every catalogue item with a demand made at least the daily demand.",
                     day=day_text(output_day)))
    if brief.not_reported:
        out.append(tn("{n} enterprise had not reported yesterday's output by {time}; the figures leave it out.",
                      "{n} enterprises had not reported yesterday's output by {time}; the figures leave them out.",
                      brief.not_reported, time=clock_text(brief.as_of)))
    return out


def _licence_sentences(brief: Brief) -> list[str]:
    licences = brief.licences
    out = [t("{total} licences granted in all, {recent} of them since yesterday.",
             total=licences.granted_total, recent=licences.granted_in_period)]
    if licences.granted:
        out.append(t("Granted since yesterday: {list}.", list=t("; ").join(
            t("{kind}: {what}", kind=row.enterprise, what=fmt.local_name(row.item, row.item_en) or row.kind)
            for row in licences.granted)))
    return out


def sections(brief: Brief) -> list[tuple[str, list[str], str]]:
    """(heading, sentences, the key of its table in TABLES or "") of each section, in order.

    A brief for a time before anything was recorded says so, rather than a page of zeros."""
    if not brief.has_data:
        return [(t("Nothing on record"), [t("{as_of}, nothing had been recorded yet: the work had not begun.",
                                            as_of=as_of_text(brief.as_of))], "")]
    since, people, firms = since_text(brief), brief.people, brief.enterprises
    shortages = brief.shortages
    return [
        (t("1. People"), [t(
            "{as_of}, {participating} people have taken part in the work; {on_duty} have been on duty {since}, "
            "{on_site} of them on site at {time}.",
            as_of=as_of_text(brief.as_of), participating=people.participating, on_duty=people.on_duty,
            since=since, on_site=people.on_site, time=clock_text(brief.as_of))], ""),
        (t("2. Enterprises resuming production"), [t(
            "{total} enterprises are on the directory; {resumed} have resumed production, {full_load} of them "
            "at full load; {newly} more resumed {since}.",
            total=firms.total, resumed=firms.resumed, full_load=firms.full_load, newly=firms.resumed_in_period,
            since=since)], ""),
        (t("3. Output and stock"), _supply_sentences(brief), "items" if brief.items else ""),
        (t("4. Licences"), _licence_sentences(brief), ""),
        (t("5. Shortages"), [t(
            "{opened} shortages reported {since}, {solved} solved and {closed} closed unresolved; of {total} "
            "reported in all, {solved_total} are solved, {closed_total} closed unresolved and {still_open} "
            "still open, {critical} of them critical.",
            opened=shortages.opened, since=since, solved=shortages.solved, closed=shortages.closed,
            total=shortages.reported_total, solved_total=shortages.solved_total,
            closed_total=shortages.closed_total, still_open=shortages.still_open,
            critical=shortages.critical_open)], ""),
        (t("6. Open shortages"), [
            t("Open shortages, critical first, then the oldest:") if shortages.oldest else t("No shortage is open.")],
         "oldest" if shortages.oldest else ""),
        *stock_sections(brief),
        *transit_sections(brief),
        *donation_sections(brief),
        *funds_sections(brief),
    ]


#: a table: header, the kind of each column (text, qty, ratio, time, hours, id) and rows of plain values
Table = tuple[list[str], list[str], list[list[object]]]


def item_table(brief: Brief) -> Table:
    """The output-and-stock table (numbers as numbers; ``None`` where none applies)."""
    header = [t("Item"), t("Unit"), t("Output"), t("Stock"), t("Capacity"), t("Daily demand"), t("% of demand")]
    kinds = ["text", "text", "output", "qty", "qty", "qty", "ratio"]
    rows: list[list[object]] = [
        [item_name(i), fmt.unit(i.unit, short=True), i.output, i.stock, i.capacity, i.demand,
         (i.output / i.demand) if i.demand else None]
        for i in brief.items]
    return header, kinds, rows


def oldest_table(brief: Brief) -> Table:
    """The shortages open longest, oldest first."""
    header = [t("No."), t("Enterprise"), t("Shortage of"), t("Severity"), t("Reported"), t("Open for")]
    kinds = ["id", "text", "text", "text", "time", "hours"]
    rows: list[list[object]] = [
        [row.shortage_id, row.enterprise, shortage_what(row), pt("severity", row.severity), row.reported_at,
         row.hours_open]
        for row in brief.shortages.oldest]
    return header, kinds, rows


#: the tables: how to build each, and its right-aligned columns
TABLES = {
    "items": (item_table, {2, 3, 4, 5, 6}),
    "oldest": (oldest_table, {0, 5}),
    **STOCK_TABLES,
    **TRANSIT_TABLES,
    **FUNDS_TABLES,
}


def _cell(value: object, kind: str) -> str:
    """A table value as text: numbers grouped, ratios as percentages, times short, hours as d/h."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%m-%d %H:%M")
    if kind == "ratio" and isinstance(value, SupportsFloat):
        return f"{float(value):.0%}"
    if kind == "days" and isinstance(value, SupportsFloat):
        return fmt.days(float(value))
    if kind == "hours" and isinstance(value, SupportsFloat):
        return hours_text(float(value))
    if isinstance(value, float):
        return num(value)
    return str(value)


def text_rows(kinds: list[str], rows: list[list[object]]) -> list[list[str]]:
    return [[_cell(value, kinds[k]) for k, value in enumerate(row)] for row in rows]


# --- plain text ---------------------------------------------------------------------------------------


def wrap(text: str, width: int | None = WIDTH) -> list[str]:
    """The brief's lines: broken at spaces or after the punctuation closing a phrase, never inside a
    phrase that fits a line (``tui.i18n.lines``, the rule of the screens too)."""
    return lines.wrap(text, width)


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis when it is longer."""
    if cell_len(text) <= width:
        return text
    while cell_len(text) > width - 1:
        text = text[:-1]
    return text + "…"


#: the narrowest a text column is squeezed to on a narrow terminal
MIN_COLUMN = 6


def _widest_phrase(value: str) -> int:
    """The cells of the widest piece ``value`` may not be broken inside: an English word, a Chinese
    phrase with its closing punctuation (``tui.i18n.lines``), a number."""
    return max((cell_len(piece) for piece in lines.phrases(for_terminal(value))), default=0)


def column_widths(header: list[str], rows: list[list[str]], right: set[int],
                  width: int | None) -> tuple[list[int], int]:
    """Each column as wide as its widest cell, two spaces apart: (the widths, the gap). On a ``width``
    too narrow for that, cells wrap inside their column rather than being cut: first a heading wider
    than its figures ("Days of supply"), then the gap narrows to one space, then the text columns
    (names) wrap, widest first, each down to its widest word or Chinese phrase. Only when that is still
    too wide are names cut with an ellipsis, down to ``MIN_COLUMN``. Figures never are."""
    count = len(header)
    data = [max((cell_len(for_terminal(row[k])) for row in rows), default=0) for k in range(count)]
    widths = [max(data[k], cell_len(for_terminal(header[k]))) for k in range(count)]
    if width is None:
        return widths, 2
    # the floor of each column at each step: headings wrap down to their figures, then names to their words
    heading_floor = [max(data[k], _widest_phrase(header[k])) for k in range(count)]
    word_floor = [heading_floor[k] if k in right else
                  max([_widest_phrase(header[k])] + [_widest_phrase(row[k]) for row in rows]) for k in range(count)]
    cut_floor = [heading_floor[k] if k in right else max(MIN_COLUMN, _widest_phrase(header[k]))
                 for k in range(count)]
    gap = 2
    for floor in (heading_floor, None, word_floor, cut_floor):
        if floor is None:
            gap = 1 if sum(widths) + 2 * (count - 1) > width else 2
            continue
        excess = sum(widths) + gap * (count - 1) - width
        while excess > 0:
            k = max((k for k in range(count) if widths[k] > floor[k]), key=lambda k: widths[k], default=None)
            if k is None:
                break
            widths[k] -= 1
            excess -= 1
    return widths, gap


def _cell_lines(value: str, width: int) -> list[str]:
    """A cell in lines of at most ``width`` cells: wrapped between words or phrases; a word wider than
    the column (a last resort, see ``column_widths``) cut with an ellipsis."""
    value = for_terminal(value)  # names come from the database as stored
    if cell_len(value) <= width:
        return [value]
    return [fit(line, width) for line in wrap(value, width)]


def table(header: list[str], rows: list[list[str]], right: set[int], width: int | None = None) -> list[str]:
    """An aligned table, the ``right`` columns right-aligned, two spaces apart (see ``column_widths``);
    a cell too wide for its column goes on over more lines (a heading's first lines above, so that its
    last line sits on the rule)."""
    widths, gap = column_widths(header, rows, right, width)

    def block(values: list[str], *, bottom: bool = False) -> list[str]:
        cells = [_cell_lines(value, widths[k]) for k, value in enumerate(values)]
        height = max(len(c) for c in cells)
        cells = [([""] * (height - len(c)) + c) if bottom else (c + [""] * (height - len(c))) for c in cells]
        out = []
        for n in range(height):
            parts = []
            for k, column in enumerate(cells):
                pad = " " * (widths[k] - cell_len(column[n]))
                parts.append(pad + column[n] if k in right else column[n] + pad)
            out.append((" " * gap).join(parts).rstrip())
        return out

    rule = (" " * gap).join("-" * w for w in widths)
    return [*block(header, bottom=True), rule, *(line for r in rows for line in block(r))]


def render_text(brief: Brief, *, width: int | None = WIDTH) -> str:
    """The brief as plain text, its sentences wrapped at ``width`` cells; ``None``: one line per
    sentence and tables as wide as their names (a file or a mail wraps as its reader likes)."""
    out = [title(), as_of_text(brief.as_of), ""]
    for heading, sentences, key in sections(brief):
        out.append(heading)
        for sentence in sentences:
            out.extend(wrap(for_terminal(sentence), width))
        if key:
            build, right = TABLES[key]
            header, kinds, rows = build(brief)
            out.extend(table(header, text_rows(kinds, rows), right, width))
        out.append("")
    return "\n".join(out)


# --- Markdown -----------------------------------------------------------------------------------------


def _md_row(values: list[str]) -> str:
    return "| " + " | ".join(for_markdown(v) for v in values) + " |"


def _md_table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    rule = ["---:" if k in right else "---" for k in range(len(header))]
    return [_md_row(header), "| " + " | ".join(rule) + " |", *(_md_row(r) for r in rows)]


def render_markdown(brief: Brief) -> str:
    out = [f"# {title()}", "", f"**{as_of_text(brief.as_of)}**", ""]
    for heading, sentences, key in sections(brief):
        out += [f"## {heading}", "", *(for_terminal(sentence) for sentence in sentences), ""]
        if key:
            build, right = TABLES[key]
            header, kinds, rows = build(brief)
            out += [*_md_table(header, text_rows(kinds, rows), right), ""]
    return "\n".join(out)


# --- files --------------------------------------------------------------------------------------------


def write_xlsx(brief: Brief, path: Path) -> Path:
    """The workbook, one sheet per section (see ``tui.brief.xlsx``)."""
    from tui.brief.xlsx import write_workbook

    return write_workbook(brief, Path(path))


def write_text(text: str, path: Path) -> Path:
    """``text`` into ``path`` (UTF-8), readable by its owner only: a brief holds the group's figures."""
    with paths.open_private(Path(path)) as handle:
        handle.write(text.encode("utf-8"))
    return Path(path)


def brief_stem(brief: Brief, directory: Path) -> str:
    """``brief-YYYYMMDD-HHMM-<language>``, with ``-2``, ``-3``… when a brief of that name is there
    already (the same moment made again, e.g. after a late report): a saved brief is never overwritten."""
    base = f"brief-{brief.as_of:%Y%m%d-%H%M}-{current_language()}"
    taken = {path.stem for path in directory.glob(f"{base}*")}
    return next(stem for stem in (base if n == 1 else f"{base}-{n}" for n in range(1, len(taken) + 2))
                if stem not in taken)


def save_brief(brief: Brief, directory: Path) -> list[Path]:
    """Write ``<stem>.md`` and ``<stem>.xlsx`` (see ``brief_stem``) into ``directory`` (made 0700 if
    missing); their paths."""
    directory = paths.private_folder(Path(directory))
    stem = brief_stem(brief, directory)
    markdown = write_text(render_markdown(brief), directory / f"{stem}.md")
    return [markdown, write_xlsx(brief, directory / f"{stem}.xlsx")]


__all__ = ["as_of_text", "brief_stem", "render_markdown", "render_text", "save_brief", "sections", "write_text",
           "write_xlsx"]
