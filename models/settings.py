"""The settings a working group and its operator set once, and where each one came from.

Four layers, each over the one before: the defaults below, the system file
(``/etc/supplydesk/config.toml``, for a shared server; ``SUPPLYDESK_SYSTEM_CONFIG`` names another),
the user's file (``config.toml`` in the user config directory; ``SUPPLYDESK_CONFIG`` names another),
the environment (``SUPPLYDESK_DB``, ``SUPPLYDESK_LANG``, ``SUPPLYDESK_TZ``…), then the command line's
flags. The command line loads them once at start (``load``) and installs them (``install``); rules,
the clock, the backups and the app read the installed ones (``current``).

A file that cannot be read as TOML, a key nobody knows, a value of the wrong type or out of range:
each is a ``SettingsError`` naming the file and the line, and the app does not start on a guess.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from models.errors import ServiceError

SYSTEM_FILE = Path("/etc/supplydesk/config.toml")
SYSTEM_ENV = "SUPPLYDESK_SYSTEM_CONFIG"
USER_ENV = "SUPPLYDESK_CONFIG"


class SettingsError(ServiceError):
    """A settings file, variable or flag that cannot be used as it is: the app does not start.

    ``where`` is the file and line, the variable or the flag; the front end puts it before the message."""

    def __init__(self, message: str, *, where: Source | None = None, **params: Any) -> None:
        super().__init__(message, **params)
        self.where = where

    def at(self, where: Source, key: str) -> SettingsError:
        """The same error, said of ``key`` at ``where``."""
        return SettingsError(self.message, where=where, **{**self.params, "key": key})


@dataclass(frozen=True)
class Source:
    """Where a setting's value came from: ``default``, ``file`` (with its line), ``env`` or ``flag``."""

    kind: str
    #: the file, the variable or the flag
    name: str = ""
    line: int | None = None


DEFAULT = Source("default")


@dataclass(frozen=True)
class Settings:
    """Every setting in force; ``sources`` says where each came from (keymap entries as ``keymap.ID``)."""

    #: database file or SQLAlchemy URL; None: ``supplydesk.db`` in the user data directory
    database: str | None = None
    #: ``zh`` or ``en``; None: the locale's
    language: str | None = None
    #: the working group's city: "now" is read in it, and every stored time is a naive time of it
    timezone: str = "Asia/Shanghai"
    #: reserves under this many days of cover are suggested as shortages (early warnings)
    warning_days: float = 3.0
    #: a raw-material reserve lasting fewer days than this at full load is marked low (card,
    #: directory): suppliers need about three days to deliver, so less cover means production may stop
    low_cover_days: float = 3.0
    #: a shortage unsolved this long at district level is due for escalation to the city: a district
    #: has one day to solve what it can
    escalate_after_hours: float = 24.0
    #: an open check-in this long is flagged (and a time sheet counts an open visit up to this long)
    checkin_flag_hours: float = 16.0
    #: how often every session asks whether anyone changed data (changes show within two polls)
    poll_seconds: float = 1.0
    #: (PostgreSQL) a session with no key pressed this long lets its connection go (``models.watch``)
    idle_release_seconds: float = 300.0
    #: (PostgreSQL) how often a session that let its connection go looks for changes, on a connection
    #: opened for the look
    released_poll_seconds: float = 30.0
    #: the file of the dashboard's figures a keeper shares (``supplydesk share-figures``); None: each
    #: dashboard reads the database itself
    shared_figures: str | None = None
    #: how many daily backups are kept
    backups_keep: int = 7
    #: the user data directory (the default database, briefs, exports, backups); None: the platform's
    data_dir: str | None = None
    #: the folder of every backup; None: ``backups/`` of the data directory or beside the database
    backup_dir: str | None = None
    #: report mouse clicks to the app (off: a terminal over SSH selects text as usual)
    mouse: bool = False
    #: binding id → key(s), e.g. ``screen-shortages = "f3"``
    keymap: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    sources: Mapping[str, Source] = field(default_factory=lambda: MappingProxyType({}))

    def source(self, name: str) -> Source:
        return self.sources.get(name, DEFAULT)


