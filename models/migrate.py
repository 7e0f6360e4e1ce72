"""Start-up schema check: do nothing at head, upgrade when behind, refuse a newer database.

Alembic is imported only when an upgrade is needed; a current database costs one small query.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from models.db import Database, describe, user_error
from models.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection
    from sqlalchemy.schema import SchemaItem

#: Every revision this version knows, oldest first; the last is head. A test checks it against Alembic.
REVISIONS = ("0001_initial", "0002_search_indexes", "0003_search_grams", "0004_dashboard_indexes",
             "0005_catalogue_suppliers", "0006_english_product_keys", "0007_stock_allocation",
             "0008_shortage_reserve_index", "0009_cadre_sort_key", "0010_audit_chain",
             "0011_procurement", "0012_donations", "0013_funds", "0014_latest_reports",
             "0015_order_materials", "0016_open_counts_hours", "0017_item_day_totals",
             "0018_scale_indexes", "0019_dashboard_counts", "0020_enterprise_figures",
             "0021_latest_output_index", "0022_stock_card_order", "0023_checkin_scale",
             "0024_dashboard_read", "0025_reference_keys")
HEAD = REVISIONS[-1]
#: SQLite's FTS5 trigram index of the enterprise search key (made by migration 0002)
SEARCH_TABLE = "enterprise_fts"
#: indexes made by migrations for one database only, outside the models
MIGRATION_ONLY_INDEXES = {"ix_enterprise_search_trgm"}

log = logging.getLogger(__name__)


def include_object_for(dialect: str) -> Callable[[SchemaItem, str | None, str, bool, SchemaItem | None], bool]:
    """Alembic's ``include_object`` for ``dialect``: leave out the search objects made by migrations only."""

    def include_object(obj: SchemaItem, name: str | None, type_: str, reflected: bool,
                       compare_to: SchemaItem | None) -> bool:
        if type_ == "table" and reflected and compare_to is None and (name or "").startswith(SEARCH_TABLE):
            return False  # the FTS5 search table and its shadow tables live outside the models
        if type_ == "index" and reflected and compare_to is None and name in MIGRATION_ONLY_INDEXES:
            return False
        return True

    return include_object


def alembic_config(db: Database, connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def current_revision(db: Database) -> str | None:
    """The stored revision, None for an empty database; refuses databases that are not ours."""
    tables = db.table_names()
    if "alembic_version" not in tables:
        if tables:
            raise DatabaseError("This database was not made by Supply Desk; nothing was changed")
        return None
    try:
        with db.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError as exc:
        raise user_error(exc, where=describe(db.url)) from None


def _refuse_newer(revision: str | None) -> None:
    if revision is not None and revision not in REVISIONS:
        log.warning("refused a database at revision %s, newer than %s", revision, HEAD)
        raise DatabaseError(
            "This database was written by a newer Supply Desk (revision {revision}); "
            "upgrade Supply Desk. Nothing was changed.",
            revision=revision,
        )


def ensure_schema(db: Database) -> bool:
    """Bring the database to head. Returns True when migrations ran."""
    revision = current_revision(db)
    if revision is None or revision in REVISIONS:
        db.use_wal()
    if revision == HEAD:
        return False
    _refuse_newer(revision)
    log.info("migrating the database from %s to %s", revision or "empty", HEAD)
    upgrade(db)
    log.info("migrations done: the database is at %s", HEAD)
    return True


def require_schema(db: Database) -> None:
    """For a reader that changes nothing (the brief): the database must be at head already."""
    revision = current_revision(db)
    if revision == HEAD:
        return
    _refuse_newer(revision)
    if revision is None:
        raise DatabaseError("The database is empty; nothing was changed")
    raise DatabaseError("The database needs an upgrade: start supplydesk once to bring it up to date. "
                        "Nothing was changed.")


def upgrade(db: Database, target: str = "head") -> None:
    from alembic import command

    if db.engine.dialect.name != "sqlite":
        with db.engine.begin() as connection:
            command.upgrade(alembic_config(db, connection), target)
        return
    # SQLite's batch mode rebuilds a table by copy, drop and rename: with the foreign keys on, dropping
    # a table that other rows refer to fails. SQLite's own procedure: keys off around the rebuild (set
    # outside a transaction, on the driver's connection), every key checked before the commit (none
    # may point nowhere that did not before).
    with db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                before = set(connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall())
                command.upgrade(alembic_config(db, connection), target)
                broken = set(connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()) - before
                if broken:
                    raise DatabaseError("The upgrade would leave {count} rows pointing nowhere; nothing was changed",
                                        count=len(broken))
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
