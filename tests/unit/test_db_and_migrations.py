"""The database at start-up: the migrated schema equals the models, the schema check, paths that
cannot be a database, SQLite's file modes and pragmas, concurrent writers and the reference data."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, text
from sqlmodel import SQLModel

import models.tables  # noqa: F401  (fills SQLModel.metadata)
from models import migrate, seed
from models.db import BUSY_TIMEOUT_MS, Database
from models.errors import DatabaseError
from models.organisation import SpecialGroup, Unit
from models.reference import CatalogueItem, District
from models.services.common import get_for_update, write_transaction
from models.supply import Material


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def run_python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (clean sys.modules), failing the test on a crash."""
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True,
        env={**os.environ, **(env or {})}, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result


def assert_one_line(error: DatabaseError) -> None:
    assert str(error) and "\n" not in str(error)
    assert "Traceback" not in str(error)


# --- the schema -----------------------------------------------------------------------------------


def test_upgrade_from_empty_gives_exactly_the_models(empty_db: Database) -> None:
    assert empty_db.table_names() == []
    assert migrate.ensure_schema(empty_db) is True
    with empty_db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True, "compare_server_default": True,
            "include_object": migrate.include_object_for(conn.dialect.name),
        })
        diffs = compare_metadata(context, SQLModel.metadata)
    assert diffs == []
    search = {name for name in empty_db.table_names() if name.startswith(migrate.SEARCH_TABLE)}
    assert set(empty_db.table_names()) - search == set(SQLModel.metadata.tables) | {"alembic_version"}
    assert search == ({migrate.SEARCH_TABLE,
                       *(f"{migrate.SEARCH_TABLE}_{s}" for s in ("config", "data", "docsize", "idx"))}
                      if empty_db.backend == "sqlite" else set())


def test_upgrading_adds_the_products_english_names_to_existing_search_keys(empty_db: Database) -> None:
    """Keys written before revision 0005 held products by their Chinese names only: ``mask`` must
    find their makers too, and the search index must follow."""
    from sqlalchemy import insert, select, text

    from models.enterprise import Enterprise, Product
    from models.services.enterprise_list import count_enterprises
    from models.services.paging import PageRequest

    migrate.upgrade(empty_db, "0004_dashboard_indexes")
    with empty_db.engine.begin() as conn:
        district = conn.execute(select(District.id).limit(1)).scalar_one()
        mask = conn.execute(select(CatalogueItem.id).where(CatalogueItem.code == "MASK-SURG")).scalar_one()
        conn.execute(insert(Enterprise.__table__).values(  # type: ignore[attr-defined]
            id=1, name="茶园康护", district_id=district, status="resumed", archived=False, version=1,
            search_key="茶园康护|chayuankanghu|cykh|医用外科口罩|yiyongwaikekouzhao|yywkkz", sort_key="chayuankanghu"))
        conn.execute(insert(Product.__table__).values(  # type: ignore[attr-defined]
            enterprise_id=1, item_id=mask, daily_capacity=1000, archived=False, version=1))
    migrate.upgrade(empty_db)
    with empty_db.engine.connect() as conn:
        key = conn.execute(text("SELECT search_key FROM enterprise WHERE id = 1")).scalar_one()
    assert key.split("|")[-1] == "surgical mask" and key.startswith("茶园康护|chayuankanghu|cykh")
    with empty_db.session() as session:
        assert count_enterprises(session, request=PageRequest(query="surgical")) == 1


def test_the_search_index_follows_every_write(db: Database, session, coordinator) -> None:
    """The trigram index (FTS5 on SQLite) finds what LIKE finds, after inserts and updates."""
    from models.enterprise import EnterpriseCreate, EnterpriseUpdate
    from models.services.enterprise_list import count_enterprises
    from models.services.enterprises import create_enterprise, update_enterprise
    from models.services.paging import PageRequest
    from models.services.reference import district_by_name

    nanan = district_by_name(session, "南岸区").id
    made = create_enterprise(session, actor=coordinator,
                             data=EnterpriseCreate(name="茶园康护医疗用品有限公司", district_id=nanan))
    assert count_enterprises(session, request=PageRequest(query="cykh")) == 1
    assert count_enterprises(session, request=PageRequest(query="chayuan kanghu")) == 1
    update_enterprise(session, actor=coordinator, enterprise_id=made.id, expected_version=1,
                      data=EnterpriseUpdate(name="渝北防护用品有限公司"))
    assert count_enterprises(session, request=PageRequest(query="cykh")) == 0
    assert count_enterprises(session, request=PageRequest(query="yubei")) == 1
    assert count_enterprises(session, request=PageRequest(query="防护用品")) == 1


