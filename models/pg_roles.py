"""PostgreSQL with one role per person: the owner, the three group roles, their grants and row-level security.

``setup_postgres`` (the command ``supplydesk admin setup-postgres``, run by the database owner or a
superuser; idempotent) brings the schema to head, then:

- ``supplydesk_owner`` (NOLOGIN) owns every table, sequence and function: no user is the owner, so
  no user may drop, truncate or alter a table, and row-level security holds for every one of them;
- ``supplydesk_coordinator``, ``supplydesk_field``, ``supplydesk_viewer`` (NOLOGIN) hold the least
  grants each needs: all read; coordinators write every table but the audit log; field cadres write
  the tables of ``FIELD_WRITES`` only, in the rows its policy allows; viewers write nothing; the
  audit log is insert-only for every one (no UPDATE, DELETE or TRUNCATE is ever granted);
- the audit trigger records ``session_user`` as the login: a forged actor records the real person.
- the rules beyond grants (the steps of a shortage, who made a row, the last coordinator) and the
  read-only views a search reads: models.pg_rules.

A person is a LOGIN role whose name is their cadre's login (``CREATE ROLE wangfang LOGIN``, by the
database administrator). Mapping a login to a cadre with a role, changing the role or deactivating
the cadre (models.services.cadres) calls ``supplydesk_sync_role(login)``, which grants the group
role the cadre's row says and revokes the others; it runs as the owner and is executable by
coordinators only. A login mapped to nothing is in no group: it may not even read.

The database is "in per-person mode" once that function exists (``per_person_mode``); only then
does the app take who you are from the connection (models.services.identity).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from models.audit_chain import PG_TRIGGER_SQL, pg_function_sql
from models.base import Role

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

    from models.db import Database

OWNER = "supplydesk_owner"
GROUPS = {Role.COORDINATOR: "supplydesk_coordinator", Role.FIELD_CADRE: "supplydesk_field",
          Role.VIEWER: "supplydesk_viewer"}
SYNC_FUNCTION = "supplydesk_sync_role(text)"
_MINE = "enterprise_id IN (SELECT supplydesk_my_enterprises())"
#: what a field cadre may write, as the services allow it: table -> {command: the rows it may touch}
FIELD_WRITES: dict[str, dict[str, str]] = {
    "enterprise": {"UPDATE": "id IN (SELECT supplydesk_my_enterprises())"},
    "enterprisestatuschange": {"INSERT": _MINE},
    "dailyreport": {"INSERT": _MINE, "UPDATE": _MINE},
    # the latest reports, kept by the transaction that saves a report
    "latestreport": {"INSERT": _MINE, "UPDATE": _MINE},
    # the city-wide output and stock per item and day, kept by the transaction that saves a report
    "itemdaytotal": {"INSERT": "true", "UPDATE": "true"},
    # the city's capacity per item, kept by the transaction that changes a product
    "itemcapacity": {"INSERT": "true", "UPDATE": "true"},
    "materialreserve": {"INSERT": _MINE, "UPDATE": _MINE},
    "product": {"INSERT": _MINE, "UPDATE": _MINE},
    "qualification": {"INSERT": _MINE, "UPDATE": _MINE},
    "holidayplan": {"INSERT": _MINE, "UPDATE": _MINE},
    # a new shortage is open, at district level, with no one assigned; its assignment, level and
    # outcome then move only as supplydesk_shortage_steps lets them (notes and progress)
    "shortage": {"INSERT": f"{_MINE} AND status = 'open' AND level = 'district' AND group_id IS NULL AND "
                           "assignee_id IS NULL AND resolved_at IS NULL AND resolution IS NULL",
                 "UPDATE": _MINE},
    # notes and progress on any shortage at their enterprises
    "shortageevent": {"INSERT": f"shortage_id IN (SELECT id FROM shortage WHERE {_MINE})"},
    "checkin": {"INSERT": "cadre_id = supplydesk_my_cadre()", "UPDATE": "cadre_id = supplydesk_my_cadre()"},
    # the figures kept by the transaction that reports a shortage or closes a check-in
    "openshortagecount": {"INSERT": _MINE, "UPDATE": _MINE},
    # each enterprise's sortable figures, kept by the transaction that reports, steps a shortage or edits it
    "enterprisefigure": {"INSERT": _MINE, "UPDATE": _MINE},
    "checkinhours": {"INSERT": "cadre_id = supplydesk_my_cadre()", "UPDATE": "cadre_id = supplydesk_my_cadre()"},
    "checkindayhours": {"INSERT": "true", "UPDATE": "true"},  # all cadres' day: each closing adds to it
    # the dashboard's counts kept by the transaction that opens or closes a check-in, and by the one
    # that changes an enterprise's status, products or reports (a city-wide row each: any writer adds)
    "openvisitday": {"INSERT": "true", "UPDATE": "true"},
    "openshortagetotal": {"INSERT": "true", "UPDATE": "true"},
    "shortageday": {"INSERT": "true", "UPDATE": "true"},  # models.shortage_days
    "checkinday": {"INSERT": "true", "UPDATE": "true"},
    # the headcount's cadres by the day their check-ins reach, unit and group (models.checkin_reach)
    "checkinreach": {"INSERT": "true", "UPDATE": "true"},
    "enterprisecount": {"INSERT": "true", "UPDATE": "true"},
    "reportedday": {"INSERT": "true", "UPDATE": "true"},
    "park": {"INSERT": "true"},  # any writer may add a park a form names
    "auditlog": {"INSERT": "true"},
}
#: what a coordinator may not do beyond reading: the audit log is insert-only
COORDINATOR_WRITES_AUDIT = ("INSERT",)

#: the functions the policies and the services call, one statement each
_HELPERS = ("""
CREATE OR REPLACE FUNCTION supplydesk_my_cadre() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT c.id FROM public.cadre c WHERE c.login = session_user AND c.active
$$
""", """
CREATE OR REPLACE FUNCTION supplydesk_my_enterprises() RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT a.enterprise_id FROM public.assignment a
    WHERE a.cadre_id = supplydesk_my_cadre() AND a.start_date <= supplydesk_today()
      AND (a.end_date IS NULL OR a.end_date >= supplydesk_today())
