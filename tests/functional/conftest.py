"""Fixtures of the functional tests: a filled SQLite directory, the app on it, and Pilot helpers.

The directory (茶园康护 and 60 other makers) is built once per session through the services and
copied into each test's ``tmp_path``, so every test gets its own file without paying for the
migration and the pinyin keys again. Tests run with the working directory in ``tmp_path`` and a
relative SQLite URL: the header shows ``supplydesk.db`` rather than a temporary path, which keeps
the snapshots stable. The clock is pinned (the header shows the time).
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.worker import Worker

from models import clock
from models.db import Database
from models.migrate import ensure_schema

#: the moment of the case (the same as tests/conftest.py CASE_TIME): Monday 3 February 2020, 07:50
CASE_TIME = datetime(2020, 2, 3, 7, 50)
COORDINATOR = "coord"
DB_NAME = "supplydesk.db"

SAMPLE_NAME = "茶园康护医疗用品有限公司"
SAMPLE_SHORT = "茶园康护"
SAMPLE_DISTRICT = "南岸区"
SAMPLE_PARK = "茶园新区"
#: a very long name, for truncation in narrow columns
LONG_NAME = "重庆市渝北区两路空港经济开发区国际医疗卫生防护用品与应急物资保障供应链管理股份有限公司"
#: the one maker in an autonomous county (the widest district name); its name sorts last (shizhu…)
SHIZHU_NAME = "石柱土家族自治县黄水医用卫生材料有限公司"
SHIZHU_DISTRICT = "石柱土家族自治县"

DISTRICTS = ("渝北", "江北", "沙坪坝", "九龙坡", "巴南", "涪陵", "永川", "璧山", "长寿", "南岸")
TRADES = ("防护用品", "医疗器械", "卫生材料", "医用敷料", "消毒制品", "检测试剂")


def credit_code(serial: int, *, region: str = "500108") -> str:
    """A valid unified social credit code (GB 32100-2015) made from ``serial``."""
    from models.validation import CREDIT_ALPHABET, credit_check_char

    digits, n = "", serial
    for _ in range(5):
        digits = CREDIT_ALPHABET[n % 31] + digits
        n //= 31
    first17 = f"91{region}MA5U{digits}"
    return first17 + credit_check_char(first17)


SAMPLE_CODE = credit_code(7)


def other_names() -> list[tuple[str, str]]:
    """(name, district) of the 60 other makers: 57 重庆… names, the long one, 石柱… and 万州."""
    rows = [(f"重庆{d}{trade}有限公司", f"{d}区") for d in DISTRICTS for trade in TRADES]
    rows = rows[:57]
    rows.append((LONG_NAME, "渝北区"))
    rows.append((SHIZHU_NAME, SHIZHU_DISTRICT))
    rows.append(("重庆万州三峡医用敷料有限公司", "万州区"))
    return rows


def build_directory(url: str) -> None:
    """Fill a fresh database at ``url`` through the services (never raw inserts)."""
    from models.enterprise import EnterpriseCreate
    from models.services.enterprises import create_enterprise, set_product, set_status
    from models.services.identity import resolve_actor
    from models.services.reference import add_park, catalogue, district_by_name

    db = Database.open(url)
    try:
        ensure_schema(db)
        with db.session() as session:
            coord = resolve_actor(session, login=COORDINATOR)  # first login: the coordinator
            nanan = district_by_name(session, SAMPLE_DISTRICT).id
            park = add_park(session, actor=coord, district_id=nanan, name=SAMPLE_PARK)
            mask = next(item for item in catalogue(session) if item.code == "MASK-DISP")
            sample = create_enterprise(session, actor=coord, data=EnterpriseCreate(
                name=SAMPLE_NAME, short_name=SAMPLE_SHORT, district_id=nanan, park_id=park.id,
                credit_code=SAMPLE_CODE, contact_person="刘敏", phone="13800000001",
            ))
            set_product(session, actor=coord, enterprise_id=sample.id, item_id=mask.id, daily_capacity=50_000)
            for serial, (name, district) in enumerate(other_names(), start=100):
                made = create_enterprise(session, actor=coord, data=EnterpriseCreate(
                    name=name, district_id=district_by_name(session, district).id, credit_code=credit_code(serial),
                ))
                if serial % 4 == 1:
                    set_status(session, actor=coord, enterprise_id=made.id, expected_version=made.version,
                               status="resumed")
    finally:
        db.dispose()


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

    yield
    i18n.set_language("en")
    i18n._missing.clear()


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
    maker = AppMaker(desk_url, [])
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


# --- helpers (plain functions, imported by the tests) -------------------------------------------


async def settle(pilot: Pilot) -> None:
    """Wait until every worker is done and every message they posted has been handled.

    A worker that failed counts as done: its failure is the app's to show, not the test's to raise.
    """
    from textual.worker import WorkerCancelled, WorkerFailed

    def done() -> bool:
        return all(worker.is_finished or waits_for_a_screen(worker) for worker in pilot.app.workers)

    for _ in range(5):  # a handled result may start more work (the next block, the count)
        for worker in list(pilot.app.workers):
            if waits_for_a_screen(worker):
                continue
            try:
                await worker.wait()
            except (WorkerFailed, WorkerCancelled):
                pass
        await pilot.pause()
        # The pause ends with a refresh whose callbacks run as the next messages (the table starts
        # its count once the first rows are painted): one more pause lets them start their work.
        if done():
            await pilot.pause()
            if done():
                break


def waits_for_a_screen(worker: Worker[object]) -> bool:
    """A flow waiting for the user's answer in a dialog (``push_screen_wait``): the test answers it,
    so it is no work to wait for."""
    task = getattr(worker, "_task", None)
    awaited = task.get_coro() if task is not None else None
    while awaited is not None:
        if getattr(getattr(awaited, "cr_code", None), "co_name", "") == "push_screen_wait":
            return True
        awaited = getattr(awaited, "cr_await", None)
    return False


async def press_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` one key at a time, as a person would (Chinese characters included)."""
    for char in text:
        await pilot.press(char)
    await settle(pilot)


def screen_text(app: App) -> str:
    """What the terminal shows now, as plain text (modal screens over their background)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def notifications(app: App) -> list:
    """The notifications currently shown (Textual keeps them on the app)."""
    return list(app._notifications)
