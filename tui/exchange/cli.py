"""``supplydesk import`` and ``supplydesk export``: the group's sheets in and its lists out.

    supplydesk import KIND FILE [--dry-run] [--sheet NAME]
    supplydesk import --template KIND FILE
    supplydesk export KIND [--format xlsx|csv] [--output FILE] [--filter TEXT] [--sort COLUMN [--descending]]
                           [--from DATE] [--to DATE] [--group cadre|unit|group]   (the last three: timesheets)

An import prints what it read, each skipped and refused row (its row number, column and reason),
then its figures; exit 1 when any row was refused or the file cannot be read, 2 for usage errors
and a database that cannot be opened. Coordinators only may import; everyone may export.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from models.errors import ServiceError
from models.exchange.columns import KINDS
from models.exchange.exporting import EXPORTS, sorts, timesheet_request
from models.services.paging import PageRequest
from models.services.timesheets import GROUPINGS
from tui.i18n import error_text, t, tn
from tui.i18n.safe import for_terminal

FORMATS = ("xlsx", "csv")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    kinds = ", ".join(KINDS)
    imp = commands.add_parser(
        "import", parents=[common], help=t("import enterprises, cadres, suppliers or the catalogue from a sheet"),
        description=t("Import the rows of an xlsx or CSV sheet ({kinds}). Every value is checked as the forms "
                      "check it; a refused row is named with its row, column and reason. Rows matching stored "
                      "records update them, so importing again changes nothing.", kinds=kinds))
    imp.add_argument("kind", choices=KINDS, metavar="KIND", help=kinds)
    imp.add_argument("file", type=Path, metavar="FILE", help=t("the .xlsx or .csv file"))
    imp.add_argument("--dry-run", action="store_true", dest="dry_run",
                     help=t("check and report, write nothing"))
    imp.add_argument("--sheet", metavar="NAME", help=t("the sheet of the workbook to read (default: the first)"))
    imp.add_argument("--template", action="store_true",
                     help=t("write an xlsx template for KIND to FILE instead of importing"))
    imp.set_defaults(run=run_import)
    exp = commands.add_parser(
        "export", parents=[common], help=t("write a list to an xlsx or CSV file"),
        description=t("Write a list as the app shows it, filtered as its filter box filters."))
    exp.add_argument("kind", choices=tuple(EXPORTS), metavar="KIND", help=", ".join(EXPORTS))
    exp.add_argument("--format", choices=FORMATS, default="xlsx", help=t("xlsx (default) or csv"))
    exp.add_argument("--output", metavar="FILE", type=Path,
                     help=t("the file to write (required for xlsx; CSV goes to the terminal without it)"))
    exp.add_argument("--filter", metavar="TEXT", default="", help=t("only the rows the filter box would show"))
    exp.add_argument("--sort", metavar="COLUMN", default="",
                     help=t("the column to sort by (enterprises, shortages, timesheets), as the list's column"))
    exp.add_argument("--descending", action="store_true", help=t("sort the other way round"))
    exp.add_argument("--from", metavar="DATE", dest="start", type=_day,
                     help=t("timesheets: the first day (default: six days before --to)"))
    exp.add_argument("--to", metavar="DATE", dest="end", type=_day, help=t("timesheets: the last day (default: today)"))
    exp.add_argument("--group", choices=GROUPINGS, default=None,
                     help=t("timesheets: a line per cadre (default), unit or special group"))
    exp.set_defaults(run=run_export)


def _fail(message: str, code: int = 1) -> int:
    print(f"supplydesk: {message}", file=sys.stderr)
    return code


def run_import(args: argparse.Namespace) -> int:
    from tui.exchange.files import write_template

    if args.template:
        try:
            write_template(args.kind, args.file)
        except OSError as error:
            return _fail(t("Cannot write {path}: {error}", path=str(args.file), error=error.strerror or str(error)))
        print(t("Template written to {path}", path=for_terminal(str(args.file))))
        return 0
    from models.exchange.importing import import_sheet
    from tui.context import open_context

    ctx = open_context(db_url=getattr(args, "db", None))  # DatabaseError: printed by main, exit 2
    try:
        with ctx.db.session() as session:
            report = import_sheet(session, actor=ctx.actor, kind=args.kind, path=args.file, sheet=args.sheet,
                                  dry_run=args.dry_run, progress=_progress())
    except ServiceError as error:
        return _fail(error_text(error))
    finally:
        ctx.db.dispose()
    print("\n".join(report_lines(report)))
    return 1 if report.refused else 0


def progress_text(stage: str, done: int, total: int) -> str:
    """``Checking rows: 1,200/5,000`` (stage ``check``) or ``Writing rows: …`` (stage ``import``)."""
    return f"{t('Checking rows') if stage == 'check' else t('Writing rows')}: {done:,}/{total:,}"


def _progress() -> Any:
    """Rows checked, then written, so far, on one line of stderr when it is a terminal."""
    def show(stage: str, done: int, total: int) -> None:
        if sys.stderr.isatty():
            end = "\n" if done >= total else ""
            print(f"\r\x1b[K{progress_text(stage, done, total)}", end=end, file=sys.stderr, flush=True)
    return show


def report_lines(report: Any) -> list[str]:
    """The report in the current language: what was read, the rows skipped and refused, the figures."""
    safe = for_terminal
    lines = [t("{file}, sheet {sheet}: header on row {row}", file=safe(report.file), sheet=safe(report.sheet),
               row=report.header_row)]
    if report.unknown:
        lines.append(t("Columns not imported: {columns}", columns=safe(", ".join(report.unknown))))
    for skipped in report.skipped:
        lines.append(t("Row {row}: skipped, a total row ({word})", row=skipped.row, word=safe(skipped.word)))
    for refusal in report.refused:
        reason = safe(error_text(refusal.error))
        if refusal.column:
            lines.append(t("Row {row}, {column}: {reason}", row=refusal.row, column=safe(refusal.column),
                           reason=reason))
        else:
            lines.append(t("Row {row}: {reason}", row=refusal.row, reason=reason))
    refused = len({r.row for r in report.refused})
    figures = {"new": report.new, "updated": report.updated, "unchanged": report.unchanged}
    if report.dry_run:
        lines.append(t("Dry run, nothing written: {new} to add, {updated} to update, {unchanged} unchanged",
                       **figures))
    else:
        lines.append(t("{new} added, {updated} updated, {unchanged} unchanged", **figures))
    if refused:
        lines.append(tn("{n} row refused", "{n} rows refused", refused))
    return lines


def _day(text: str) -> date:
    from tui.i18n.parse import parse_day

    try:
        return parse_day(text, field="date")
    except ValueError:
        raise argparse.ArgumentTypeError(t("Enter a date as YYYY-MM-DD")) from None


def export_request(args: argparse.Namespace) -> PageRequest | str:
    """The list request of ``supplydesk export``'s options, or what is wrong with them."""
    if args.sort and args.sort not in sorts(args.kind):
        allowed = ", ".join(sorts(args.kind))
        if not allowed:
            return t("{kind} keeps its own order: no --sort", kind=args.kind)
        return t("--sort takes one of: {columns}", columns=allowed)
    if args.kind != "timesheets":
        if args.start or args.end or args.group:
            return t("--from, --to and --group are for timesheets")
        return PageRequest(query=args.filter, sort=args.sort, descending=args.descending)
    if args.start and args.end and args.end < args.start:
        return t("The end is before the start")
    if args.end and not args.start:
        args.start = args.end - timedelta(days=6)  # a week up to --to, as the tab shows a week
    return timesheet_request(start=args.start, end=args.end, by=args.group or "cadre", query=args.filter,
                             sort=args.sort, descending=args.descending)


def run_export(args: argparse.Namespace) -> int:
    from models.db import Database, resolve_url
    from models.migrate import require_schema
    from tui.exchange.files import write_table

    if args.format == "xlsx" and args.output is None:
        return _fail(t("An xlsx file needs a name: --output FILE"), 2)
    request = export_request(args)
    if isinstance(request, str):
        return _fail(request, 2)
    db = Database.open(resolve_url(getattr(args, "db", None)), read_only=True)
    try:
        require_schema(db)  # a reader never migrates
        with db.session() as session:
            table = EXPORTS[args.kind](session, request=request)
    except ServiceError as error:  # a time sheet over too long a range
        return _fail(error_text(error), 2)
    finally:
        db.dispose()
    try:
        text = write_table(table, args.output, args.format)
    except OSError as error:
        return _fail(t("Cannot write {path}: {error}", path=str(args.output), error=error.strerror or str(error)))
    if text is not None:
        sys.stdout.write(text)
        return 0
    print(tn("{n} row written to {path}", "{n} rows written to {path}", len(table.rows),
             path=for_terminal(str(args.output))), file=sys.stderr)
    return 0
