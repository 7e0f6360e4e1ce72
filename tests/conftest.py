"""Shared fixtures: isolated user directories, a migrated database on SQLite (and PostgreSQL where
set up), the actors of the working group, a fixed clock, and small factories for test data.

PostgreSQL runs when ``SUPPLYDESK_TEST_PG`` holds an admin URL such as
``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``: each test gets a fresh database that is
dropped afterwards. Without it the ``postgres`` parameter is skipped, except under ``CI=true``
where a missing database is a failure, so CI cannot silently stop testing PostgreSQL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import count

import pytest
from hypothesis import settings
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from models import clock
from models import settings as desk_settings
from models.db import Database
from models.migrate import ensure_schema

settings.register_profile("supplydesk", deadline=None, print_blob=True)
settings.load_profile("supplydesk")

PG_ENV = "SUPPLYDESK_TEST_PG"
#: the moment of the case: Chongqing, Monday 3 February 2020, 07:50
CASE_TIME = datetime(2020, 2, 3, 7, 50)
#: stationing starts here unless a test says otherwise, so it holds on the real and the frozen clock
STATIONED_FROM = date(2020, 1, 24)


# --- isolation ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def isolate_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point every user directory at a temporary folder; forget the user's database and language;
    afterwards, drop the log file handler a test's ``supplydesk`` command set up."""
    import logging

    from tui.logs import setup_logging

    home = tmp_path_factory.mktemp("user")
    # the settings' variables first: SUPPLYDESK_DATA_DIR is one of them, and is set again below
    for key in desk_settings.KEYS:
        if key.env:
            monkeypatch.delenv(key.env, raising=False)
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
        ("SUPPLYDESK_DATA_DIR", "supplydesk"),
        ("SUPPLYDESK_LOG_DIR", "logs"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("SUPPLYDESK_DB", raising=False)
    monkeypatch.delenv("SUPPLYDESK_LANG", raising=False)
    # the settings: no file of this machine, no variable of the user's, the defaults in force
    monkeypatch.setenv("SUPPLYDESK_SYSTEM_CONFIG", str(home / "etc" / "config.toml"))
    monkeypatch.delenv("SUPPLYDESK_CONFIG", raising=False)
    desk_settings.install(desk_settings.Settings())
    level = logging.getLogger().level
    yield
    desk_settings.install(desk_settings.Settings())
    setup_logging(enabled=False)
    logging.getLogger().setLevel(level)


# --- databases ------------------------------------------------------------------------------------
#
# Every test gets its own database. Migrating each one from empty costs more than the test itself,
# so the migrated ones are cloned from a template made once per run with ensure_schema (a file copy
# on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL). Migrating from empty is tested on its own.


@pytest.fixture(scope="session")
def pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def _require_pg(admin_url: str | None) -> str:
    if admin_url:
        return admin_url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{PG_ENV} not set, but CI=true: PostgreSQL must be tested in CI")
    pytest.skip(f"{PG_ENV} not set")


class PgServer:
    """Creates and drops uniquely named databases through an AUTOCOMMIT admin connection."""

    def __init__(self, admin_url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        self.admin_url = admin_url
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.template: str | None = None

    def url(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def create(self, *, template: str | None = None) -> str:
        name = f"supplydesk_test_{uuid.uuid4().hex[:12]}"
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"{clause}')
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def migrated_template(self) -> str:
        if self.template is None:
            name = self.create()
            database = Database.open(self.url(name))
            try:
                ensure_schema(database)
            finally:
                database.dispose()  # CREATE DATABASE ... TEMPLATE needs it without connections
            self.template = name
        return self.template


@pytest.fixture(scope="session")
def pg_server(pg_admin_url: str | None) -> Iterator[PgServer | None]:
    server = PgServer(pg_admin_url) if pg_admin_url else None
    yield server
    if server is not None:
        if server.template:
            server.drop(server.template)
        server.admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a SQLite file migrated to head by ensure_schema (checkpointed, no -wal left)."""
    path = tmp_path_factory.mktemp("template") / "supplydesk.db"
    database = Database.open(f"sqlite:///{path}")
    ensure_schema(database)
    database.dispose()
    return path.read_bytes()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, pg_server: PgServer | None) -> str:
    """Runs the test on SQLite, and on PostgreSQL when SUPPLYDESK_TEST_PG is set."""
    if request.param == "postgres":
        _require_pg(pg_server.admin_url if pg_server else None)
    return request.param


def _fresh_url(backend: str, tmp_path, pg_server: PgServer | None, *, migrated: bytes | None, names: list[str]) -> str:
    if backend == "sqlite":
        path = tmp_path / "data" / "supplydesk.db"
        if migrated is not None:
            path.parent.mkdir(mode=0o700)
            path.write_bytes(migrated)
            path.chmod(0o600)
        return f"sqlite:///{path}"
    assert pg_server is not None
    name = pg_server.create(template=pg_server.migrated_template() if migrated is not None else None)
    names.append(name)
    return pg_server.url(name)


@pytest.fixture
def db_url(backend: str, tmp_path, pg_server: PgServer | None) -> Iterator[str]:
    """The URL of a fresh, empty database: a SQLite file in tmp_path, or a new PostgreSQL database."""
    names: list[str] = []
    yield _fresh_url(backend, tmp_path, pg_server, migrated=None, names=names)
    for name in names:
        pg_server.drop(name)  # type: ignore[union-attr]


#: PostgreSQL connections of the ``db`` fixture: the desks one test plays at once, at most
TEST_DESKS = 12


@pytest.fixture
def empty_db(db_url: str) -> Iterator[Database]:
    """A Database on a fresh database that has not been migrated yet."""
    database = Database.open(db_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def db(backend: str, tmp_path, pg_server: PgServer | None, sqlite_template: bytes) -> Iterator[Database]:
    """A fresh migrated Database (SQLite file; PostgreSQL too when SUPPLYDESK_TEST_PG is set)."""
    names: list[str] = []
    # a test may play several desks at once (sessions in threads); a desk's own process holds one connection
    database = Database.open(_fresh_url(backend, tmp_path, pg_server, migrated=sqlite_template, names=names),
                             connections=TEST_DESKS)
    try:
        assert ensure_schema(database) is False  # the clone is at head already
        yield database
    finally:
        database.dispose()
        for name in names:
            pg_server.drop(name)  # type: ignore[union-attr]


@pytest.fixture
def sqlite_db(tmp_path, sqlite_template: bytes) -> Iterator[Database]:
    """A fresh migrated SQLite Database only, for checks of the SQLite file itself."""
    database = Database.open(_fresh_url("sqlite", tmp_path, None, migrated=sqlite_template, names=[]))
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def session(db: Database):
    with db.session() as s:
        yield s


@pytest.fixture
def row_counts(session) -> Callable[[], dict[str, int]]:
    """A function returning the number of rows of every table, to prove that nothing was written."""
    from sqlmodel import SQLModel

    import models.tables  # noqa: F401  (fills the metadata)

    def counts() -> dict[str, int]:
        session.rollback()  # see committed data only, never a failed command's leftovers
        result = {
            name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in SQLModel.metadata.tables.items()
        }
        session.rollback()
        return result

    return counts


# --- time -----------------------------------------------------------------------------------------


class FrozenClock:
    """``models.clock.now`` pinned to a moment that tests move by hand."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, start: datetime) -> None:
        self.moment = start
        monkeypatch.setattr(clock, "now", lambda: self.moment)

    def set(self, moment: datetime) -> datetime:
        self.moment = moment
        return moment

    def advance(self, **delta: float) -> datetime:
        self.moment += timedelta(**delta)
        return self.moment

    def today(self) -> date:
        return self.moment.date()


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    """The clock pinned at 2020-02-03 07:50 (``clock.today`` follows, it calls ``clock.now``)."""
    return FrozenClock(monkeypatch, CASE_TIME)


# --- actors and data ------------------------------------------------------------------------------


def valid_credit_code(serial: int) -> str:
    """A valid unified social credit code (GB 32100-2015) for a Nan'an district enterprise."""
    from models.validation import CREDIT_ALPHABET, credit_check_char

    digits = ""
    n = serial
    for _ in range(5):
        digits = CREDIT_ALPHABET[n % 31] + digits
        n //= 31
    first17 = "91500108MA5U" + digits
    return first17 + credit_check_char(first17)


@dataclass
class Factory:
    """Makes the people and enterprises tests need, through the services (never raw inserts)."""

    session: object
    coordinator: object
    serial: count

    def district_id(self, name: str = "南岸区") -> int:
        from models.services.reference import district_by_name

        return district_by_name(self.session, name).id  # type: ignore[arg-type]

    def park_id(self, name: str = "茶园新区", district: str = "南岸区") -> int:
        from models.services.reference import add_park

        return add_park(self.session, actor=self.coordinator, district_id=self.district_id(district), name=name).id

    def enterprise(self, name: str | None = None, *, district: str = "南岸区", park: str | None = "茶园新区", **fields):
        from models.enterprise import EnterpriseCreate
        from models.services.enterprises import create_enterprise

        n = next(self.serial)
        data = EnterpriseCreate(
            name=name or f"测试企业{n}",
            district_id=self.district_id(district),
            park_id=self.park_id(park, district) if park else None,
            credit_code=fields.pop("credit_code", valid_credit_code(n)),
            **fields,
        )
        return create_enterprise(self.session, actor=self.coordinator, data=data)

    def cadre(self, login: str, *, role: str = "field_cadre", name: str | None = None):
        """A cadre row with ``login`` and ``role``; returns the actor that login resolves to."""
        from models.people import CadreCreate
        from models.services.cadres import create_cadre
        from models.services.identity import resolve_actor

        create_cadre(self.session, actor=self.coordinator, data=CadreCreate(name=name or login, login=login, role=role))
        return resolve_actor(self.session, login=login)

    def field_cadre(self, login: str, *, at=None, start: date = STATIONED_FROM):
        """A field cadre, stationed at the enterprise ``at`` (an Enterprise or id) from ``start``."""
        from models.services.cadres import station

        actor = self.cadre(login)
        if at is not None:
            station(self.session, actor=self.coordinator, cadre_id=actor.cadre_id,
                    enterprise_id=getattr(at, "id", at), start=start)
        return actor

    def viewer(self, login: str = "visitor"):
        """A login that no cadre has: it may read, never write."""
        from models.services.identity import resolve_actor

        return resolve_actor(self.session, login=login)


@pytest.fixture
def coordinator(session):
    """The first login on an empty database: it becomes the coordinator."""
    from models.services.identity import resolve_actor

    return resolve_actor(session, login="zhangwei")


@pytest.fixture
def make(session, coordinator) -> Factory:
    return Factory(session=session, coordinator=coordinator, serial=count(1))


@pytest.fixture
def enterprise(make):
    """茶园康护医疗用品有限公司 in 茶园新区, 南岸区, with a valid credit code."""
    return make.enterprise("茶园康护医疗用品有限公司", short_name="茶园康护",
                           contact_person="刘敏", phone="13800000001")


@pytest.fixture
def field_cadre(make, enterprise):
    """李强, stationed at the sample enterprise since 24 January 2020."""
    return make.field_cadre("liqiang", at=enterprise)


@pytest.fixture
def viewer(make):
    return make.viewer()


# --- the command line ------------------------------------------------------------------------------


CommandLine = Callable[..., "tuple[int, str, str]"]


def command_line(url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> CommandLine:
    """``call(login, *argv)`` -> (exit code, stdout, stderr): ``supplydesk ARGV --db URL`` run in this
    process as ``login``, the language set back to English after it."""
    from models.services import identity
    from tui import cli, i18n

    def call(login: str, *argv: str) -> tuple[int, str, str]:
        monkeypatch.setattr(identity, "os_login", lambda: login)
        try:
            code = cli.main([*argv, "--db", url])
        finally:
            i18n.set_language("en")
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def run(db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> CommandLine:
    """``run(login, *argv)`` -> (exit code, stdout, stderr), as ``login`` on the test's database."""
    return command_line(db.url, monkeypatch, capsys)
