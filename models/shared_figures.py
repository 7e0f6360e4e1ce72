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
- While nothing changes the keeper confirms the file each ``CONFIRM_S``: it sets the file's access
  time to now and keeps its modification time (``confirm``), so a session learns both from the
  ``stat`` it makes anyway and reads the file only when the figures changed. The header says the
  data was confirmed then. A file not confirmed for ``STALE_S`` (the keeper stopped, hangs, or lost
  the database) is not used: the session reads the database itself, as without the setting, and
  goes back to the file once it is fresh again. The keeper removes the file when stopped.
- Who may read the figures is who may read FILE: its folder belongs to the keeper's account and to
  the group of the desk's users (the README says how). A file that does not decode is not used.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
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

if typing.TYPE_CHECKING:
    from models.db import Database
    from models.services.dashboard_refresh import DashboardView

log = logging.getLogger(__name__)

#: the file's format; a file of another format is not used
FORMAT = 1
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
        try:
            return kind(**{name: decode(hints[name], value[name]) for name in _fields(kind) if name in value})
        except TypeError as error:  # a field missing
            raise ValueError(f"{kind.__name__}: {error}") from None
    if origin is tuple:
        return tuple(decode(typing.get_args(kind)[0], v) for v in _list(value))
    if origin is dict:
        key, item = typing.get_args(kind)
        if not isinstance(value, dict):
            raise ValueError("not an object")
        return {decode(key, k): decode(item, v) for k, v in value.items()}
    if kind is datetime:
        return datetime.fromisoformat(_text(value))
    if kind is date:
        return date.fromisoformat(_text(value))
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
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
    return json.dumps({"format": FORMAT, "view": encode(view)}, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> DashboardView:
    """The figures of a file's text; ValueError when it is not a file of this format."""
    from models.services.dashboard_refresh import DashboardView

    found = json.loads(text)
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        raise ValueError("not a file of shared figures of this format")
    return decode(DashboardView, found.get("view"))  # type: ignore[no-any-return]


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
    """Say that the figures in ``path`` (written at ``written_ns``) are current now: its access time
    is set to now and its modification time kept. Sessions read both with the ``stat`` they make
    anyway, and read the file again only when the modification time (with the inode and size)
    changed. (A session reading the file may move its access time too: only when it was just
    written, so what it says stays true.)"""
    os.utime(path, ns=(time.time_ns(), written_ns))


# --- a session's side: glance at the file ------------------------------------------------------------


class SharedFigures:
    """The file as a dashboard session sees it: ``glance`` each second."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._state: tuple[int, int, int] | None = None
        self.view: DashboardView | None = None
        self._told = False

    def glance(self) -> Shared | None:
        """The figures in the file when they are current (None: read the database instead). The
        file is read again only when its ``stat`` changed: a few microseconds when it did not."""
        try:
            found = os.stat(self.path)
            state = (found.st_ino, found.st_size, found.st_mtime_ns)
            if state != self._state:
                self.view, self._state = loads(self.path.read_text(encoding="utf-8")), state
                self._told = False
        except (OSError, ValueError) as error:
            if not self._told:  # once per spell, not each second
                log.warning("shared figures not used (%s): %s", self.path, error)
                self._told = True
            self.view, self._state = None, None
            return None
        confirmed = found.st_atime_ns / 1e9
        if self.view is None or time.time() - confirmed > STALE_S:
            return None
        return Shared(view=self.view, confirmed=confirmed)


# --- the keeper's side ------------------------------------------------------------------------------


def keep(db: Database, path: Path, *, stop: threading.Event,
         written: Callable[[DashboardView], None] | None = None) -> None:
    """Keep ``path`` holding the dashboard's figures of ``db`` until ``stop`` is set, then remove it.

    Looks for changes every ``LOOK_S`` at most (on PostgreSQL it wakes when a notification comes);
    reads the marker and the areas changed, as every session does, and the figures that read them;
    confirms the file every ``CONFIRM_S`` meanwhile. A failed read is told once and tried again every
    ``RETRY_S``; the file goes stale meanwhile. ``written`` is told each file written (for tests)."""
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
                if areas is None or areas:
                    view = _read(db, before=view, areas=areas)
                    stamp, confirmed_at = write(path, view, after_ns=stamp), now
                    if written is not None:
                        written(view)
                elif view is not None and now - confirmed_at >= CONFIRM_S:
                    try:
                        confirm(path, stamp)
                    except FileNotFoundError:  # taken away under the keeper: written again
                        stamp = write(path, view, after_ns=stamp)
                    confirmed_at = now
                token = looked
                if failing:
                    log.info("shared figures: reading again")
                failing = False
            except Exception as error:
                if not failing:
                    log.warning("shared figures: cannot read the figures, tried again: %s", error, exc_info=error)
                failing = True
                token = None  # read the marker again at the next look
            watch.wait(RETRY_S if failing else LOOK_S, stop)
    finally:
        watch.close()
        path.unlink(missing_ok=True)


def _read(db: Database, *, before: DashboardView | None, areas: frozenset[str] | None) -> DashboardView:
    from models.services.dashboard_refresh import refresh_view

    with db.session() as session:
        return refresh_view(session, before=before, areas=areas, now=clock.now())


def _new_day(view: DashboardView) -> bool:
    return view.figures.now.date() != clock.now().date()
