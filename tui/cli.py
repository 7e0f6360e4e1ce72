"""The ``supplydesk`` command: options, paths and subcommands, then ``make_app(...).run()``.

Errors a user can act on (a wrong path, a newer database, a read-only or busy database) print one
translated line and exit 2; nothing here prints a traceback for them (the log keeps it).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

from tui import __version__
from tui.i18n import error_text, pt, resolve_language, set_language, t
from tui.i18n.safe import for_terminal

#: modules adding subcommands: each has ``register(commands, common)``, whose parsers
#: ``set_defaults(run=...)`` with a function taking the parsed arguments and returning the exit code
SUBCOMMAND_MODULES: list[str] = ["tui.backup.cli", "tui.checkins.cli", "tui.brief.cli", "tui.exchange.cli",
                                   "tui.reference.cli", "tui.config.cli", "tui.stock.cli", "tui.admin.cli",
                                   "tui.dashboard.cli"]

log = logging.getLogger(__name__)


class _Formatter(argparse.HelpFormatter):
    """Help wrapped by terminal cells, not characters: a Chinese character takes two."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap(text, width) if _wide(text) else super()._split_lines(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if not _wide(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in _wrap(text, width - len(indent)))

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, t("usage: ") if prefix is None else prefix)


def _wide(text: str) -> bool:
    return any(ord(char) > 0x2E7F for char in text)


def _wrap(text: str, width: int) -> list[str]:
    """Words (runs of ASCII) kept whole, a line break allowed between any two wide characters."""
    from rich.cells import cell_len

    lines, line = [], ""
    for token in re.findall(r"[!-~]+|\s+|.", " ".join(text.split())):
        if line and not token.isspace() and cell_len(line + token) > width:
            lines.append(line.rstrip())
            line = ""
        line += "" if token.isspace() and not line else token
    return [*lines, line.rstrip()] if line.strip() else lines


class Parser(argparse.ArgumentParser):
    """argparse with its own words in the current language too: the usage line, the section titles,
    ``-h``. Subcommands' parsers are of this class as well (argparse makes them of the parent's)."""

    def __init__(self, **kwargs: Any) -> None:
        add_help: bool = kwargs.pop("add_help", True)
        parents: Sequence[argparse.ArgumentParser] = kwargs.pop("parents", ())
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = t("positional arguments")
        self._optionals.title = t("options")
        if add_help:  # first, as argparse puts it
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=t("show this help message and exit"))
        for parent in parents:  # what ArgumentParser does with ``parents``, after -h
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)


class _NotPlain(Exception):
    """The command line is not a plain start of the app: it is parsed again with the subcommands."""


class _PlainParser(Parser):
    """The parser of the app's own options only: an error is not printed but raised (the full parser says it)."""

    def error(self, message: str) -> NoReturn:
        raise _NotPlain(message)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line. Starting the app, the common case, does not import the subcommands'
    modules (``SUBCOMMAND_MODULES``): they bring services and tables that a session does not use (the
    check-ins', the lists' choices, the exchange's; about 3 MB in every session). A line the app's own
    options do not account for (a subcommand, help, an error) is parsed by the full parser, as before."""
    given = list(sys.argv[1:] if argv is None else argv)
    try:
        args, rest = _parser(subcommands=False).parse_known_args(given)
        if not rest:
            return args
    except _NotPlain:
        pass
    return _parser().parse_args(given)


def _parser(*, subcommands: bool = True) -> argparse.ArgumentParser:
    """The parser, its help in the current language (set before it is built: see ``main``); without
    ``subcommands``, the app's own options only (no help, no subcommands: see ``_arguments``)."""
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help=t("database file or SQLAlchemy URL (default: $SUPPLYDESK_DB, else the user data "
                               "directory)"))
    common.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS,
                        help=t("language (default: $SUPPLYDESK_LANG, else the locale, else English)"))
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help=t("log in detail (the log is in the user log directory)"))
    parser = (Parser if subcommands else _PlainParser)(
        prog="supplydesk", parents=[common], add_help=subcommands,
        description=t("Supply Desk (物资保障台): the working tool of a medical-supplies guarantee working group."),
    )
    parser.add_argument("--version", action="version", version=f"supplydesk {__version__}",
                        help=t("show program's version number and exit"))
    parser.add_argument("--screen", default="enterprises", help=t("screen to open first"),
                        choices=("dashboard", "enterprises", "shortages", "checkins", "stock", "allocation",
                                 "procurement", "donations", "funds"))
    parser.add_argument("--mouse", action="store_true",
                        help=t("report mouse clicks to the app (default: the mouse setting, $SUPPLYDESK_MOUSE, "
                               "else off)"))
    if not subcommands:
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", parents=[common], help=t("load the demo data set"))
    demo.add_argument("--scale", type=int, metavar="N", help=t("build N enterprises (bulk, for benchmarks)"))
    demo.add_argument("--days", type=int, metavar="D",
                      help=t("with --scale: D days of daily reports (default 7; 78 at 100,000 enterprises make "
                             "about 10 million)"))
    demo.add_argument("--force", action="store_true", help=t("add the demo even if the database holds data"))
    demo.set_defaults(run=lambda args: _demo(getattr(args, "db", None), scale=args.scale, force=args.force,
                                             days=args.days))
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).register(commands, common)
    return parser


