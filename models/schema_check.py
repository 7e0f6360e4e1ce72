"""Objects in the database that Supply Desk's migrations did not make: triggers, tables, functions, views.

Someone who can write a SQLite file can plant a trigger that quietly deletes new audit rows (the
chain then links over the gap, and stays intact); on PostgreSQL only the owner could. The app names
such objects to coordinators at start, and ``supplydesk audit verify`` with the chain. Indexes are
left out: an index changes no data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text

if TYPE_CHECKING:
    from sqlmodel import Session

#: triggers our migrations make (the search index on SQLite, the audit chain on PostgreSQL)
KNOWN_TRIGGERS = {"enterprise_fts_insert", "enterprise_fts_delete", "enterprise_fts_update", "supplydesk_audit_chain",
                  "supplydesk_shortage_steps", "supplydesk_keep_a_coordinator", "supplydesk_stamp",
                  "supplydesk_note_audit", "supplydesk_audited"}
#: functions our migrations and ``setup-postgres`` make (PostgreSQL)
KNOWN_FUNCTIONS = {"enterprise_grams", "supplydesk_audit_chain", "supplydesk_today", "supplydesk_my_cadre",
                   "supplydesk_my_enterprises", "supplydesk_sync_role", "supplydesk_shortage_steps",
                   "supplydesk_keep_a_coordinator", "supplydesk_stamp", "supplydesk_note_audit",
                   "supplydesk_audited"}
#: tables beside the models: Alembic's, and SQLite's search index with its shadow tables
KNOWN_TABLES = {"alembic_version"}
SEARCH_PREFIX = "enterprise_fts"


def _model_tables() -> set[str]:
    from sqlmodel import SQLModel

    import models.tables  # noqa: F401  (fills the metadata)

    return set(SQLModel.metadata.tables)


def unknown_objects(session: Session, *, tables: bool = True) -> list[str]:
    """``kind name`` of every object not ours, sorted (an empty list: none). Without ``tables`` only
    triggers and functions, what can change data by itself: the app's start does not load every
    table's model to know them."""
    ours = _model_tables() | KNOWN_TABLES if tables else set()
    if session.get_bind().dialect.name == "sqlite":
        rows = session.execute(text("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger', "
                                    "'view') AND name NOT LIKE 'sqlite!_%' ESCAPE '!'")).all()
        found = [(kind, name) for kind, name in rows
                 if not (kind in ("table", "view") and (not tables or name in ours or name.startswith(SEARCH_PREFIX)))
                 and not (kind == "trigger" and name in KNOWN_TRIGGERS)]
        return sorted(f"{kind} {name}" for kind, name in found)
    # PostgreSQL, schema public; functions of an extension (pg_trgm's) belong to it, not to anyone
    rows = session.execute(text("""
        SELECT 'trigger', t.tgname || ' ON ' || c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace AND t.tgname <> ALL(:triggers)
        UNION ALL
        SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'view' ELSE 'table' END, c.relname
          FROM pg_class c WHERE :with_tables AND c.relnamespace = 'public'::regnamespace
           AND c.relkind IN ('r', 'v', 'm', 'p', 'f') AND c.relname <> ALL(:tables)
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
        UNION ALL
        SELECT 'function', p.proname FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
           AND p.proname <> ALL(:functions)
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    """), {"triggers": sorted(KNOWN_TRIGGERS), "tables": sorted(ours), "with_tables": tables,
          "functions": sorted(KNOWN_FUNCTIONS)}).all()
    return sorted(f"{kind} {name}" for kind, name in rows)
