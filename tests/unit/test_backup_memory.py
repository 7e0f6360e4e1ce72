"""Keeping the day's backup does not raise the session's peak memory by the page caches of the copy's
two connections (SQLite's default: 2 MiB each; ``models.backup.COPY_CACHE_KIB``). Run in a process of
its own: its high-water mark (``VmHWM``) before and after the copy of a database larger than those
caches."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COPY = """
import sys
from datetime import date
from pathlib import Path
from models.backup import daily_backup

def peak() -> int:
    return int(next(line for line in Path("/proc/self/status").read_text().splitlines()
                    if line.startswith("VmHWM")).split()[1])

before = peak()
made = daily_backup(sys.argv[1], today=date(2020, 2, 3), keep=2)
print(made is not None, peak() - before)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux's /proc")
def test_the_daily_backup_copies_through_small_caches(tmp_path: Path) -> None:
    database = tmp_path / "big.db"
    with sqlite3.connect(database) as connection:  # about 12 MiB: three times both default caches
        connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)")
        connection.executemany("INSERT INTO t (data) VALUES (?)", ((os.urandom(3000),) for _ in range(4000)))
    connection.close()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", COPY, f"sqlite:///{database}"], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    made, grown_kib = done.stdout.split()
    assert made == "True"
    assert int(grown_kib) < 1536, f"the peak grew by {grown_kib} KiB"  # 3,780 KiB with the default caches