def test_revisions_known_to_the_code_match_the_migration_scripts(sqlite_db: Database) -> None:
    scripts = ScriptDirectory.from_config(migrate.alembic_config(sqlite_db))
    assert scripts.get_heads() == [migrate.HEAD]
    oldest_first = [rev.revision for rev in reversed(list(scripts.walk_revisions()))]
    assert tuple(oldest_first) == migrate.REVISIONS
    assert migrate.current_revision(sqlite_db) == migrate.HEAD


def test_ensure_schema_at_head_does_nothing(db: Database) -> None:
    assert migrate.current_revision(db) == migrate.HEAD
    assert migrate.ensure_schema(db) is False
    assert migrate.current_revision(db) == migrate.HEAD


def test_ensure_schema_at_head_does_not_import_alembic(sqlite_db: Database) -> None:
    code = f"""
import sys
from models.db import Database
from models.migrate import ensure_schema
before = 'alembic' in sys.modules
result = ensure_schema(Database.open({sqlite_db.url!r}))
print(before, result, 'alembic' in sys.modules)
"""
    assert run_python(code).stdout.split() == ["False", "False", "False"]


def dump_all(db: Database) -> dict[str, list]:
    """Every row of every table, to prove a refused start-up changed nothing."""
    with db.engine.connect() as conn:
        return {
            name: sorted(map(repr, conn.execute(text(f'SELECT * FROM "{name}"')).all()))
            for name in inspect(conn).get_table_names()
        }


