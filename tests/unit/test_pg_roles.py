"""PostgreSQL with one role per person (``supplydesk admin setup-postgres``): each person connects as
their own role, straight with psycopg, bypassing the app, and the database itself refuses what their
role may not do, on every table; the audit log takes inserts only and records the real login.

Runs only where ``SUPPLYDESK_TEST_PG`` names a server whose superuser may create roles; the roles of
a test are made with passwords over 127.0.0.1 and dropped afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import models.tables  # the metadata filled, and the audit table
from models import clock
from models.base import Role
from models.db import Database
from models.errors import ValidationError
from models.people import CadreCreate, CadreUpdate
from models.pg_roles import GROUPS
from models.services.cadres import create_cadre, set_active, update_cadre
from models.services.identity import current_actor, resolve_actor
from tui import cli

from .pg_world import ROLES, World, groups_of, make_world, superuser, tables_of

pytestmark = pytest.mark.postgres
psycopg = pytest.importorskip("psycopg")  # the driver of the postgres extra
errors = psycopg.errors


@pytest.fixture(scope="module")
def world(pg_server) -> Iterator[World]:
    yield from make_world(pg_server)

#: what a field cadre may write, the test's own copy of the rule; every other table, one added later
#: included, is read-only for field cadres (as for viewers): the tables come from the database itself
FIELD = {
    "enterprise": {"UPDATE"}, "enterprisestatuschange": {"INSERT"}, "dailyreport": {"INSERT", "UPDATE"},
    "latestreport": {"INSERT", "UPDATE"},
    "itemdaytotal": {"INSERT", "UPDATE"}, "itemcapacity": {"INSERT", "UPDATE"},
    "materialreserve": {"INSERT", "UPDATE"}, "product": {"INSERT", "UPDATE"}, "qualification": {"INSERT", "UPDATE"},
    "holidayplan": {"INSERT", "UPDATE"}, "shortage": {"INSERT", "UPDATE"}, "shortageevent": {"INSERT"},
    "checkin": {"INSERT", "UPDATE"}, "park": {"INSERT"}, "auditlog": {"INSERT"},
    "openshortagecount": {"INSERT", "UPDATE"}, "checkinhours": {"INSERT", "UPDATE"},
    "checkindayhours": {"INSERT", "UPDATE"}, "checkinreach": {"INSERT", "UPDATE"},
    "openvisitday": {"INSERT", "UPDATE"}, "checkinday": {"INSERT", "UPDATE"}, "openshortagetotal": {"INSERT", "UPDATE"},
    "enterprisecount": {"INSERT", "UPDATE"}, "reportedday": {"INSERT", "UPDATE"},
    "enterprisefigure": {"INSERT", "UPDATE"}, "shortageday": {"INSERT", "UPDATE"},
}


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
    tables = tables_of(world)
    assert set(SQLModel.metadata.tables) <= set(tables) and set(FIELD) <= set(tables)
    with superuser(world) as conn:
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
    tables = tables_of(world)
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


def test_a_table_added_without_its_rules_fails_the_check(world: World) -> None:
    """What the table-driven test sees of a table a change forgot to hand to setup-postgres: the
    catalogue lists it, it is not guarded, and a coordinator's write is refused where it should pass."""
    with superuser(world) as conn:
        conn.execute("CREATE TABLE sd_forgotten (id integer PRIMARY KEY)")
        try:
            assert "sd_forgotten" in tables_of(world)
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


def test_deactivating_revokes_the_group_role_and_the_last_coordinator_stays(world: World) -> None:
    assert groups_of(world, "field") == {GROUPS[Role.FIELD_CADRE]}
    assert groups_of(world, "viewer") == {GROUPS[Role.VIEWER]}
    assert groups_of(world, "nobody") == set()
    db = Database.open(world.url_of("coordinator"))
    try:
        with db.session() as session:
            lead = resolve_actor(session, login="x")
            field = current_actor(session, login=world.logins["field"])
            cadre = set_active(session, actor=lead, cadre_id=field.cadre_id, expected_version=1, active=False)
            assert groups_of(world, "field") == set()
            with world.connect("field") as conn, pytest.raises(errors.InsufficientPrivilege):
                conn.execute("UPDATE enterprise SET notes = 'x' WHERE id = %s", (world.mine,))
            set_active(session, actor=lead, cadre_id=field.cadre_id, expected_version=cadre.version, active=True)
            assert groups_of(world, "field") == {GROUPS[Role.FIELD_CADRE]}
            with pytest.raises(ValidationError):
                set_active(session, actor=lead, cadre_id=lead.cadre_id, expected_version=1, active=False)
        assert groups_of(world, "coordinator") == {GROUPS[Role.COORDINATOR]}
    finally:
        db.dispose()


