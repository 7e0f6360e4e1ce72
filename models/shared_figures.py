"""The dashboard's figures read once per change for every session of a server, and kept in a file.

On one PostgreSQL server a hundred sessions each holding a connection (to LISTEN, and to read the
dashboard at every change) need a hundred connections, where the server's default leaves 97, and
read the same figures a hundred times. ``supplydesk share-figures --to FILE`` is one process with
one connection, run beside the database as a service: it reads the dashboard's figures
(``dashboard_refresh.refresh_view``) once per change, only the parts the change touched, and writes
them to FILE. A session whose ``shared_figures`` setting names FILE shows what it finds there while
the dashboard is on screen: it glances at the file each second (one ``stat``, no query) and lets
its database connection go. The lists still read the database themselves: what they show depends on
each person's filter, sort and page.

- The file is JSON, written to a temporary file in its folder and renamed over FILE: a reader finds
  the old figures or the new ones, never half of either.
- While nothing changes the keeper confirms the file each ``CONFIRM_S``: it sets the file's times,
  its modification time kept, which moves its change time (``confirm``; reading the file does not),
  so a session learns both from the ``stat`` it makes anyway and reads the file only when the
  figures changed. The header says the
  data was confirmed then. A file not confirmed for ``STALE_S`` (the keeper stopped, hangs, or lost
  the database) is not used: the session reads the database itself, as without the setting, and
  goes back to the file once it is fresh again. The keeper removes the file when stopped.
- Who may read the figures is who may read FILE: its folder belongs to the keeper's account and to
  the group of the desk's users (the README says how). A file that does not decode is not used.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import math
import os
import stat
import tempfile
import threading
import time
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from models import clock
from models.db import DatabaseReplaced

if typing.TYPE_CHECKING:
    from models.dashboard_view import DashboardView
    from models.db import Database

log = logging.getLogger(__name__)

#: the file's format; a file of another format is not used
FORMAT = 1
#: a file larger than this is not read (the figures of a large group take a few tens of kB)
MAX_BYTES = 4 * 1024 * 1024
#: the keeper confirms the figures this often while nothing changes (seconds)
CONFIRM_S = 1.0
#: a file not confirmed for this long is not used (seconds; the header says data is stale after 5)
STALE_S = 10.0
#: the keeper re-reads every figure this often, for those that move with the clock alone (seconds;
#: the dashboard's own ``CLOCK_REFRESH``)
FULL_READ_S = 600.0
#: the longest the keeper waits between two looks for changes (seconds), and after a failed read
LOOK_S = 0.2
RETRY_S = 2.0


# --- the file's text: the figures' dataclasses as JSON, and back ------------------------------------


def encode(value: Any) -> Any:
    """``value`` (dataclasses, tuples, dicts, dates, times, numbers, text, None) as JSON's values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    return value


def decode(kind: Any, value: Any) -> Any:
    """``value`` (from ``encode``) as a ``kind``, checked against the dataclasses' annotations;
    ValueError when it does not fit."""
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(kind)
        if value is None and type(None) in options:
            return None
        return decode(next(o for o in options if o is not type(None)), value)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise ValueError(f"{kind.__name__}: not an object")
        hints = _hints(kind)
        missing = [name for name in _fields(kind) if name not in value]
        if missing:  # every field, even one with a default: a keeper of another version is not believed
            raise ValueError(f"{kind.__name__}: no {', '.join(missing)}")
        return kind(**{name: decode(hints[name], value[name]) for name in _fields(kind)})
    if origin is tuple:
        return tuple(decode(typing.get_args(kind)[0], v) for v in _list(value))
    if origin is dict:
        key, item = typing.get_args(kind)
        if not isinstance(value, dict):
            raise ValueError("not an object")
        return {decode(key, k): decode(item, v) for k, v in value.items()}
    if kind is datetime:
        moment = datetime.fromisoformat(_text(value))
        if moment.tzinfo is not None:  # every time the app keeps is the group's, without a zone
            raise ValueError(f"{value!r} has a time zone")
        return moment
    if kind is date:
        return date.fromisoformat(_text(value))
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)  # OverflowError for an int too large: loads makes it a ValueError
        if not math.isfinite(number):
            raise ValueError(f"{value!r} is not a finite number")
        return number
    if kind in (int, str, bool) and type(value) is kind:
        return value
    raise ValueError(f"{value!r} is not a {kind}")


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


