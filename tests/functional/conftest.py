"""Fixtures of the functional tests: a filled directory, the app on it, the desk that drives it, and
the Pilot helpers under the desk.

The directory (茶园康护 and 60 other makers, tests/functional/directory.py) is built once per session
through the services and copied into each test's ``tmp_path``, so every test gets its own file
without paying for the migration and the pinyin keys again. Tests run with the working directory in
``tmp_path`` and a relative SQLite URL: the header shows ``supplydesk.db`` rather than a temporary
path, which keeps the snapshots stable. The clock is pinned (the header shows the time).
``backend_url`` puts the directory on the test's backend instead (PostgreSQL too, when set up).

``desk`` and ``desk_factory`` give a ``Desk`` (tests/functional/driver.py): the app at 80×24 driven by
the user's steps, each settled before the next.
"""

from __future__ import annotations

import asyncio
import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.worker import Worker

from models import clock
from models.db import Database

from .directory import (
    CASE_TIME,
    COORDINATOR,
    DB_NAME,
    DISTRICTS,
    LONG_NAME,
    SAMPLE_CODE,
    SAMPLE_DISTRICT,
    SAMPLE_NAME,
    SAMPLE_PARK,
    SAMPLE_SHORT,
    SHIZHU_DISTRICT,
    SHIZHU_NAME,
    TRADES,
    build_directory,
    credit_code,
    other_names,
)

if TYPE_CHECKING:
    from tests.conftest import PgServer

    from .driver import Desk

__all__ = [  # the directory's names, imported from here by the tests
    "CASE_TIME", "COORDINATOR", "DB_NAME", "DISTRICTS", "LONG_NAME", "SAMPLE_CODE", "SAMPLE_DISTRICT",
    "SAMPLE_NAME", "SAMPLE_PARK", "SAMPLE_SHORT", "SHIZHU_DISTRICT", "SHIZHU_NAME", "TRADES", "build_directory",
    "credit_code", "other_names",
]


# --- isolation and time ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def quiet_ui(monkeypatch: pytest.MonkeyPatch) -> None:
    """No animations, no blinking cursor: what is on screen does not depend on when it is looked at."""
    from textual import constants
    from textual.widgets import Input

    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")  # read when textual.constants is imported…
    monkeypatch.setattr(constants, "TEXTUAL_ANIMATIONS", "none")  # …which has already happened

    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)


@pytest.fixture(autouse=True)
def pinned_clock(frozen_clock):  # type: ignore[no-untyped-def]
    """``models.clock.now`` pinned at 2020-02-03 07:50 (shared fixture of tests/conftest.py)."""
    assert clock.now() == CASE_TIME
    return frozen_clock


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """make_app sets the language process-wide; put English back and forget missing ids after each test."""
    import tui.i18n as i18n
    from tui.i18n.translator import MISSING

    yield
    i18n.set_language("en")
    MISSING.clear()


# --- the database ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def directory_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The filled database, built once per session with the clock pinned."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / DB_NAME
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "now", lambda: CASE_TIME)
        build_directory(f"sqlite:///{path}")
    return path


