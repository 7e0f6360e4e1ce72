"""What the command line says when the database or the input stops it: one translated line and a
non-zero exit, never a traceback. A read-only or busy database, a day before 1900, an id too large
for the database, a NUL on PostgreSQL; the brief that changes nothing; a new database that is never
made silently, nor in a folder that does not exist.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlmodel import select

import models.db
import models.services.identity as identity
import tui.cli as cli
import tui.i18n as i18n
from models.checkin import CheckIn
from models.db import Database, describe, sqlite_file
from models.errors import DatabaseError
from models.migrate import REVISIONS, upgrade
from models.services.audit_list import count_audit, list_audit
from models.services.paging import PageRequest
from tests.read_only import make_read_only

#: a number no database integer holds (more than 2**64); ids are 32-bit on PostgreSQL
HUGE = "99999999999999999999"


@pytest.fixture(autouse=True)
def english_afterwards(frozen_clock) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    i18n.set_language("en")


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def visits(db: Database) -> list[CheckIn]:
    with db.session() as session:
        return list(session.exec(select(CheckIn)))


# --- a database that refuses the write -------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_read_only_file_is_one_line(run, db, session, field_cadre, journal: str) -> None:
    session.close()
    db.engine.dispose()
    path = sqlite_file(db.url)
    assert path is not None
    make_read_only(path, journal=journal)
    expected = f"supplydesk: The database is read-only for you: {path}"
    for login, argv in (("liqiang", ["checkin"]), ("zhangwei", ["demo", "--force"])):
        code, out, err = run(login, *argv)
        assert (code, out, one_line(err)) == (2, "", expected)
    code, _, err = run("liqiang", "checkin", "--lang", "zh")
    assert (code, one_line(err)) == (2, f"supplydesk: 您对数据库只有只读权限：{path}")
    assert visits(db) == []


@pytest.mark.parametrize("backend", ["sqlite"])
def test_another_writer_past_the_timeout_is_one_line(run, db, field_cadre, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models.db, "BUSY_TIMEOUT_MS", 50)
    with closing(sqlite3.connect(sqlite_file(db.url), isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # holds the write lock for the whole command
        code, out, err = run("liqiang", "checkin")
        other.execute("ROLLBACK")
    assert (code, out, one_line(err)) == (2, "", "supplydesk: The database is busy; try again in a moment")
    assert visits(db) == []


# --- input the database cannot take ----------------------------------------------------------------------


def test_a_brief_before_1900_is_one_line(run) -> None:
    for day in ("0001-01-01", "1899-12-31 23:59"):
        code, out, err = run("zhangwei", "brief", "--as-of", day)
        assert (code, out, one_line(err)) == (2, "", "supplydesk: Too early: dates start at 1900-01-01")
    code, _, err = run("zhangwei", "brief", "--as-of", "0001-01-01", "--lang", "zh")
    assert (code, one_line(err)) == (2, "supplydesk: 日期太早：最早为 1900-01-01")
    assert run("zhangwei", "brief", "--as-of", "1900-01-01")[0] == 0  # an empty brief, but a brief


def test_a_huge_shortage_id_is_one_line(run, db, field_cadre, frozen_clock) -> None:
    assert run("liqiang", "checkin")[0] == 0
    frozen_clock.advance(hours=8)
    for value in (HUGE, f"#{HUGE}", "9223372036854775808", "2147483648"):
        code, out, err = run("liqiang", "checkout", "--note", "巡查", "--shortage", value)
        assert (code, out, one_line(err)) == (1, "", f"supplydesk: Not a shortage id: {value}")
    [visit] = visits(db)
    assert visit.check_out is None


@pytest.mark.parametrize("row", [HUGE, "2147483648"])
def test_a_huge_row_in_the_audit_filter_is_not_a_number(session, coordinator, row: str) -> None:
    from models.errors import ValidationError

    with pytest.raises(ValidationError, match="Not a number"):
        count_audit(session, actor=coordinator, request=PageRequest(query=f"row:{row}"))
    assert count_audit(session, actor=coordinator, request=PageRequest(query="row:2147483647")) == 0


def test_a_nul_in_the_enterprise_name_matches_nothing(run, db, field_cadre) -> None:
    code, out, err = run("liqiang", "checkin", "茶园\0康护")
    assert (code, out, one_line(err)) == (1, "", "supplydesk: No enterprise matches 茶园\\x00康护")
    assert visits(db) == []


@pytest.mark.parametrize("query", ["\0", "login:zhang\0wei", "table:enter\0prise", "zhang\0wei", "date:2020-02-03 \0"])
def test_a_nul_in_the_audit_filter_matches_nothing(session, coordinator, enterprise, query: str) -> None:
    request = PageRequest(query=query)
    assert count_audit(session, actor=coordinator, request=request) == 0
    assert list_audit(session, actor=coordinator, request=request).rows == []
    assert count_audit(session, actor=coordinator, request=PageRequest(query="zhangwei")) > 0


def test_a_nul_stopped_by_the_database_is_one_line(db) -> None:
    """Where a NUL reaches PostgreSQL after all, the user reads why, not the driver's exception."""
    from models.services.checkin_match import match_enterprises

    with db.session() as session:
        try:
            match_enterprises(session, query="茶园\0康护")
        except Exception as error:  # PostgreSQL's text cannot hold a NUL; SQLite's can
            shown = models.db.user_error(error, where=describe(db.url))
            assert isinstance(shown, DatabaseError)
            assert str(shown) == "Text with a NUL character cannot be stored or searched for"
        else:
            assert db.backend == "sqlite"