def test_database_of_a_newer_version_is_refused_and_left_alone(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999_future'"))
    before = dump_all(db)
    with pytest.raises(DatabaseError) as err:
        migrate.ensure_schema(db)
    assert err.value.params == {"revision": "0999_future"}
    assert_one_line(err.value)
    assert dump_all(db) == before


def test_newer_sqlite_file_is_not_touched(sqlite_db: Database) -> None:
    path = Path(sqlite_db.engine.url.database)
    with sqlite_db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999_future'"))
    sqlite_db.dispose()  # checkpoint: the whole database is now in the main file
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    again = Database.open(sqlite_db.url)
    with pytest.raises(DatabaseError):
        migrate.ensure_schema(again)
    again.dispose()
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# --- paths that cannot be a database --------------------------------------------------------------


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as err:
        Database.open(sqlite_url(tmp_path))
    assert err.value.message == "{path} is a directory, not a database file"
    assert_one_line(err.value)


def test_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    content = b"\x00\x01not sqlite" + os.urandom(4096)
    path.write_bytes(content)
    with pytest.raises(DatabaseError) as err:
        Database.open(sqlite_url(path))
    assert err.value.message == "{path} is not a database"
    assert_one_line(err.value)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    path.write_bytes(b"")
    path.chmod(0)
    try:
        with pytest.raises(DatabaseError) as err:
            Database.open(sqlite_url(path))
    finally:
        path.chmod(0o600)
    assert err.value.message == "Cannot read {path}: permission denied"
    assert_one_line(err.value)


def test_missing_folder_is_refused_when_not_allowed_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as err:
        Database.open(sqlite_url(tmp_path / "nowhere" / "supplydesk.db"), create_dirs=False)
    assert err.value.message == "Folder {path} does not exist"
    assert_one_line(err.value)
    assert not (tmp_path / "nowhere").exists()


def make_foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    conn.commit()
    conn.close()


def test_database_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    make_foreign_sqlite(path)
    db = Database.open(sqlite_url(path))
    with pytest.raises(DatabaseError) as err:
        migrate.ensure_schema(db)
    db.dispose()
    assert err.value.message == "This database was not made by Supply Desk; nothing was changed"
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall() == [("invoices",)]
    assert conn.execute("SELECT amount FROM invoices").fetchall() == [(12.5,)]
    conn.close()


def test_database_of_another_program_keeps_its_bytes_and_journal_mode(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    make_foreign_sqlite(path)
    before = path.read_bytes()
    db = Database.open(sqlite_url(path))
    with pytest.raises(DatabaseError):
        migrate.ensure_schema(db)
    db.dispose()
    conn = sqlite3.connect(path)
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    assert mode == "delete"
    assert path.read_bytes() == before


# --- the SQLite file ------------------------------------------------------------------------------


def test_new_database_file_is_private(tmp_path: Path) -> None:
    folder = tmp_path / "fresh"
    db = Database.open(sqlite_url(folder / "supplydesk.db"))
    migrate.ensure_schema(db)
    assert (folder.stat().st_mode & 0o777) == 0o700
    modes = {p.name: p.stat().st_mode & 0o777 for p in folder.iterdir()}
    db.dispose()
    assert modes["supplydesk.db"] == 0o600
    assert set(modes.values()) == {0o600}  # the -wal and -shm files hold data too


def test_sqlite_pragmas_on_every_connection(sqlite_db: Database) -> None:
    connections = [sqlite_db.engine.connect() for _ in range(2)]  # two pooled connections, both set up
    try:
        for conn in connections:
            pragma = lambda name, conn=conn: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") >= 5000
            assert pragma("synchronous") == 2  # FULL: a commit is synced before it returns
    finally:
        for conn in connections:
            conn.close()
    assert BUSY_TIMEOUT_MS >= 5000


def test_sqlite_enforces_foreign_keys(sqlite_db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), sqlite_db.engine.begin() as conn:
        conn.execute(text("INSERT INTO park (version, district_id, name, archived, search_key) "
                          "VALUES (1, 9999, 'x', 0, 'x')"))


def test_importing_creates_nothing(tmp_path: Path) -> None:
    dirs = {name: tmp_path / name for name in ("data", "config", "cache", "home", "supplydesk")}
    for folder in dirs.values():
        folder.mkdir()
    env = {
        "SUPPLYDESK_DATA_DIR": str(dirs["supplydesk"]),
        "XDG_DATA_HOME": str(dirs["data"]),
        "XDG_CONFIG_HOME": str(dirs["config"]),
        "XDG_CACHE_HOME": str(dirs["cache"]),
        "HOME": str(dirs["home"]),
    }
    code = """
import gc, models, models.tables, models.services.enterprises, tui
from sqlalchemy.engine import Engine
print(sum(isinstance(o, Engine) for o in gc.get_objects()))
"""
    assert run_python(code, env).stdout.strip() == "0"
    assert {name: list(folder.iterdir()) for name, folder in dirs.items()} == {name: [] for name in dirs}


# --- concurrency ----------------------------------------------------------------------------------


def test_concurrent_writers_wait_instead_of_failing(db: Database) -> None:
    """Two threads bump one counter in write transactions: no "database is locked", no lost update."""
    rounds = 150
    with db.session() as s:
        start = s.get(CatalogueItem, 1).daily_demand
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def writer() -> None:
        try:
            barrier.wait()
            with db.session() as s:
                for _ in range(rounds):
                    s.get(CatalogueItem, 1)  # a read first: the write must not be a deferred upgrade
                    with write_transaction(s):
                        item = get_for_update(s, CatalogueItem, 1)
                        item.daily_demand += 1
                        item.version += 1
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    with db.session() as s:
        assert s.get(CatalogueItem, 1).daily_demand == start + 2 * rounds


# --- reference data -------------------------------------------------------------------------------


def test_reference_data_is_seeded(session) -> None:
    districts = session.execute(select(District.name, District.kind).order_by(District.id)).all()
    assert len(districts) == 38
    assert [tuple(row) for row in districts] == seed.DISTRICTS
    assert sum(kind == "autonomous_county" for _, kind in districts) == 4
    assert session.execute(select(func.count()).select_from(Unit)).scalar_one() == 9
    groups = session.execute(select(SpecialGroup.code, SpecialGroup.name).order_by(SpecialGroup.id)).all()
    assert [tuple(g) for g in groups] == [(code, name) for code, name, _ in seed.GROUPS]
    assert len(groups) == 5
    assert session.execute(select(func.count()).select_from(CatalogueItem)).scalar_one() == len(seed.CATALOGUE)
    assert session.execute(select(func.count()).select_from(Material)).scalar_one() == len(seed.MATERIALS)
    assert session.get(District, 9).pinyin == "nananqu"


def test_seeded_values_fit_their_columns(sqlite_db: Database) -> None:
    """SQLite ignores VARCHAR lengths, PostgreSQL refuses the migration: check on SQLite what PG would do."""
    too_long = {}
    with sqlite_db.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            for column in table.columns:
                limit = getattr(column.type, "length", None)  # String and sqlmodel's AutoString
                if limit:
                    longest = conn.execute(select(func.max(func.length(column)))).scalar()
                    if longest and longest > limit:
                        too_long[f"{table.name}.{column.name}"] = (longest, limit)
    assert too_long == {}, json.dumps(too_long)
