"""Live updates: a change made by another process shows in a running app within 2 seconds, in the
enterprise list and on the dashboard, without moving the cursor; an idle session does not read
again; a lost database is shown in the header, not hidden.

The tests that watch the database run on every backend: SQLite, and PostgreSQL when
SUPPLYDESK_TEST_PG is set (``backend_url`` clones the filled directory there; skipped otherwise,
a failure under CI=true).
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from models.db import Database
from models.services.changes import change_marker

from .conftest import COORDINATOR
from .dashboard_world import a_change_elsewhere_shows_on_the_dashboard, build_world
from .driver import wait_until

__all__ = ["RENAME", "wait_until"]  # wait_until: imported from here by the dashboard's tests

#: Runs in a separate Python process, as another user's session would: the enterprise named
#: argv[2] gets the short name argv[3].
RENAME = """
import sys
from sqlmodel import select
from models.db import Database
from models.enterprise import Enterprise, EnterpriseUpdate
from models.services.enterprises import update_enterprise
from models.services.identity import resolve_actor
db = Database.open(sys.argv[1])
with db.session() as s:
    actor = resolve_actor(s, login="coord")
    e = s.exec(select(Enterprise).where(Enterprise.name == sys.argv[2])).one()
    update_enterprise(s, actor=actor, enterprise_id=e.id, expected_version=e.version,
                      data=EnterpriseUpdate(notes="x", short_name=sys.argv[3]))
"""


def rename_elsewhere(url: str, name: str, short_name: str) -> None:
    subprocess.run([sys.executable, "-c", RENAME, url, name, short_name], check=True)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often the enterprise list asked for its rows and its count."""
    import tui.enterprises.screen as screen

    counted: Counter[str] = Counter()

    def counting(name: str) -> None:
        real = getattr(screen, name)

        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            counted[name] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(screen, name, wrapper)

    counting("list_enterprises")
    counting("count_enterprises")
    return counted


@pytest.fixture
def dashboard_world(backend_url: str, pinned_clock) -> None:  # type: ignore[no-untyped-def]
    """The dashboard's figures (tests/functional/dashboard_world.py) on the test's backend."""
    from models.services.identity import resolve_actor

    db = Database.open(backend_url)
    try:
        with db.session() as session:
            coord = resolve_actor(session, login=COORDINATOR)
        build_world(db, coord, pinned_clock)
    finally:
        db.dispose()


async def test_a_change_from_another_process_shows_in_the_list(backend_desk_factory, backend_url) -> None:
    async with backend_desk_factory() as desk:
        await desk.press("down", "down")
        target = desk.table().cursor_row
        await desk.wait_until(lambda: desk.app.data_marker is not None, 2)
        rename_elsewhere(backend_url, target.name, "新简称")
        await desk.wait_until(lambda: desk.table().cursor_row.short_name == "新简称", 2.5)
        assert desk.table().cursor_row.id == target.id and desk.table().cursor == 2  # the cursor stayed


async def test_a_change_from_another_process_shows_on_the_dashboard(backend_apps, backend_url,
                                                                    dashboard_world) -> None:
    await a_change_elsewhere_shows_on_the_dashboard(backend_apps(start="dashboard"), backend_url)


async def test_an_idle_session_does_not_read_again(backend_desk_factory, reads) -> None:
    async with backend_desk_factory() as desk:
        await desk.wait_until(lambda: desk.app.data_marker is not None, 2)
        before = Counter(reads)
        assert before["list_enterprises"] >= 1
        await desk.pilot.pause(1.5)  # more than one poll with nothing changed
        assert reads == before


async def test_a_lost_database_is_shown_in_the_header(desk) -> None:
    async with desk:
        def broken(work):  # type: ignore[no-untyped-def]
            raise OSError("disk I/O error")

        desk.app.ctx.glance = broken
        await desk.wait_until(lambda: not desk.app.connection.ok, 2.5)
        await desk.settle()
        assert "offline since" in desk.header()


def test_the_marker_moves_with_every_write(db, coordinator, enterprise) -> None:
    from models.enterprise import EnterpriseUpdate
    from models.services.enterprises import update_enterprise

    with db.session() as session:
        before = change_marker(session)
        update_enterprise(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1,
                          data=EnterpriseUpdate(notes="改"))
    with db.session() as session:
        assert change_marker(session) != before


async def test_a_session_on_postgresql_holds_one_connection(backend, backend_apps, backend_url, pg_server,
                                                            dashboard_world) -> None:
    """Every screen's reads, the poll and a change seen from elsewhere go through one connection:
    one session is one of the server's max_connections."""
    import os

    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    if backend != "postgres":
        pytest.skip("PostgreSQL only")
    database, name = make_url(backend_url).database, f"supplydesk {os.getpid()}"
    held: list[int] = []

    def count() -> None:
        with pg_server.admin.connect() as conn:
            held.append(int(conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :db AND "
                                              "application_name = :name"), {"db": database, "name": name})
                            .scalar_one()))

    app = backend_apps(start="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.data_marker is not None, 3)
        for key in ("2", "3", "4", "1"):
            await pilot.press(key)
            await pilot.pause()
            count()
        generation = app.data_generation
        rename_elsewhere(backend_url, "茶园康护医疗用品有限公司", "新简称")
        await wait_until(pilot, lambda: app.data_generation > generation, 3)
        count()
    assert held and max(held) == 1