def _flags(argv: Sequence[str] | None) -> dict[str, str | None]:
    """The settings given as flags (``--db``, ``--lang``, ``--mouse``), read ahead of the real parsing: the settings
    are loaded first, so that ``--help`` is in the language they say."""
    ahead = argparse.ArgumentParser(add_help=False)
    ahead.add_argument("--lang")
    ahead.add_argument("--db")
    ahead.add_argument("--mouse", action="store_true")
    known, _ = ahead.parse_known_args(list(sys.argv[1:] if argv is None else argv))
    return {"language": known.lang, "database": known.db, "mouse": "true" if known.mouse else None}


def run() -> int:
    """The ``supplydesk`` command and ``python -m tui.cli``: ``main`` on the command line, a session
    run again without docstrings first (``tui.interpreter``)."""
    return main(restart=True)


def main(argv: Sequence[str] | None = None, *, restart: bool = False) -> int:
    from models import settings as settings_module
    from tui.config.cli import report

    flags = _flags(argv)
    try:
        settings = settings_module.load(flags)
    except settings_module.SettingsError as error:
        set_language(resolve_language(flags["language"]))
        return report([error])  # one line naming the file and line: nothing starts on a guess
    settings_module.install(settings)
    set_language(resolve_language(settings.language))  # this command's context: its subcommands speak it too
    args = _arguments(argv)
    if restart and getattr(args, "run", None) is None:  # a session: the same command under -OO, in this process
        from tui.interpreter import restart_without_docstrings

        restart_without_docstrings()
    db_url = args.db = settings.database  # the subcommands read ``args.db``
    from models.db import describe, resolve_url, user_error
    from models.errors import ServiceError
    from tui.logs import setup_logging

    setup_logging(debug=getattr(args, "debug", False))
    log.info("supplydesk %s started: %s%s", __version__, getattr(args, "command", None) or args.screen,
             " (without docstrings)" if sys.flags.optimize >= 2 else "")

    try:
        if getattr(args, "run", None) is not None:
            return int(args.run(args))
        from tui.app import SupplyDeskApp
        from tui.config.keymap import keymap_errors
        from tui.factory import make_app

        if report(keymap_errors(settings, SupplyDeskApp)):
            return 2  # a keymap that would lose a key: refused, each entry at fault named
        app = make_app(db_url=db_url, lang=settings.language, start=args.screen)
    except ServiceError as error:
        log.warning("refused: %s", error_text(error))
        print(f"supplydesk: {error_text(error)}", file=sys.stderr)
        return 2
    except Exception as error:
        shown = user_error(error, where=describe(resolve_url(db_url)))
        if not isinstance(shown, ServiceError):
            log.exception("unexpected error")  # still raised: the terminal shows it too
            raise
        log.warning("refused by the database: %s", error_text(shown), exc_info=error)
        print(f"supplydesk: {error_text(shown)}", file=sys.stderr)
        return 2
    from tui.shell.keys import install

    install()  # Esc and a key bunched by a slow line are two keys
    app.run(mouse=settings.mouse)  # the setting: the files, SUPPLYDESK_MOUSE, then --mouse
    log.info("supplydesk stopped (code %s)", app.return_code or 0)
    return app.return_code or 0


def _demo(db_url: str | None, *, scale: int | None, force: bool, days: int | None = None) -> int:
    from models.demo import DAYS as DEMO_WEEK
    from models.demo import load_demo
    from tui.context import open_context

    if scale is not None and scale < 1:
        print(f"supplydesk: {t('--scale must be at least 1')}", file=sys.stderr)
        return 2
    if days is not None and (scale is None or days < DEMO_WEEK):
        print(f"supplydesk: {t('--days needs --scale and must be at least {days}', days=DEMO_WEEK)}", file=sys.stderr)
        return 2
    ctx = open_context(db_url=db_url)
    last = [""]

    def progress(stage: str, done: int, total: int) -> None:
        line = f"\r\x1b[K{pt('demo stage', stage)}: {done:,}/{total:,}" if sys.stderr.isatty() else ""
        if line != last[0]:
            print(line, end="", file=sys.stderr, flush=True)
            last[0] = line

    summary = load_demo(ctx.db, actor=ctx.actor, scale=scale, force=force, progress=progress, days=days)
    if last[0]:
        print(file=sys.stderr)
    print(t("Demo data loaded into {where}: {enterprises} enterprises, {cadres} cadres, {checkins} check-ins, "
            "{shortages} shortages ({seconds} s)", where=for_terminal(ctx.where),
            enterprises=f"{summary.enterprises:,}", cadres=f"{summary.cadres:,}", checkins=f"{summary.checkins:,}",
            shortages=f"{summary.shortages:,}", seconds=summary.seconds))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
