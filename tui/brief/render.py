"""The daily brief as the group sends it: plain text (80 columns), Markdown, and files to keep.

The sentences follow the group's own reports ("截至2月3日12时，已有138人参与保障工作，…"); the same
sentences head each section of the text, the Markdown and (through ``tui.brief.xlsx``) the workbook.
Wide characters take two columns, so every width here is counted in terminal cells.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import SupportsFloat

from rich.cells import cell_len

from models import paths
from models.services.brief import Brief, OpenShortage
from models.services.dashboard import ItemSupply
from tui.i18n import format as fmt
from tui.i18n import pt, t, tn
from tui.i18n.safe import for_markdown, for_terminal

WIDTH = 80
#: characters a Chinese line must not begin with (they stay at the end of the line before)
NO_LINE_START = "，。；：、）》”！？…"
#: what a line may break between: a run of printable ASCII (a word, a number) with the wide character
#: that follows it ("53分", "120人": a figure stays with its unit), a space, any other character
_TOKENS = re.compile(r"[!-~]+[^\s!-~]?|\s|.")


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


def sections(brief: Brief) -> list[tuple[str, list[str], str]]:
    """(heading, sentences, the key of its table in TABLES or "") of each section, in order."""
    since, people, firms = since_text(brief), brief.people, brief.enterprises
    licences, shortages = brief.licences, brief.shortages
    below = sum(1 for item in brief.items if item.demand and item.output < item.demand)
    output_day = datetime.combine(brief.output_day, datetime.min.time())
    return [
        (t("1. People"), [t(
            "{as_of}, {participating} people are taking part in the work (coordinators: {coordinators}, "
            "field cadres: {field}); {on_duty} have been on duty {since}, {on_site} of them on site at {time}.",
            as_of=as_of_text(brief.as_of), participating=people.participating, coordinators=people.coordinators,
            field=people.field_cadres, on_duty=people.on_duty, since=since, on_site=people.on_site,
            time=clock_text(brief.as_of))], ""),
        (t("2. Enterprises resuming production"), [t(
            "{total} enterprises are on the directory; {resumed} have resumed production, {full_load} of them "
            "at full load; {newly} more resumed {since}.",
            total=firms.total, resumed=firms.resumed, full_load=firms.full_load, newly=firms.resumed_in_period,
            since=since)], ""),
        (t("3. Output and stock"), [t(
            "Yesterday's output ({day}) and stock of the {items} catalogue items against the daily demand: "
            "{below} of them made less than the demand.",
            day=day_text(output_day), items=len(brief.items), below=below)], "items" if brief.items else ""),
        (t("4. Licences"), [t(
            "{total} licences granted in all, {recent} of them since yesterday.",
            total=licences.granted_total, recent=licences.granted_in_period)], ""),
        (t("5. Shortages"), [t(
            "{opened} shortages reported {since}, {solved} solved and {closed} closed unresolved; of {total} "
            "reported in all, {solved_total} are solved, {closed_total} closed unresolved and {still_open} "
            "still open.",
            opened=shortages.opened, since=since, solved=shortages.solved, closed=shortages.closed,
            total=shortages.reported_total, solved_total=shortages.solved_total,
            closed_total=shortages.closed_total, still_open=shortages.still_open)], ""),
        (t("6. Shortages open longest"), [
            tn("The shortage open longest:", "The {n} shortages open longest:", len(shortages.oldest))
            if shortages.oldest else t("No shortage is open.")], "oldest" if shortages.oldest else ""),
    ]


#: a table: header, the kind of each column (text, qty, ratio, time, hours, id) and rows of plain values
Table = tuple[list[str], list[str], list[list[object]]]


def item_table(brief: Brief) -> Table:
    """The output-and-stock table (numbers as numbers; ``None`` where none applies)."""
    header = [t("Item"), t("Unit"), t("Output"), t("Stock"), t("Daily demand"), t("% of demand")]
    kinds = ["text", "text", "output", "qty", "qty", "ratio"]
    rows: list[list[object]] = [
        [item_name(i), i.unit, i.output, i.stock, i.demand, (i.output / i.demand) if i.demand else None]
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


#: the tables: how to build each, and its text layout (column widths in cells, right-aligned columns)
TABLES = {
    "items": (item_table, [22, 4, 10, 10, 12, 11], {2, 3, 4, 5}),
    "oldest": (oldest_table, [5, 16, 18, 8, 11, 10], {0, 5}),
}


def _cell(value: object, kind: str) -> str:
    """A table value as text: numbers grouped, ratios as percentages, times short, hours as d/h."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%m-%d %H:%M")
    if kind == "ratio" and isinstance(value, SupportsFloat):
        return f"{float(value):.0%}"
    if kind == "hours" and isinstance(value, SupportsFloat):
        return hours_text(float(value))
    if isinstance(value, float):
        return num(value)
    return str(value)


