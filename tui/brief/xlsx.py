"""The daily brief as a workbook: one sheet per section, a header row, numbers stored as numbers.

Sheets are named in the current language. The figure sheets have two columns (figure, value);
the output-and-stock and the longest-open sheets are tables of their own. Times are stored as
date-time cells and ratios as fractions shown as percentages, so they can be summed and sorted.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from models import paths
from models.base import EnterpriseStatus
from models.services.brief import Brief
from tui.brief.funds_text import funds_sheet_table
from tui.brief.render import Table, item_table, oldest_table
from tui.brief.sheets import Row, donation_figures, fund_figures, transit_figures
from tui.brief.stock_text import book_table, supply_table
from tui.brief.transit_text import transit_table
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.shell.xlsx import append_row, header_row

#: Excel allows 31 characters in a sheet name and none of these
_NOT_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
FORMATS = {"qty": "#,##0", "output": "#,##0", "ratio": "0%", "time": "yyyy-mm-dd hh:mm", "hours": "0.0",
           "id": "0", "days": "0.0", "day": "yyyy-mm-dd", "money": "#,##0.00"}
#: quantities with a fraction ("#,##0.##" would show a whole number as "400,000.")
FRACTION = "#,##0.0#"


def number_format(kind: str, value: object) -> str:
    """The cell format of a value of ``kind``: quantities whole or with their fraction."""
    if kind in ("qty", "output") and isinstance(value, float) and not value.is_integer():
        return FRACTION
    return FORMATS[kind]


def sheet_name(text: str) -> str:
    return text.translate(_NOT_IN_SHEET_NAMES)[:31]


#: (sheet name, [(figure, value), ...])
Figures = list[tuple[str, list[tuple[str, object]]]]


def _figures(brief: Brief) -> tuple[Figures, Figures]:
    """The sections made of single figures: those before the output-and-stock table, those after it."""
    people, firms, licences, shortages = brief.people, brief.enterprises, brief.licences, brief.shortages
    return [
        (t("People"), [
            (t("As of"), brief.as_of),
            (t("Period from"), brief.since),
            (t("Taking part"), people.participating),
            (t("On duty in the period"), people.on_duty),
            (t("On site at the time of the brief"), people.on_site),
        ]),
        (t("Resumption"), [
            (t("On the directory"), firms.total),
            *((pt("enterprise status", status.value), firms.by_status[status.value]) for status in EnterpriseStatus),
            (t("Resumed, full load included"), firms.resumed),
            (t("Resumed in the period"), firms.resumed_in_period),
            (t("Had not reported yesterday's output"), brief.not_reported),
        ]),
    ], [
        (t("Licences"), [
            (t("Granted in all"), licences.granted_total),
            (t("Granted since yesterday"), licences.granted_in_period),
            *((row.enterprise, fmt.local_name(row.item, row.item_en) or row.kind) for row in licences.granted),
        ]),
        (t("Shortages"), [
            (t("Reported in the period"), shortages.opened),
            (t("Solved in the period"), shortages.solved),
            (t("Closed unresolved in the period"), shortages.closed),
            (t("Reported in all"), shortages.reported_total),
            (t("Solved in all"), shortages.solved_total),
            (t("Closed unresolved in all"), shortages.closed_total),
            (t("Still open"), shortages.still_open),
            (t("Critical, still open"), shortages.critical_open),
        ]),
    ]


def _figure_sheet(book: Workbook, name: str, rows: list[Row]) -> None:
    """A (figure, value) sheet; each value in the format its row names (a time's by default)."""
    sheet = book.create_sheet(sheet_name(name))
    header_row(sheet, [t("Figure"), t("Value")], [34, 18])
    for label, value, named in rows:
        append_row(sheet, [label, value])
        kind = named or ("time" if isinstance(value, datetime) else "")
        if kind and value is not None:
            sheet.cell(row=sheet.max_row, column=2).number_format = number_format(kind, value)


def _table_sheet(book: Workbook, name: str, table: Table, widths: list[int]) -> None:
    header, kinds, rows = table
    sheet = book.create_sheet(sheet_name(name))
    # a sheet has no sentence above its table to say whose output it is; and where the text shows
    # "2 d 3 h", a sheet keeps the hours as a number to sort and sum
    labels = {"output": t("Output yesterday"), "hours": t("Hours open")}
    header_row(sheet, [labels.get(kind, label) for label, kind in zip(header, kinds, strict=True)], widths)
    for row in rows:
        append_row(sheet, row)
        for k, kind in enumerate(kinds, start=1):
            if kind in FORMATS:
                sheet.cell(row=sheet.max_row, column=k).number_format = number_format(kind, row[k - 1])


def write_workbook(brief: Brief, path: Path) -> Path:
    """Write the brief to ``path`` (.xlsx, readable by its owner only); returns the path."""
    book = Workbook()
    book.remove(book.active)
    before, after = _figures(brief)
    for name, pairs in before:
        _figure_sheet(book, name, [(label, value, "") for label, value in pairs])
    _table_sheet(book, t("Output and stock"), item_table(brief), [24, 8, 16, 14, 14, 14, 14])
    for name, pairs in after:
        _figure_sheet(book, name, [(label, value, "") for label, value in pairs])
    _table_sheet(book, t("Open longest"), oldest_table(brief), [8, 24, 24, 10, 18, 12])
    if brief.has_stock:  # 入库 / 出库·调拨 / 结存 of the period, and the days of supply
        _table_sheet(book, t("Received, issued, closing"), book_table(brief), [24, 8, 14, 14, 14, 14, 14])
        _table_sheet(book, t("Days of supply"), supply_table(brief), [24, 8, 14, 14, 14, 14, 14, 14])
    for name, rows in transit_figures(brief):  # 在途
        _figure_sheet(book, name, rows)
    if brief.transit is not None and brief.transit.items:
        _table_sheet(book, t("On the way"), transit_table(brief), [24, 8, 14, 14, 14, 14])
    for name, rows in (*donation_figures(brief), *fund_figures(brief)):
        _figure_sheet(book, name, rows)
    if brief.funds is not None and brief.funds.has_data and brief.funds.by_source:
        _table_sheet(book, t("Funds by source"), funds_sheet_table(brief), [24, 14, 14, 14, 14, 14, 14])
    book.properties.title = t("Medical supplies guarantee: daily brief")
    path.parent.mkdir(parents=True, exist_ok=True)
    with paths.open_private(path) as handle:
        book.save(handle)
    return path
