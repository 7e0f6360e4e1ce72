"""PostgreSQL with one role per person (``supplydesk admin setup-postgres``): each person connects as
their own role, straight with psycopg, bypassing the app, and the database itself refuses what their
role may not do, on every table; the audit log takes inserts only and records the real login.

Runs only where ``SUPPLYDESK_TEST_PG`` names a server whose superuser may create roles; the roles of
a test are made with passwords over 127.0.0.1 and dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import models.tables  # the metadata filled, and the audit table
from models.base import Role
from models.db import Database
from models.enterprise import Enterprise, EnterpriseCreate, EnterpriseUpdate
from models.errors import ValidationError
from models.people import CadreCreate, CadreUpdate
from models.pg_roles import GROUPS, setup_postgres
from models.services.cadres import create_cadre, set_active, station, update_cadre
from models.services.common import Actor
from models.services.enterprises import create_enterprise, update_enterprise
from models.services.identity import current_actor, resolve_actor
from models.services.reference import district_by_name
from models.services.shortages import report_shortage
from models.shortage import ShortageCreate
from tui import cli
from tui.context import open_context

pytestmark = pytest.mark.postgres
psycopg = pytest.importorskip("psycopg")  # the driver of the postgres extra
errors = psycopg.errors

#: what a field cadre may write, the test's own copy of the rule: a table added without saying what
#: field cadres may do in it fails ``test_every_table_has_its_rule``
FIELD = {
    "enterprise": {"UPDATE"}, "enterprisestatuschange": {"INSERT"}, "dailyreport": {"INSERT", "UPDATE"},
    "materialreserve": {"INSERT", "UPDATE"}, "product": {"INSERT", "UPDATE"}, "qualification": {"INSERT", "UPDATE"},
    "holidayplan": {"INSERT", "UPDATE"}, "shortage": {"INSERT", "UPDATE"}, "shortageevent": {"INSERT"},
    "checkin": {"INSERT", "UPDATE"}, "park": {"INSERT"}, "auditlog": {"INSERT"},
}
#: the tables a field cadre only reads
READ_ONLY_FOR_FIELD = {
    "allocationline", "allocationorder", "allocationpick", "assignment", "cadre", "cataloguedemand", "catalogueitem",
    "dispatch", "dispatchline", "district", "lot", "material", "receipt", "receiptline", "request", "requestline",
    "site", "specialgroup", "stockbalance", "stockclose", "stockcount", "stockcountline", "stockentry", "supplier",
    "supplieritem", "unit",
}
#: the donations' tables: coordinators write them, field cadres read
READ_ONLY_FOR_FIELD |= {"donation", "donationcertificate", "donationline", "donationredirect", "publicationbatch",
                        "publicationcorrection", "publicationrow"}
ROLES = ("coordinator", "field", "viewer", "nobody")


@dataclass
class World:
    url: str  # the superuser's
    logins: dict[str, str]
    mine: int  # the enterprise the field cadre is stationed at
    other: int
    other_shortage: int

    def connect(self, role: str, *, autocommit: bool = True) -> psycopg.Connection:
        parsed = make_url(self.url)
        return psycopg.connect(host=parsed.host, port=parsed.port, dbname=parsed.database, user=self.logins[role],
                               password=f"pw-{self.logins[role]}", autocommit=autocommit)

    def url_of(self, role: str) -> str:
        login = self.logins[role]
        return make_url(self.url).set(username=login, password=f"pw-{login}").render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def world(pg_server) -> Iterator[World]:
    if pg_server is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("SUPPLYDESK_TEST_PG not set, but CI=true: PostgreSQL must be tested in CI")
        pytest.skip("SUPPLYDESK_TEST_PG not set")
    suffix = uuid.uuid4().hex[:8]
    logins = {role: f"{role}_{suffix}" for role in ROLES}
    with pg_server.admin.connect() as conn:
        for login in logins.values():
            conn.exec_driver_sql(f"CREATE ROLE \"{login}\" LOGIN PASSWORD 'pw-{login}'")
    name = pg_server.create(template=pg_server.migrated_template())
    url = pg_server.url(name)
    admin = Database.open(url)
    setup_postgres(admin, coordinator=logins["coordinator"])
    admin.dispose()
    world = World(url=url, logins=logins, mine=0, other=0, other_shortage=0)
    _fill(world)
    try:
        yield world
    finally:
        pg_server.drop(name)
        with pg_server.admin.connect() as conn:
            for login in logins.values():
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{login}"')


def _fill(world: World) -> None:
    """As the coordinator, through the services: the people, two enterprises, a shortage at the other."""
    db = Database.open(world.url_of("coordinator"))
    try:
        with db.session() as session:
            lead = resolve_actor(session, login="whoever")  # the connection says who
            assert lead.login == world.logins["coordinator"] and lead.is_coordinator
            for role, kind in (("field", Role.FIELD_CADRE), ("viewer", Role.VIEWER)):
                create_cadre(session, actor=lead, data=CadreCreate(name=role, login=world.logins[role], role=kind))
            district = district_by_name(session, "南岸区").id
            mine, other = (create_enterprise(session, actor=lead,
                                             data=EnterpriseCreate(name=name, district_id=district))
                           for name in ("茶园康护医疗用品有限公司", "长寿防护用品有限公司"))
            field = current_actor(session, login=world.logins["field"])  # another person: by their login
            station(session, actor=lead, cadre_id=field.cadre_id, enterprise_id=mine.id)
            shortage = report_shortage(session, actor=lead, data=ShortageCreate(
                enterprise_id=other.id, kind="raw_material", material_id=2, quantity=3.5, unit="吨"))
            world.mine, world.other, world.other_shortage = mine.id, other.id, shortage.id
    finally:
        db.dispose()


def _key(table: str) -> str:
    return next(iter(SQLModel.metadata.tables[table].primary_key.columns)).name


def _allowed(role: str, table: str, command: str) -> bool:
    if role == "coordinator":
        return table != "auditlog" or command == "INSERT"
    if role == "field":
        return command in FIELD.get(table, set())
    return False


def test_every_table_has_its_rule(world: World) -> None:
    assert set(SQLModel.metadata.tables) == set(FIELD) | READ_ONLY_FOR_FIELD
    with psycopg.connect(make_url(world.url).render_as_string(hide_password=False).replace("+psycopg", "")) as conn:
        unguarded = conn.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = "
                                 "'public'::regnamespace AND NOT relrowsecurity AND relname <> 'alembic_version'")
        assert [row[0] for row in unguarded] == []
        owners = conn.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'").fetchall()
        assert owners == [("supplydesk_owner",)]


@pytest.mark.parametrize("role", ROLES)
def test_the_database_refuses_every_write_the_role_may_not_make(world: World, role: str) -> None:
    """INSERT, UPDATE and DELETE on every table: refused (42501) unless the role may; a permitted
    statement touching no row passes (which rows it may touch: the tests below)."""
    wrong: list[str] = []
    with world.connect(role) as conn:
        for table in sorted(SQLModel.metadata.tables):
            key = _key(table)
            for command, sql in (("INSERT", f'INSERT INTO "{table}" SELECT * FROM "{table}" WHERE false'),
                                 ("UPDATE", f'UPDATE "{table}" SET "{key}" = "{key}" WHERE false'),
                                 ("DELETE", f'DELETE FROM "{table}" WHERE false')):
                try:
                    conn.execute(sql)
                    refused = False
                except errors.InsufficientPrivilege:
                    refused = True
                if refused == _allowed(role, table, command):
                    wrong.append(f"{command} {table}: {'refused' if refused else 'allowed'}")
    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("statement", ["UPDATE auditlog SET login = 'x'", "DELETE FROM auditlog",
                                       "TRUNCATE auditlog"])
def test_the_audit_log_is_insert_only_for_every_role(world: World, role: str, statement: str) -> None:
    with world.connect(role) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute(statement)


def test_a_field_cadre_writes_only_at_their_enterprise(world: World) -> None:
    with world.connect("field", autocommit=False) as conn:
        assert conn.execute("UPDATE enterprise SET notes = 'mine' WHERE id = %s", (world.mine,)).rowcount == 1
        assert conn.execute("UPDATE enterprise SET notes = 'theirs' WHERE id = %s", (world.other,)).rowcount == 0
        assert conn.execute("UPDATE shortage SET description = 'x' WHERE id = %s",
                            (world.other_shortage,)).rowcount == 0
        conn.rollback()
        for table, column, value, source in (("shortage", "enterprise_id", world.other, "id"),
                                             ("shortageevent", "shortage_id", world.other_shortage, "shortage_id")):
            columns = [c.name for c in SQLModel.metadata.tables[table].columns if c.name != "id"]
            chosen = ", ".join("%s" if name == column else f'"{name}"' for name in columns)
            names = ", ".join(f'"{name}"' for name in columns)
            sql = f'INSERT INTO "{table}" ({names}) SELECT {chosen} FROM "{table}" WHERE "{source}" = %s LIMIT 1'
            with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
                conn.execute(sql, (value, world.other_shortage))
            conn.rollback()


def test_a_forged_actor_is_recorded_as_the_real_login(world: World) -> None:
    db = Database.open(world.url_of("field"))
    try:
        ctx = open_context(db_url=world.url_of("field"), login=world.logins["coordinator"])
        assert (ctx.actor.login, ctx.actor.role) == (world.logins["field"], Role.FIELD_CADRE)
        ctx.db.dispose()
        with db.session() as session:
            boss = resolve_actor(session, login=world.logins["coordinator"])  # the connection wins
            assert boss.login == world.logins["field"]
            forged = Actor(login=world.logins["coordinator"], role=Role.COORDINATOR, cadre_id=1)
            version = session.get(Enterprise, world.mine).version
            update_enterprise(session, actor=forged, enterprise_id=world.mine,
                              expected_version=version, data=EnterpriseUpdate(contact_person="王芳"))
            login = session.execute(models.tables.AuditLog.__table__.select()
                                    .order_by(models.tables.AuditLog.id.desc()).limit(1)).one().login
        assert login == world.logins["field"]
    finally:
        db.dispose()


def _groups(world: World, role: str) -> set[str]:
    with world.connect("coordinator") as conn:
        rows = conn.execute("SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                            "JOIN pg_roles w ON w.oid = m.member WHERE w.rolname = %s", (world.logins[role],))
        return {row[0] for row in rows}


def test_deactivating_revokes_the_group_role_and_the_last_coordinator_stays(world: World) -> None:
    assert _groups(world, "field") == {GROUPS[Role.FIELD_CADRE]}
    assert _groups(world, "viewer") == {GROUPS[Role.VIEWER]}
    assert _groups(world, "nobody") == set()
    db = Database.open(world.url_of("coordinator"))
    try:
        with db.session() as session:
            lead = resolve_actor(session, login="x")
            field = current_actor(session, login=world.logins["field"])
            cadre = set_active(session, actor=lead, cadre_id=field.cadre_id, expected_version=1, active=False)
            assert _groups(world, "field") == set()
            with world.connect("field") as conn, pytest.raises(errors.InsufficientPrivilege):
                conn.execute("UPDATE enterprise SET notes = 'x' WHERE id = %s", (world.mine,))
            set_active(session, actor=lead, cadre_id=field.cadre_id, expected_version=cadre.version, active=True)
            assert _groups(world, "field") == {GROUPS[Role.FIELD_CADRE]}
            with pytest.raises(ValidationError):
                set_active(session, actor=lead, cadre_id=lead.cadre_id, expected_version=1, active=False)
        assert _groups(world, "coordinator") == {GROUPS[Role.COORDINATOR]}
    finally:
        db.dispose()



def test_a_changed_role_or_login_moves_the_group_role(world: World) -> None:
    db = Database.open(world.url_of("coordinator"))
    try:
        with db.session() as session:
            lead = resolve_actor(session, login="x")
            viewer = current_actor(session, login=world.logins["viewer"])
            cadre = update_cadre(session, actor=lead, cadre_id=viewer.cadre_id, expected_version=1,
                                 data=CadreUpdate(role="field_cadre"))
            assert _groups(world, "viewer") == {GROUPS[Role.FIELD_CADRE]}
            cadre = update_cadre(session, actor=lead, cadre_id=viewer.cadre_id, expected_version=cadre.version,
                                 data=CadreUpdate(login=world.logins["nobody"]))
            assert _groups(world, "viewer") == set()  # the login taken away keeps nothing
            assert _groups(world, "nobody") == {GROUPS[Role.FIELD_CADRE]}
            update_cadre(session, actor=lead, cadre_id=viewer.cadre_id, expected_version=cadre.version,
                         data=CadreUpdate(login=world.logins["viewer"], role="viewer"))
        assert (_groups(world, "viewer"), _groups(world, "nobody")) == ({GROUPS[Role.VIEWER]}, set())
    finally:
        db.dispose()

def test_setup_runs_again_without_changing_anything(world: World, capsys) -> None:
    def policies() -> list[tuple]:
        with psycopg.connect(make_url(world.url).render_as_string(hide_password=False).replace("+psycopg", "")) as c:
            return c.execute("SELECT tablename, policyname, cmd, roles::text, qual, with_check FROM pg_policies "
                             "ORDER BY 1, 2").fetchall()

    before = policies()
    assert cli.main(["admin", "setup-postgres", "--db", world.url]) == 0
    assert "PostgreSQL set up: owner supplydesk_owner" in capsys.readouterr().out
    assert policies() == before
    assert cli.main(["audit", "verify", "--db", world.url_of("viewer")]) == 0
    assert "chain intact" in capsys.readouterr().out


def test_a_refusal_reaches_the_user_as_one_line(world: World) -> None:
    from models.db import user_error
    from models.errors import DatabaseError

    db = Database.open(world.url_of("viewer"))
    try:
        with db.session() as session, pytest.raises(Exception) as raised:
            session.execute(models.tables.Park.__table__.delete())
        shown = user_error(raised.value, where="db")
        assert isinstance(shown, DatabaseError)
        assert str(shown) == "The database refused this for your role: permission denied for table park"
    finally:
        db.dispose()


def test_verify_finds_what_the_superuser_changed(world: World, capsys) -> None:
    """Last in this module: it breaks the world's chain."""
    with psycopg.connect(make_url(world.url).render_as_string(hide_password=False).replace("+psycopg", "")) as conn:
        row = conn.execute("SELECT max(id) FROM auditlog").fetchone()[0]
        conn.execute("UPDATE auditlog SET login = 'someone' WHERE id = %s", (row,))
    assert cli.main(["audit", "verify", "--db", world.url_of("viewer")]) == 1
    assert f"breaks at row {row}: the row was changed" in capsys.readouterr().err

