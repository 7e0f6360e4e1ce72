"""The engine from a URL, SQLite pragmas, sessions, and the start-up checks of the database.

SQLite is set up on every connection for many users at once: WAL, foreign keys, a busy timeout and
``synchronous=FULL``. FULL makes every commit sync the WAL before it returns, so a write the app
has acknowledged survives a power cut; NORMAL, WAL's usual setting, syncs only at checkpoints and
may lose the last commits (``bench/write_latency.py`` shows what FULL costs). Write transactions
begin with ``BEGIN IMMEDIATE`` so that a second writer waits for the first instead of failing with
"database is locked" half way through. A SQLite file is known by its identity, not only its path:
a write to a file that was restored over or deleted is refused (``FileIdentity``).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import PoolProxiedConnection
from sqlmodel import Session, create_engine

from models import paths
from models.errors import DatabaseError

if TYPE_CHECKING:  # imported where used: a PostgreSQL session does without SQLite (its library: about 1 MB)
    import sqlite3

#: a writer waits this long for another's lock (worst wait seen with 16 writers: 9 s)
BUSY_TIMEOUT_MS = 30_000
WRITE_OPTIONS = {"sqlite_begin": "IMMEDIATE"}
#: a statement that takes longer than this is logged, with its time and its SQL (not its values)
SLOW_QUERY_S = 0.5

#: PostgreSQL connections a process holds at most: one, opened at its first query and kept while the
#: session is used (it LISTENs on it, ``models.watch``; a session left without a key lets it go); the
#: app's reads and the poll take turns on it. No ping before
#: each use (it would be a round trip per poll): a connection lost shows as one failed read, and
#: the pool opens a new one for the next.
PG_CONNECTIONS = 1
#: how long a read waits for the process's connection while another read holds it
PG_WAIT_S = 60
#: compiled statements an engine keeps (SQLAlchemy's default is 500, trimmed back once past 750): a
#: list's statement is about 38 KB compiled, and a session open all day, filters typed and sorts
#: changed, would fill the default with up to 28 MB. A hundred hold what the screens use in turn
#: (each a handful); one asked again after it was let go is compiled again, a millisecond or two.
STATEMENTS_KEPT = 100

#: the largest id a table holds: ids are INTEGER, 32 bits on PostgreSQL (SQLite's take 64)
MAX_ID = 2**31 - 1

log = logging.getLogger(__name__)


def typed_id(text: str) -> int | None:
    """The id ``text`` spells in ASCII digits ("²" is a digit to ``str.isdigit``), None when it spells
    none a table can hold: a larger number would overflow the database's integer, not find nothing."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)) or int(text) > MAX_ID:
        return None
    return int(text)


def resolve_url(value: str | None = None) -> str:
    """``--db`` value, then ``SUPPLYDESK_DB``, then the default file; a plain path becomes a SQLite URL."""
    value = value or os.environ.get("SUPPLYDESK_DB") or str(paths.default_db_path())
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def describe(url: str) -> str:
    """Where the data is, for the header: a file path or ``user@host/db`` without the password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True).split("://", 1)[-1]


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def is_default_location(url: str) -> bool:
    """Whether ``url`` is the default file, the only one whose folders are made on first use:
    a ``--db`` with a typo in its folder must be refused, not given an empty database."""
    return sqlite_file(url) == paths.default_db_path().expanduser().resolve()


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names; None for an in-memory database or another backend."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def user_error(error: BaseException, *, where: str) -> BaseException:
    """A driver's error as one of the few messages a user can act on; any other error as it is.

    ``where`` names the database (``describe(url)``) for the messages that need it. The front end
    shows what this returns: it need not know the driver's exception classes.
    """
    text = str(getattr(error, "orig", error)).lower()
    if isinstance(error, OperationalError) and "readonly" in text:
        return DatabaseError("The database is read-only for you: {path}", path=where)
    if isinstance(error, OperationalError) and "locked" in text:
        return DatabaseError("The database is busy; try again in a moment")
    if "disk" in text and "full" in text:
        return DatabaseError("The disk is full; nothing was saved")
    if isinstance(error, DBAPIError) and ("permission denied" in text or "row-level security" in text):
        # PostgreSQL with one role per person: the database itself refused what the role may not do
        return DatabaseError("The database refused this for your role: {error}", error=text.splitlines()[0])
    if "nul (0x00)" in text:  # PostgreSQL's text cannot hold one; SQLite's can
        return DatabaseError("Text with a NUL character cannot be stored or searched for")
    if isinstance(error, DBAPIError):
        return DatabaseError("Cannot reach the database: {error}", error=text.splitlines()[0] if text else "")
    return error


def _prepare_sqlite_file(url: str, *, create_dirs: bool, read_only: bool) -> None:
    """Refuse paths that cannot be a database; create the file 0600 (in a 0700 directory when
    ``create_dirs``), except for a reader, which is refused a missing file."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    path = Path(database)
    if path.is_dir():
        raise DatabaseError("{path} is a directory, not a database file", path=str(path))
    if read_only and not path.exists():
        raise DatabaseError("{path} does not exist", path=str(path))
    if not path.parent.exists() and not create_dirs:
        raise DatabaseError("Folder {path} does not exist", path=str(path.parent))
    if create_dirs and paths.in_data_dir(path):
        paths.private_folder(path.parent)  # made, or made private again: 0700 whatever the umask was
    elif create_dirs:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.exists():
        if not os.access(path, os.R_OK):
            raise DatabaseError("Cannot read {path}: permission denied", path=str(path))
        if not _is_sqlite(path):
            raise DatabaseError("{path} is not a database", path=str(path))
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise DatabaseError("Cannot create {path}: {error}", path=str(path), error=exc.strerror) from None


