"""An acknowledged commit is on disk: SQLite in WAL syncs the log at every commit (``synchronous=FULL``).

The pragma itself is checked with the others in ``test_db_and_migrations.py``; here the system
calls are counted, since that is what a power cut cares about. With NORMAL, 20 commits made 2
fdatasync calls (at a checkpoint); with FULL each commit makes at least one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from models.db import Database

COMMITS = 20

WRITER = """
import sys
from models.db import Database
db = Database.open(sys.argv[1])
for _ in range({commits}):
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
db.dispose()
"""


def sync_calls(strace_summary: str) -> int:
    """fsync plus fdatasync calls in the table ``strace -c`` writes."""
    rows = [line.split() for line in strace_summary.splitlines()]
    # columns: % time, seconds, usecs/call, calls, [errors,] syscall
    return sum(int(row[3]) for row in rows if row and row[-1] in ("fsync", "fdatasync"))


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")
def test_every_commit_syncs_the_log(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'durable.db'}"
    db = Database.open(url)
    db.use_wal()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    db.dispose()
    summary = tmp_path / "strace.txt"
    result = subprocess.run(
        ["strace", "-f", "-c", "-e", "trace=fsync,fdatasync", "-o", str(summary),
         sys.executable, "-c", WRITER.format(commits=COMMITS), url],
        check=False, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    if result.returncode != 0 and "ptrace" in result.stderr:
        pytest.skip(f"strace cannot trace here: {result.stderr.strip().splitlines()[-1]}")
    assert result.returncode == 0, result.stderr
    assert sync_calls(summary.read_text()) >= COMMITS