def text_rows(kinds: list[str], rows: list[list[object]]) -> list[list[str]]:
    return [[_cell(value, kinds[k]) for k, value in enumerate(row)] for row in rows]


# --- plain text ---------------------------------------------------------------------------------------


def wrap(text: str, width: int = WIDTH) -> list[str]:
    """Lines of at most ``width`` cells, broken at spaces or between two wide characters (never
    inside a number or an English word), with closing punctuation kept off the start of a line."""
    lines: list[str] = []
    line: list[str] = []
    for token in _TOKENS.findall(text):
        if cell_len("".join(line) + token) > width and "".join(line).strip():
            # closing punctuation takes the token before it along to the next line
            carry = [line.pop()] if token in NO_LINE_START and len(line) > 1 else []
            lines.append("".join(line).rstrip())
            line = carry + ([] if token.isspace() else [token])
        else:
            line.append(token)
    last = "".join(line).rstrip()
    return [*lines, last] if last or not lines else lines


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis when it is longer."""
    if cell_len(text) <= width:
        return text
    while cell_len(text) > width - 1:
        text = text[:-1]
    return text + "…"


def table(header: list[str], rows: list[list[str]], widths: list[int], right: set[int]) -> list[str]:
    """An aligned table: columns of ``widths`` cells, the ``right`` ones right-aligned, two spaces apart."""

    def line(values: list[str]) -> str:
        cells = []
        for k, value in enumerate(values):
            shown = fit(for_terminal(value), widths[k])  # names come from the database as stored
            pad = " " * (widths[k] - cell_len(shown))
            cells.append(pad + shown if k in right else shown + pad)
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return [line(header), rule, *(line(r) for r in rows)]


def render_text(brief: Brief, *, width: int = WIDTH) -> str:
    """The brief as plain text, its sentences wrapped at ``width`` cells (80: readable in any terminal)."""
    out = [title(), as_of_text(brief.as_of), ""]
    for heading, sentences, key in sections(brief):
        out.append(heading)
        for sentence in sentences:
            out.extend(wrap(for_terminal(sentence), width))
        if key:
            build, widths, right = TABLES[key]
            header, kinds, rows = build(brief)
            out.extend(table(header, text_rows(kinds, rows), widths, right))
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
            build, _, right = TABLES[key]
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


def save_brief(brief: Brief, directory: Path) -> list[Path]:
    """Write ``brief-YYYYMMDD-HHMM.md`` and ``.xlsx`` into ``directory`` (made 0700 if missing); their paths."""
    directory = paths.private_folder(Path(directory))
    stem = f"brief-{brief.as_of:%Y%m%d-%H%M}"
    markdown = write_text(render_markdown(brief), directory / f"{stem}.md")
    return [markdown, write_xlsx(brief, directory / f"{stem}.xlsx")]


__all__ = ["as_of_text", "render_markdown", "render_text", "save_brief", "sections", "write_text", "write_xlsx"]
