"""A table written as a sheet: xlsx (a frozen bold header, columns as wide as their text, numbers as
numbers, dates as dates, no value ever a formula) or CSV (UTF-8 with a BOM, which Excel and WPS
open as Chinese); and the template of a kind of import."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from rich.cells import cell_len

from models import paths
from models.exchange.columns import COLUMNS
from models.exchange.exporting import Table
from models.validation import credit_check_char
from tui.exchange.labels import TITLES, explanation, header
from tui.i18n import pt, t
from tui.i18n.safe import for_xlsx, looks_like_formula
from tui.shell.xlsx import append_row, header_row

FORMATS = {"date": "yyyy-mm-dd", "time": "yyyy-mm-dd hh:mm"}
#: the narrowest and widest a column is made (in characters)
WIDTHS = (6, 60)


def shown(kind: str, value: object) -> object:
    """A value as a cell holds it: a code in words, yes/no in words, the rest as it is."""
    if value is None:
        return None
    if kind.startswith("code:"):
        return pt(kind.removeprefix("code:"), str(value))
    if kind == "bool":
        return t("yes") if value else t("no")
    return value


def _rows(table: Table) -> tuple[list[str], list[list[object]]]:
    headers = [header(table.kind, f) for f in table.fields]
    return headers, [[shown(k, v) for k, v in zip(table.kinds, row, strict=True)] for row in table.rows]


def _width(value: object) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return cell_len(str(value)) if value is not None else 0


def write_xlsx(path: Path, title: str, headers: list[str], rows: list[list[object]], kinds: list[str],
               notes: list[list[str]] | None = None) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    widths = [min(max(WIDTHS[0], _width(h) + 2, *(_width(r[k]) + 1 for r in rows)), WIDTHS[1])
              for k, h in enumerate(headers)]
    header_row(sheet, headers, widths)
    for row in rows:
        append_row(sheet, row)
        for k, kind in enumerate(kinds, start=1):
            if kind in FORMATS:
                sheet.cell(row=sheet.max_row, column=k).number_format = FORMATS[kind]
    if notes is not None:
        explained = book.create_sheet(t("Columns"))
        header_row(explained, [t("Column"), t("What it holds")], [24, 90])
        for line in notes:
            append_row(explained, list(line))
    path.parent.mkdir(parents=True, exist_ok=True)
    with paths.open_private(path) as handle:
        book.save(handle)


def csv_text(headers: list[str], rows: list[list[object]]) -> str:
    """CSV of the rows; a text a spreadsheet would take for a formula is quoted with ``'`` (the import drops it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    lines: list[list[object]] = [list(headers), *rows]
    for row in lines:
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = for_xlsx(value)
        return "'" + text if looks_like_formula(text) else text
    return value


def write_table(table: Table, path: Path | None, fmt: str) -> str | None:
    """Write ``table`` to ``path`` as ``fmt``; CSV without a path is returned, for the terminal."""
    headers, rows = _rows(table)
    if fmt == "xlsx":
        assert path is not None
        write_xlsx(path, t(TITLES[table.kind]), headers, rows, list(table.kinds))
        return None
    text = csv_text(headers, rows)
    if path is None:
        return text
    path.parent.mkdir(parents=True, exist_ok=True)
    with paths.open_private(path) as handle:
        handle.write(("\ufeff" + text).encode("utf-8"))
    return None


def _example(kind: str) -> dict[str, object]:
    """One row that imports as it is."""
    first17 = "91500108MA5U0AB1C"
    examples: dict[str, dict[str, object]] = {
        "enterprises": {"name": "重庆示例医疗用品有限公司", "short_name": "示例医疗",
                        "credit_code": first17 + credit_check_char(first17), "district": "南岸区",
                        "park": "茶园新区", "address": "南岸区茶园路1号", "contact_person": "张三",
                        "phone": "13800000000", "product": "医用外科口罩", "capacity": 3500},
        "cadres": {"name": "李强", "unit": "市经信委", "group": "医疗物资生产组", "phone": "13900000000",
                   "login": "liqiang", "role": pt("role", "field_cadre"), "active": t("yes")},
        "suppliers": {"name": "示例无纺布有限公司", "origin": "local", "region": "重庆", "notes": ""},
        "catalogue": {"code": "MASK-KN95", "name": "KN95口罩", "name_en": "KN95 mask", "category": "mask",
                      "unit": "只", "daily_demand": 10000, "severely_short": t("no")},
    }
    return examples[kind]


def write_template(kind: str, path: Path) -> None:
    """An xlsx with the kind's headers, one example row and a sheet saying what each column holds."""
    columns = COLUMNS[kind]
    headers = [header(kind, c.field) + (" *" if c.required else "") for c in columns]
    example = _example(kind)
    notes = [[header(kind, c.field), explanation(c.field)] for c in columns]
    write_xlsx(path, t("Template"), headers, [[example.get(c.field) for c in columns]],
               ["text"] * len(columns), notes)
