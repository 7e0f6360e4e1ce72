"""Live updates: a change made by another process shows in a running app within 2 seconds,
without moving the cursor; a lost database is shown in the header, not hidden."""

from __future__ import annotations

import subprocess
import sys
import time

from models.services.changes import change_marker
from tui.widgets.paged_table import PagedTable

from .conftest import settle

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


async def wait_until(pilot, condition, seconds: float) -> float:  # type: ignore[no-untyped-def]
    """Let the app run until ``condition()`` holds; returns the seconds it took (or fails)."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, f"not within {seconds} s"
        await pilot.pause(0.05)
    return time.monotonic() - started


async def test_a_change_from_another_process_shows_within_two_seconds(app, desk_url) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(PagedTable)
        await pilot.press("down", "down")
        target = table.cursor_row
        await wait_until(pilot, lambda: app.data_marker is not None, 2)
        subprocess.run([sys.executable, "-c", RENAME, desk_url, target.name, "新简称"], check=True)
        took = await wait_until(pilot, lambda: table.cursor_row.short_name == "新简称", 2.5)
        assert took < 2.0
        assert table.cursor_row.id == target.id and table.cursor == 2  # the cursor did not move


async def test_an_idle_session_does_not_reload(app) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(PagedTable)
        generation = table._generation
        await wait_until(pilot, lambda: app.data_marker is not None, 2)
        await pilot.pause(1.5)  # more than one poll with nothing changed
        assert table._generation == generation


async def test_a_lost_database_is_shown_in_the_header(app) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def broken(work):  # type: ignore[no-untyped-def]
            raise OSError("disk I/O error")

        app.ctx.run = broken  # type: ignore[method-assign]
        await wait_until(pilot, lambda: not app.connection.ok, 2.5)
        await pilot.pause()
        header = str(app.screen.query_one("#header-line").render())
        assert "offline since" in header


def test_the_marker_moves_with_every_write(db, coordinator, enterprise) -> None:
    from models.enterprise import EnterpriseUpdate
    from models.services.enterprises import update_enterprise

    with db.session() as session:
        before = change_marker(session)
        update_enterprise(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1,
                          data=EnterpriseUpdate(notes="改"))
    with db.session() as session:
        assert change_marker(session) != before