@cache
def _fields(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind) if f.init)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("not a list")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not a text")
    return value


@dataclass(frozen=True)
class Shared:
    """The figures in the file, and when the keeper last found them current."""

    view: DashboardView
    #: seconds since the epoch (the machine's clock: the keeper and the sessions share it)
    confirmed: float


def dumps(view: DashboardView) -> str:
    return json.dumps({"format": FORMAT, "shape": shape(), "view": encode(view)}, ensure_ascii=False,
                      separators=(",", ":"), allow_nan=False)


def loads(text: str) -> DashboardView:
    """The figures of a file's text; ValueError, and no other error, when it is not a file of this
    format and version (a file is text anyone who may write its folder could have put there)."""
    from models.dashboard_view import DashboardView

    try:
        found = json.loads(text, parse_constant=_no_constant)
        if not isinstance(found, dict) or found.get("format") != FORMAT or found.get("shape") != shape():
            raise ValueError("not a file of shared figures of this format and version")
        return decode(DashboardView, found.get("view"))  # type: ignore[no-any-return]
    except (RecursionError, OverflowError) as error:  # nested too deep, a number too large
        raise ValueError(str(error) or type(error).__name__) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


@cache
def shape() -> str:
    """The figures' fields and their types, as a short hash: a keeper of another version writes
    another, and its file is not used (its fields may mean something else)."""
    from models.dashboard_view import DashboardView

    described: list[str] = []

    def describe(kind: Any) -> None:
        if isinstance(kind, type) and dataclasses.is_dataclass(kind):
            if kind.__name__ in described:
                return
            described.append(kind.__name__)
            for name, hint in _hints(kind).items():
                described.append(f"{name}:{hint}")
                describe(hint)
        for inner in typing.get_args(kind):
            describe(inner)

    describe(DashboardView)
    return hashlib.sha256("\n".join(described).encode()).hexdigest()[:16]


def write(path: Path, view: DashboardView, *, after_ns: int = 0) -> int:
    """Replace ``path`` with ``view`` at once (a temporary file in its folder, renamed over it),
    confirmed now; readable by the group, as its folder allows. Its time is later than ``after_ns``
    (the time of the file written before, returned): a reader knows a new file by its inode, size
    and time, and an inode freed by the rename may be the next file's within the clock's tick."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            os.fchmod(file.fileno(), 0o640)
            file.write(dumps(view))
        stamp = max(time.time_ns(), after_ns + 1)
        os.utime(temporary, ns=(stamp, stamp))
        os.replace(temporary, path)
        return stamp
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def confirm(path: Path, written_ns: int) -> None:
    """Say that the figures in ``path`` (written at ``written_ns``) are current now. Setting its times
    (the modification time kept) moves its change time, which only such a call or a write moves:
    reading the file does not. Sessions read both times with the ``stat`` they make anyway, and read
    the file again only when the modification time (with the inode and size) changed."""
    os.utime(path, ns=(time.time_ns(), written_ns))


# --- a session's side: glance at the file ------------------------------------------------------------


class SharedFigures:
    """The file as a dashboard session sees it: ``glance`` each second."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._state: tuple[int, int, int] | None = None
        self.view: DashboardView | None = None
        self._told = False
        #: seconds after which an unconfirmed file is not used
        self.stale_after = STALE_S

    def glance(self) -> Shared | None:
        """The figures in the file when they are current (None: read the database instead). The
        file is read again only when its ``stat`` changed: a few microseconds when it did not."""
        try:
            found = os.stat(self.path)
            state = (found.st_ino, found.st_size, found.st_mtime_ns)
            if state != self._state:
                self.view, self._state = loads(_read_text(self.path)), state
                self._told = False
        except (OSError, ValueError) as error:
            if not self._told:  # once per spell, not each second
                log.warning("shared figures not used (%s): %s", self.path, error)
                self._told = True
            self.view, self._state = None, None
            return None
        confirmed = found.st_ctime_ns / 1e9
        if self.view is None or time.time() - confirmed > self.stale_after:
            return None
        return Shared(view=self.view, confirmed=confirmed)


