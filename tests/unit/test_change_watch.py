"""Cheaper change detection: the database says whether anything changed (SQLite's data_version, a
PostgreSQL notification) before the change marker is read, and the marker says which areas changed."""

from __future__ import annotations

import select

from models.db import Database
from models.services.changes import ALL_AREAS, areas_of, change_marker, changed_areas
from models.watch import ChangeWatch, PostgresWatch, SqliteWatch, watch_for


def test_tables_map_to_areas_and_an_unknown_table_to_all() -> None:
    assert areas_of({"dailyreport"}) == {"reports"}
    assert areas_of({"shortage", "shortageevent", "checkin"}) == {"shortages", "checkins"}
    assert areas_of({"demo"}) == ALL_AREAS


def test_the_areas_changed_are_those_of_the_rows_written(session, make, field_cadre) -> None:
    known = change_marker(session)
    make.enterprise("重庆渝北防护用品")
    marker = change_marker(session)
    assert changed_areas(session, known=known, marker=marker) == {"enterprises"}
    assert changed_areas(session, known=marker, marker=marker) == frozenset()
    assert changed_areas(session, known=None, marker=marker) == ALL_AREAS


def test_a_late_commit_below_the_known_top_changes_every_area(session, make) -> None:
    make.enterprise()
    top, recent = change_marker(session)
    # as if a transaction had committed an id below the top after the marker was read
    assert changed_areas(session, known=(top, recent - 1), marker=(top, recent)) == ALL_AREAS


def test_the_watch_says_nothing_changed_until_another_connection_commits(db: Database, make, monkeypatch) -> None:
    import models.watch

    monkeypatch.setattr(models.watch, "RECHECK_S", 10**9)  # the half-minute look whatever was heard: not now
    watch = watch_for(db)
    assert isinstance(watch, SqliteWatch if db.backend == "sqlite" else PostgresWatch)
    try:
        first = watch.token()
        assert watch.token() == first and watch.token() == first  # nothing written: the same answer
        make.enterprise()  # a write through the services, committed
        second = watch.token()
        assert second != first
        assert watch.token() == second
    finally:
        watch.close()


def test_a_glance_says_quiet_until_another_connection_commits(db: Database, make, monkeypatch) -> None:
    """The look made in the event loop each second: no query, no thread; it must never say quiet
    after a commit it has not seen (a notification waiting in the socket, or one a query read)."""
    import models.watch

    monkeypatch.setattr(models.watch, "RECHECK_S", 10**9)
    own = Database.open(db.url)  # the session's own pool: the writes come from another connection
    watch = watch_for(own)
    try:
        first = watch.token()
        assert watch.glance(first) and watch.glance(first)
        assert not watch.glance(object())  # another token: not what the database says now
        make.enterprise()
        _heard(watch, first)
        second = watch.token()
        assert second != first and watch.glance(second)
        make.enterprise()
        with own.session() as session:  # a query on the listening connection reads what came on its way
            change_marker(session)
        _heard(watch, second)
        assert watch.token() != second
    finally:
        watch.close()
        own.dispose()


def _heard(watch: ChangeWatch, accepted: object) -> None:
    """Assert the glance no longer says quiet after a commit. On PostgreSQL the notification reaches
    the listening socket a moment after the commit returned (unless a query read it on its way):
    wait for the socket to become readable, at most 10 s, rather than asking again and again."""
    if watch.glance(accepted) and isinstance(watch, PostgresWatch):
        arriving = select.poll()
        arriving.register(watch._socket, select.POLLIN)
        arriving.poll(10_000)
    assert not watch.glance(accepted), "the glance still says quiet after a commit"


def test_polling_is_the_fallback() -> None:
    watch = ChangeWatch()
    assert watch.token() != watch.token()
    assert not watch.glance(watch.token())
