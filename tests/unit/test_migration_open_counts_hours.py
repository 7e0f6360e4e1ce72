"""Migration 0016 on a database that holds shortages and check-ins: the unsolved shortages per
enterprise, kind and severity and the check-in hours per cadre and day are filled from them (a visit
over midnight split between its days, open visits and solved shortages left out), on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import NullPool

from models import migrate
from models.db import Database

BEFORE = "0014_latest_reports"
SHORTAGES = [  # id, enterprise, kind, severity, status
    (1, 1, "water", "high", "open"), (2, 1, "water", "high", "coordinating"), (3, 1, "water", "high", "resolved"),
    (4, 1, "gas", "low", "closed_unresolved"), (5, 2, "gas", "low", "open"),
]
VISITS = [  # id, cadre, check-in, check-out
    (1, 1, "2020-02-03 08:00:00", "2020-02-03 17:30:00"),  # 9.5 h on the 3rd
    (2, 1, "2020-02-03 20:00:00", "2020-02-04 02:00:00"),  # 4 h on the 3rd, 2 h on the 4th
    (3, 2, "2020-02-02 22:00:00", "2020-02-05 01:00:00"),  # 2 h, 24 h, 24 h, 1 h
    (4, 2, "2020-02-05 08:00:00", None),  # open: not kept
]


def _fill(db: Database) -> None:
    """Shortages and check-ins as 0014 kept them (checks off while filling, as a test writes rows by
    hand: on SQLite a connection of its own turns them off before it begins)."""
    engine = db.engine
    if db.backend == "sqlite":
        engine = create_engine(db.url, poolclass=NullPool)

        @event.listens_for(engine, "connect")
        def unchecked(connection, _record) -> None:  # type: ignore[no-untyped-def]
            connection.execute("PRAGMA foreign_keys = OFF")

    with engine.begin() as conn:
        if db.backend != "sqlite":
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        district = conn.execute(text("SELECT min(id) FROM district")).scalar_one()
        for n in (1, 2):
            conn.execute(text(
                "INSERT INTO enterprise (id, version, name, district_id, status, archived, search_key, sort_key) "
                "VALUES (:id, 1, :name, :district, 'resumed', :no, '', '')"),
                {"id": n, "name": f"firm {n}", "district": district, "no": False})
            conn.execute(text("INSERT INTO cadre (id, version, name, role, active, search_key, sort_key) "
                              "VALUES (:id, 1, :name, 'field_cadre', :yes, '', '')"),
                         {"id": n, "name": f"cadre {n}", "yes": True})
        for sid, firm, kind, severity, status in SHORTAGES:
            conn.execute(text(
                "INSERT INTO shortage (id, version, enterprise_id, kind, severity, level, status, reported_at, "
                "reported_by) VALUES (:id, 1, :firm, :kind, :severity, 'district', :status, '2020-02-03 08:00:00', "
                "'zhangwei')"), {"id": sid, "firm": firm, "kind": kind, "severity": severity, "status": status})
        for vid, cadre, began, ended in VISITS:
            conn.execute(text(
                "INSERT INTO checkin (id, version, cadre_id, enterprise_id, check_in, check_out, categories, "
                "corrected) VALUES (:id, 1, :cadre, 1, :began, :ended, '', :no)"),
                {"id": vid, "cadre": cadre, "began": began, "ended": ended, "no": False})


def test_upgrade_fills_the_counts_and_hours_from_the_history(empty_db: Database) -> None:
    migrate.upgrade(empty_db, BEFORE)
    _fill(empty_db)
    migrate.upgrade(empty_db)
    with empty_db.engine.connect() as conn:
        counts = {tuple(r) for r in conn.execute(text(
            "SELECT enterprise_id, kind, severity, n FROM openshortagecount"))}
        hours = {(c, d if isinstance(d, date) else date.fromisoformat(d), round(s) / 3600) for c, d, s in
                 conn.execute(text("SELECT cadre_id, day, seconds FROM checkinhours"))}
        days = {(d if isinstance(d, date) else date.fromisoformat(d), round(s) / 3600) for d, s in
                conn.execute(text("SELECT day, seconds FROM checkindayhours"))}
    assert counts == {(1, "water", "high", 2), (2, "gas", "low", 1)}
    assert days == {(date(2020, 2, 2), 2.0), (date(2020, 2, 3), 37.5), (date(2020, 2, 4), 26.0),
                    (date(2020, 2, 5), 1.0)}
    assert hours == {(1, date(2020, 2, 3), 13.5), (1, date(2020, 2, 4), 2.0), (2, date(2020, 2, 2), 2.0),
                     (2, date(2020, 2, 3), 24.0), (2, date(2020, 2, 4), 24.0), (2, date(2020, 2, 5), 1.0)}
