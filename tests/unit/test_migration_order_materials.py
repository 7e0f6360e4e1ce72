"""Migration 0015 on a database that holds orders: an order line may name a raw material and an
order may go to a maker. On SQLite the order and line tables are rebuilt while consignment lines
refer to them (the upgrade turns the foreign keys off around it and checks every key before the
commit); every order, line and consignment line is kept, each line taking its item's unit."""

from __future__ import annotations

from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import NullPool

from models import migrate
from models.db import Database

BEFORE = "0014_latest_reports"


def _fill(db: Database) -> None:
    """An order of one item with a consignment line, as 0014 kept them (checks off while filling)."""
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
        conn.execute(text("INSERT INTO supplier (id, version, name, archived) VALUES (1, 1, 'Dräger', :no)"),
                     {"no": False})
        conn.execute(text("INSERT INTO site (id, version, code, name, name_en, kind, designated, fever_clinic, "
                          "archived, search_key) VALUES (1, 1, 'WH-1', '市储备一号库', '', 'warehouse', :no, :no, "
                          ":no, '')"), {"no": False})
        conn.execute(text("INSERT INTO purchaseorder (id, version, number, channel, supplier_id, site_id, urgent, "
                          "currency, customs, stage, status) VALUES (3, 1, 'CG-20200203-001', 'overseas', 1, 1, "
                          ":no, 'CNY', 'none', 'confirmed', 'confirmed')"), {"no": False})
        conn.execute(text("INSERT INTO purchaseline (id, order_id, item_id, quantity, cancelled, shipped, accepted, "
                          "rejected) VALUES (5, 3, :item, 1000, 0, 400, 0, 0)"), {"item": item})
        conn.execute(text("INSERT INTO consignment (id, version, number, site_id, status, finished) "
                          "VALUES (2, 1, 'YS-20200203-001', 1, 'in_transit', :no)"), {"no": False})
        conn.execute(text("INSERT INTO consignmentline (id, consignment_id, order_line_id, item_id, quantity, "
                          "accepted, rejected) VALUES (9, 2, 5, :item, 400, 0, 0)"), {"item": item})


def test_upgrade_keeps_the_orders_and_gives_each_line_its_unit(empty_db: Database) -> None:
    migrate.upgrade(empty_db, BEFORE)
    _fill(empty_db)
    migrate.upgrade(empty_db)
    with empty_db.engine.connect() as conn:
        lines = conn.execute(text("SELECT l.id, l.order_id, l.material_id, l.unit = c.unit, l.shipped FROM "
                                  "purchaseline l JOIN catalogueitem c ON c.id = l.item_id")).all()
        orders = conn.execute(text("SELECT id, site_id IS NOT NULL, enterprise_id FROM purchaseorder")).all()
        carried = conn.execute(text("SELECT id, order_line_id FROM consignmentline")).all()
        if empty_db.backend == "sqlite":
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1  # on again after the upgrade
    assert [tuple(r) for r in lines] == [(5, 3, None, True, 400)]
    assert [tuple(r) for r in orders] == [(3, True, None)]
    assert [tuple(r) for r in carried] == [(9, 5)]