@pytest.fixture
def desk_url(directory_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A private copy of the filled database in tmp_path, as a URL relative to tmp_path (the cwd)."""
    for suffix in ("", "-wal", "-shm"):
        source = directory_template.with_name(DB_NAME + suffix)
        if source.exists():
            shutil.copy2(source, tmp_path / (DB_NAME + suffix))
    monkeypatch.chdir(tmp_path)
    return f"sqlite:///{DB_NAME}"


@pytest.fixture
def desk_db(desk_url: str) -> Iterator[Database]:
    """The test's database, for writing through the services and checking what is stored."""
    database = Database.open(desk_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def coord(desk_db: Database):  # type: ignore[no-untyped-def]
    """The coordinator's actor (the first login of the directory)."""
    from models.services.identity import resolve_actor

    with desk_db.session() as session:
        return resolve_actor(session, login=COORDINATOR)


# --- the app --------------------------------------------------------------------------------------


@dataclass
class AppMaker:
    url: str
    made: list[App]

    def __call__(self, *, lang: str = "en", login: str = COORDINATOR, start: str = "enterprises") -> App:
        from tui.factory import make_app

        app = make_app(db_url=self.url, lang=lang, login=login, start=start)
        self.made.append(app)
        return app


@pytest.fixture
def make_desk_app(desk_url: str) -> Iterator[AppMaker]:
    """``make_desk_app(lang=..., login=...)``: the app from the one factory, on the test's database."""
    yield from _apps_on(desk_url)


def _apps_on(url: str) -> Iterator[AppMaker]:
    """An app maker on ``url``; the databases of the apps it made are closed after the test."""
    maker = AppMaker(url, [])
    yield maker
    for app in maker.made:
        app.ctx.db.dispose()  # type: ignore[attr-defined]


@pytest.fixture
def app(make_desk_app: AppMaker) -> App:
    """The app in English for the coordinator."""
    return make_desk_app(lang="en")


@pytest.fixture
def zh_app(make_desk_app: AppMaker) -> App:
    return make_desk_app(lang="zh")


# --- the driver (tests/functional/driver.py) ------------------------------------------------------


@dataclass
class DeskFactory:
    apps: AppMaker

    def __call__(self, *, lang: str = "en", login: str = COORDINATOR, start: str = "enterprises",
                 notifications: bool = True) -> Desk:
        from .driver import Desk

        return Desk(self.apps(lang=lang, login=login, start=start), notifications=notifications)


@pytest.fixture
def desk_factory(make_desk_app: AppMaker) -> DeskFactory:
    """``desk_factory(lang=..., login=..., start=...)``: a desk (not yet running) on the directory."""
    return DeskFactory(make_desk_app)


@pytest.fixture
def desk(desk_factory: DeskFactory) -> Desk:
    """The coordinator's desk in English on the directory: ``async with desk: ...``."""
    return desk_factory()


# --- the directory on either database -------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_directory(pg_server: PgServer | None) -> Iterator[dict[str, str]]:
    """The name of the PostgreSQL directory template, made by the first test that asks for it."""
    made: dict[str, str] = {}
    yield made
    if "template" in made and pg_server is not None:
        pg_server.drop(made["template"])


@pytest.fixture
def backend_url(backend: str, request: pytest.FixtureRequest, pg_server: PgServer | None,
                pg_directory: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The filled directory on the ``backend`` of the test: the SQLite copy of ``desk_url``, or a fresh
    PostgreSQL database cloned from the directory built there once per run (when SUPPLYDESK_TEST_PG
    is set; skipped otherwise, a failure under CI=true: the ``backend`` fixture of tests/conftest.py)."""
    if backend == "sqlite":
        yield request.getfixturevalue("desk_url")
        return
    assert pg_server is not None
    if "template" not in pg_directory:
        name = pg_server.create()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(clock, "now", lambda: CASE_TIME)
            build_directory(pg_server.url(name))  # disposes its engine: a template must have no connections
        pg_directory["template"] = name
    name = pg_server.create(template=pg_directory["template"])
    monkeypatch.chdir(tmp_path)
    try:
        yield pg_server.url(name)
    finally:
        pg_server.drop(name)


@pytest.fixture
def backend_apps(backend_url: str) -> Iterator[AppMaker]:
    """``backend_apps(lang=..., ...)``: the app on the directory of the test's backend."""
    yield from _apps_on(backend_url)


@pytest.fixture
def backend_desk_factory(backend_apps: AppMaker) -> DeskFactory:
    """``desk_factory`` on the directory of the test's backend (SQLite; PostgreSQL too when set up)."""
    return DeskFactory(backend_apps)


# --- helpers (plain functions, imported by the tests) -------------------------------------------


def _asks_user(worker: Worker) -> bool:
    """The worker waits in ``push_screen_wait`` for a dialog's answer: the user's turn, not work."""
    awaited = worker._task.get_coro() if worker._task is not None else None
    while awaited is not None:
        if getattr(getattr(awaited, "cr_code", None), "co_name", "") == "push_screen_wait":
            return True
        awaited = getattr(awaited, "cr_await", None)
    return False


async def _until_done_or_asking(app: App, workers: list[Worker]) -> None:
    """Until one of ``workers`` ends or a screen is pushed (perhaps the dialog one of them waits for).

    ``asyncio.wait`` watches the workers' tasks without owning them: leaving it never cancels a
    worker (awaiting a task and then cancelling the awaiter would cancel the task too).
    """
    pushed = asyncio.get_running_loop().create_future()
    app.screen_change_signal.subscribe(app, lambda _: pushed.done() or pushed.set_result(None), immediate=True)
    tasks = [worker._task for worker in workers if worker._task is not None]
    try:
        await asyncio.wait([*tasks, pushed], return_when=asyncio.FIRST_COMPLETED, timeout=None if tasks else 0)
    finally:
        app.screen_change_signal.unsubscribe(app)


async def settle(pilot: Pilot) -> None:
    """Wait until every worker is done and every message they posted has been handled.

    A worker that failed counts as done: its failure is the app's to show, not the test's to raise.
    A flow waiting for the answer of a dialog it opened (``push_screen_wait``) counts as done too.
    """

    def busy() -> list[Worker]:
        return [worker for worker in pilot.app.workers if not worker.is_finished and not _asks_user(worker)]

    def quiet() -> bool:
        # callbacks waiting for the next repaint may start work (the table counts once its first
        # rows are painted): not quiet until they have run
        return not busy() and not pilot.app.screen._callbacks

    for _ in range(10):  # a handled result may start more work (the next block, the count)
        while running := busy():
            await _until_done_or_asking(pilot.app, running)
        await pilot.pause()
        # The pause ends with a refresh whose callbacks run as the next messages: one more pause
        # lets them start their work.
        if quiet():
            await pilot.pause()
            if quiet():
                break


def _waits_for_an_answer(worker: Worker) -> bool:
    """Whether ``worker`` is a flow waiting in ``push_screen_wait`` for the answer of a dialog."""
    awaiting = worker._task.get_coro() if worker._task is not None else None
    while awaiting is not None and getattr(awaiting, "cr_code", None) is not None:  # down the chain of awaits
        if awaiting.cr_code.co_name == "push_screen_wait":
            # past its first step (a coroutine), it awaits a future: the dialog's answer
            return awaiting.cr_await is not None and not asyncio.iscoroutine(awaiting.cr_await)
        awaiting = awaiting.cr_await
    return False


async def press_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` one key at a time, as a person would (Chinese characters included)."""
    for char in text:
        await pilot.press(char)
    await settle(pilot)


def screen_text(app: App) -> str:
    """What the terminal shows now, as plain text (modal screens over their background).

    Textual offers the picture only as SVG (``App.export_screenshot``); this is the same rendering
    (its compositor's full update over the background screens) exported as text instead.
    """
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def notifications(app: App) -> list:
    """The notifications currently kept by the app (a private list of Textual's: ``Desk.notices`` reads
    the toasts on screen instead)."""
    return list(app._notifications)
