"""Where Supply Desk keeps its files. Functions, not constants: nothing is resolved at import."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "supplydesk"


def data_dir() -> Path:
    """The user data directory; ``SUPPLYDESK_DATA_DIR`` overrides the platform default."""
    override = os.environ.get("SUPPLYDESK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs  # imported here: resolving paths is start-up work, not import work

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "supplydesk.db"


def backup_dir() -> Path:
    return data_dir() / "backups"


def brief_dir() -> Path:
    """Where the app saves each brief it shows (Markdown and a workbook)."""
    return data_dir() / "briefs"
