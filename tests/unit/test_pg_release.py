"""On PostgreSQL a session nobody uses lets its connection go, looks for changes seldom on a connection
opened for the look, and takes its connection back (listening again) at the first key."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from models.db import Database
from models.services.changes import change_marker
from models.watch import PostgresWatch, watch_for

pytestmark = pytest.mark.postgres


def _held(pg_server, database: str) -> int:  # type: ignore[no-untyped-def]
    with pg_server.admin.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :db AND "
                                     "application_name = :name"),
                                {"db": database, "name": f"supplydesk {os.getpid()}"}).scalar_one())


def test_an_idle_session_lets_its_connection_go_and_takes_it_back_at_a_key(db: Database, pg_server, make) -> None:
    if db.backend != "postgresql":
        pytest.skip("PostgreSQL only")
    db.dispose()  # one desk, opened as the app opens it
    db = Database.open(db.url)
    database = db.engine.url.database
    assert database is not None
    watch = watch_for(db)
    assert isinstance(watch, PostgresWatch)
    first = watch.token()  # listening: the connection is held
    assert watch.token() == first and watch.due()
    assert _held(pg_server, database) == 1

    watch.release_after, watch.released_poll = 0.0, 3600.0  # no key for longer than the setting
    assert watch.released
    assert not watch.due()  # a look was made a moment ago; the idle connection is closed now
    assert _held(pg_server, database) == 0
    watch.released_poll = 0.0  # the next look is due: it opens a connection for the look only
    assert watch.due()
    looked = watch.token()
    assert looked != first  # a released look always reads the marker
    with db.session() as session:
        marker = change_marker(session)
    assert _held(pg_server, database) == 1
    watch.released_poll = 3600.0
    assert not watch.due() and _held(pg_server, database) == 0  # closed at the next poll

    assert watch.touch() is True  # a key: back, look at once
    watch.release_after = 3600.0  # (the test's clock: the key was just now)
    assert watch.touch() is False and watch.due()  # a second key changes nothing
    back = watch.token()  # a new connection, listening again: counted as a change
    assert back != looked and watch.token() == back
    assert _held(pg_server, database) == 1
    make.enterprise()  # another connection commits: the notification is heard
    assert watch.token() != back
    with db.session() as session:
        assert change_marker(session) != marker
    watch.close()
    db.dispose()
