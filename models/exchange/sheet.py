"""A sheet read as rows of cells, whatever wrote it: xlsx (merged cells filled with their value) or
CSV in UTF-8 (with or without a BOM) or GB18030/GBK, as Chinese Excel and WPS save it.

Text cells keep what they say (a name's full-width brackets, a note's Chinese punctuation), only
surrounding blanks go; what is read as a code, a phone or a figure is folded first the way people's
typing differs: full-width digits, letters and punctuation to their ASCII forms (NFKC).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from models.errors import ValidationError

#: a cell as read: text, a number, a date, or nothing
Cell = str | float | int | date | datetime | None


@dataclass(frozen=True)
class Grid:
    """The rows of one sheet, each with its row number as the spreadsheet shows it (from 1)."""

    sheet: str
    rows: list[tuple[int, list[Cell]]]


def normal(text: str) -> str:
    """Full-width forms folded to ASCII (NFKC), blanks trimmed: for codes, phones, figures, headers."""
    return unicodedata.normalize("NFKC", text).strip()


def read_sheet(path: Path, *, sheet: str | None = None) -> Grid:
    """The rows of ``path`` (``sheet`` names one of a workbook's sheets; default the first)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx(path, sheet)
        if suffix in (".csv", ".txt", ".tsv"):
            return _csv(path.read_bytes(), path.name)
    except OSError as error:
        raise ValidationError("file", "Cannot read {path}: {error}", path=str(path),
                              error=error.strerror or str(error)) from None
    raise ValidationError("file", "{path} is not an xlsx or CSV file: save it as one of them", path=path.name)


def _xlsx(path: Path, name: str | None) -> Grid:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        # not read-only: a read-only workbook does not know its merged cells
        book = load_workbook(path, data_only=True)
    except (BadZipFile, KeyError, ValueError):
        raise ValidationError("file", "{path} is not an xlsx file: save it as one of them", path=path.name) from None
    if name is not None and name not in book.sheetnames:
        raise ValidationError("file", "No sheet named {name}; the file has: {names}", name=name,
                              names=", ".join(book.sheetnames))
    ws = book[name] if name is not None else book.worksheets[0]
    values = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:  # a merged cell holds its value in every cell it covers
        top = values[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(values) else None
        for r in range(merged.min_row, min(merged.max_row, len(values)) + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if c <= len(values[r - 1]):
                    values[r - 1][c - 1] = top
    return Grid(ws.title, list(enumerate(values, start=1)))


def _cell(value: object) -> Cell:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | date | datetime) or value is None:
        return value
    return str(value).strip() or None


#: the encodings a CSV is tried in: UTF-8 (a BOM dropped), then what Chinese Excel and WPS write
ENCODINGS = ("utf-8-sig", "gb18030")


def _csv(data: bytes, name: str) -> Grid:
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - GB18030 decodes every byte sequence but a few
        raise ValidationError("file", "{path} is neither UTF-8 nor GB18030 text", path=name)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = [[_cell(_unquoted(v)) for v in row] for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    return Grid(Path(name).stem, list(enumerate(rows, start=1)))


def _unquoted(value: str) -> str:
    """A CSV text kept from being read as a formula by a leading ``'`` (as an export writes it), without it."""
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@") else value


#: a multiplier written in a header or a cell
MULTIPLIERS = {"万": 10_000.0, "千": 1_000.0, "百": 100.0, "亿": 100_000_000.0, "k": 1_000.0}
_NUMBER = re.compile(r"([+-]?(?:\d[\d,]*)?\.?\d+)\s*(万|千|百|亿|k)?\s*([^\d]*)", re.IGNORECASE)


def number(value: Cell, *, scale: float = 1.0) -> object:
    """A figure as typed: a number; ``0.35万`` or ``3,500 只`` read as 3500; a header's unit
    (``scale``) applies when the cell has none of its own. What is not a figure is handed on as it
    is, for the validation to name."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return value
    if not isinstance(value, str):
        return value * scale if scale != 1.0 else value
    match = _NUMBER.fullmatch(normal(value))
    if match is None:
        return value
    figure = float(match.group(1).replace(",", ""))
    own = match.group(2)
    return figure * (MULTIPLIERS[own.lower()] if own else scale)


def folded(value: Cell) -> str | None:
    """A cell read as a code or a phone: as ``text``, full-width forms folded to ASCII."""
    shown = text(value)
    return normal(shown) if shown is not None else None


def text(value: Cell) -> str | None:
    """A cell as text: a whole number without ``.0`` (a phone Excel stored as a number), a date as ISO."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
