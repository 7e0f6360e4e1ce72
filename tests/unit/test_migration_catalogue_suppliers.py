"""Migration 0005 on a database that holds data: suppliers get their origin and the reserve-unit
flag, the steps that contacted a supplier get its id, seeded items their standards, and no table
that others refer to is rebuilt (on SQLite that fails while foreign keys are enforced)."""

from __future__ import annotations

from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import NullPool

from models import migrate
from models.db import Database

BEFORE = "0004_dashboard_indexes"
SUPPLIERS = [(1, "重药集团", False, "重庆", "储备任务单位"), (2, "浙江恒远", False, "浙江", None),
             (3, "Kölner Vliesstoff GmbH", True, "德国", None), (4, "本地无地区", False, None, None)]


def _fill(db: Database) -> None:
    """Rows as 0004 kept them; the shortage steps point at a shortage that is not there (checks off:
    on SQLite a connection of its own turns them off before its transaction begins)."""
    engine = db.engine
    if db.backend == "sqlite":
        engine = create_engine(db.url, poolclass=NullPool)

        @event.listens_for(engine, "connect")
        def unchecked(connection, _record) -> None:  # type: ignore[no-untyped-def]
            connection.execute("PRAGMA foreign_keys = OFF")

    with engine.begin() as conn:
        if db.backend != "sqlite":
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for sid, name, foreign, region, notes in SUPPLIERS:
            conn.execute(text('INSERT INTO supplier (id, name, "foreign", region, notes, archived, version) '
                              "VALUES (:id, :name, :foreign, :region, :notes, :archived, 1)"),
                         {"id": sid, "name": name, "foreign": foreign, "region": region, "notes": notes,
                          "archived": False})
        for eid, action, value in ((1, "supplier_contacted", "浙江恒远"), (2, "reserve_notified", "重药集团"),
                                   (3, "note", "重药集团"), (4, "supplier_contacted", "已改名的供应商")):
            conn.execute(text('INSERT INTO shortageevent (id, shortage_id, action, at, "by", new_value) '
                              "VALUES (:id, 99, :action, '2020-02-03 08:00:00', 'zhangwei', :value)"),
                         {"id": eid, "action": action, "value": value})


def test_upgrade_keeps_and_completes_the_rows(empty_db: Database) -> None:
    migrate.upgrade(empty_db, BEFORE)
    _fill(empty_db)
    migrate.upgrade(empty_db)
    with empty_db.engine.connect() as conn:
        suppliers = conn.execute(text("SELECT id, origin, reserve_unit FROM supplier ORDER BY id")).all()
        events = conn.execute(text("SELECT id, supplier_id FROM shortageevent ORDER BY id")).all()
        standards = dict(conn.execute(text("SELECT code, standard FROM catalogueitem")).all())
    assert [tuple(r) for r in suppliers] == [(1, "local", True), (2, "out_of_city", False), (3, "overseas", False),
                                             (4, "local", False)]
    assert [tuple(r) for r in events] == [(1, 2), (2, 1), (3, None), (4, None)]
    assert standards["MASK-N95"] == "GB 19083" and standards["DRUG"] is None
