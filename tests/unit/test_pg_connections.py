"""On PostgreSQL a process holds one connection, whatever its threads do at once (and a session left
without a key none: test_pg_release.py), so the server's max_connections counts sessions, not threads."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import text

from models.db import Database
from models.services.changes import change_marker
from models.services.enterprise_list import count_enterprises
from models.services.paging import PageRequest
from models.watch import watch_for

pytestmark = pytest.mark.postgres


def _held(pg_server, database: str) -> int:  # type: ignore[no-untyped-def]
    """Connections the server counts for this process (the engine names them by its pid)."""
    with pg_server.admin.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :db AND "
                                     "application_name = :name"),
                                {"db": database, "name": f"supplydesk {os.getpid()}"}).scalar_one())


def test_the_app_engine_never_holds_more_than_one_connection(db: Database, pg_server, make) -> None:
    if db.backend != "postgresql":
        pytest.skip("PostgreSQL only")
    make.enterprise()
    db.dispose()  # the fixture plays several desks; this test is one desk, opened as the app opens it
    db = Database.open(db.url)
    database = db.engine.url.database
    assert database is not None
    watch = watch_for(db)
    seen: list[int] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        try:
            for _ in range(20):
                with db.session() as session:
                    count_enterprises(session, request=PageRequest())
                    change_marker(session)
                watch.token()
        except BaseException as error:  # reported below
            failures.append(error)

    def sampler() -> None:
        while not stop.is_set():
            seen.append(_held(pg_server, database))
            stop.wait(0.01)

    threads = [threading.Thread(target=reader) for _ in range(8)]
    watching = threading.Thread(target=sampler)
    watching.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    watching.join()
    watch.close()
    db.dispose()
    assert not failures
    assert seen and max(seen) <= 1
    assert db.engine.pool.size() == 1  # type: ignore[attr-defined]


def test_a_lost_connection_is_replaced_at_the_next_look(db: Database, pg_server, make) -> None:
    if db.backend != "postgresql":
        pytest.skip("PostgreSQL only")
    watch = watch_for(db)
    first = watch.token()
    with pg_server.admin.connect() as conn:  # the server ends this process's connection
        # with a timeout the server answers once the connection is gone, so no look races the ending
        conn.execute(text("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = :db AND "
                          "application_name = :name"), {"db": db.engine.url.database,
                                                        "name": f"supplydesk {os.getpid()}"})
    second = first
    for _ in range(50):  # the loss shows as a failed look (or a few), then a new connection listens
        try:
            second = watch.token()
        except Exception:
            continue
        if second != first:
            break
    assert second != first  # a new connection, listening again: counted as a change
    make.enterprise()
    assert watch.token() != second
    watch.close()
