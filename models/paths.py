"""Where Supply Desk keeps its files, and how it makes them private.

Functions, not constants: nothing is resolved at import. The data directory and its folders are the
user's own (0700) and the files the app writes there hold the group's data (0600), whatever the umask:
``mkdir`` and ``open`` only ever take bits away from a mode, so each is set again after creation.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

APP_NAME = "supplydesk"
#: the folder of every backup, when set; else see ``backup_dir``
BACKUP_DIR_ENV = "SUPPLYDESK_BACKUP_DIR"
DATA_DIR_ENV = "SUPPLYDESK_DATA_DIR"


def _configured(name: str, env: str) -> Path | None:
    """The folder the settings in force name (files, variable, flag: see ``models.settings``); else
    the variable itself, for code run without the command line having loaded the settings."""
    from models import settings

    value = getattr(settings.current(), name) or os.environ.get(env)
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """The user data directory: the ``data_dir`` setting (``SUPPLYDESK_DATA_DIR``), else the platform's.

    The settings file itself is not in it (it is in the user config directory), so the setting may
    be written there."""
    override = _configured("data_dir", DATA_DIR_ENV)
    if override is not None:
        return override
    import platformdirs  # imported here: resolving paths is start-up work, not import work

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "supplydesk.db"


def in_data_dir(path: Path) -> bool:
    return path.absolute().is_relative_to(data_dir().absolute())


def backup_dir(database: Path | None = None) -> Path:
    """Where the backups of ``database`` go: the ``backup_dir`` setting (``SUPPLYDESK_BACKUP_DIR``) when
    set; else ``backups/`` of the user data directory for a database in it (the user's own); else
    ``backups/`` beside the database.

    A database outside the user's data directory is kept where a group can reach it (see the README on
    shared servers): its backups stay with it, in one place, instead of one copy in each user's home.
    """
    override = _configured("backup_dir", BACKUP_DIR_ENV)
    if override is not None:
        return override
    if database is None or in_data_dir(database):
        return data_dir() / "backups"
    return database.absolute().parent / "backups"


def brief_dir() -> Path:
    """Where the app saves each brief it shows (Markdown and a workbook)."""
    return data_dir() / "briefs"


def export_dir() -> Path:
    """Where the app writes a list exported from a screen (palette ``export: this list``)."""
    return data_dir() / "exports"


def private_folder(path: Path) -> Path:
    """Make ``path`` a folder only its owner enters (0700), with the data directory and the folders
    between them when ``path`` is inside it; folders above the data directory are not the app's."""
    path = path.absolute()
    ours = [folder for folder in (*reversed(path.parents), path) if folder == path or in_data_dir(folder)]
    ours[0].parent.mkdir(parents=True, exist_ok=True)
    for folder in ours:
        folder.mkdir(mode=0o700, exist_ok=True)
        if folder.stat().st_uid == os.geteuid():  # a folder someone else lent us keeps its mode
            folder.chmod(0o700)
    return path


def open_private(path: Path) -> io.BufferedWriter:
    """``path`` opened for writing from the start, readable and writable by its owner only (0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # a file that was there keeps its mode through O_CREAT
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "wb")
