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
from models.pg_roles import GROUPS, READ_SCHEMA, setup_postgres
from models.services.cadres import create_cadre, set_active, station, update_cadre
from models.services.common import Actor
from models.services.enterprises import create_enterprise, update_enterprise
from models.services.identity import current_actor, resolve_actor
from models.services.reference import district_by_name
from models.services.shortages import act, report_shortage
from models.shortage import ShortageCreate
from tui import cli
from tui.context import open_context

pytestmark = pytest.mark.postgres
psycopg = pytest.importorskip("psycopg")  # the driver of the postgres extra
errors = psycopg.errors

#: what a field cadre may write, the test's own copy of the rule; every other table, one added later
#: included, is read-only for field cadres (as for viewers): the tables come from the database itself
FIELD = {
    "enterprise": {"UPDATE"}, "enterprisestatuschange": {"INSERT"}, "dailyreport": {"INSERT", "UPDATE"},
    "materialreserve": {"INSERT", "UPDATE"}, "product": {"INSERT", "UPDATE"}, "qualification": {"INSERT", "UPDATE"},
    "holidayplan": {"INSERT", "UPDATE"}, "shortage": {"INSERT", "UPDATE"}, "shortageevent": {"INSERT"},
    "checkin": {"INSERT", "UPDATE"}, "park": {"INSERT"}, "auditlog": {"INSERT"},
}
ROLES = ("coordinator", "field", "viewer", "nobody")


@dataclass
class World:
    url: str  # the superuser's
    logins: dict[str, str]
    mine: int  # the enterprise the field cadre is stationed at
    other: int
    other_shortage: int
    mine_shortage: int  # at the field cadre's enterprise, reported by the coordinator

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
    world = World(url=url, logins=logins, mine=0, other=0, other_shortage=0, mine_shortage=0)
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
            world.mine_shortage = report_shortage(session, actor=lead, data=ShortageCreate(
                enterprise_id=mine.id, kind="raw_material", material_id=2, quantity=1, unit="吨")).id
    finally:
        db.dispose()


def _superuser(world: World) -> psycopg.Connection:
    return psycopg.connect(make_url(world.url).render_as_string(hide_password=False).replace("+psycopg", ""),
                           autocommit=True)


def _tables(world: World) -> dict[str, str]:
    """Every table in the database's schema, the models' and any other (a migration's own, Alembic's),
    with its first column: read from the catalogue, so a table added later is tested too."""
    with _superuser(world) as conn:
        rows = conn.execute("SELECT c.relname, a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
                            "AND a.attnum = 1 WHERE c.relnamespace = 'public'::regnamespace "
                            "AND c.relkind IN ('r', 'p') ORDER BY 1").fetchall()
    return dict(rows)


def _allowed(role: str, table: str, command: str) -> bool:
    if command == "SELECT":
        return role != "nobody"
    if table == "alembic_version":
        return False
    if role == "coordinator":
        return table != "auditlog" or command == "INSERT"
    if role == "field":
        return command in FIELD.get(table, set())
    return False


def test_every_table_is_guarded_and_owned_by_the_owner(world: World) -> None:
    tables = _tables(world)
    assert set(SQLModel.metadata.tables) <= set(tables) and set(FIELD) <= set(tables)
    with _superuser(world) as conn:
        unguarded = conn.execute("SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') AND relnamespace = "
                                 "'public'::regnamespace AND NOT relrowsecurity AND relname <> 'alembic_version'")
        assert [row[0] for row in unguarded] == []
        owners = conn.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'").fetchall()
        assert owners == [("supplydesk_owner",)]


