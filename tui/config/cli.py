"""``supplydesk config``: every setting in force and where it came from, and the settings' own errors.

The settings themselves are loaded once by the command line (``tui.cli.main``) before any
subcommand runs; this module says them, and says what is wrong with them in one line each.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from models import settings as settings_module
from models.settings import Settings, SettingsError, Source
from tui.i18n import error_text, resolve_language, t
from tui.i18n.safe import for_terminal


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    config = commands.add_parser("config", parents=[common],
                                 help=t("show every setting in force and where it came from"))
    config.set_defaults(run=run_config)


def source_text(source: Source) -> str:
    """Where a value came from, as the user reads it."""
    if source.kind == "file":
        if source.line is None:
            return for_terminal(source.name)
        return t("{file}, line {line}", file=for_terminal(source.name), line=source.line)
    if source.kind == "env":
        return t("environment variable {name}", name=source.name)
    if source.kind == "flag":
        return t("flag {name}", name=source.name)
    return t("default")


def error_line(error: SettingsError) -> str:
    """The error, after where it is (``file, line N: …``), in one line."""
    text = error_text(error)
    return f"{source_text(error.where)}: {text}" if error.where is not None else text


def report(errors: Iterable[SettingsError]) -> int:
    """Print each error on its own line; 2 when there was one (the app does not start), else 0."""
    code = 0
    for error in errors:
        print(f"supplydesk: {error_line(error)}", file=sys.stderr)
        code = 2
    return code


def rows(settings: Settings) -> list[tuple[str, str, str]]:
    """(setting, value, where from) for every setting, the keymap's entries last."""
    from models import paths

    shown: list[tuple[str, str, str]] = []
    for key in settings_module.KEYS:
        value = getattr(settings, key.name)
        source = settings.source(key.name)
        if key.name == "database" and value is None:
            value = str(paths.default_db_path())
        elif key.name == "data_dir" and value is None:
            value = str(paths.data_dir())
        elif key.name == "backup_dir" and value is None:
            database = settings.database
            value = str(paths.backup_dir(None if database is None or "://" in database else Path(database)))
        elif key.name == "mouse":
            value = "true" if value else "false"  # as the file writes it
        elif key.name == "language" and value is None:
            value = resolve_language(None)
            shown.append((key.path, value, t("the locale, else English")))
            continue
        text = f"{value:g}" if isinstance(value, float) else str(value)
        shown.append((key.path, for_terminal(text), source_text(source)))
    for binding_id, keys in sorted(settings.keymap.items()):
        shown.append((f"keymap.{for_terminal(binding_id)}", for_terminal(keys),
                      source_text(settings.source(f"keymap.{binding_id}"))))
    if not settings.keymap:
        shown.append(("keymap", t("none: the keys of the README"), t("default")))
    return shown


def run_config(args: argparse.Namespace) -> int:
    from rich.cells import cell_len

    from tui.app import SupplyDeskApp
    from tui.config.keymap import keymap_errors

    settings = settings_module.current()
    for path in settings_module.files():
        state = t("read") if path.exists() else t("not found")
        print(t("Settings file {path}: {state}", path=for_terminal(str(path)), state=state))
    table = [(t("setting"), t("value"), t("source")), *rows(settings)]
    widths = [max(cell_len(row[column]) for row in table) for column in (0, 1)]
    print()
    for name, value, source in table:
        print(f"{name}{' ' * (widths[0] - cell_len(name))}  {value}{' ' * (widths[1] - cell_len(value))}  {source}")
    return report(keymap_errors(settings, SupplyDeskApp))