$$
""", f"""
CREATE OR REPLACE FUNCTION supplydesk_sync_role(who text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    wanted text;
    grp text;
BEGIN
    -- a login without a role of its own, a superuser or one of these roles is left alone (no percent
    -- sign in this text: the driver would read it as a placeholder)
    IF who IS NULL OR NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = who AND NOT r.rolsuper
                                  AND left(r.rolname, 11) <> 'supplydesk_') THEN
        RETURN NULL;
    END IF;
    SELECT CASE WHEN c.active THEN CASE c.role
        WHEN 'coordinator' THEN '{GROUPS[Role.COORDINATOR]}'
        WHEN 'field_cadre' THEN '{GROUPS[Role.FIELD_CADRE]}'
        WHEN 'viewer' THEN '{GROUPS[Role.VIEWER]}' END END
    INTO wanted FROM public.cadre c WHERE c.login = who;
    FOREACH grp IN ARRAY ARRAY['{"', '".join(GROUPS.values())}'] LOOP
        IF grp IS DISTINCT FROM wanted AND EXISTS (
                SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles w ON w.oid = m.member
                WHERE g.rolname = grp AND w.rolname = who) THEN
            EXECUTE 'REVOKE ' || quote_ident(grp) || ' FROM ' || quote_ident(who);
        END IF;
    END LOOP;
    IF wanted IS NOT NULL THEN
        EXECUTE 'GRANT ' || quote_ident(wanted) || ' TO ' || quote_ident(who);
    END IF;
    RETURN wanted;