@pytest.mark.parametrize("role", ROLES)
def test_the_database_refuses_every_write_the_role_may_not_make(world: World, role: str) -> None:
    """SELECT, INSERT, UPDATE and DELETE on every table in the database (a table added without its
    grants and policies fails here): refused (42501) unless the role may; a permitted statement
    touching no row passes (which rows it may touch: the tests below)."""
    wrong: list[str] = []
    tables = _tables(world)
    with world.connect(role) as conn:
        for table, column in tables.items():
            for command, sql in (("SELECT", f'SELECT 1 FROM "{table}" LIMIT 1'),
                                 ("INSERT", f'INSERT INTO "{table}" SELECT * FROM "{table}" WHERE false'),
                                 ("UPDATE", f'UPDATE "{table}" SET "{column}" = "{column}" WHERE false'),
                                 ("DELETE", f'DELETE FROM "{table}" WHERE false')):
                try:
                    conn.execute(sql)
                    refused = False
                except errors.InsufficientPrivilege:
                    refused = True
                if refused == _allowed(role, table, command):
                    wrong.append(f"{command} {table}: {'refused' if refused else 'allowed'}")
    assert len(tables) > 30 and wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_the_read_views_take_no_write(world: World, role: str) -> None:
    """The owner's read-only views (one per table, what a search reads): every group reads them, none
    writes through them (a view runs as its owner, so a write would pass row-level security), and a
    login in no group reads nothing."""
    with _superuser(world) as conn:
        views = dict(conn.execute("SELECT c.relname, a.attname FROM pg_class c JOIN pg_attribute a ON "
                                  "a.attrelid = c.oid AND a.attnum = 1 WHERE c.relnamespace = %s::regnamespace "
                                  "AND c.relkind = 'v' ORDER BY 1", (READ_SCHEMA,)).fetchall())
    assert set(views) == set(_tables(world)) - {"alembic_version"}
    wrong: list[str] = []
    with world.connect(role) as conn:
        for view, column in views.items():
            name = f'"{READ_SCHEMA}"."{view}"'
            for command, sql in (("SELECT", f"SELECT 1 FROM {name} LIMIT 1"),
                                 ("INSERT", f"INSERT INTO {name} SELECT * FROM {name} WHERE false"),
                                 ("UPDATE", f'UPDATE {name} SET "{column}" = "{column}" WHERE false'),
                                 ("DELETE", f"DELETE FROM {name} WHERE false")):
                try:
                    conn.execute(sql)
                    refused = False
                except errors.InsufficientPrivilege:
                    refused = True
                if refused == (command == "SELECT" and role != "nobody"):
                    wrong.append(f"{command} {view}: {'refused' if refused else 'allowed'}")
    assert wrong == []


def test_a_field_cadre_searches_the_directory_through_the_read_views(world: World) -> None:
    from models.services.enterprise_list import count_enterprises, list_enterprises
    from models.services.paging import PageRequest

    db = Database.open(world.url_of("field"))
    try:
        with db.session() as session:
            for query, found in (("cykh", 1), ("长寿", 1), ("c", 2), ("kouzhao", 0)):
                request = PageRequest(query=query, sort="name", limit=50)
                names = [row.name for row in list_enterprises(session, request=request).rows]
                assert len(names) == count_enterprises(session, request=request, at_most=1000) == found, query
            assert session.info["supplydesk_read_schema"] == READ_SCHEMA
    finally:
        db.dispose()


def test_a_table_added_without_its_rules_fails_the_check(world: World) -> None:
    """What the table-driven test sees of a table a change forgot to hand to setup-postgres: the
    catalogue lists it, it is not guarded, and a coordinator's write is refused where it should pass."""
    with _superuser(world) as conn:
        conn.execute("CREATE TABLE sd_forgotten (id integer PRIMARY KEY)")
        try:
            assert "sd_forgotten" in _tables(world)
            with world.connect("coordinator") as coordinator, pytest.raises(errors.InsufficientPrivilege):
                coordinator.execute("INSERT INTO sd_forgotten SELECT * FROM sd_forgotten WHERE false")
            unguarded = conn.execute("SELECT relname FROM pg_class WHERE relname = 'sd_forgotten' "
                                     "AND NOT relrowsecurity").fetchall()
            assert unguarded == [("sd_forgotten",)]
        finally:
            conn.execute("DROP TABLE sd_forgotten")


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


