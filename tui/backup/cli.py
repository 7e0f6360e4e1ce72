"""``supplydesk backup [FILE] [--force]`` and ``supplydesk restore FILE [--force]``.

Restoring replaces the whole database: only a coordinator of the database being replaced may, the
login being the operating system's (see ``models.services.identity``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.i18n import t
from tui.i18n.safe import for_terminal


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    backup = commands.add_parser("backup", parents=[common], help=t("copy the database while others keep working"))
    backup.add_argument("file", nargs="?", type=Path, help=t("where to write (default: the backup folder)"))
    backup.add_argument("--force", action="store_true", help=t("replace FILE if it exists"))
    backup.set_defaults(run=run_backup)
    restore = commands.add_parser("restore", parents=[common], help=t("replace the database by a checked backup"))
    restore.add_argument("file", type=Path, help=t("the backup to restore"))
    restore.add_argument("--force", action="store_true", help=t("replace an existing database (kept aside)"))
    restore.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from models.backup import backup
    from models.db import resolve_url

    target = backup(resolve_url(getattr(args, "db", None)), args.file, force=args.force)
    print(t("Backup written to {path}", path=for_terminal(str(target))))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from models.backup import restore
    from models.db import resolve_url
    from models.services.identity import os_login

    aside = restore(resolve_url(getattr(args, "db", None)), args.file, login=os_login(), force=args.force)
    print(t("Restored from {path}", path=for_terminal(str(args.file))))
    if aside is not None:
        print(t("The replaced database was kept as {path}", path=for_terminal(str(aside))))
    return 0