END
$$
""")
_FUNCTIONS = ("supplydesk_today()", "supplydesk_my_cadre()", "supplydesk_my_enterprises()", SYNC_FUNCTION,
              "supplydesk_audit_chain()", "enterprise_grams(text)")


def _today_sql() -> str:
    """Today in the group's time zone (the ``timezone`` setting when set up), as the services'
    ``clock.today``: a stationing starts on the group's day, not the server's."""
    from models import settings

    zone = settings.current().timezone.replace("'", "''")
    return ("CREATE OR REPLACE FUNCTION supplydesk_today() RETURNS date LANGUAGE sql STABLE "
            f"SET search_path = pg_catalog AS $$ SELECT (now() AT TIME ZONE '{zone}')::date $$")


@dataclass(frozen=True)
class SetUp:
    owner: str
    #: logins whose group role was granted (their cadre's role), of those that exist as roles
    granted: int


def per_person_mode(session: Session) -> bool:
    """Whether this PostgreSQL database was set up with one role per person (False on SQLite)."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    found = session.execute(text("SELECT to_regprocedure(:f) IS NOT NULL"), {"f": f"public.{SYNC_FUNCTION}"})
    return bool(found.scalar())


def sync_role(session: Session, login: str | None) -> None:
    """Grant ``login`` the group role its cadre's row says (and revoke the others), in the caller's
    transaction; nothing outside per-person mode."""
    if login and per_person_mode(session):
        session.execute(text("SELECT supplydesk_sync_role(:who)"), {"who": login})


def _create_role(conn: Connection, name: str) -> None:
    if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first() is None:
        conn.exec_driver_sql(f'CREATE ROLE "{name}" NOLOGIN')
    else:
        conn.exec_driver_sql(f'ALTER ROLE "{name}" NOLOGIN')


def _tables() -> list[str]:
    from sqlmodel import SQLModel

    import models.tables  # noqa: F401  (fills the metadata)

    return sorted(SQLModel.metadata.tables)


