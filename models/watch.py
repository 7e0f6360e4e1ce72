"""Whether the database may have changed since a session last looked, without a query when it has not.

Every open session asks about once a second. Reading the change marker (``services.changes``) is a
small query, but a hundred sessions make a hundred of them a second on a database that, most seconds,
nobody wrote to. The database can say so more cheaply:

- SQLite: ``PRAGMA data_version`` on a connection kept for it, and the size and time of the WAL
  file and the database file (a ``stat`` each). A commit by any connection moves one of them;
  none of it reads a page of the database.
- PostgreSQL: every writing transaction sends ``NOTIFY`` (``services.common.audit``), delivered at
  its commit. The session ``LISTEN``s on its one pooled connection; the notifications wait in the
  connection's socket until a look reads them (or a query reads them on its way, and the driver
  hands them to the watch's counter), and looking sends nothing to the server. A connection where
  LISTEN fails (pgbouncer in transaction pooling) falls back to polling: every look says "maybe
  changed".

``glance(accepted)`` answers in the event loop, without a thread and without waiting: True when the
database says nothing changed since the token ``accepted``. SQLite asks its kept connection and the
files; PostgreSQL whether the listening connection's socket has anything to read and the counter
moved. An idle session then starts no worker each second. Anything it cannot tell says False, and
the app looks in a worker.

On PostgreSQL a connection is a server process, and the server's default ``max_connections`` (100,
three kept for superusers) cannot give a hundred sessions one each and leave room for the command
line. So a session nobody uses lets its connection go: after ``idle_release_seconds`` (settings; 5
minutes) with no key pressed, the watch closes the session's idle connection and the session looks
for changes every ``released_poll_seconds`` (30 s) only, on a connection opened for that look and
the reloads it causes, and closed at the next poll. Between looks ``due`` says no and the app asks
nothing, so the header says when the data was last confirmed. The first key (``touch``) takes the
connection back: the app looks at once, and the new connection LISTENs again. Opening a connection
costs the server CPU (a process forked and set up: 13–15 ms measured on a busy 2-core machine), which
is why a released session looks seldom rather than every second.

``token()`` is what the database says now; the caller compares it with the last token it accepted
after a successful read of the marker (``changed``), so a read that failed is asked again.
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
import weakref
from typing import TYPE_CHECKING, Any

from models.db import Database, driver_connection

if TYPE_CHECKING:  # imported where used: a PostgreSQL session does without SQLite
    import sqlite3

log = logging.getLogger(__name__)

#: the channel every writing transaction notifies on PostgreSQL (payload: the table changed)
CHANNEL = "supplydesk_changes"
#: seconds after which a listening session reads the marker even though it heard nothing
RECHECK_S = 30


class ChangeWatch:
    """Polling: every look may have changed (the fallback, and what other databases get)."""

    def token(self) -> object:
        return object()

    def glance(self, accepted: object) -> bool:
        """True when the database says, at once and without a query, that nothing changed since
        the token ``accepted``; False when it cannot tell (the app then looks in a worker)."""
        return False

    def due(self) -> bool:
        """Whether the app should look now (a released connection is looked through seldom)."""
        return True

    def touch(self) -> bool:
        """Someone pressed a key; True when that took a released connection back (look at once)."""
        return False

    def close(self) -> None:
        """Let go of what the watch keeps open."""

    def rest(self) -> None:
        """The session shows what it reads elsewhere for now (``models.shared_figures``): let go of
        the connection kept for looking; the next look opens one again and counts as a change."""

    def wait(self, seconds: float, stop: threading.Event) -> None:
        """Wait up to ``seconds`` for a change, or until ``stop`` is set (the keeper of shared figures)."""
        stop.wait(seconds)


class SqliteWatch(ChangeWatch):
    """``PRAGMA data_version`` on a connection of its own, opened on first use."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None

    def token(self) -> object:
        import sqlite3

        with self._lock:
            if self._connection is None:
                self._connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            try:
                version = self._connection.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error:
                self._connection.close()
                self._connection = None
                raise
            # and the files' state: data_version was seen to stay put over a commit by another
            # process once the WAL had been checkpointed; a commit always writes the WAL
            return (id(self._connection), version, *_state(self.path + "-wal"), *_state(self.path))

    def glance(self, accepted: object) -> bool:
        try:
            return self.token() == accepted  # tens of microseconds: no page read, no lock a writer holds
        except Exception:
            return False

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


def _state(path: str) -> tuple[int, int]:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return (0, 0)
    return (found.st_size, found.st_mtime_ns)


