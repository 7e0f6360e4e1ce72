"""The database's own rules in per-person mode beyond grants and policies (models.pg_roles runs them):

- a field cadre adds notes and progress to a shortage; assign, escalate, resolve, close and reopen
  stay with coordinators (a BEFORE UPDATE trigger on shortage);
- the last active coordinator with a login stays (a constraint trigger on cadre, checked at commit);
- who made or changed a row is written by the database from ``session_user`` (``supplydesk_stamp``);
- the owner's read-only views (``READ_SCHEMA``) that a search reads, with the planner's statistics.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text

from models.base import Role
from models.pg_roles import GROUPS, OWNER

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

#: one plain view per table (``SELECT *``), owned by the owner, that every group may only read: a
#: search reads through it so the planner keeps its statistics. Under row-level security PostgreSQL
#: estimates a LIKE or a trigram match without them (the operators are not leakproof) and picks a
#: plan that reads a quarter of the directory where walking the name index stops after a page. The
#: views show exactly what the read policies show (every row, to every group); they take no writes
#: (no group holds INSERT, UPDATE or DELETE on them), and a login in no group cannot read them.
READ_SCHEMA = "supplydesk_read"
_READ = "supplydesk_read_schema"

#: a field cadre adds notes and progress to a shortage (its version, who and when, open -> coordinating);
#: assign, escalate, resolve, close and reopen stay with coordinators, whatever statement is sent
SHORTAGE_STEPS_SQL = (f"""
CREATE OR REPLACE FUNCTION supplydesk_shortage_steps() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    IF pg_has_role(current_user, '{GROUPS[Role.COORDINATOR]}', 'USAGE') THEN
        RETURN NEW;
    END IF;
    IF (NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status = 'open' AND NEW.status = 'coordinating'))
       OR (NEW.level, NEW.group_id, NEW.assignee_id, NEW.resolved_at, NEW.resolution, NEW.enterprise_id,
           NEW.reported_at, NEW.reported_by, NEW.reserve_id)
          IS DISTINCT FROM (OLD.level, OLD.group_id, OLD.assignee_id, OLD.resolved_at, OLD.resolution,
                            OLD.enterprise_id, OLD.reported_at, OLD.reported_by, OLD.reserve_id) THEN
        RAISE EXCEPTION 'permission denied: only coordinators assign, escalate, resolve or close a shortage'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$
""", "DROP TRIGGER IF EXISTS supplydesk_shortage_steps ON shortage",
    ("CREATE TRIGGER supplydesk_shortage_steps BEFORE UPDATE ON shortage FOR EACH ROW "
     "EXECUTE FUNCTION supplydesk_shortage_steps()"))
#: the last active coordinator with a login stays, whatever statement is sent (as the services'
#: cadres._keep_a_coordinator): no one could otherwise map a login or give a role again
KEEP_A_COORDINATOR_SQL = ("""
CREATE OR REPLACE FUNCTION supplydesk_keep_a_coordinator() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.cadre) AND NOT EXISTS (
            SELECT 1 FROM public.cadre WHERE role = 'coordinator' AND active AND login IS NOT NULL) THEN
        RAISE EXCEPTION 'At least one active coordinator must remain' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$
""", "DROP TRIGGER IF EXISTS supplydesk_keep_a_coordinator ON cadre",
    # checked at commit: the services' own check (a message for the field) speaks first
    ("CREATE CONSTRAINT TRIGGER supplydesk_keep_a_coordinator AFTER UPDATE OR DELETE ON cadre "
     "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION supplydesk_keep_a_coordinator()"))
#: the columns that name who made or changed a row: the database writes them, with session_user (a
#: forged actor in Python, or a hand-written statement, records the real person); made_by columns
#: keep their first value on UPDATE. A superuser (set-up, restore) is left alone.
STAMPED = ("created_by", "updated_by", "reported_by", "by", "changed_by", "closed_by")
STAMP_SQL = """
CREATE OR REPLACE FUNCTION supplydesk_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    col text;
    stamp jsonb := '{}';
BEGIN
    IF (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user) THEN
        RETURN NEW;
    END IF;
    FOREACH col IN ARRAY TG_ARGV LOOP
        IF TG_OP = 'INSERT' OR col = 'updated_by' THEN
            IF TG_OP = 'UPDATE' OR to_jsonb(NEW) ->> col IS NOT NULL THEN
                stamp := stamp || jsonb_build_object(col, session_user);
            END IF;
        ELSE
            stamp := stamp || jsonb_build_object(col, to_jsonb(OLD) -> col);
        END IF;
    END LOOP;
    NEW := jsonb_populate_record(NEW, stamp);
    RETURN NEW;
END
$$
"""


#: the functions made here, as ``ALTER FUNCTION`` names them (the owner's, executable by the groups)
#: every change a field cadre makes to a row with a version (what FIELD_WRITES allows) moves the
#: version by one and has its audit row in the same transaction, checked at commit (a change of the
#: derived search and sort keys alone excepted): a statement typed
#: into psql cannot change a reserve without a trace. Each audit row notes (transaction, table, row)
#: in a table of the owner's that no one else may see; finished transactions' notes are swept now and then.
PRIVATE = "supplydesk_private"
AUDITED_SQL = (
    f'CREATE SCHEMA IF NOT EXISTS {PRIVATE} AUTHORIZATION "{OWNER}"',
    f"REVOKE ALL ON SCHEMA {PRIVATE} FROM PUBLIC",
    (f"CREATE TABLE IF NOT EXISTS {PRIVATE}.audited (xact xid8 NOT NULL, table_name text NOT NULL, "
     "row_id integer NOT NULL)"),
    f"CREATE INDEX IF NOT EXISTS audited_xact ON {PRIVATE}.audited (xact, table_name, row_id)",
    f'ALTER TABLE {PRIVATE}.audited OWNER TO "{OWNER}"',
    f"""
