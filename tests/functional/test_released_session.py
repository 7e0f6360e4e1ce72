"""On PostgreSQL a session left without a key lets its connection go; its polls then ask nothing and
do not claim the data confirmed (the header says since when it is), and the first key takes the
connection back and shows what changed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from models import settings
from tui.widgets.paged_table import PagedTable

from .driver import wait_until
from .test_live_updates import rename_elsewhere


@pytest.fixture
def releasing() -> Iterator[None]:
    before = settings.current()
    settings.install(replace(before, idle_release_seconds=1.0, released_poll_seconds=3600.0))
    yield
    settings.install(before)


async def test_an_idle_session_lets_its_connection_go_and_a_key_takes_it_back(backend, backend_apps, backend_url,
                                                                             pg_server, releasing) -> None:  # type: ignore[no-untyped-def]
    if backend != "postgres":
        pytest.skip("PostgreSQL only")
    database, name = make_url(backend_url).database, f"supplydesk {os.getpid()}"

    def held() -> int:
        with pg_server.admin.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :db AND "
                                         "application_name = :name"), {"db": database, "name": name}).scalar_one())

    app = backend_apps(start="enterprises")
    polls: list[int] = []
    looks: list[int] = []
    real_poll, real_look = app._poll, app._read_marker

    def poll() -> None:
        polls.append(1)
        real_poll()

    def look() -> None:
        looks.append(1)
        real_look()

    app._poll, app._read_marker = poll, look  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.data_marker is not None, 20)
        await wait_until(pilot, lambda: held() == 0, 20)  # no key for a second: the connection is let go
        generation, table = app.data_generation, app.screen.query_one(PagedTable)
        target = table.cursor_row
        rename_elsewhere(backend_url, target.name, "新简称")
        # no look for an hour: polls come and go, asking nothing, and the data is not said current
        seen, looked = len(polls), len(looks)
        await wait_until(pilot, lambda: len(polls) >= seen + 3, 20)
        assert len(looks) == looked and app.data_generation == generation and held() == 0
        await pilot.press("down")  # a key: the connection back, a look at once
        await wait_until(pilot, lambda: app.data_generation > generation, 20)
        await pilot.press("up")
        await wait_until(pilot, lambda: (row := table.cursor_row).id == target.id and row.short_name == "新简称", 20)
        assert len(looks) > looked and app.connection.ok