@dataclass(frozen=True)
class _Key:
    """One key of the file: its place (``thresholds.warning_days``), the field it sets, its check."""

    path: str
    name: str
    convert: Callable[[Any], Any]
    env: str | None = None


# Each check raises its message with an empty ``key``; ``_checked`` says which key and where.


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SettingsError("{key} must be a text in quotes", key="")
    return value.strip()


def _language(value: Any) -> str:
    if value not in ("zh", "en"):
        raise SettingsError('{key} must be "zh" or "en"', key="")
    return str(value)


def _timezone(value: Any) -> str:
    name = _text(value)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError("{key} must be a time zone such as Asia/Shanghai", key="") from None
    return name


def _positive(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < float("inf"):
        raise SettingsError("{key} must be a number greater than 0", key="")
    return float(value)


def _path(value: Any) -> str:
    """A folder's or a file's path; ``~`` is the user's home (the file is read by the user it belongs to)."""
    return str(Path(_text(value)).expanduser())


#: what a variable or a flag may say for on and off
SWITCH_WORDS = {"1": True, "yes": True, "on": True, "true": True, "0": False, "no": False, "off": False,
                "false": False}


def _switch(value: Any) -> bool:
    if not isinstance(value, bool):
        raise SettingsError("{key} must be true or false", key="")
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SettingsError("{key} must be a whole number of at least 1", key="")
    return value


KEYS: tuple[_Key, ...] = (
    _Key("database", "database", _text, "SUPPLYDESK_DB"),
    _Key("language", "language", _language, "SUPPLYDESK_LANG"),
    _Key("timezone", "timezone", _timezone, "SUPPLYDESK_TZ"),
    _Key("thresholds.warning_days", "warning_days", _positive, "SUPPLYDESK_WARNING_DAYS"),
    _Key("thresholds.low_cover_days", "low_cover_days", _positive, "SUPPLYDESK_LOW_COVER_DAYS"),
    _Key("thresholds.escalate_after_hours", "escalate_after_hours", _positive, "SUPPLYDESK_ESCALATE_AFTER_HOURS"),
    _Key("thresholds.checkin_flag_hours", "checkin_flag_hours", _positive, "SUPPLYDESK_CHECKIN_FLAG_HOURS"),
    _Key("poll_seconds", "poll_seconds", _positive, "SUPPLYDESK_POLL_SECONDS"),
    _Key("idle_release_seconds", "idle_release_seconds", _positive, "SUPPLYDESK_IDLE_RELEASE_SECONDS"),
    _Key("released_poll_seconds", "released_poll_seconds", _positive, "SUPPLYDESK_RELEASED_POLL_SECONDS"),
    _Key("shared_figures", "shared_figures", _path, "SUPPLYDESK_SHARED_FIGURES"),
    _Key("backups_keep", "backups_keep", _count, "SUPPLYDESK_BACKUPS_KEEP"),
    _Key("data_dir", "data_dir", _path, "SUPPLYDESK_DATA_DIR"),
    _Key("backup_dir", "backup_dir", _path, "SUPPLYDESK_BACKUP_DIR"),
    _Key("mouse", "mouse", _switch, "SUPPLYDESK_MOUSE"),
)
_BY_PATH = {key.path: key for key in KEYS}
_BY_NAME = {key.name: key for key in KEYS}
TABLES = ("thresholds", "keymap")

#: the settings in force (one): the defaults until the command line installs the loaded ones
_IN_FORCE: list[Settings] = [Settings()]


def current() -> Settings:
    return _IN_FORCE[0]


def install(settings: Settings) -> None:
    """Put ``settings`` in force for the whole process (the command line, once; tests, per test)."""
    _IN_FORCE[0] = settings


def user_file() -> Path:
    override = os.environ.get(USER_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs  # imported here: resolving paths is start-up work, not import work

    return platformdirs.user_config_path("supplydesk", appauthor=False) / "config.toml"


def system_file() -> Path:
    override = os.environ.get(SYSTEM_ENV)
    return Path(override).expanduser() if override else SYSTEM_FILE


def files() -> tuple[Path, Path]:
    """The files read, lowest first: the system's, then the user's."""
    return system_file(), user_file()


def load(flags: Mapping[str, str | None] | None = None,
         environ: Mapping[str, str] | None = None) -> Settings:
    """The defaults, then each file that exists, then the environment, then ``flags`` (field name →
    value, None when the flag was not given; the flag's name is ``--`` and the field's)."""
    values: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    keymap: dict[str, str] = {}
    for path in files():
        _read_file(path, values, sources, keymap)
    environ = os.environ if environ is None else environ
    for key in KEYS:
        raw = environ.get(key.env) if key.env else None
        if raw:
            values[key.name] = _checked(key, raw, Source("env", key.env or ""))
            sources[key.name] = Source("env", key.env or "")
    for name, raw in (flags or {}).items():
        if raw is not None:
            flag = FLAGS.get(name, "--" + name)
            values[name] = _checked(_BY_NAME[name], raw, Source("flag", flag))
            sources[name] = Source("flag", flag)
    return replace(Settings(**values), keymap=MappingProxyType(keymap), sources=MappingProxyType(sources))


def _number(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text.strip())
        except ValueError:
            pass
    return text


#: the command line's flag of a setting, where it is not ``--`` and the field's name
FLAGS = {"database": "--db", "language": "--lang"}


def _checked(key: _Key, raw: Any, source: Source) -> Any:
    if isinstance(raw, str) and source.kind != "file" and key.convert in (_positive, _count):
        raw = _number(raw)  # a variable or a flag is text; in a file, "24" in quotes is a mistake
    if isinstance(raw, str) and source.kind != "file" and key.convert is _switch:
        raw = SWITCH_WORDS.get(raw.strip().lower(), raw)  # SUPPLYDESK_MOUSE=1, as before it was a setting
    try:
        return key.convert(raw)
    except SettingsError as error:
        raise error.at(source, key.path) from None


def _read_file(path: Path, values: dict[str, Any], sources: dict[str, Source], keymap: dict[str, str]) -> None:
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError("The settings file cannot be read: {error}", where=Source("file", str(path)),
                            error=str(error)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"at line (\d+)", str(error))
        reason = str(error).split(" (at line")[0]
        raise SettingsError("Not a valid settings file: {error}",
                            where=Source("file", str(path), int(line.group(1)) if line else None),
                            error=reason) from None
    lines = _key_lines(text)

    def where(key: str) -> Source:
        """The key's line; a key written inside an inline table has its table's line."""
        return Source("file", str(path), lines.get(key) or lines.get(key.split(".")[0]))

    for name, value in data.items():
        if name in TABLES:
            if not isinstance(value, dict):
                raise SettingsError("{key} must be a table", where=where(name), key=name)
            for inner, inner_value in value.items():
                dotted = f"{name}.{inner}"
                if name == "keymap":
                    if not isinstance(inner_value, str) or not inner_value.strip():
                        raise SettingsError('{key} must be a key in quotes, such as "f3"', where=where(dotted),
                                            key=dotted)
                    keymap[inner] = inner_value.strip()
                    sources[dotted] = where(dotted)
                else:
                    _set(dotted, inner_value, where(dotted), values, sources)
        else:
            _set(name, value, where(name), values, sources)


def _set(path: str, value: Any, source: Source, values: dict[str, Any], sources: dict[str, Source]) -> None:
    key = _BY_PATH.get(path)
    if key is None:
        raise SettingsError("Unknown setting {key}", where=source, key=path)
    values[key.name] = _checked(key, value, source)
    sources[key.name] = source


_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")
_ASSIGN = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=""")


def _key_lines(text: str) -> dict[str, int]:
    """The line of each key (``table.key``) of a plain settings file; tomllib tells values, not lines."""
    found: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        if match := _TABLE.match(line):
            table = match.group(1)
            found.setdefault(table, number)
            found.setdefault(table.split(".")[0], number)
        elif match := _ASSIGN.match(line):
            key = match.group(1).strip("\"'")
            dotted = f"{table}.{key}" if table else key
            found.setdefault(dotted, number)
            found.setdefault(dotted.split(".")[0], number)
    return found


__all__ = ["DEFAULT", "KEYS", "Settings", "SettingsError", "Source", "current", "files", "install",
           "load", "system_file", "user_file"]