class PostgresWatch(ChangeWatch):
    """LISTEN on the session's pooled connection; the token counts the notifications heard. Released
    after ``idle_release_seconds`` without a key (see the module's text)."""

    def __init__(self, db: Database, *, release: bool = True) -> None:
        from models import settings

        self.db = db
        self._lock = threading.Lock()
        self._seen = 0
        self._listening = True  # until the server refuses
        #: the driver connection listening now (weakly: the pool may close it) and its socket
        self._heard_on: weakref.ref[Any] | None = None
        self._socket = -1
        now = time.monotonic()
        self._key_at = now
        self._looked_at = now
        #: a service that never sees a key (the keeper of shared figures) never lets go
        self.release_after = settings.current().idle_release_seconds if release else float("inf")
        self.released_poll = settings.current().released_poll_seconds

    @property
    def released(self) -> bool:
        return time.monotonic() - self._key_at > self.release_after

    def touch(self) -> bool:
        was = self.released
        self._key_at = time.monotonic()
        return was

    def due(self) -> bool:
        if not self.released:
            return True
        self._let_go()
        return time.monotonic() - self._looked_at >= self.released_poll

    def rest(self) -> None:
        self._let_go()

    def wait(self, seconds: float, stop: threading.Event) -> None:
        if self._listening_socket() is not None:
            _readable(self._socket, seconds)  # wakes at a notification
        else:
            stop.wait(seconds)

    def _let_go(self) -> None:
        """Close the session's connection if it is idle in the pool (one in use is closed next time)."""
        pool: Any = self.db.engine.pool
        if pool.checkedin() and not pool.checkedout():
            pool.dispose()  # closes the idle connections; the pool opens a new one when asked

    def token(self) -> object:
        self._looked_at = time.monotonic()
        if self.released:
            # no LISTEN on a connection about to be closed: every look reads the marker
            return object()
        if not self._listening:
            return object()
        with self._lock:
            raw = self.db.engine.raw_connection()
            try:
                driver: Any = driver_connection(raw)
                if not raw.info.get("listening"):
                    # a new connection (the first, or one made again after the old was lost): what
                    # happened before it listened is unknown, so this counts as a change
                    if not self._listen(driver):
                        return object()
                    raw.info["listening"] = True
                    self._heard_on, self._socket = weakref.ref(driver), driver.fileno()
                    self._seen += 1
                if _readable(self._socket):
                    # what waits in the socket, read without a query (the driver's libpq calls);
                    # the connection is this thread's while checked out
                    driver.pgconn.consume_input()
                    while driver.pgconn.notifies() is not None:
                        self._seen += 1
            except Exception:
                raw.invalidate()  # a connection lost under the watch: the next look opens a new one
                raise
            finally:
                raw.close()
            return self._token()

    def _token(self) -> tuple[int, int]:
        # and once every RECHECK_S whatever was heard: a notification lost on the way (a pooler
        # between that shares the connection) costs at most that long
        return self._seen, int(time.monotonic() // RECHECK_S)

    def glance(self, accepted: object) -> bool:
        socket = self._listening_socket()
        if socket is None or _readable(socket):
            return False  # not listening, or news
        return self._token() == accepted

    def _listening_socket(self) -> int | None:
        """The socket of the connection listening now; None when the watch does not listen, or the
        connection was closed (its socket's number may be another file's now)."""
        if self.released or not self._listening or self._heard_on is None:
            return None
        driver = self._heard_on()
        return None if driver is None or driver.closed else self._socket

    def _heard(self, _notification: Any) -> None:
        """(The driver, in whichever thread ran a query that read a notification) one more heard."""
        self._seen += 1

    def _listen(self, driver: Any) -> bool:
        try:
            driver.execute(f"LISTEN {CHANNEL}")
            driver.commit()
        except Exception as error:  # e.g. pgbouncer in transaction pooling refuses LISTEN
            log.warning("cannot LISTEN, polling instead: %s", error)
            driver.rollback()
            self._listening = False
            return False
        driver.add_notify_handler(self._heard)
        return True


def _readable(socket: int, within: float = 0.0) -> bool:
    """Whether the socket has something to read now, or within ``within`` seconds (a notification,
    or a query's answer another thread waits for: either way the look goes to a worker)."""
    looking = select.poll()  # not select(): no limit on the descriptor's number
    looking.register(socket, select.POLLIN)
    return bool(looking.poll(int(within * 1000)))  # a descriptor closed under us answers POLLNVAL: "maybe" too


def watch_for(db: Database, *, release: bool = True) -> ChangeWatch:
    """The cheapest watch ``db`` allows; ``release``: a PostgreSQL session without a key for a while
    lets its connection go (not a service's)."""
    from models.db import sqlite_file

    if db.backend == "sqlite":
        path = sqlite_file(db.url)
        return SqliteWatch(str(path)) if path is not None else ChangeWatch()
    if db.backend == "postgresql":
        return PostgresWatch(db, release=release)
    return ChangeWatch()


def notify_on_commit(session: Any, table: str) -> None:
    """(PostgreSQL) tell the listening sessions, at this transaction's commit, that ``table`` changed;
    the server sends one notification per distinct payload and transaction."""
    from sqlalchemy import func, select

    session.execute(select(func.pg_notify(CHANNEL, table)))

