"""PostgreSQL with one role per person, the rules beyond grants (models.pg_rules), straight with psycopg
as each role: the steps of a shortage a field cadre may take, who made a row written by the
database (a forged actor records the real person), the last coordinator, the read-only views.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import SQLModel

import models.tables  # the metadata filled
from models.base import Role
from models.db import Database
from models.enterprise import Enterprise, EnterpriseUpdate
from models.errors import ValidationError
from models.people import CadreUpdate
from models.pg_roles import GROUPS
from models.pg_rules import READ_SCHEMA
from models.services.cadres import set_active, update_cadre
from models.services.common import Actor
from models.services.enterprises import update_enterprise
from models.services.identity import resolve_actor
from models.services.shortages import act, report_shortage
from models.shortage import ShortageCreate
from tui.context import open_context

from .pg_world import ROLES, World, groups_of, make_world, superuser, tables_of

pytestmark = pytest.mark.postgres
psycopg = pytest.importorskip("psycopg")
errors = psycopg.errors


@pytest.fixture(scope="module")
def world(pg_server) -> Iterator[World]:
    yield from make_world(pg_server)


@pytest.mark.parametrize("role", ROLES)
def test_the_read_views_take_no_write(world: World, role: str) -> None:
    """The owner's read-only views (one per table, what a search reads): every group reads them, none
    writes through them (a view runs as its owner, so a write would pass row-level security), and a
    login in no group reads nothing."""
    with superuser(world) as conn:
        views = dict(conn.execute("SELECT c.relname, a.attname FROM pg_class c JOIN pg_attribute a ON "
                                  "a.attrelid = c.oid AND a.attnum = 1 WHERE c.relnamespace = %s::regnamespace "
                                  "AND c.relkind = 'v' ORDER BY 1", (READ_SCHEMA,)).fetchall())
    assert set(views) == set(tables_of(world)) - {"alembic_version"}
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
            assert session.connection().info["supplydesk_read_schema"] == READ_SCHEMA
    finally:
        db.dispose()


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
    with superuser(world) as conn:
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
    assert groups_of(world, "coordinator") == {GROUPS[Role.COORDINATOR]}


@pytest.mark.parametrize(("sql", "refusal"), [
    ("UPDATE enterprise SET notes = 'typed', version = version + 1 WHERE id = %s", "without its audit row"),
    ("UPDATE enterprise SET notes = 'typed' WHERE id = %s", "version by one"),
    (("INSERT INTO park (version, district_id, name, archived, search_key) SELECT 1, district_id, 'typed park', "
      "false, 'typed park' FROM enterprise WHERE id = %s"), "without its audit row"),
])
def test_a_field_cadre_cannot_change_a_row_without_a_trace(world: World, sql: str, refusal: str) -> None:
    """Straight with psycopg, a change a field cadre may make, typed instead of made by the app: the
    database refuses it at commit unless the version moved by one and the change has its audit row."""
    with world.connect("field", autocommit=False) as conn:
        assert conn.execute(sql, (world.mine,)).rowcount == 1
        with pytest.raises(errors.InsufficientPrivilege, match=refusal):
            conn.commit()


def test_a_typed_change_with_its_audit_row_is_kept_under_the_real_name(world: World) -> None:
    with world.connect("field", autocommit=False) as conn:
        conn.execute("UPDATE enterprise SET notes = 'typed', version = version + 1 WHERE id = %s", (world.mine,))
        conn.execute("INSERT INTO auditlog (at, login, table_name, row_id, action, changes) "
                     "VALUES (now(), 'somebody', 'enterprise', %s, 'update', '{}')", (world.mine,))
        conn.commit()
        login = conn.execute("SELECT login FROM auditlog WHERE table_name = 'enterprise' AND row_id = %s "
                             "ORDER BY id DESC LIMIT 1", (world.mine,)).fetchone()
    assert login == (world.logins["field"],)


def test_every_change_a_field_cadre_makes_in_the_app_passes_the_database(world: World) -> None:
    """What a field cadre does through the services at their enterprise, each change committed under
    the rules above (its version moved, its audit row written): none is refused."""
    from datetime import timedelta

    from models import clock
    from models.services.checkins import check_in, check_out
    from models.services.enterprise_licences import add_qualification
    from models.services.enterprise_plans import set_holiday_plan
    from models.services.enterprise_products import set_product
    from models.services.enterprise_reports import ReportLine, submit_report
    from models.services.enterprise_reserves import set_reserve
    from models.services.enterprises import set_status
    from models.services.reference import add_park

    db = Database.open(world.url_of("field"))
    try:
        with db.session() as session:
            me = resolve_actor(session, login="whoever")
            here = world.mine
            reserve = set_reserve(session, actor=me, enterprise_id=here, material_id=2, quantity=10, daily_use=2)
            set_reserve(session, actor=me, enterprise_id=here, material_id=2, quantity=8, daily_use=2,
                        expected_version=reserve.version)
            product = set_product(session, actor=me, enterprise_id=here, item_id=1, daily_capacity=1000)
            submit_report(session, actor=me, enterprise_id=here, report_date=clock.today(),
                          lines=[ReportLine(item_id=product.item_id, output=800, stock=100)])
            version = session.get(Enterprise, here).version
            set_status(session, actor=me, enterprise_id=here, expected_version=version, status="resumed")
            today = clock.today()
            set_holiday_plan(session, actor=me, enterprise_id=here, start_date=today,
                             end_date=today + timedelta(days=3), shifts=2, workers=10)
            add_qualification(session, actor=me, enterprise_id=here, kind="医疗器械生产许可证")
            add_park(session, actor=me, district_id=session.get(Enterprise, here).district_id, name="茶园新区")
            check_in(session, actor=me, enterprise_id=here, at=clock.now() - timedelta(minutes=2))
            check_out(session, actor=me, note="协调熔喷布", shortage_ids=[world.mine_shortage])
    finally:
        db.dispose()
    with superuser(world) as conn:
        rows = conn.execute("SELECT table_name, count(*) FROM auditlog WHERE login = %s GROUP BY 1",
                            (world.logins["field"],)).fetchall()
    assert {"materialreserve", "product", "dailyreport", "enterprise", "holidayplan", "qualification", "park",
            "checkin", "shortage"} <= {table for table, _count in rows}