def _policies(conn: Connection, table: str) -> None:
    coordinator, field, viewer = GROUPS[Role.COORDINATOR], GROUPS[Role.FIELD_CADRE], GROUPS[Role.VIEWER]
    found = conn.execute(text("SELECT policyname FROM pg_policies WHERE schemaname = 'public' AND tablename = :t"),
                         {"t": table}).scalars().all()
    for name in found:  # our policies of an earlier run, or anyone's: the rules are these and no others
        conn.exec_driver_sql(f'DROP POLICY "{name}" ON "{table}"')
    conn.exec_driver_sql(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
    conn.exec_driver_sql(f'REVOKE ALL ON "{table}" FROM PUBLIC, "{coordinator}", "{field}", "{viewer}"')
    conn.exec_driver_sql(f'GRANT SELECT ON "{table}" TO "{coordinator}", "{field}", "{viewer}"')
    conn.exec_driver_sql(f'CREATE POLICY sd_read ON "{table}" FOR SELECT TO "{coordinator}", "{field}", '
                         f'"{viewer}" USING (true)')
    writes = COORDINATOR_WRITES_AUDIT if table == "auditlog" else ("INSERT", "UPDATE", "DELETE")
    conn.exec_driver_sql(f'GRANT {", ".join(writes)} ON "{table}" TO "{coordinator}"')
    conn.exec_driver_sql(f'CREATE POLICY sd_coordinator ON "{table}" FOR ALL TO "{coordinator}" '
                         f'USING (true) WITH CHECK (true)')
    for command, rows in FIELD_WRITES.get(table, {}).items():
        conn.exec_driver_sql(f'GRANT {command} ON "{table}" TO "{field}"')
        check = f"WITH CHECK ({rows})" if command == "INSERT" else f"USING ({rows}) WITH CHECK ({rows})"
        conn.exec_driver_sql(f'CREATE POLICY sd_field_{command.lower()} ON "{table}" FOR {command} '
                             f'TO "{field}" {check}')


def setup_postgres(db: Database, *, coordinator: str | None = None) -> SetUp:
    """Migrate, then put the owner, the group roles, the grants and the policies in place (idempotent).

    ``coordinator``: a login to make the first coordinator when the database has no cadre yet (the
    first login no longer becomes one by itself: it could not write its own cadre)."""
    from models import pg_rules
    from models.migrate import ensure_schema

    ensure_schema(db)
    tables = _tables()
    coordinator_group, field, viewer = GROUPS[Role.COORDINATOR], GROUPS[Role.FIELD_CADRE], GROUPS[Role.VIEWER]
    with db.engine.begin() as conn:
        for role in (OWNER, *GROUPS.values()):
            _create_role(conn, role)
        me, superuser = conn.execute(text("SELECT current_user, rolsuper FROM pg_roles "
                                          "WHERE rolname = current_user")).one()
        if not superuser:
            conn.exec_driver_sql(f'GRANT "{OWNER}" TO "{me}"')  # to hand the tables over to it
        for group in GROUPS.values():  # supplydesk_sync_role grants them, as the owner
            conn.exec_driver_sql(f'GRANT "{group}" TO "{OWNER}" WITH ADMIN OPTION')
        conn.exec_driver_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA public TO "{coordinator_group}", "{field}", "{viewer}"')
        conn.exec_driver_sql(_today_sql())
        for statement in _HELPERS:
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql(pg_function_sql(per_person=True))
        for statement in PG_TRIGGER_SQL:
            conn.exec_driver_sql(statement)
        pg_rules.create_rules(conn, tables)
        for table in [*tables, "alembic_version"]:
            conn.exec_driver_sql(f'ALTER TABLE "{table}" OWNER TO "{OWNER}"')  # its sequences follow
        functions = (*_FUNCTIONS, *pg_rules.FUNCTIONS)
        for function in functions:
            conn.exec_driver_sql(f"ALTER FUNCTION {function} OWNER TO \"{OWNER}\"")
            conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        for function in functions:
            if function != SYNC_FUNCTION:
                conn.exec_driver_sql(f'GRANT EXECUTE ON FUNCTION {function} TO "{coordinator_group}", '
                                     f'"{field}", "{viewer}"')
        conn.exec_driver_sql(f'GRANT EXECUTE ON FUNCTION {SYNC_FUNCTION} TO "{coordinator_group}"')
        conn.exec_driver_sql("REVOKE ALL ON alembic_version FROM PUBLIC")
        conn.exec_driver_sql(f'GRANT SELECT ON alembic_version TO "{coordinator_group}", "{field}", "{viewer}"')
        conn.exec_driver_sql(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{coordinator_group}", "{field}"')
        for table in tables:
            _policies(conn, table)
        pg_rules.create_read_views(conn, tables)
        if coordinator:
            _first_coordinator(conn, coordinator)
        logins = conn.execute(text("SELECT login FROM cadre WHERE login IS NOT NULL")).scalars().all()
        granted = sum(1 for login in logins
                      if conn.execute(text("SELECT supplydesk_sync_role(:w)"), {"w": login}).scalar() is not None)
    return SetUp(owner=OWNER, granted=granted)


def _first_coordinator(conn: Connection, login: str) -> None:
    """Make ``login`` a coordinator's cadre when the database has no cadre (audited as the caller)."""
    from sqlmodel import Session

    from models import clock
    from models.people import Cadre
    from models.services.common import Actor, create_row

    with Session(bind=conn, join_transaction_mode="create_savepoint") as session:
        if session.execute(text("SELECT count(*) FROM cadre")).scalar():
            return
        cadre = Cadre(name=login, login=login, role=Role.COORDINATOR)
        create_row(session, cadre, actor=Actor(login=login, role=Role.COORDINATOR), at=clock.now())
        session.commit()  # the savepoint: the setup's transaction commits it
