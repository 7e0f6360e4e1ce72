"""The world of the per-person PostgreSQL tests: a database set up with ``setup-postgres``, a login
role for each of coordinator, field cadre, viewer and a login mapped to nothing (passwords over
127.0.0.1, dropped afterwards), two enterprises, the field cadre stationed at the first, a shortage
at each. Module-scoped: each test module gets its own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.engine import make_url

from models.base import Role
from models.db import Database
from models.enterprise import EnterpriseCreate
from models.people import CadreCreate
from models.pg_roles import setup_postgres
from models.services.cadres import create_cadre, station
from models.services.enterprises import create_enterprise
from models.services.identity import current_actor, resolve_actor
from models.services.reference import district_by_name
from models.services.shortages import report_shortage
from models.shortage import ShortageCreate

psycopg = pytest.importorskip("psycopg")  # the driver of the postgres extra

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


def make_world(pg_server) -> Iterator[World]:
    """The body of each module's ``world`` fixture (module-scoped there)."""
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


def superuser(world: World) -> psycopg.Connection:
    return psycopg.connect(make_url(world.url).render_as_string(hide_password=False).replace("+psycopg", ""),
                           autocommit=True)


def tables_of(world: World) -> dict[str, str]:
    """Every table in the database's schema, the models' and any other (a migration's own, Alembic's),
    with its first column: read from the catalogue, so a table added later is tested too."""
    with superuser(world) as conn:
        rows = conn.execute("SELECT c.relname, a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
                            "AND a.attnum = 1 WHERE c.relnamespace = 'public'::regnamespace "
                            "AND c.relkind IN ('r', 'p') ORDER BY 1").fetchall()
    return dict(rows)


def groups_of(world: World, role: str) -> set[str]:
    with world.connect("coordinator") as conn:
        rows = conn.execute("SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                            "JOIN pg_roles w ON w.oid = m.member WHERE w.rolname = %s", (world.logins[role],))
        return {row[0] for row in rows}