@pytest.mark.parametrize(("change", "allowed"), [
    ("version = version + 1, updated_by = session_user", True),  # a note's bump of the shortage
    ("status = 'coordinating'", True),  # progress: coordination has started
    ("assignee_id = supplydesk_my_cadre()", False),  # assign
    ("group_id = 1", False),
    ("level = 'city'", False),  # escalate
    ("status = 'resolved', resolved_at = now(), resolution = 'x'", False),  # resolve
    ("status = 'closed_unresolved'", False),  # close
    ("resolution = 'x'", False),
])
def test_a_field_cadre_adds_notes_and_progress_but_only_coordinators_decide(world: World, change: str,
                                                                           allowed: bool) -> None:
    """On a shortage at their enterprise someone else reported (the coordinator): the database lets
    a field cadre note it and start coordinating, and refuses assign, escalate, resolve and close."""
    with world.connect("field", autocommit=False) as conn:
        sql = f"UPDATE shortage SET {change} WHERE id = %s"
        if allowed:
            assert conn.execute(sql, (world.mine_shortage,)).rowcount == 1
            event = ("INSERT INTO shortageevent (shortage_id, action, at, by, note) "
                     "VALUES (%s, 'note', now(), session_user, 'called the supplier')")
            assert conn.execute(event, (world.mine_shortage,)).rowcount == 1
        else:
            with pytest.raises(errors.InsufficientPrivilege, match="only coordinators"):
                conn.execute(sql, (world.mine_shortage,))
        conn.rollback()
    with world.connect("coordinator", autocommit=False) as conn:  # the same change, as a coordinator
        assert conn.execute(f"UPDATE shortage SET {change} WHERE id = %s", (world.mine_shortage,)).rowcount == 1
        conn.rollback()


@pytest.mark.parametrize("columns", ["status = 'resolved'", "level = 'city'", "assignee_id = supplydesk_my_cadre()"])
def test_a_field_cadre_cannot_report_a_shortage_already_decided(world: World, columns: str) -> None:
    """A new shortage is open, at district level, unassigned: a field cadre's INSERT of one otherwise
    is refused by row-level security."""
    names = [c.name for c in SQLModel.metadata.tables["shortage"].columns if c.name != "id"]
    chosen = ", ".join(f'"{name}"' for name in names)
    override = dict(part.split(" = ") for part in [columns])
    picked = ", ".join(override.get(name, f'"{name}"') for name in names)
    with world.connect("field", autocommit=False) as conn:
        plain = f'INSERT INTO shortage ({chosen}) SELECT {chosen} FROM shortage WHERE id = %s'
        assert conn.execute(plain, (world.mine_shortage,)).rowcount == 1
        conn.rollback()
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(f"INSERT INTO shortage ({chosen}) SELECT {picked} FROM shortage WHERE id = %s",
                         (world.mine_shortage,))
        conn.rollback()


def test_a_forged_actor_is_recorded_as_the_real_login(world: World) -> None:
    """The app reads who you are from the connection (session_user -> cadre), whatever login the
    process names; a forged Actor handed to the services is recorded as the real person: in the
    audit row (the audit trigger) and in every column that names who made or changed a row."""
    db = Database.open(world.url_of("field"))
    try:
        ctx = open_context(db_url=world.url_of("field"), login=world.logins["coordinator"])
        assert (ctx.actor.login, ctx.actor.role) == (world.logins["field"], Role.FIELD_CADRE)
        ctx.db.dispose()
        with db.session() as session:
            boss = resolve_actor(session, login=world.logins["coordinator"])  # the connection wins
            assert boss.login == world.logins["field"] and boss.role == Role.FIELD_CADRE
            forged = Actor(login=world.logins["coordinator"], role=Role.COORDINATOR, cadre_id=1)
            version = session.get(Enterprise, world.mine).version
            update_enterprise(session, actor=forged, enterprise_id=world.mine,
                              expected_version=version, data=EnterpriseUpdate(contact_person="王芳"))
            shortage = report_shortage(session, actor=forged, data=ShortageCreate(
                enterprise_id=world.mine, kind="labour", description="缺挡车工"))
            act(session, actor=forged, shortage_id=shortage.id, expected_version=shortage.version, action="note",
                note="已联系人社局")
    finally:
        db.dispose()
    field = world.logins["field"]
    with _superuser(world) as conn:
        assert conn.execute("SELECT updated_by FROM enterprise WHERE id = %s", (world.mine,)).fetchone() == (field,)
        assert conn.execute("SELECT created_by, updated_by, reported_by FROM shortage WHERE id = %s",
                            (shortage.id,)).fetchone() == (field, field, field)
        assert {row[0] for row in conn.execute("SELECT by FROM shortageevent WHERE shortage_id = %s",
                                               (shortage.id,))} == {field}
        logins = conn.execute("SELECT DISTINCT login FROM auditlog WHERE id > (SELECT max(id) - 4 FROM auditlog)")
        assert {row[0] for row in logins} == {field}


