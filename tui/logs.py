"""The maintainer's log: a rotating file in the user log directory, set up once by the command line.

Nothing happens at import. ``setup_logging`` attaches one handler to the root logger, so the
``models`` and ``tui`` loggers (``logging.getLogger(__name__)``, no handlers of their own) and any
library's warnings end up in the same file. The file is private (0600 in a 0700 folder): tracebacks
may quote data.
"""

from __future__ import annotations

import logging
import os
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path

#: one file of this size, then it rotates; this many older ones are kept
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


class _PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating handler whose every file (the first and each one after a rotation) is 0600."""

    def _open(self) -> TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        os.fchmod(fd, 0o600)  # a file left by an older version keeps no wider mode
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def log_dir() -> Path:
    """``SUPPLYDESK_LOG_DIR``; else ``logs`` in the data directory when one is set (the ``data_dir``
    setting, ``SUPPLYDESK_DATA_DIR``); else the platform's user log directory."""
    override = os.environ.get("SUPPLYDESK_LOG_DIR")
    if override:
        return Path(override).expanduser()
    from models import settings

    data = settings.current().data_dir or os.environ.get("SUPPLYDESK_DATA_DIR")
    if data:
        return Path(data).expanduser() / "logs"
    import platformdirs  # resolving paths is start-up work, not import work

    return platformdirs.user_log_path("supplydesk", appauthor=False)


def setup_logging(*, debug: bool = False, enabled: bool = True) -> Path | None:
    """Log to ``supplydesk.log`` in ``log_dir()`` at INFO (DEBUG with ``debug``); returns its path.

    Called again, it replaces its handler rather than adding a second (``enabled=False``: only
    removes it). A folder that cannot be written leaves the app without a log (None), never without
    the app.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _PrivateRotatingFileHandler)]:
        root.removeHandler(handler)
        handler.close()
    if not enabled:
        return None
    path = log_dir() / "supplydesk.log"
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = _PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                                              encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    return path


def log_file() -> Path | None:
    """The file this process logs to, None when logging was not set up (tests, a library use)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, _PrivateRotatingFileHandler):
            return Path(handler.baseFilename)
    return None
