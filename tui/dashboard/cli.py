"""``supplydesk share-figures --to FILE``: the dashboard's figures read once per change for every
session of a server, kept in FILE (``models.shared_figures``). Runs until stopped (Ctrl+C, or the
service manager's SIGTERM), then removes FILE: the sessions read the database themselves again.
A first read or write that fails ends it with the reason (exit 2); later failures are retried."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any, NoReturn

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


def _interrupted(*_: object) -> NoReturn:
    """SIGTERM and SIGHUP stop the keeper as Ctrl+C does (raised where the keeper is: its files are
    cleaned up on the way out)."""
    raise KeyboardInterrupt


def run_share(args: argparse.Namespace) -> int:
    from models.db import Database, resolve_url
    from models.migrate import require_schema
    from models.shared_figures import keep

    path = args.to.expanduser().absolute()
    refused = _refused(path)
    if refused:
        print(f"supplydesk: {refused}", file=sys.stderr)
        return 2
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is not signal.SIG_IGN:  # nohup's stays
            signal.signal(signum, _interrupted)
    db = None
    try:
        db = Database.open(resolve_url(getattr(args, "db", None)), create_dirs=False, read_only=True)
        require_schema(db)
        told = threading.Event()

        def written(_view: object) -> None:
            if not told.is_set():
                told.set()
                print(t("Sharing the dashboard's figures in {path}; Ctrl+C stops", path=for_terminal(str(path))),
                      file=sys.stderr, flush=True)

        keep(db, path, stop=threading.Event(), written=written)
    except KeyboardInterrupt:
        return 0
    except OSError as error:  # the file or its folder (a database's errors are the command line's to word)
        print(f"supplydesk: {t('Cannot write {path}: {error}', path=for_terminal(str(path)), error=error.strerror)}",
              file=sys.stderr)
        return 2
    finally:
        if db is not None:
            db.dispose()
    return 0


def _refused(path: Path) -> str | None:
    """Why ``path`` cannot be the file of shared figures, or None."""
    folder = path.parent
    if not folder.exists():
        return t("Folder {path} does not exist", path=for_terminal(str(folder)))
    if not os.access(folder, os.W_OK | os.X_OK):
        return t("Cannot write in folder {path}: permission denied", path=for_terminal(str(folder)))
    if path.is_dir():
        return t("{path} is a directory, not a file", path=for_terminal(str(path)))
    return None
