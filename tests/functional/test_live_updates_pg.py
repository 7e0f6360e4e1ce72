"""Live updates on PostgreSQL: a change made by another process shows within 2 seconds on the
dashboard and in the enterprise list, without moving the cursor (test_live_updates.py and
test_dashboard_live.py run the same on SQLite).

Each test gets a fresh PostgreSQL database cloned from the functional directory (built once per
run through the services with ``build_directory``). Skipped, with the reason shown, when
SUPPLYDESK_TEST_PG is unset; a failure under CI=true (the ``backend`` fixture of tests/conftest.py).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from models.db import Database
from tui.widgets.paged_table import PagedTable

from .conftest import COORDINATOR, AppMaker, build_directory, settle
from .dashboard_world import a_change_elsewhere_shows_on_the_dashboard, build_world
from .test_live_updates import RENAME, wait_until

# the shared ``backend`` fixture skips (or fails under CI) when PostgreSQL is not set up
pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("backend", ["postgres"], indirect=True)]


@pytest.fixture(scope="session")
def pg_directory(pg_server) -> Iterator[dict[str, str]]:  # type: ignore[no-untyped-def]
    """The name of the PostgreSQL directory template, made by the first test that asks for it."""
    made: dict[str, str] = {}
    yield made
    if "template" in made:
        pg_server.drop(made["template"])


@pytest.fixture
def pg_desk_url(backend: str, pg_server, pg_directory: dict[str, str], pinned_clock,  # type: ignore[no-untyped-def]
                tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh copy of the functional directory on PostgreSQL (61 enterprises, 茶园康护 among them)."""
    if "template" not in pg_directory:
        name = pg_server.create()
        build_directory(pg_server.url(name))  # disposes its engine: a template must have no connections
        pg_directory["template"] = name
    name = pg_server.create(template=pg_directory["template"])
    monkeypatch.chdir(tmp_path)
    try:
        yield pg_server.url(name)
    finally:
        pg_server.drop(name)


@pytest.fixture
def pg_app(pg_desk_url: str) -> Iterator[AppMaker]:
    maker = AppMaker(pg_desk_url, [])
    yield maker
    for app in maker.made:
        app.ctx.db.dispose()  # type: ignore[attr-defined]


async def test_a_change_from_another_process_shows_on_the_dashboard(pg_app, pg_desk_url, pinned_clock) -> None:
    from models.services.identity import resolve_actor

    db = Database.open(pg_desk_url)
    try:
        with db.session() as session:
            coord = resolve_actor(session, login=COORDINATOR)
        build_world(db, coord, pinned_clock)
    finally:
        db.dispose()
    await a_change_elsewhere_shows_on_the_dashboard(pg_app(start="dashboard"), pg_desk_url)


async def test_a_change_from_another_process_shows_in_the_list(pg_app, pg_desk_url) -> None:
    app = pg_app(start="enterprises")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(PagedTable)
        await pilot.press("down", "down")
        target = table.cursor_row
        await wait_until(pilot, lambda: app.data_marker is not None, 2)
        subprocess.run([sys.executable, "-c", RENAME, pg_desk_url, target.name, "新简称"], check=True)
        took = await wait_until(pilot, lambda: table.cursor_row.short_name == "新简称", 2.5)
        assert took < 2.0
        assert table.cursor_row.id == target.id and table.cursor == 2  # the cursor did not move
