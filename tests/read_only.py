"""A SQLite file this user may only read, for the tests of what a write to it shows."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

#: byte 18 of a SQLite header is the file's write version: above 2, SQLite opens the file read-only
WRITE_VERSION = 18


def make_read_only(path: Path, *, journal: str = "wal") -> None:
    """Put ``path`` in ``journal`` mode (everything in the main file, no -wal left), then make it
    read-only: mode 0444, and for root, whom file modes do not hold back, the header's write version,
    so SQLite itself refuses to write it. Close every connection to the file first."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(f"PRAGMA journal_mode = {journal}")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if os.geteuid() == 0:
        with path.open("r+b") as handle:
            handle.seek(WRITE_VERSION)
            handle.write(b"\x03")
    path.chmod(0o444)