def test_a_hand_written_statement_cannot_name_someone_else(world: World) -> None:
    """Straight with psycopg: who made a row is the connection's login, and stays so."""
    field = world.logins["field"]
    with world.connect("field", autocommit=False) as conn:
        conn.execute("UPDATE enterprise SET notes = 'x', updated_by = 'somebody' WHERE id = %s", (world.mine,))
        conn.execute("UPDATE shortage SET created_by = 'somebody', version = version + 1 "
                     "WHERE id = %s", (world.mine_shortage,))
        assert conn.execute("SELECT updated_by FROM enterprise WHERE id = %s", (world.mine,)).fetchone() == (field,)
        made = conn.execute("SELECT created_by, reported_by, updated_by FROM shortage WHERE id = %s",
                            (world.mine_shortage,)).fetchone()
        assert made == (world.logins["coordinator"], world.logins["coordinator"], field)
        conn.rollback()


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



@pytest.mark.parametrize("change", [{"role": "viewer"}, {"role": "field_cadre"}, {"login": None}, {"active": False}])
def test_the_last_coordinator_cannot_remove_themselves(world: World, change: dict) -> None:
    """Through the services (refused before the database is asked) and straight with psycopg (the
    database refuses): demoting, unmapping or deactivating the last coordinator, or deleting them."""
    db = Database.open(world.url_of("coordinator"))
    try:
        with db.session() as session:
            lead = resolve_actor(session, login="x")
            version = session.get(models.tables.Cadre, lead.cadre_id).version
            def remove() -> None:
                if "active" in change:
                    set_active(session, actor=lead, cadre_id=lead.cadre_id, expected_version=version, active=False)
                else:
                    update_cadre(session, actor=lead, cadre_id=lead.cadre_id, expected_version=version,
                                 data=CadreUpdate(**change))

            with pytest.raises(ValidationError, match="coordinator"):
                remove()
    finally:
        db.dispose()
    column, value = next(iter(change.items()))
    for sql, values in ((f'UPDATE cadre SET "{column}" = %s WHERE login = session_user', (value,)),
                        ("DELETE FROM cadre WHERE login = session_user", ())):
        with world.connect("coordinator", autocommit=False) as conn:
            assert conn.execute(sql, values).rowcount == 1
            with pytest.raises(errors.InsufficientPrivilege, match="At least one active coordinator must remain"):
                conn.commit()  # checked at commit
    assert _groups(world, "coordinator") == {GROUPS[Role.COORDINATOR]}


def test_mapping_a_login_later_grants_its_group_role(world: World) -> None:
    """A cadre entered without a login, then given one (the role a coordinator chose): the group role
    is granted in that transaction, and the person connects with exactly its rights."""
    db = Database.open(world.url_of("coordinator"))
    try:
        with db.session() as session:
            lead = resolve_actor(session, login="x")
            cadre = create_cadre(session, actor=lead, data=CadreCreate(name="后来者", role=Role.VIEWER))
            assert _groups(world, "nobody") == set()
            cadre = update_cadre(session, actor=lead, cadre_id=cadre.id, expected_version=cadre.version,
                                 data=CadreUpdate(login=world.logins["nobody"]))
            assert _groups(world, "nobody") == {GROUPS[Role.VIEWER]}
            with world.connect("nobody") as conn:
                assert conn.execute("SELECT count(*) FROM enterprise").fetchone()[0] == 2
                with pytest.raises(errors.InsufficientPrivilege):
                    conn.execute("UPDATE enterprise SET notes = 'x'")
            update_cadre(session, actor=lead, cadre_id=cadre.id, expected_version=cadre.version,
                         data=CadreUpdate(login=None))
        assert _groups(world, "nobody") == set()
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
    with _superuser(world) as conn:
        row = conn.execute("SELECT max(id) FROM auditlog").fetchone()[0]
        conn.execute("UPDATE auditlog SET login = 'someone' WHERE id = %s", (row,))
    assert cli.main(["audit", "verify", "--db", world.url_of("viewer")]) == 1
    assert f"breaks at row {row}: the row was changed" in capsys.readouterr().err

