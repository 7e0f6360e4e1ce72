"""Backups: online copies while others write, checked restores that keep the replaced file, rotation."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from models import backup, migrate
from models.db import Database
from models.errors import DatabaseError
from models.migrate import ensure_schema
from models.services.identity import resolve_actor


def sqlite_file(db: Database) -> Path:
    return Path(db.engine.url.database)  # type: ignore[arg-type]


def count(file: Path, table: str) -> int:
    conn = sqlite3.connect(file)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_backup_while_another_session_writes_is_consistent(sqlite_db: Database, tmp_path: Path) -> None:
    with sqlite_db.session() as session:
        resolve_actor(session, login="coord")
    stop = threading.Event()
    written = []

    def writer() -> None:
        conn = sqlite3.connect(sqlite_file(sqlite_db), timeout=10)
        n = 0
        while not stop.is_set() and n < 2000:
            conn.execute("INSERT INTO park (district_id, name, archived, search_key, version) VALUES (1, ?, 0, ?, 1)",
                         (f"园区{n}", f"园区{n}"))
            conn.commit()
            written.append(n)
            n += 1
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 50 and thread.is_alive():  # the writer is under way
            thread.join(0.001)
        assert len(written) >= 50, "the writer stopped"
        target = backup.backup(sqlite_db.url, tmp_path / "copy.db")
    finally:
        stop.set()
        thread.join()
    assert backup.check(target) == migrate.HEAD
    copied = count(target, "park")
    assert 50 <= copied <= len(written)
    assert target.stat().st_mode & 0o777 == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_restore_refuses_to_replace_without_force_and_keeps_the_replaced_one(sqlite_db: Database,
                                                                             tmp_path: Path) -> None:
    with sqlite_db.session() as session:
        resolve_actor(session, login="coord")
    saved = backup.backup(sqlite_db.url, tmp_path / "saved.db")
    conn = sqlite3.connect(sqlite_file(sqlite_db))
    conn.execute("INSERT INTO park (district_id, name, archived, search_key, version) VALUES (1, '新园区', 0, '', 1)")
    conn.commit()
    conn.close()
    sqlite_db.dispose()
    with pytest.raises(DatabaseError) as err:
        backup.restore(sqlite_db.url, saved, login="coord")
    assert "--force" in str(err.value)
    assert count(sqlite_file(sqlite_db), "park") == 1  # untouched
    aside = backup.restore(sqlite_db.url, saved, login="coord", force=True)
    assert aside is not None and count(aside, "park") == 1
    assert count(sqlite_file(sqlite_db), "park") == 0


@pytest.mark.parametrize("content", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 100],
                         ids=["empty", "text", "bad-header"])
def test_restore_checks_the_file_first(sqlite_db: Database, tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    before = sqlite_file(sqlite_db).read_bytes()
    with pytest.raises(DatabaseError):
        backup.restore(sqlite_db.url, bad, login="coord", force=True)
    assert sqlite_file(sqlite_db).read_bytes() == before


def test_restore_refuses_a_backup_from_a_newer_version(sqlite_db: Database, tmp_path: Path) -> None:
    newer = backup.backup(sqlite_db.url, tmp_path / "newer.db")
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError) as err:
        backup.restore(sqlite_db.url, newer, login="coord", force=True)
    assert err.value.params["revision"] == "9999_future"


def test_postgresql_backup_explains_pg_dump_without_the_password() -> None:
    with pytest.raises(DatabaseError) as err:
        backup.backup("postgresql+psycopg://desk:secret@db.example:5432/supplydesk")
    assert "pg_dump" in str(err.value) and "secret" not in str(err.value)


def test_daily_backups_are_kept_once_a_day_and_rotated(tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'live.db'}")
    ensure_schema(db)
    start = date(2020, 2, 1)
    made = [backup.daily_backup(db.url, today=start + timedelta(days=n)) for n in range(10)]
    assert all(made)
    assert backup.daily_backup(db.url, today=start + timedelta(days=9)) is None  # once a day
    kept = sorted(p.name for p in (tmp_path / "backups").glob("live-*.db"))  # beside it: not in the data dir
    assert kept == [f"live-{start + timedelta(days=n)}.db" for n in range(3, 10)]