CREATE OR REPLACE FUNCTION supplydesk_note_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO {PRIVATE}.audited VALUES (pg_current_xact_id(), NEW.table_name, NEW.row_id);
    IF random() < 0.01 THEN
        DELETE FROM {PRIVATE}.audited WHERE xact < pg_snapshot_xmin(pg_current_snapshot());
    END IF;
    RETURN NULL;
END
$$
""", "DROP TRIGGER IF EXISTS supplydesk_note_audit ON auditlog",
    ("CREATE TRIGGER supplydesk_note_audit AFTER INSERT ON auditlog FOR EACH ROW "
     "EXECUTE FUNCTION supplydesk_note_audit()"),
    f"""
CREATE OR REPLACE FUNCTION supplydesk_audited() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user)
       OR pg_has_role(session_user, '{GROUPS[Role.COORDINATOR]}', 'USAGE') THEN
        RETURN NULL;
    END IF;
    -- only what the app derives from other rows (the search key of an enterprise's products), and the
    -- updated_by that supplydesk_stamp then writes
    IF TG_OP = 'UPDATE' AND to_jsonb(NEW) - ARRAY['search_key', 'sort_key', 'updated_by']
                            = to_jsonb(OLD) - ARRAY['search_key', 'sort_key', 'updated_by'] THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.version IS DISTINCT FROM OLD.version + 1 THEN
        RAISE EXCEPTION 'permission denied: a change must move the row''s version by one'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM {PRIVATE}.audited a WHERE a.xact = pg_current_xact_id()
                   AND a.table_name = TG_TABLE_NAME AND a.row_id = NEW.id) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = 'permission denied: a change to '
            || TG_TABLE_NAME || ' ' || NEW.id || ' without its audit row';
    END IF;
    RETURN NULL;
END
$$
""")
FUNCTIONS = ("supplydesk_shortage_steps()", "supplydesk_keep_a_coordinator()", "supplydesk_stamp()",
             "supplydesk_note_audit()", "supplydesk_audited()")


def create_rules(conn: Connection, tables: list[str]) -> None:
    """The rules' functions and triggers (made again each run)."""
    from sqlmodel import SQLModel

    from models.pg_roles import FIELD_WRITES

    for statement in (*SHORTAGE_STEPS_SQL, *KEEP_A_COORDINATOR_SQL, STAMP_SQL, *AUDITED_SQL):
        conn.exec_driver_sql(statement)
    for table in tables:
        _stamp(conn, table)
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS supplydesk_audited ON "{table}"')
        columns = SQLModel.metadata.tables[table].columns
        if table in FIELD_WRITES and "version" in columns and "id" in columns:
            conn.exec_driver_sql(f'CREATE CONSTRAINT TRIGGER supplydesk_audited AFTER INSERT OR UPDATE ON "{table}" '
                                 "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION supplydesk_audited()")


def read_schema(session: Session) -> str | None:
    """The schema of the owner's read-only views (``READ_SCHEMA``) when this connection may use it, else
    None (SQLite, a database not set up, a login in no group); asked once per connection (a list
    asked it at every reload: two round trips per change in each session)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    kept = session.connection().info  # the driver connection's: it lives as long as that connection
    if _READ not in kept:
        found = session.execute(text("SELECT CASE WHEN to_regclass(:v) IS NULL THEN false "
                                     "ELSE has_table_privilege(to_regclass(:v), 'SELECT') END"),
                                {"v": f"{READ_SCHEMA}.enterprise"}).scalar()
        kept[_READ] = READ_SCHEMA if found else None
    schema: str | None = kept[_READ]
    return schema


def _stamp(conn: Connection, table: str) -> None:
    """The trigger that writes who made or changed a row of ``table`` (none without such columns)."""
    from sqlmodel import SQLModel

    columns = [name for name in STAMPED if name in SQLModel.metadata.tables[table].columns]
    conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS supplydesk_stamp ON "{table}"')
    if columns:
        names = ", ".join(f"'{name}'" for name in columns)
        conn.exec_driver_sql(f'CREATE TRIGGER supplydesk_stamp BEFORE INSERT OR UPDATE ON "{table}" FOR EACH ROW '
                             f"EXECUTE FUNCTION supplydesk_stamp({names})")


def create_read_views(conn: Connection, tables: list[str]) -> None:
    """``READ_SCHEMA``: a view per table, made again each run (a migration may have added columns)."""
    groups = ", ".join(f'"{group}"' for group in GROUPS.values())
    conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{READ_SCHEMA}" CASCADE')
    conn.exec_driver_sql(f'CREATE SCHEMA "{READ_SCHEMA}" AUTHORIZATION "{OWNER}"')
    conn.exec_driver_sql(f'REVOKE ALL ON SCHEMA "{READ_SCHEMA}" FROM PUBLIC')
    conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA "{READ_SCHEMA}" TO {groups}')
    for table in tables:
        view = f'"{READ_SCHEMA}"."{table}"'
        conn.exec_driver_sql(f'CREATE VIEW {view} AS SELECT * FROM public."{table}"')
        conn.exec_driver_sql(f'ALTER VIEW {view} OWNER TO "{OWNER}"')
        conn.exec_driver_sql(f"REVOKE ALL ON {view} FROM PUBLIC")
        conn.exec_driver_sql(f"GRANT SELECT ON {view} TO {groups}")
