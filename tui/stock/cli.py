"""``supplydesk stock [--warehouse CODE] [--format text|xlsx] [--output FILE]`` and ``supplydesk stock --check``.

The first prints on hand, reserved, available and quarantined per warehouse and item (as the stock
screen shows them, from the balances); ``--check`` proves the balances equal the ledger and exits 1,
naming each difference, when they do not. Both only read: the database is opened read-only and never
migrated. Exit 2 for an unknown warehouse, an xlsx without ``--output`` or a database that cannot be
opened; 1 when the books disagree or the output file cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from tui.i18n import format as fmt
from tui.i18n import n_, t, tn
from tui.i18n.safe import for_terminal

T = TypeVar("T")
#: rows read at a time
PAGE = 500
HEADER = ("Warehouse", "Item", "Unit", "On hand", "Reserved", "Available", "Quarantined")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    stock = commands.add_parser(
        "stock", parents=[common], help=t("stock per warehouse and item, or check the books (--check)"),
        description=t("On hand, reserved, available and quarantined stock per warehouse and item, read from the "
                      "balances; --check proves every balance equals its ledger."))
    stock.add_argument("--warehouse", metavar="CODE", help=t("only the warehouse with this code"))
    stock.add_argument("--format", choices=("text", "xlsx"), default="text", help=t("text (default) or xlsx"))
    stock.add_argument("--output", metavar="FILE", type=Path,
                       help=t("write to FILE instead of the terminal (required for xlsx)"))
    stock.add_argument("--check", action="store_true",
                       help=t("check the balances against the ledger; exit 1 on any difference"))
    stock.set_defaults(run=run_stock)


def _fail(message: str, code: int = 2) -> int:
    print(f"supplydesk: {message}", file=sys.stderr)
    return code


def _read(db_url: str | None, query: Callable[[Any], T]) -> T:
    """``query`` on the database opened read-only (DatabaseError: printed by main, exit 2)."""
    from models.db import Database, resolve_url
    from models.migrate import require_schema

    db = Database.open(resolve_url(db_url), read_only=True)
    try:
        require_schema(db)
        with db.session() as session:
            return query(session)
    finally:
        db.dispose()


def run_stock(args: argparse.Namespace) -> int:
    if args.check:
        return _check(args)
    if args.format == "xlsx" and args.output is None:
        return _fail(t("An xlsx file needs a name: --output FILE"))
    rows = _read(getattr(args, "db", None), lambda session: _rows(session, args.warehouse))
    if rows is None:
        return _fail(t("No warehouse with code {code}", code=for_terminal(args.warehouse)))
    table = [[fmt.local_name(r.site_name, r.site_name_en), fmt.local_name(r.item_name, r.item_name_en),
              fmt.unit(r.unit), r.on_hand, r.reserved, r.available, r.quarantine] for r in rows]
    try:
        if args.format == "xlsx":
            _write_xlsx(table, args.output)
        else:
            text = _text(table)
            if args.output is None:
                print(text)
                return 0
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        return _fail(t("Cannot write {path}: {error}", path=str(args.output), error=error.strerror or str(error)), 1)
    print(t("Stock written to {path}", path=for_terminal(str(args.output))))
    return 0


def _rows(session: Any, code: str | None) -> list[Any] | None:
    """Every row of the overview (of one warehouse), or None when ``code`` names none."""
    from models.services.stock_views import site_by_code, stock_overview

    site_id = None
    if code is not None:
        site_id = site_by_code(session, code=code)
        if site_id is None:
            return None
    rows: list[Any] = []
    while True:
        page = stock_overview(session, site_id=site_id, offset=len(rows), limit=PAGE)
        rows += page.rows
        if len(page.rows) < PAGE:
            return rows


def _text(table: list[list[Any]]) -> str:
    """Columns padded by terminal cells (a Chinese character takes two); figures right-aligned."""
    from rich.cells import cell_len

    cells = [[t(label) for label in HEADER]] + [
        [for_terminal(str(v)) if isinstance(v, str) else fmt.count(v) for v in row] for row in table]
    widths = [max(cell_len(row[k]) for row in cells) for k in range(len(HEADER))]

    def line(row: list[str]) -> str:
        parts = [value + " " * (w - cell_len(value)) if k < 3 else " " * (w - cell_len(value)) + value
                 for k, (value, w) in enumerate(zip(row, widths, strict=True))]
        return "  ".join(parts).rstrip()

    if len(cells) == 1:
        return t("No stock held")
    return "\n".join(line(row) for row in cells)


def _write_xlsx(table: list[list[Any]], path: Path) -> None:
    from openpyxl import Workbook

    from tui.shell.xlsx import append_row, header_row

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = t("Stock")[:31]
    header_row(sheet, [t(label) for label in HEADER], [24, 20, 8, 14, 14, 14, 14])
    for row in table:
        append_row(sheet, row)
        for cell in sheet[sheet.max_row][3:]:
            cell.number_format = "#,##0"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def _check(args: argparse.Namespace) -> int:
    from models.services.stock_check import check_ledger

    differences = _read(getattr(args, "db", None), check_ledger)
    if not differences:
        print(t("The books hold: every balance equals its ledger"))
        return 0
    for difference in differences:
        print(_difference(difference))
    print(tn("{n} difference between the balances and the ledger",
             "{n} differences between the balances and the ledger", len(differences)), file=sys.stderr)
    return 1


#: what each kind of difference is called
WHAT = {"on_hand": n_("on hand"), "quarantine": n_("quarantined"), "balance_after": n_("balance after an entry"),
        "close": n_("daily close")}


def _difference(d: Any) -> str:
    """One difference, on one line: what, where, and the two figures."""
    where = t("site {site}, item {item}", site=d.site_id, item=d.item_id)
    if d.lot_id is not None:
        where += ", " + t("lot {lot}", lot=d.lot_id)
    if d.entry_id is not None:
        where += ", " + t("entry {entry}", entry=d.entry_id)
    return t("{what} at {where}: the ledger says {ledger}, stored {stored}", what=t(WHAT[d.what]), where=where,
             ledger=fmt.count(d.ledger), stored=fmt.count(d.stored))
