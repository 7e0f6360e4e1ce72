"""The audit log's hash chain on both databases: every write chains, concurrent writers too, the
migration chains the rows it finds, and ``supplydesk audit verify`` names the first row changed,
deleted or inserted out of order by someone writing the table directly (exit 1)."""

from __future__ import annotations

import threading
from datetime import datetime
from itertools import pairwise

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from models import migrate
from models.audit_chain import GENESIS, NEWEST, row_hash, verify
from models.db import Database
from models.services.reference import add_park, district_by_name
from tui import cli


@pytest.fixture(autouse=True)
def english_afterwards():
    """``--lang zh`` sets the language of the process: English again for the tests after."""
    import tui.i18n as i18n

    yield
    i18n.set_language("en")


def _parks(session, actor, count: int, prefix: str = "园区") -> None:
    district = district_by_name(session, "南岸区").id
    for n in range(count):
        add_park(session, actor=actor, district_id=district, name=f"{prefix}{n}")


def _raw(db: Database):
    """A connection writing the table directly, as someone with the file or a superuser would."""
    engine = create_engine(db.url, poolclass=NullPool)
    return engine, engine.begin()


def _rows(db: Database) -> list[tuple]:
    with db.engine.connect() as conn:
        return list(conn.execute(text("SELECT id, prev_hash, hash FROM auditlog ORDER BY id")))


def test_every_write_is_chained_to_the_one_before(db: Database, session, coordinator) -> None:
    _parks(session, coordinator, 3)
    rows = _rows(db)
    assert len(rows) >= 4  # the coordinator's own cadre, then three parks
    assert rows[0][1] == GENESIS
    for before, after in pairwise(rows):
        assert after[1] == before[2]
    assert verify(session).intact and verify(session).rows == len(rows)


def test_concurrent_writers_chain_in_order(db: Database, session, coordinator) -> None:
    district = district_by_name(session, "南岸区").id
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            with db.session() as own:
                for k in range(5):
                    add_park(own, actor=coordinator, district_id=district, name=f"并发{n}-{k}")
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    session.rollback()  # a fresh snapshot: the writers' rows
    verdict = verify(session)
    assert verdict.intact, verdict
    assert verdict.rows == len(_rows(db))


def _tamper(db: Database, how: str) -> int:
    """Change, delete or insert out of order one audit row of the middle; returns the row verify must name."""
    ids = [row[0] for row in _rows(db)]
    middle = ids[len(ids) // 2]
    engine, begun = _raw(db)
    with begun as conn:
        if how == "changed":
            conn.execute(text("UPDATE auditlog SET login = 'someone' WHERE id = :id"), {"id": middle})
            named = middle
        elif how == "deleted":
            conn.execute(text("DELETE FROM auditlog WHERE id = :id"), {"id": middle})
            named = ids[ids.index(middle) + 1]
        else:  # a row with a valid hash of its own, chained to the row before the last, put last
            if db.backend == "postgresql":
                conn.execute(text("SET LOCAL session_replication_role = replica"))  # triggers off
            before = conn.execute(text("SELECT hash FROM auditlog WHERE id = :id"), {"id": ids[-2]}).scalar_one()
            named, at = ids[-1] + 1, datetime(2020, 2, 3, 8, 0)
            digest = row_hash(before, named, at, "coord", "park", 1, "update", "{}")
            conn.execute(text("INSERT INTO auditlog (id, at, login, table_name, row_id, action, changes, prev_hash, "
                              "hash) VALUES (:id, :at, 'coord', 'park', 1, 'update', '{}', :prev, :hash)"),
                         {"id": named, "at": at, "prev": before, "hash": digest})
    engine.dispose()
    return named


@pytest.mark.parametrize("how", ["changed", "deleted", "inserted"])
def test_verify_names_the_first_row_tampered_with(db: Database, session, coordinator, how, capsys) -> None:
    _parks(session, coordinator, 6)
    assert cli.main(["audit", "verify", "--db", db.url]) == 0
    assert capsys.readouterr().out.strip() == f"{len(_rows(db))} rows, chain intact"
    named = _tamper(db, how)
    session.rollback()
    verdict = verify(session)
    assert verdict.broken_at == named
    assert verdict.reason == ("changed" if how == "changed" else "link")
    assert cli.main(["audit", "verify", "--db", db.url]) == 1
    said = capsys.readouterr().err.strip()
    assert said.startswith(f"The audit chain breaks at row {named}: ")
    assert ("was changed" in said) == (how == "changed")


def test_verify_speaks_chinese(db: Database, session, coordinator, capsys) -> None:
    _parks(session, coordinator, 1)
    assert cli.main(["audit", "verify", "--lang", "zh", "--db", db.url]) == 0
    assert "链完整" in capsys.readouterr().out


def test_the_newest_rows_are_checked_without_the_rest(db: Database, session, coordinator) -> None:
    _parks(session, coordinator, 3)
    assert verify(session, newest=NEWEST).intact
    assert verify(session, newest=2).rows == 2
    first = _rows(db)[0][0]
    engine, begun = _raw(db)
    with begun as conn:
        conn.execute(text("UPDATE auditlog SET action = 'x' WHERE id = :id"), {"id": first})
    engine.dispose()
    session.rollback()
    assert verify(session, newest=2).intact  # the start's check reads the newest rows only
    assert verify(session).broken_at == first


def test_the_migration_chains_the_rows_it_finds(empty_db: Database) -> None:
    migrate.upgrade(empty_db, "0009_cadre_sort_key")
    with empty_db.engine.begin() as conn:
        for n in range(3):
            conn.execute(text("INSERT INTO auditlog (at, login, table_name, row_id, action, changes) "
                              "VALUES (:at, 'old', 'park', :n, 'create', '{}')"),
                         {"at": datetime(2020, 2, 1, 9, n), "n": n})
    migrate.upgrade(empty_db)
    with empty_db.session() as session:
        verdict = verify(session)
    assert verdict.intact and verdict.rows == 3


def test_a_planted_trigger_is_named_by_verify(db: Database, session, coordinator, capsys) -> None:
    """The attack the chain alone misses: a trigger that deletes each new audit row about cadres."""
    from models.schema_check import unknown_objects

    assert unknown_objects(session) == []
    engine, begun = _raw(db)
    with begun as conn:
        if db.backend == "sqlite":
            conn.execute(text("CREATE TRIGGER quiet AFTER INSERT ON auditlog WHEN new.table_name = 'cadre' "
                              "BEGIN DELETE FROM auditlog WHERE id = new.id; END"))
        else:
            conn.execute(text("CREATE FUNCTION quiet() RETURNS trigger LANGUAGE plpgsql AS "
                              "$$ BEGIN DELETE FROM auditlog WHERE id = NEW.id; RETURN NULL; END $$"))
            conn.execute(text("CREATE TRIGGER quiet AFTER INSERT ON auditlog FOR EACH ROW EXECUTE FUNCTION quiet()"))
        conn.execute(text("CREATE TABLE notes_of_mine (id integer)"))
    engine.dispose()
    session.rollback()
    expected = {"sqlite": ["table notes_of_mine", "trigger quiet"],
                "postgresql": ["function quiet", "table notes_of_mine", "trigger quiet ON auditlog"]}[db.backend]
    assert unknown_objects(session) == expected
    assert unknown_objects(session, tables=False) == [found for found in expected if "notes_of_mine" not in found]
    assert cli.main(["audit", "verify", "--db", db.url]) == 1
    err = capsys.readouterr().err
    assert "Not made by Supply Desk: trigger quiet" in err
    assert "Not made by Supply Desk: table notes_of_mine" in err
