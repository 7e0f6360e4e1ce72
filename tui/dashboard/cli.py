"""``supplydesk share-figures --to FILE``: the dashboard's figures read once per change for every
session of a server, kept in FILE (``models.shared_figures``). Runs until stopped (Ctrl+C, or the
service manager's SIGTERM), then removes FILE: the sessions read the database themselves again."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from tui.i18n import t
from tui.i18n.safe import for_terminal


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    share = commands.add_parser(
        "share-figures", parents=[common],
        help=t("keep the dashboard's figures in a file for every session of this server, read once per change "
               "(runs until stopped)"))
    share.add_argument("--to", metavar="FILE", type=Path, required=True,
                       help=t("the file; its folder must exist (the sessions' shared_figures setting names it)"))
    share.set_defaults(run=run_share)


def run_share(args: argparse.Namespace) -> int:
    from models.db import Database, resolve_url
    from models.migrate import require_schema
    from models.shared_figures import keep

    path = args.to.expanduser().absolute()
    if not path.parent.is_dir():
        print(f"supplydesk: {t('Folder {path} does not exist', path=for_terminal(str(path.parent)))}",
              file=sys.stderr)
        return 2
    db = Database.open(resolve_url(getattr(args, "db", None)), create_dirs=False, read_only=True)
    try:
        require_schema(db)
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, lambda *_: stop.set())
        first = threading.Event()

        def written(_shared: object) -> None:
            if not first.is_set():
                first.set()
                print(t("Sharing the dashboard's figures in {path}; Ctrl+C stops", path=for_terminal(str(path))),
                      file=sys.stderr, flush=True)

        keep(db, path, stop=stop, written=written)
    finally:
        db.dispose()
    return 0
