"""``supplydesk brief [--as-of TIME] [--format text|markdown|xlsx] [--output FILE] [--width N]``: the daily brief.

The brief is read, never written: the database is opened read-only (a SQLite file keeps its bytes,
journal mode included), without resolving the login (which would make the first login a coordinator
on an empty database); a missing file, or one that needs an upgrade, is refused, not created or
migrated. Exit 0 on success; 2 with one translated line for a bad ``--as-of``, an xlsx without
``--output`` or a database that cannot be opened; 1 when the output file cannot be written.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models import clock
from tui.i18n import error_text, t
from tui.i18n.parse import EARLY_MESSAGE, DateError, parse_moment
from tui.i18n.safe import for_terminal

if TYPE_CHECKING:
    from models.services.brief import Brief

#: the hour a bare date means: the group's brief goes out "as of 12:00"
BRIEF_HOUR = time(12, 0)
FORMATS = ("text", "markdown", "xlsx")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    brief = commands.add_parser(
        "brief", parents=[common], help=t("the group's daily brief as of a time (text, Markdown or xlsx)"),
        description=t("The group's brief as of TIME: people taking part and on duty, enterprises resumed and at "
                      "full load, yesterday's output and stock per catalogue item, licences granted, shortages "
                      "opened / solved / still open. The 'new' figures cover the 24 hours up to TIME."))
    brief.add_argument("--as-of", metavar="TIME", dest="as_of",
                       help=t("'YYYY-MM-DD HH:MM', 'HH:MM' (today) or 'YYYY-MM-DD' (that day at 12:00); "
                              "default: now"))
    brief.add_argument("--format", choices=FORMATS, default="text", help=t("text (default), markdown or xlsx"))
    brief.add_argument("--output", metavar="FILE", type=Path,
                       help=t("write to FILE instead of the terminal (required for xlsx)"))
    brief.add_argument("--width", metavar="N", type=_width,
                       help=t("wrap the text at N columns (default: the terminal's width on a terminal; "
                              "to a file or a pipe, not wrapped)"))
    brief.set_defaults(run=run_brief)


#: the narrowest width a brief is laid out at
MIN_WIDTH = 40


def _width(value: str) -> int:
    """``--width``: a number of columns, at least MIN_WIDTH."""
    try:
        width = int(value)
    except ValueError:
        width = 0
    if width < MIN_WIDTH:
        raise argparse.ArgumentTypeError(t("Not a width: {value} (a number of columns, at least {min})",
                                           value=value, min=MIN_WIDTH))
    return width


def text_width(requested: int | None, to_file: bool) -> int | None:
    """The width to wrap the text at: ``--width``; else the terminal's when the text goes to one;
    else none, so a file or a pipe gets whole sentences and whole names to paste."""
    if requested is not None:
        return requested
    if to_file or not sys.stdout.isatty():
        return None
    return max(MIN_WIDTH, shutil.get_terminal_size().columns)


def _fail(message: str, code: int = 2) -> int:
    print(f"supplydesk: {message}", file=sys.stderr)
    return code


def _make_brief(db_url: str | None, as_of: datetime) -> Brief:
    """Open the database read-only, build the brief, close. Raises DatabaseError (main prints it, exit 2)."""
    from models.db import Database, resolve_url
    from models.migrate import require_schema
    from models.services.brief import brief

    db = Database.open(resolve_url(db_url), read_only=True)
    try:
        require_schema(db)  # a reader never migrates: an older file is upgraded by the app
        with db.session() as session:
            return brief(session, as_of=as_of)
    finally:
        db.dispose()


def run_brief(args: argparse.Namespace) -> int:
    from tui.brief.render import render_markdown, render_text, write_text, write_xlsx

    try:
        as_of = parse_moment(args.as_of, field="as_of", required=False, day_at=BRIEF_HOUR) or clock.now()
    except DateError as error:
        if error.message == EARLY_MESSAGE:
            return _fail(error_text(error))
        return _fail(t("Not a time: {value} (use 'YYYY-MM-DD HH:MM', 'YYYY-MM-DD' or 'HH:MM')",
                       value=for_terminal(args.as_of)))
    if as_of > clock.now():
        return _fail(t("{time} is in the future: a brief is of what has happened", time=clock.fmt(as_of)))
    if args.format == "xlsx" and args.output is None:
        return _fail(t("An xlsx brief needs a file: --output FILE"))
    result = _make_brief(getattr(args, "db", None), as_of)
    try:
        if args.format == "xlsx":
            write_xlsx(result, args.output)
        else:
            width = text_width(getattr(args, "width", None), args.output is not None)
            text = render_text(result, width=width) if args.format == "text" else render_markdown(result)
            if args.output is None:
                print(text)
                return 0
            args.output.parent.mkdir(parents=True, exist_ok=True)
            write_text(text + "\n", args.output)
    except OSError as error:
        return _fail(t("Cannot write {path}: {error}", path=str(args.output), error=error.strerror or str(error)), 1)
    print(t("Brief written to {path}", path=for_terminal(str(args.output))))
    return 0
