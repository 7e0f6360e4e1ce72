"""Backups: a consistent online copy of a SQLite database, checked restores, and daily rotation.

The copy uses SQLite's online backup API, so others keep writing while it runs and the copy is a
consistent snapshot. PostgreSQL has its own tools; for it we say which command to run instead of
pretending to back it up.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url

from models import clock, paths
from models.errors import DatabaseError
from models.migrate import REVISIONS

DAILY_PREFIX = "supplydesk-"
KEEP_DAILY = 7

log = logging.getLogger(__name__)


def _sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        safe = parsed.render_as_string(hide_password=True)
        raise DatabaseError(
            "Supply Desk backs up SQLite files only. For PostgreSQL run: pg_dump --format=custom "
            "--file=supplydesk.dump '{url}' (and pg_restore to restore)", url=safe.replace("+psycopg", ""),
        )
    if not parsed.database or parsed.database == ":memory:":
        raise DatabaseError("An in-memory database cannot be backed up")
    return Path(parsed.database)


def _copy(source: Path, target: Path) -> None:
    """Online copy of ``source`` into ``target`` (created 0600), through SQLite's backup API."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY, 0o600))
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=10)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst, pages=4096)  # in steps, so writers are not held up for the whole copy
        dst.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
    finally:
        dst.close()
        src.close()
    os.replace(partial, target)  # never a half-written backup under the final name


def backup(url: str, target: Path | None = None) -> Path:
    """Copy the database at ``url`` to ``target`` (default: the backup folder, with the time)."""
    source = _sqlite_path(url)
    if not source.exists():
        raise DatabaseError("{path} does not exist", path=str(source))
    target = target or paths.backup_dir() / f"{DAILY_PREFIX}{clock.now():%Y-%m-%d-%H%M%S}.db"
    if target.is_dir():
        target = target / f"{DAILY_PREFIX}{clock.now():%Y-%m-%d-%H%M%S}.db"
    _copy(source, target)
    log.info("backup of %s written to %s", source, target)
    return target


def check(file: Path) -> str:
    """Check a backup file: a SQLite database that passes its integrity check, at a known revision."""
    if not file.is_file():
        raise DatabaseError("{path} does not exist", path=str(file))
    with file.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise DatabaseError("{path} is not a database", path=str(file))
    conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise DatabaseError("{path} is damaged: {error}", path=str(file), error=str(exc)) from None
        if result != "ok":
            raise DatabaseError("{path} is damaged: {error}", path=str(file), error=result)
        try:
            revision: str = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        except sqlite3.DatabaseError:
            raise DatabaseError("This database was not made by Supply Desk; nothing was changed") from None
    finally:
        conn.close()
    if revision not in REVISIONS:
        raise DatabaseError(
            "This database was written by a newer Supply Desk (revision {revision}); "
            "upgrade Supply Desk. Nothing was changed.", revision=revision,
        )
    return revision


def restore(url: str, file: Path, *, force: bool = False) -> Path | None:
    """Replace the database at ``url`` by the checked backup ``file``; the replaced one is kept aside.

    Returns where the replaced database was put (None when there was none). Other sessions should
    be closed first: they would keep writing to the replaced file.
    """
    target = _sqlite_path(url)
    check(file)
    aside = None
    if target.exists() and target.stat().st_size > 0:
        if not force:
            raise DatabaseError("{path} exists; add --force to replace it (it will be kept aside)", path=str(target))
        aside = target.with_name(f"{target.stem}.replaced-{clock.now():%Y%m%d-%H%M%S}{target.suffix}")
        _copy(target, aside)  # a consistent copy, including what is still in the WAL
    staged = target.with_name(target.name + ".restoring")
    shutil.copyfile(file, staged)
    os.chmod(staged, 0o600)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(staged, target)
    log.info("%s restored from %s (the replaced database kept as %s)", target, file, aside)
    return aside


def daily_backup(url: str, *, today: date | None = None, keep: int = KEEP_DAILY) -> Path | None:
    """On the first start of a day, keep a backup in the data directory and the last ``keep`` of them.

    Returns the new backup, or None when today's exists (or the database is not a SQLite file).
    """
    if make_url(url).get_backend_name() != "sqlite" or not _sqlite_path(url).exists():
        return None
    today = today or clock.today()
    folder = paths.backup_dir()
    target = folder / f"{DAILY_PREFIX}{today.isoformat()}.db"
    if target.exists():
        return None
    _copy(_sqlite_path(url), target)
    log.info("daily backup written to %s", target)
    daily = sorted(p for p in folder.glob(f"{DAILY_PREFIX}????-??-??.db"))
    for old in daily[:-keep]:
        old.unlink(missing_ok=True)
        log.info("old daily backup removed: %s", old)
    return target