def _read_text(path: Path) -> str:
    """The text of ``path`` when it is a regular file of at most ``MAX_BYTES``: a pipe or a device
    put in its place must not hold up the session, nor fill its memory."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_BYTES:
            raise ValueError("not a regular file of shared figures")
        with os.fdopen(handle, "rb", closefd=False) as file:
            return file.read(MAX_BYTES + 1).decode("utf-8")
    finally:
        os.close(handle)


# --- the keeper's side ------------------------------------------------------------------------------


def keep(db: Database, path: Path, *, stop: threading.Event,
         written: Callable[[DashboardView], None] | None = None) -> None:
    """Keep ``path`` holding the dashboard's figures of ``db`` until ``stop`` is set, then remove it.

    Looks for changes every ``LOOK_S`` at most (on PostgreSQL it wakes when a notification comes);
    reads the marker and the areas changed, as every session does, and the figures that read them;
    writes the file when they changed, and confirms it every ``CONFIRM_S`` meanwhile. The first read
    failing raises (the command says why). A later failure is told once and the figures are read
    whole again every ``RETRY_S`` until it succeeds: the file, not confirmed meanwhile, goes stale,
    and what the failed read was to show is not lost. A SQLite file replaced or removed raises
    (``DatabaseReplaced``): a new keeper opens the new one. ``written`` is told each file written."""
    from models.dashboard_view import VIEW_AREAS
    from models.services.changes import change_marker, changed_areas
    from models.watch import watch_for

    watch = watch_for(db, release=False)
    view: DashboardView | None = None
    token: object = None
    marker: tuple[int, int] | None = None
    read_whole_at = confirmed_at = 0.0
    stamp = 0
    failing = False
    try:
        while not stop.is_set():
            try:
                if db.file is not None:
                    db.file.check()
                now = time.monotonic()
                looked = watch.token()
                areas: frozenset[str] | None = frozenset()
                if view is None or now - read_whole_at >= FULL_READ_S or _new_day(view):
                    areas, read_whole_at = None, now
                if areas is None or looked != token:
                    with db.glancing() as session:
                        found = change_marker(session)
                        if areas is not None:
                            areas = changed_areas(session, known=marker, marker=found)
                    marker = found
                if view is None or areas is None or areas & VIEW_AREAS:
                    fresh = _read(db, before=view, areas=areas)
                else:
                    fresh = view  # nothing the figures read
                if fresh != view or not stamp:
                    stamp, view, confirmed_at = write(path, fresh, after_ns=stamp), fresh, now
                    if written is not None:
                        written(fresh)
                elif now - confirmed_at >= CONFIRM_S:
                    try:
                        confirm(path, stamp)
                    except FileNotFoundError:  # taken away under the keeper: written again
                        stamp = write(path, fresh, after_ns=stamp)
                    confirmed_at = now
                token = looked
                if failing:
                    log.info("shared figures: reading again")
                failing = False
            except Exception as error:
                if not stamp or isinstance(error, DatabaseReplaced):
                    raise
                if not failing:
                    log.warning("shared figures: cannot read the figures, tried again: %s", error, exc_info=error)
                failing = True
                view = token = None  # read whole and written again once the database answers
            watch.wait(RETRY_S if failing else LOOK_S, stop)
    finally:
        watch.close()
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _read(db: Database, *, before: DashboardView | None, areas: frozenset[str] | None) -> DashboardView:
    from models.services.dashboard_refresh import refresh_view

    with db.session() as session:
        return refresh_view(session, before=before, areas=areas, now=clock.now())


def _new_day(view: DashboardView) -> bool:
    return view.figures.now.date() != clock.now().date()
