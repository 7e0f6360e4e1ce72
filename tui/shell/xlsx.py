"""Rows of a workbook written safely: every string stored as text (escaped, never read as a
formula: a name like ``=HYPERLINK(...)`` would otherwise run when the sheet is opened) and a bold,
frozen header row. The brief and the list exports write their sheets through these."""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tui.i18n.safe import for_xlsx


def append_row(sheet: Worksheet, values: list[object]) -> None:
    """Append a row; its strings escaped and stored as text."""
    sheet.append([for_xlsx(value) if isinstance(value, str) else value for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell, Cell) and isinstance(cell.value, str):
            cell.data_type = "s"


def header_row(sheet: Worksheet, header: list[str], widths: list[int]) -> None:
    """The header: bold, frozen above the rows, columns ``widths`` characters wide."""
    append_row(sheet, list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for k, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(k)].width = width