def _is_sqlite(path: Path) -> bool:
    """Whether ``path`` (existing, readable) is a SQLite database, or empty (a new one), asked of
    SQLite itself.

    Not by reading its header here: closing any descriptor of a file drops every POSIX lock this
    process holds on it, the shared lock of each connection already open on it included. Another
    process closing its last connection then believes it is the last of all, checkpoints and deletes
    the WAL and its shared memory under those connections: they read a past state from then on, and
    what they write goes to a deleted file. SQLite keeps such a descriptor open while its locks
    stand."""
    import sqlite3

    probe = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    try:
        probe.execute("PRAGMA schema_version")  # reads the header and the first page
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            return False
        # anything else (a WAL this user may not open, a lock): the engine's first query says why
    finally:
        probe.close()
    return True


def _read_only_sqlite(path: Path) -> Callable[[], sqlite3.Connection]:
    """Connections that open ``path`` read-only (SQLite's ``mode=ro``): a write fails, and the file,
    its header and journal mode included, stays as it was."""
    import sqlite3

    uri = f"file:{quote(str(path))}?mode=ro"
    return lambda: sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Take transaction control away from pysqlite so BEGIN is ours (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


class DatabaseReplaced(DatabaseError):
    """The SQLite file this process opened is no longer the one at its path."""


@dataclass(frozen=True)
class FileIdentity:
    """The SQLite file a database was opened on, by device and inode.

    A restore moves another file over the path, and an ``rm`` takes it away. Connections opened
    before keep the old file open and would write to it, where nobody will ever read; connections
    opened after would write to the new one. Either way a running session's writes would be
    acknowledged and lost: so every write transaction checks, once it holds the write lock, that
    the path still names the file this process opened (an ``os.stat``: a few microseconds).
    """

    path: Path
    device: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity:
        found = os.stat(path)
        return cls(path=path, device=found.st_dev, inode=found.st_ino)

    def check(self) -> None:
        """Raise DatabaseReplaced when the path names another file, or none."""
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            found = None
        if found is None or (found.st_dev, found.st_ino) != (self.device, self.inode):
            raise DatabaseReplaced(
                "The database file {path} was replaced or removed; nothing more is saved: restart Supply Desk",
                path=str(self.path),
            )


def _install_slow_query_log(engine: Engine) -> None:
    """Log every statement slower than ``SLOW_QUERY_S`` (read when the statement ends, so a test
    may lower it)."""

    @event.listens_for(engine, "before_cursor_execute")
    def _started(conn: Connection, cursor: Any, statement: str, parameters: Any, context: Any,
                 executemany: bool) -> None:
        conn.info.setdefault("query_started", []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def _ended(conn: Connection, cursor: Any, statement: str, parameters: Any, context: Any,
               executemany: bool) -> None:
        started = conn.info.get("query_started")
        if not started:
            return
        seconds = time.perf_counter() - started.pop()
        if seconds >= SLOW_QUERY_S:
            log.warning("slow query (%d ms): %s", seconds * 1000, " ".join(statement.split())[:2000])


def make_engine(url: str, *, create_dirs: bool = True, read_only: bool = False,
                connections: int = PG_CONNECTIONS) -> Engine:
    """An engine for ``url``; for SQLite the file is checked (and created, unless ``read_only``) first.

    ``read_only`` opens SQLite with ``mode=ro`` and PostgreSQL with read-only transactions: a reader
    such as the brief changes nothing, not even the file's journal mode.
    """
    try:
        parsed = make_url(url)
    except Exception:
        raise DatabaseError("Not a database URL: {url}", url=url) from None
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_file(url, create_dirs=create_dirs, read_only=read_only)
        path = sqlite_file(url)
        if read_only and path is not None:
            engine = create_engine(url, creator=_read_only_sqlite(path), query_cache_size=STATEMENTS_KEPT)
        else:
            engine = create_engine(url, query_cache_size=STATEMENTS_KEPT,
                                   connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})
        _install_sqlite_hooks(engine)
    else:
        options = {"options": "-c default_transaction_read_only=on"} if read_only else {}
        try:
            engine = create_engine(url, pool_size=connections, max_overflow=0, pool_timeout=PG_WAIT_S,
                                   query_cache_size=STATEMENTS_KEPT,
                                   connect_args={**options, "application_name": f"supplydesk {os.getpid()}"})
        except ImportError as exc:
            raise DatabaseError("The driver for {url} is not installed: {error}",
                                url=describe(url), error=str(exc)) from None
    _install_slow_query_log(engine)
    return engine


def driver_connection(raw: PoolProxiedConnection) -> Any:
    """The driver's own connection (sqlite3's or psycopg's) behind a pooled one.

    SQLAlchemy types it as optional: it is None only once the pooled connection is closed.
    """
    driver = raw.driver_connection
    if driver is None:
        raise RuntimeError("The database connection is closed")
    return driver


class _Session(Session):
    """A session that knows every table before it writes (see ``_every_table``)."""


@event.listens_for(_Session, "before_flush")
def _every_table(session: Session, flush_context: object, instances: object) -> None:
    # Start-up defines only the tables its first screen reads. A flush orders its writes by the
    # foreign keys of the tables it touches, and those must find every table they point at.
    import models.tables  # noqa: F401


@dataclass
class Database:
    """An engine plus the two kinds of session: reads (deferred) and writes (immediate)."""

    url: str
    engine: Engine
    #: this open made the SQLite file: the command line says so
    created: bool = False
    #: the SQLite file opened (None on PostgreSQL and in memory): writes go to this file or nowhere
    file: FileIdentity | None = None

    @classmethod
    def open(cls, url: str, *, create_dirs: bool = True, read_only: bool = False,
             connections: int = PG_CONNECTIONS) -> Database:
        """The database at ``url``; ``read_only`` for a reader that must change nothing (see make_engine);
        ``connections``: the PostgreSQL connections it may hold (a desk holds one; a test playing several
        desks in one process, more)."""
        path = sqlite_file(url)
        new = path is not None and not path.exists()
        db = cls(url=url, engine=make_engine(url, create_dirs=create_dirs, read_only=read_only,
                                             connections=connections), created=new)
        if path is not None:
            db.file = FileIdentity.of(path)
            # after the hook that begins the transaction: the check runs holding the write lock
            event.listen(db.engine, "begin", db._write_to_the_file_opened)
        log.info("database opened: %s (%s%s%s)", describe(url), db.backend, ", a new file" if new else "",
                 ", read-only" if read_only else "")
        return db

    def _write_to_the_file_opened(self, connection: Connection) -> None:
        """Refuse a write transaction once the file was replaced or removed (see FileIdentity)."""
        if self.file is None or connection.get_execution_options().get("sqlite_begin") != "IMMEDIATE":
            return
        try:
            self.file.check()
        except DatabaseReplaced:
            connection.exec_driver_sql("ROLLBACK")  # the lock on the old file goes at once
            raise

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        """A session for reads; services that write begin their own immediate transaction."""
        return _Session(self.engine, expire_on_commit=False)

    def glancing(self) -> Session:
        """A session for a look of a statement or two (every session's look for changes, at every
        change): on PostgreSQL with no transaction around it, each statement reading what was
        committed when it ran. BEGIN and ROLLBACK would be two round trips of its four. On SQLite
        the same as ``session`` (no round trips to save, and BEGIN is this module's own)."""
        if self.backend != "postgresql":
            return self.session()
        return _Session(self._autocommit, expire_on_commit=False)

    @cached_property
    def _autocommit(self) -> Engine:
        """The engine with its connections in autocommit while lent (its pool is the engine's)."""
        return self.engine.execution_options(isolation_level="AUTOCOMMIT")

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.session() as session:
            yield session

    def use_wal(self) -> None:
        """Switch a SQLite file to WAL (persistent in the file), once it is known to be ours or new.

        Not done on connect: merely looking at someone else's database must not change its header.
        A file this user may only read stays as it is: it can still be read, and a write says why
        it fails (see ``user_error``).
        """
        if self.backend == "sqlite":
            import sqlite3

            raw = self.engine.raw_connection()  # outside any transaction: SQLite requires it
            try:
                driver_connection(raw).execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError as exc:
                log.warning("journal mode left as it is: %s", exc)
            finally:
                raw.close()

    def table_names(self) -> list[str]:
        try:
            return inspect(self.engine).get_table_names()
        except DBAPIError as exc:
            raise user_error(exc, where=describe(self.url)) from None

    def dispose(self) -> None:
        self.engine.dispose()