def test_mapping_a_login_later_grants_its_group_role(world: World) -> None:
    """A cadre entered without a login, then given one (the role a coordinator chose): the group role
    is granted in that transaction, and the person connects with exactly its rights."""
    db = Database.open(world.url_of("coordinator"))
    try:
        with db.session() as session:
            lead = resolve_actor(session, login="x")
            cadre = create_cadre(session, actor=lead, data=CadreCreate(name="后来者", role=Role.VIEWER))
            assert groups_of(world, "nobody") == set()
            cadre = update_cadre(session, actor=lead, cadre_id=cadre.id, expected_version=cadre.version,
                                 data=CadreUpdate(login=world.logins["nobody"]))
            assert groups_of(world, "nobody") == {GROUPS[Role.VIEWER]}
            with world.connect("nobody") as conn:
                assert conn.execute("SELECT count(*) FROM enterprise").fetchone()[0] == 2
                with pytest.raises(errors.InsufficientPrivilege):
                    conn.execute("UPDATE enterprise SET notes = 'x'")
            update_cadre(session, actor=lead, cadre_id=cadre.id, expected_version=cadre.version,
                         data=CadreUpdate(login=None))
        assert groups_of(world, "nobody") == set()
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
            assert groups_of(world, "viewer") == {GROUPS[Role.FIELD_CADRE]}
            cadre = update_cadre(session, actor=lead, cadre_id=viewer.cadre_id, expected_version=cadre.version,
                                 data=CadreUpdate(login=world.logins["nobody"]))
            assert groups_of(world, "viewer") == set()  # the login taken away keeps nothing
            assert groups_of(world, "nobody") == {GROUPS[Role.FIELD_CADRE]}
            update_cadre(session, actor=lead, cadre_id=viewer.cadre_id, expected_version=cadre.version,
                         data=CadreUpdate(login=world.logins["viewer"], role="viewer"))
        assert (groups_of(world, "viewer"), groups_of(world, "nobody")) == ({GROUPS[Role.VIEWER]}, set())
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
    with superuser(world) as conn:
        row = conn.execute("SELECT max(id) FROM auditlog").fetchone()[0]
        conn.execute("UPDATE auditlog SET login = 'someone' WHERE id = %s", (row,))
    assert cli.main(["audit", "verify", "--db", world.url_of("viewer")]) == 1
    assert f"breaks at row {row}: the row was changed" in capsys.readouterr().err



def test_a_field_cadre_report_keeps_the_latest_reports_under_their_role(world: World) -> None:
    """Saving a report writes the maintained latest report in the same transaction, which row-level
    security lets a field cadre do at their own enterprise."""
    from models.latest_reports import LatestReport
    from models.services.enterprise_products import set_product
    from models.services.enterprise_reports import ReportLine, submit_report

    db = Database.open(world.url_of("field"))
    try:
        with db.session() as session:
            me = resolve_actor(session, login="whoever")
            item = 1
            set_product(session, actor=me, enterprise_id=world.mine, item_id=item, daily_capacity=100)
            submit_report(session, actor=me, enterprise_id=world.mine, report_date=clock.today(),
                          lines=[ReportLine(item_id=item, output=5, stock=7)])
            kept = session.get(LatestReport, (world.mine, item))
            assert kept is not None and kept.stock == 7
    finally:
        db.dispose()


def test_a_field_cadre_keeps_the_shortage_counts_and_hours_under_their_role(world: World) -> None:
    """Reporting a shortage and closing a check-in write the kept counts and hours in the same
    transaction, which row-level security lets a field cadre do at their enterprise, for themselves."""
    from datetime import timedelta

    from models.cadre_hours import CheckinHours
    from models.open_shortages import OpenShortageCount
    from models.services.checkins import check_in, check_out
    from models.services.shortages import report_shortage
    from models.shortage import ShortageCreate

    db = Database.open(world.url_of("field"))
    try:
        with db.session() as session:
            me = resolve_actor(session, login="whoever")
            report_shortage(session, actor=me, data=ShortageCreate(
                enterprise_id=world.mine, kind="water", severity="critical", description="a burst main"))
            kept = session.get(OpenShortageCount, (world.mine, "water", "critical"))
            assert kept is not None and kept.n >= 1
            now = clock.now()
            check_in(session, actor=me, enterprise_id=world.mine, at=now - timedelta(minutes=30), reason="test")
            check_out(session, actor=me, at=now)
            hours = session.get(CheckinHours, (me.cadre_id, now.date()))
            assert hours is not None and hours.seconds >= min(1800, (now - now.replace(hour=0, minute=0, second=0))
                                                             .total_seconds())
    finally:
        db.dispose()
