"""Backups: a consistent online copy of a SQLite database, checked restores, and daily rotation.

The copy uses SQLite's online backup API, so others keep writing while it runs and the copy is a
consistent snapshot. PostgreSQL has its own tools; for it we say which command to run instead of
pretending to back it up.

Every file is first written under a new, unpredictable name in the folder of its final name, created
exclusively and never through a link, then moved (or linked, where it must not replace anything) to
its final name: nothing half written ever has that name, and a link planted there or at a name we
once used cannot point our writes at someone's file.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import secrets
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path

from sqlalchemy.engine import make_url

from models import clock, paths, settings
from models.base import Role
from models.errors import DatabaseError, PermissionDenied
from models.migrate import REVISIONS
from models.services.common import Actor

#: the name of a backup of ``supplydesk.db``: ``supplydesk-2020-02-03.db`` (daily), with the time if by hand
DAILY = "{stem}-{day}.db"
BY_HAND = "{stem}-{now:%Y-%m-%d-%H%M%S}.db"
#: a file is read-only for others while the database is replaced: wait this long for their write lock
BUSY_TIMEOUT_S = 30
#: the page cache of each of the copy's two connections, in KiB: the backup API reads and writes each page
#: once, so a cache saves it nothing, and SQLite's default (2 MiB each) raised by 4 MiB the peak memory of
#: the session that keeps the day's backup
COPY_CACHE_KIB = 64

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


def _read_only(file: Path) -> sqlite3.Connection:
    """A connection that cannot change ``file`` (its name quoted: a path may hold ``?`` or ``#``)."""
    return sqlite3.connect(f"{file.absolute().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)


# --- files ----------------------------------------------------------------------------------------------


def _cannot_write(path: Path, error: OSError) -> DatabaseError:
    return DatabaseError("Cannot write {path}: {error}", path=str(path), error=error.strerror or str(error))


def _give(fd: int, *, mode: int, owner: int = -1, group: int = -1) -> None:
    """Owner and group when this process may give them (root, or a group it is in); the mode always,
    after them (changing the owner can clear the set-id bits)."""
    try:
        os.fchown(fd, owner, group)
    except OSError:  # not root: the group alone, when this process is in it
        with contextlib.suppress(OSError):
            os.fchown(fd, -1, group)
    os.fchmod(fd, mode)


@contextlib.contextmanager
def _staged(final: Path, *, mode: int = 0o600, owner: int = -1, group: int = -1) -> Iterator[tuple[int, Path]]:
    """A new file beside ``final``, created exclusively (never through a link) with ``mode``, owner and
    group; removed unless the body moved it to ``final``."""
    staged = final.with_name(f".{final.name}.{secrets.token_hex(8)}.partial")
    try:
        fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise _cannot_write(final, exc) from None
    try:
        _give(fd, mode=mode, owner=owner, group=group)
        yield fd, staged
    finally:
        os.close(fd)
        staged.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """A rename is durable once its folder is written out."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish(staged: Path, final: Path, *, replace: bool) -> None:
    """Give ``staged`` its final name: replacing what is there, or (``replace`` false) only when nothing
    is there, which makes it the one of two racing writers that wins (FileExistsError for the other)."""
    if replace:
        os.replace(staged, final)
    else:
        os.link(staged, final, follow_symlinks=False)
    _sync_folder(final.parent)


def _copy(source: Path, target: Path, *, replace: bool, mode: int = 0o600, group: int = -1) -> None:
    """Online copy of ``source`` into ``target``, through SQLite's backup API.

    Raises FileExistsError when ``target`` exists and not ``replace``; DatabaseError when the copy fails.
    """
    with _staged(target, mode=mode, group=group) as (_, staged):
        try:
            src = _read_only(source)
            dst = sqlite3.connect(staged)
            try:
                for connection in (src, dst):
                    connection.execute(f"PRAGMA cache_size = -{COPY_CACHE_KIB}")
                src.backup(dst, pages=4096)  # in steps, so writers are not held up for the whole copy
                dst.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
            finally:
                dst.close()
                src.close()
        except sqlite3.Error as exc:  # a damaged source, or a full disk
            raise DatabaseError("Backup to {path} failed: {error}", path=str(target), error=str(exc)) from None
        try:
            _publish(staged, target, replace=replace)
        except FileExistsError:
            raise
        except OSError as exc:
            raise _cannot_write(target, exc) from None


# --- where backups go -------------------------------------------------------------------------------------


def _folder_for(database: Path) -> Path:
    """The backup folder of ``database`` (see ``paths.backup_dir``), made if missing.

    In the user's data directory it is the user's own (0700). Beside a database elsewhere it is the
    group's, like the database's folder: it takes that folder's mode (less what others may do) and
    group. A folder named by ``SUPPLYDESK_BACKUP_DIR`` is made 0700; one that exists is left as it is.
    """
    folder = paths.backup_dir(database)
    if paths.in_data_dir(folder):
        return paths.private_folder(folder)
    if folder.is_dir():
        return folder
    home = database.absolute().parent
    if folder.parent != home:
        return paths.private_folder(folder)
    like = home.stat()
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:  # another user made it first
        return folder
    except OSError as exc:
        raise DatabaseError("Cannot create {path}: {error}", path=str(folder), error=exc.strerror) from None
    with contextlib.suppress(OSError):  # a folder with the set-group-ID bit gave it the group already
        os.chown(folder, -1, like.st_gid)
    folder.chmod(stat.S_IMODE(like.st_mode) & 0o7770)
    return folder


def _shared_mode(database: Path) -> tuple[int, int]:
    """Mode and group of a backup in the database's backup folder: the database's group reads it when
    it may read the database (so any coordinator of a shared desk can restore it); only its maker
    writes it; others never read it. A private database (0600) gets private backups."""
    info = database.stat()
    return 0o600 | (stat.S_IMODE(info.st_mode) & 0o040), info.st_gid


def backup(url: str, target: Path | None = None, *, force: bool = False) -> Path:
    """Copy the database at ``url`` to ``target`` (default: its backup folder, named with the time).

    ``target`` is a file (0600) or a folder; an existing file is replaced only with ``force``.
    """
    source = _sqlite_path(url)
    if not source.exists():
        raise DatabaseError("{path} does not exist", path=str(source))
    name = BY_HAND.format(stem=source.stem, now=clock.now())
    mode, group = 0o600, -1
    if target is None:
        target = _folder_for(source) / name
        mode, group = _shared_mode(source)
    elif target.is_dir():
        target = target / name
    if not target.parent.is_dir():
        raise DatabaseError("Folder {path} does not exist", path=str(target.parent))
    if not force and (target.exists() or target.is_symlink()):
        raise DatabaseError("{path} exists; add --force to replace it", path=str(target))
    try:
        _copy(source, target, replace=force, mode=mode, group=group)
    except FileExistsError:
        raise DatabaseError("{path} exists; add --force to replace it", path=str(target)) from None
    log.info("backup of %s written to %s", source, target)
    return target


# --- checks and restores --------------------------------------------------------------------------------


@cache
def _tables_at(revision: str) -> dict[str, frozenset[str]]:
    """Each table (and its columns) of a database at ``revision``: an empty one migrated to it."""
    from sqlalchemy import create_engine

    from models.db import Database
    from models.migrate import upgrade

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'empty.db'}"
        empty = Database(url=url, engine=create_engine(url))  # a scratch file: none of the checks of opening one
        try:
            upgrade(empty, revision)
        finally:
            empty.dispose()
        conn = sqlite3.connect(Path(folder) / "empty.db")
        try:
            return _tables(conn)
        finally:
            conn.close()


def _tables(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {name: frozenset(row[1] for row in conn.execute("SELECT * FROM pragma_table_info(?)", (name,)))
            for name in names}


def check(file: Path) -> str:
    """Check a backup file: a SQLite database that passes its integrity check, at a known revision,
    with every table and column a database at that revision has (a file that passes opens and runs)."""
    if not file.is_file():
        raise DatabaseError("{path} does not exist", path=str(file))
    with file.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise DatabaseError("{path} is not a database", path=str(file))
    conn = _read_only(file)
    try:
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise DatabaseError("{path} is damaged: {error}", path=str(file), error=str(exc)) from None
        if result != "ok":
            raise DatabaseError("{path} is damaged: {error}", path=str(file), error=result)
        try:
            revision: str = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        except (sqlite3.DatabaseError, TypeError):  # no such table, or no row in it
            raise DatabaseError("This database was not made by Supply Desk; nothing was changed") from None
        if revision not in REVISIONS:
            raise DatabaseError(
                "This database was written by a newer Supply Desk (revision {revision}); "
                "upgrade Supply Desk. Nothing was changed.", revision=revision,
            )
        found = _tables(conn)
    finally:
        conn.close()
    missing = sorted(f"{table}.{column}" if table in found else table
                     for table, columns in _tables_at(revision).items()
                     for column in (columns - found[table] if table in found else [""]))
    if missing:
        raise DatabaseError("{path} lacks tables or columns of Supply Desk ({missing}); nothing was changed",
                            path=str(file), missing=", ".join(missing[:5]) + (", …" if len(missing) > 5 else ""))
    return revision


def _require_coordinator(database: Path, login: str) -> None:
    """Replacing a database is a coordinator's act, read in the database being replaced.

    A database not there yet, empty, without cadres (the first login would be its coordinator), or
    whose cadres cannot be read (damaged, or not Supply Desk's: it cannot say who coordinates it) has
    no coordinator to ask; it is kept aside all the same.
    """
    if not database.is_file() or database.stat().st_size == 0:
        return
    try:
        conn = _read_only(database)
        try:
            if conn.execute("SELECT count(*) FROM cadre").fetchone()[0] == 0:
                return
            row = conn.execute("SELECT role, active FROM cadre WHERE login = ?", (login,)).fetchone()
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise DatabaseError("The database is busy; try again in a moment") from None
        return
    except sqlite3.DatabaseError:
        return
    role = Role(row[0]) if row is not None and row[1] and row[0] in set(Role) else Role.VIEWER
    if not Actor(login=login, role=role).is_coordinator:
        raise PermissionDenied("Only a coordinator may restore the database; {login} is not a coordinator of it",
                               login=login)


def restore(url: str, file: Path, *, login: str, force: bool = False) -> Path | None:
    """Replace the database at ``url`` by the checked backup ``file``; the replaced one is kept aside.

    Only a coordinator of the database being replaced (``login``) may. The restored file gets the
    owner, group and mode of the file it replaces (0600 when there was none), so everyone who could
    open the database still can. Returns where the replaced database was put (None when there was
    none). Other sessions should be closed first: they would keep writing to the replaced file.
    """
    target = _sqlite_path(url)
    _require_coordinator(target, login)
    check(file)
    if not target.parent.is_dir():
        raise DatabaseError("Folder {path} does not exist", path=str(target.parent))
    before = target.stat() if target.is_file() else None
    aside = None
    if before is not None and before.st_size > 0:
        if not force:
            raise DatabaseError("{path} exists; add --force to replace it (it will be kept aside)", path=str(target))
        aside = target.with_name(f"{target.stem}.replaced-{clock.now():%Y%m%d-%H%M%S}{target.suffix}")
        mode, group = _shared_mode(target)
        _copy(target, aside, replace=True, mode=mode, group=group)  # consistent, with what is still in the WAL
    keep = (stat.S_IMODE(before.st_mode), before.st_uid, before.st_gid) if before is not None else (0o600, -1, -1)
    try:
        with _staged(target, mode=keep[0], owner=keep[1], group=keep[2]) as (fd, staged):
            with file.open("rb") as source, open(fd, "wb", closefd=False) as copy:
                shutil.copyfileobj(source, copy)
            os.fsync(fd)
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            _publish(staged, target, replace=True)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    log.info("%s restored from %s (the replaced database kept as %s)", target, file, aside)
    return aside


# --- daily ------------------------------------------------------------------------------------------------


def daily_backup(url: str, *, today: date | None = None, keep: int | None = None) -> Path | None:
    """On the first start of a day, keep a backup in the database's backup folder, and the last ``keep``
    (default: the ``backups_keep`` setting).

    One per day and database, however many users start that day: the day's file is created only where
    there is none, and whoever finds it there does nothing. Returns the new backup, or None when
    today's exists (or the database is not a SQLite file).
    """
    if make_url(url).get_backend_name() != "sqlite" or not _sqlite_path(url).exists():
        return None
    source = _sqlite_path(url)
    today = today or clock.today()
    folder = _folder_for(source)
    target = folder / DAILY.format(stem=source.stem, day=today.isoformat())
    if target.exists() or target.is_symlink():
        return None
    mode, group = _shared_mode(source)
    try:
        _copy(source, target, replace=False, mode=mode, group=group)
    except FileExistsError:
        return None  # another user's session made it meanwhile
    log.info("daily backup written to %s", target)
    daily = sorted(folder.glob(DAILY.format(stem=glob.escape(source.stem), day="????-??-??")))
    for old in daily[:-(keep or settings.current().backups_keep)]:
        try:
            old.unlink(missing_ok=True)
        except OSError as exc:  # another user's, in a folder that does not let us remove it
            log.warning("old daily backup %s not removed: %s", old, exc)
            continue
        log.info("old daily backup removed: %s", old)
    return target
