"""A dashboard fed by the figures a keeper shares by file (models.shared_figures), at 80×24 on SQLite
and PostgreSQL: a change made by another process shows, the session asks its database nothing
meanwhile and on PostgreSQL holds no connection; a list opened from it reads the database as
always; when the keeper stops, the dashboard reads the database itself again."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from models import settings
from models.dashboard_view import DashboardView
from models.db import Database
from models.enterprise import Enterprise
from models.shared_figures import keep
from tui.dashboard.screen import DashboardScreen

from .conftest import screen_text
from .dashboard_world import elsewhere, squash
from .driver import wait_until


@pytest.fixture
def shared_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "shared" / "figures.json"
    path.parent.mkdir()
    before = settings.current()
    settings.install(replace(before, shared_figures=str(path)))
    yield path
    settings.install(before)


class Keeper:
    """``supplydesk share-figures`` in a thread of the test: ``stop()`` ends it."""

    def __init__(self, url: str, path: Path) -> None:
        self.db, self.path = Database.open(url), path
        self.written: queue.Queue[DashboardView] = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=keep, args=(self.db, path),
                                        kwargs={"stop": self._stop, "written": self.written.put})
        self._thread.start()
        self.written.get(timeout=30)  # the first figures are in the file

    def stop(self) -> None:
        if self._stop.is_set():
            return
        self._stop.set()
        self._thread.join(timeout=30)
        assert not self._thread.is_alive()
        self.db.dispose()


async def test_a_dashboard_fed_by_the_shared_file(backend, backend_url, backend_apps,
                                                  shared_file: Path) -> None:  # type: ignore[no-untyped-def]
    db = Database.open(backend_url)
    with db.session() as session:
        name, status = session.execute(select(Enterprise.name, Enterprise.status).where(
            Enterprise.archived == False).order_by(Enterprise.id).limit(1)).one()  # noqa: E712
    db.dispose()
    moved = "stopped" if status != "stopped" else "full_load"
    keeper = Keeper(backend_url, shared_file)
    app = backend_apps(start="dashboard")
    statements: list[str] = []

    def counted(*args: Any) -> None:
        statements.append(args[2])

    event.listen(app.ctx.db.engine, "before_cursor_execute", counted)
    pool: Any = app.ctx.db.engine.pool

    def held() -> int:
        """The PostgreSQL connections the app holds (SQLite's stay open: no server process each)."""
        return pool.checkedin() + pool.checkedout() if backend == "postgres" else 0

    def stopped_count() -> int | None:
        screen = app.screen
        if not isinstance(screen, DashboardScreen) or screen.view is None:
            return None
        return screen.view.figures.enterprises.by_status.get("stopped")

    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: stopped_count() is not None, 10)
            await wait_until(pilot, lambda: held() == 0, 10)  # PostgreSQL: its start-up connection let go
            before = stopped_count()
            assert before is not None
            statements.clear()
            elsewhere(backend_url, ("status", name, moved))
            expected = before + (1 if moved == "stopped" else -1)
            await wait_until(pilot, lambda: stopped_count() == expected, 2)
            assert squash(f"Stopped {expected}") in squash(screen_text(app))
            assert statements == []  # the figures came from the file: the session asked nothing
            assert held() == 0

            await pilot.press("c")  # a list reads the database, as always
            await wait_until(pilot, lambda: not isinstance(app.screen, DashboardScreen) and bool(statements), 5)
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen), 5)

            keeper.stop()  # the file goes with it: the dashboard reads the database itself
            assert not keeper.path.exists()
            statements.clear()
            elsewhere(backend_url, ("status", name, status))
            await wait_until(pilot, lambda: stopped_count() == before, 2)
            assert statements  # read from the database
    finally:
        keeper.stop()
