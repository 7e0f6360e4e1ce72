"""A second open of a SQLite file in a process must not take away the locks of the connections
already open on it: another process closing its last connection would then believe it is the last
of all and delete the WAL under them (they would read the past from then on, and write to a deleted
file)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import text

from models.db import Database

WRITE = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1])
    conn.execute("INSERT INTO t VALUES (2)")
    conn.commit()
    conn.close()  # the last connection of this process: of all, were the first process unseen
""")


def test_opening_the_file_again_keeps_the_open_connections_locks(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    first = Database.open(f"sqlite:///{path}")
    try:
        first.use_wal()
        with first.engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (n INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
        with first.session() as session:  # a connection open on the file, idle in the pool
            assert session.execute(text("SELECT count(*) FROM t")).scalar_one() == 1
        Database.open(f"sqlite:///{path}").dispose()  # e.g. a reader opened by the same process
        subprocess.run([sys.executable, "-c", WRITE, str(path)], check=True)
        assert Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists()
        with first.session() as session:
            assert session.execute(text("SELECT count(*) FROM t")).scalar_one() == 2
    finally:
        first.dispose()


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    import pytest

    from models.errors import DatabaseError

    path = tmp_path / "notes.db"
    path.write_text("not a database, but notes long enough to fill a header page " * 100)
    with pytest.raises(DatabaseError, match="not a database"):
        Database.open(f"sqlite:///{path}")
    assert path.read_text().startswith("not a database")
    empty = tmp_path / "empty.db"
    empty.touch()
    Database.open(f"sqlite:///{empty}").dispose()  # empty: a new database