# --- the brief reads and changes nothing -----------------------------------------------------------------


def _state(path: Path) -> tuple[bytes, int, list[str]]:
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_brief_leaves_a_rollback_journal_file_as_it_was(run, db, session, enterprise) -> None:
    session.close()
    db.engine.dispose()
    path = sqlite_file(db.url)
    assert path is not None
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
    before = _state(path)
    assert before[0][18:20] == b"\x01\x01"  # the header's rollback-journal versions
    code, out, err = run("zhangwei", "brief", "--as-of", "2020-02-02")
    assert (code, err) == (0, "") and "daily brief" in out
    assert _state(path) == before  # same bytes (journal mode included), same mtime, no -wal or -shm


def test_the_brief_does_not_upgrade_an_older_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "older.db"
    older = Database.open(f"sqlite:///{path}")
    upgrade(older, REVISIONS[0])
    older.dispose()
    before = _state(path)
    assert cli.main(["brief", "--db", str(path)]) == 2
    assert one_line(capsys.readouterr().err) == (
        "supplydesk: The database needs an upgrade: start supplydesk once to bring it up to date. "
        "Nothing was changed.")
    assert _state(path) == before


def test_the_brief_cannot_write_on_postgresql_either(db, backend: str) -> None:
    """The brief's connection is read-only on both databases: a write through it is refused."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    reader = Database.open(db.url, read_only=True)
    try:
        with reader.engine.connect() as connection, pytest.raises(DBAPIError, match=r"(?i)read.?only"):
            connection.execute(text("UPDATE cadre SET name = name"))
    finally:
        reader.dispose()


# --- a new database is never silent ----------------------------------------------------------------------


def test_a_db_in_a_missing_folder_is_refused_and_nothing_is_made(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "typo" / "supplydesk.db"
    for argv in (["checkin"], ["demo"], ["brief"]):
        assert cli.main([*argv, "--db", str(missing)]) == 2
        line = one_line(capsys.readouterr().err)
        assert line in (f"supplydesk: Folder {missing.parent} does not exist", f"supplydesk: {missing} does not exist")
    assert not missing.parent.exists()


def test_a_missing_folder_in_the_environment_is_refused(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "typo" / "supplydesk.db"
    monkeypatch.setenv("SUPPLYDESK_DB", str(missing))
    assert cli.main(["checkin"]) == 2
    assert one_line(capsys.readouterr().err) == f"supplydesk: Folder {missing.parent} does not exist"
    assert not missing.parent.exists()


def test_a_new_file_is_announced_once(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(identity, "os_login", lambda: "zhangwei")
    path = tmp_path / "new.db"
    cli.main(["checkin", "--db", str(path)])
    assert capsys.readouterr().err.splitlines()[0] == f"supplydesk: created a new database at {path}"
    cli.main(["checkin", "--db", str(path)])
    assert "created a new database" not in capsys.readouterr().err
    cli.main(["checkin", "--db", str(tmp_path / "neu.db"), "--lang", "zh"])
    assert capsys.readouterr().err.splitlines()[0] == f"supplydesk: 已新建数据库：{tmp_path / 'neu.db'}"


def test_only_the_default_location_is_made_on_first_use(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from models import paths

    monkeypatch.setattr(identity, "os_login", lambda: "zhangwei")
    path = paths.default_db_path()
    assert not path.parent.exists()  # SUPPLYDESK_DATA_DIR of the test: not made yet
    cli.main(["checkin"])
    assert capsys.readouterr().err.splitlines()[0] == f"supplydesk: created a new database at {path.resolve()}"
    assert path.exists() and (path.parent.stat().st_mode & 0o777) == 0o700


def test_the_app_announces_a_new_file_before_it_starts(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from tui.factory import make_app

    path = tmp_path / "new.db"
    app = make_app(db_url=str(path), login="zhangwei")
    try:
        assert capsys.readouterr().err == f"supplydesk: created a new database at {path}\n"
    finally:
        app.ctx.db.dispose()
    assert os.path.exists(path)
