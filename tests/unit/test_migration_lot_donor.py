"""Migration 0012 on a database that holds stock: ``lot`` gains the donation line a lot was given by
without being rebuilt (on SQLite rebuilding a table the ledger refers to fails while foreign keys are
enforced), and every lot and balance is kept."""

from __future__ import annotations

from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import NullPool

from models import migrate
from models.db import Database

BEFORE = "0011_procurement"


def _fill(db: Database) -> None:
    """A warehouse's lot and its balance as 0011 kept them (checks off while filling, as a test
    writes rows by hand: on SQLite a connection of its own turns them off before it begins)."""
    engine = db.engine
    if db.backend == "sqlite":
        engine = create_engine(db.url, poolclass=NullPool)

        @event.listens_for(engine, "connect")
        def unchecked(connection, _record) -> None:  # type: ignore[no-untyped-def]
            connection.execute("PRAGMA foreign_keys = OFF")

    with engine.begin() as conn:
        if db.backend != "sqlite":
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        item = conn.execute(text("SELECT min(id) FROM catalogueitem")).scalar_one()
        conn.execute(text("INSERT INTO lot (id, item_id, code, created_at, created_by) "
                          "VALUES (7, :item, 'L-2020-01', '2020-02-03 08:00:00', 'zhangwei')"), {"item": item})
        conn.execute(text("INSERT INTO stockbalance (id, version, site_id, item_id, lot_id, on_hand, reserved, "
                          "quarantine) VALUES (1, 1, 1, :item, 7, 500, 0, 0)"), {"item": item})


def test_upgrade_keeps_the_lots_and_their_balances(empty_db: Database) -> None:
    migrate.upgrade(empty_db, BEFORE)
    _fill(empty_db)
    migrate.upgrade(empty_db)
    with empty_db.engine.connect() as conn:
        lots = conn.execute(text("SELECT id, code, donation_line_id FROM lot")).all()
        balances = conn.execute(text("SELECT lot_id, on_hand FROM stockbalance")).all()
    assert [tuple(r) for r in lots] == [(7, "L-2020-01", None)]
    assert [tuple(r) for r in balances] == [(7, 500)]
