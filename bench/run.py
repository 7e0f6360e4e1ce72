"""Benchmark of the app shell: start-up, keystrokes, filtering, scrolling and memory; the stock screen.

    python bench/run.py --scale 1000 [--repeat 7] [--stock-rows 1000000] [--json FILE]
    python bench/run.py --url URL [--repeat 7]      # an existing database, e.g. PostgreSQL as a field role
    python bench/run.py --scale 100000 --days 78 --only-history   # the screens at the size of the history

Builds (or reuses) a demo database of N enterprises in ``bench/data/`` and prints medians over
repeated runs, each against a baseline measured in the same run (this machine is shared and noisy:
compare ratios, not single times). Each measurement runs in a fresh child process of this file;
start-up and its floor alternate, so a burst of load elsewhere hits both. The CPU time of a start
(``*_cpu_ms``) varies less with that load than its wall time.

The stock part (``--stock-rows``, 0 skips it) reads the ledger file of ``bench/stock.py`` (N entries
over 20 warehouses × 9 items × 5 lots, built once): screen ``5`` opened and paged, the stock card of
an item opened, paged and sent to its end, each against the keystroke floor measured in the same
child; and ``supplydesk stock --check`` over the whole ledger, alternating with the import floor.

The history part (``--days D`` builds the demo file with D days of daily reports; ``--only-history``
runs only this part): in one child the keystroke floor, then the dashboard (``1``), the check-in screen
(``4``) and a card opened from the directory (``enter``), and the directory sorted by each column (both
ways) and paged, and filtered by the item most enterprises make and sorted by its output, each against
that floor; in another the services under them called directly (the dashboard's read, a card's, the
first and a later page of each sort), in ms.
"""

from __future__ import annotations

import argparse
import atexit
import compileall
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERIES = ["cykh", "chayuan", "口罩", "nanan", "kouzhao"]
NAIVE_LIMIT = 10_000


def database(scale: int, days: int | None = None) -> Path:
    """The demo database for ``scale`` (and ``days`` of reports), built once with ``supplydesk demo --scale``,
    at the schema's head (a database built by an older version is migrated here, not in the first measured
    start)."""
    path = HERE / "data" / (f"demo-{scale}-{days}d.db" if days else f"demo-{scale}.db")
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        print(f"building {path.name} …", file=sys.stderr)
        more = ["--days", str(days)] if days else []
        subprocess.run([sys.executable, "-m", "tui.cli", "demo", "--scale", str(scale), *more, "--db", str(path)],
                       check=True)
    from models.db import Database
    from models.migrate import ensure_schema

    db = Database.open(f"sqlite:///{path}")
    try:
        if ensure_schema(db):
            print(f"migrated {path.name} to the current schema", file=sys.stderr)
    finally:
        db.dispose()
    return path


def url_of(db: str) -> str:
    """A database URL for ``db``: a URL as it is, a path as SQLite."""
    return db if "://" in db else f"sqlite:///{db}"


@functools.cache
def _backup_made(db: str) -> dict[str, str]:
    """The environment in which today's automatic backup of ``db`` counts as made: a child times
    screens, not the first start of a day copying the file (2.7 GB at 100,000 enterprises × 78 days,
    seconds of disk and CPU landing in whichever step runs meanwhile)."""
    from models import clock
    from models.backup import DAILY

    if "://" in db and not db.startswith("sqlite:"):
        return {}
    folder = Path(tempfile.mkdtemp(prefix="bench-backups-"))
    atexit.register(shutil.rmtree, folder, True)
    stem = Path(db.split("///", 1)[-1]).stem
    (folder / DAILY.format(stem=stem, day=clock.today().isoformat())).touch()
    return {"SUPPLYDESK_BACKUP_DIR": str(folder)}


def child(mode: str, db: str, *extra: str) -> dict[str, float]:
    """Run this file as ``--child MODE`` and return the JSON figures it prints last."""
    env = {**os.environ, "SUPPLYDESK_LANG": "en", **_backup_made(str(db))}
    started = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--db", db, *extra],
        check=True, capture_output=True, text=True, env=env,
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    if "at" in figures:  # wall-clock moment the child reached its mark, from our spawn
        figures["since_spawn_ms"] = (figures.pop("at") - started) * 1000
    return figures


# ---- children ------------------------------------------------------------------------------


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_ms() -> float:
    """CPU time of this process so far (all threads, user and system)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return (usage.ru_utime + usage.ru_stime) * 1000


def child_import() -> None:
    import sqlmodel  # noqa: F401
    import textual.app  # noqa: F401

    print(json.dumps({"at": time.time(), "cpu_ms": _cpu_ms()}))


def child_first_paint(db: str) -> None:
    from tui.app import SupplyDeskApp
    from tui.factory import open_context
    from tui.i18n import set_language
    from tui.widgets.paged_table import PagedTable

    marks: dict[str, float] = {}

    class Timed(SupplyDeskApp):
        def on_paged_table_loaded(self, message: PagedTable.Loaded) -> None:
            table = message.table
            if "at" not in marks and (table.cursor_row is not None or table.total == 0):  # an empty list paints too
                self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            if "at" not in marks:
                marks.update(at=time.time(), cpu_ms=_cpu_ms())
            self.exit()

    set_language("en")
    Timed(open_context(db_url=url_of(db), login="bench")).run(headless=True, size=(80, 24))
    print(json.dumps(marks))


async def _settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Until every worker has finished and the screen has been refreshed."""
    await _workers_done(app)
    await pilot.pause()
    await _workers_done(app)
    await pilot.pause()


async def _workers_done(app) -> None:  # type: ignore[no-untyped-def]
    """Every worker finished; one cancelled meanwhile (an exclusive one replaced by a newer one, as the
    poll's is on a busy machine) is done too."""
    from textual.worker import WorkerCancelled

    for _ in range(10):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


def child_interactive(db: str, repeat: int) -> None:
    import asyncio

    from textual.app import App, ComposeResult
    from textual.widgets import Input

    from tui.factory import make_app
    from tui.widgets.paged_table import PagedTable

    class Floor(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    async def floor() -> list[float]:
        times = []
        async with Floor().run_test(size=(80, 24)) as pilot:
            for _ in range(repeat * 6):
                started = time.perf_counter()
                await pilot.press("a")
                await _settle(pilot.app, pilot)
                times.append((time.perf_counter() - started) * 1000)
                await pilot.press("backspace")
                await _settle(pilot.app, pilot)
        return times

    async def ours() -> tuple[list[float], list[float]]:
        app = make_app(db_url=url_of(db), lang="en", login="bench")
        keys, pages = [], []
        async with app.run_test(size=(80, 24)) as pilot:
            await _settle(app, pilot)
            table = app.screen.query_one(PagedTable)
            for _ in range(repeat):
                for query in QUERIES:
                    await pilot.press("slash")
                    for char in query:
                        started = time.perf_counter()
                        await pilot.press(char)
                        await _settle(app, pilot)
                        keys.append((time.perf_counter() - started) * 1000)
                        assert table.request.query.endswith(char)
                    app.screen.query_one(Input).value = ""
                    await _settle(app, pilot)
                    table.focus()
                for _ in range(10):
                    started = time.perf_counter()
                    await pilot.press("pagedown")
                    await _settle(app, pilot)
                    pages.append((time.perf_counter() - started) * 1000)
                await pilot.press("home")
        return keys, pages

    floor_times = asyncio.run(floor())
    keys, pages = asyncio.run(ours())
    keys.sort()
    print(json.dumps({
        "keystroke_floor_ms": statistics.median(floor_times),
        "filter_keystroke_p50_ms": statistics.median(keys),
        "filter_keystroke_p95_ms": keys[int(len(keys) * 0.95) - 1],
        "scroll_page_ms": statistics.median(pages),
        "peak_rss_mb": _rss_mb(),
    }))


def child_stock(db: str, repeat: int) -> None:
    """Screen 5 over a large ledger, timed key by key as ``child_interactive`` times the directory."""
    import asyncio

    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Input

    from tui.factory import make_app
    from tui.widgets.paged_table import PagedTable

    class Bare(Screen[None]):
        """A new full screen with nothing of the app's: what Textual takes to compose, style and paint one."""

        def compose(self) -> ComposeResult:
            yield Header()
            yield Input()
            yield Footer()

    class Floor(App[None]):
        BINDINGS = [("ctrl+b", "bare", "Bare"), ("escape", "pop", "Back")]

        def compose(self) -> ComposeResult:
            yield Input()

        def action_bare(self) -> None:
            self.push_screen(Bare())

        async def action_pop(self) -> None:
            await self.pop_screen()

    floor_cpu: list[float] = []
    screen_floor: list[float] = []

    async def floor() -> list[float]:
        times = []
        async with Floor().run_test(size=(80, 24)) as pilot:
            for _ in range(repeat * 6):
                started, cpu_started = time.perf_counter(), _cpu_ms()
                await pilot.press("a")
                await _settle(pilot.app, pilot)
                times.append((time.perf_counter() - started) * 1000)
                floor_cpu.append(_cpu_ms() - cpu_started)
                await pilot.press("backspace")
                await _settle(pilot.app, pilot)
            for _ in range(repeat * 2):  # a new bare screen each time, built and shown, then closed
                started = time.perf_counter()
                await pilot.press("ctrl+b")
                await _settle(pilot.app, pilot)
                screen_floor.append((time.perf_counter() - started) * 1000)
                await pilot.press("escape")
                await _settle(pilot.app, pilot)
        return times

    cpu: dict[str, list[float]] = {"open": [], "card_open": []}

    async def timed(app, pilot, key: str, cpu_of: str = "") -> float:  # type: ignore[no-untyped-def]
        started, cpu_started = time.perf_counter(), _cpu_ms()
        await pilot.press(key)
        await _settle(app, pilot)
        if cpu_of:
            cpu[cpu_of].append(_cpu_ms() - cpu_started)
        return (time.perf_counter() - started) * 1000

    async def ours() -> dict[str, list[float]]:
        app = make_app(db_url=str(db), lang="en", login="bench")
        got: dict[str, list[float]] = {"open": [], "list_page": [], "card_open": [], "card_page": [], "card_end": []}
        async with app.run_test(size=(80, 24)) as pilot:
            await _settle(app, pilot)
            for turn in range(repeat):
                got["open"].append(await timed(app, pilot, "5", "open"))  # the stock screen, from the directory
                table = app.screen.query_one("#stock", PagedTable)
                assert table.total, "the stock list is empty"
                for _ in range(3):
                    got["list_page"].append(await timed(app, pilot, "pagedown"))
                await pilot.press("home", *["down"] * turn)  # each turn the card of another row
                await _settle(app, pilot)
                got["card_open"].append(await timed(app, pilot, "enter", "card_open"))
                card = app.screen.query_one("#card", PagedTable)
                assert card.total, "the stock card is empty"
                for _ in range(5):
                    got["card_page"].append(await timed(app, pilot, "pagedown"))
                got["card_end"].append(await timed(app, pilot, "end"))
                await pilot.press("escape")
                await _settle(app, pilot)
                await pilot.press("2")
                await _settle(app, pilot)
        return got

    floor_times = asyncio.run(floor())
    got = asyncio.run(ours())
    print(json.dumps({
        "stock_keystroke_floor_ms": statistics.median(floor_times),
        "stock_screen_floor_ms": statistics.median(screen_floor),  # a bare Textual screen's first show
        "stock_screen_first_open_ms": got["open"][0],  # the screen built (its modules, styles, compose)
        "stock_screen_open_ms": statistics.median(got["open"][1:] or got["open"]),  # back to it
        "stock_list_page_ms": statistics.median(got["list_page"]),
        "stock_card_first_open_ms": got["card_open"][0],  # the card screen built
        "stock_card_open_ms": statistics.median(got["card_open"][1:] or got["card_open"]),  # kept, another item
        "stock_card_page_ms": statistics.median(got["card_page"]),
        "stock_card_end_ms": statistics.median(got["card_end"]),
        # CPU time of the process (every thread) over the same steps: steadier than wall time on a busy machine
        "stock_keystroke_floor_cpu_ms": statistics.median(floor_cpu),
        "stock_screen_first_open_cpu_ms": cpu["open"][0],
        "stock_card_first_open_cpu_ms": cpu["card_open"][0],
        "stock_card_open_cpu_ms": statistics.median(cpu["card_open"][1:] or cpu["card_open"]),
        "stock_peak_rss_mb": _rss_mb(),
    }))


#: the directory's sort keys timed at size (the figures and the plain columns; tui/enterprises/screen.py)
DIRECTORY_SORTS = ("products", "output", "cover", "shortages", "cadre", "reported", "status", "district", "park")
#: and the order by an item's output, the directory filtered by the item most enterprises make
ITEM_SORT = "output_item"
TIMED_SORTS = (*DIRECTORY_SORTS, ITEM_SORT)


def busiest_item(url: str) -> int:
    """The catalogue item most enterprises make (the quick filter whose order by output reads most)."""
    from sqlalchemy import func, select

    from models.db import Database
    from models.enterprise import Product

    with Database.open(url).session() as session:
        item: int = session.execute(select(Product.item_id).group_by(Product.item_id)
                                    .order_by(func.count().desc(), Product.item_id).limit(1)).scalar_one()
    return item


def child_history(db: str, repeat: int) -> None:
    """Screens that read figures, at the size of the history: the dashboard (``1``), a card opened from
    the directory (``enter``), the check-in screen (``4``) and the directory sorted by each column and
    paged; each timed key by key until the screen has settled, beside the keystroke floor of this child."""
    import asyncio

    from textual.app import App, ComposeResult
    from textual.widgets import Input

    from tui.factory import make_app
    from tui.widgets.paged_table import PagedTable

    class Floor(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    async def floor() -> list[float]:
        times = []
        async with Floor().run_test(size=(80, 24)) as pilot:
            for _ in range(repeat * 6):
                started = time.perf_counter()
                await pilot.press("a")
                await _settle(pilot.app, pilot)
                times.append((time.perf_counter() - started) * 1000)
                await pilot.press("backspace")
                await _settle(pilot.app, pilot)
        return times

    async def timed(app, pilot, key: str) -> float:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        await pilot.press(key)
        await _settle(app, pilot)
        return (time.perf_counter() - started) * 1000

    async def ours() -> dict[str, list[float]]:
        app = make_app(db_url=url_of(db), lang="en", login="bench")
        got: dict[str, list[float]] = {"dashboard": [], "card": [], "checkins": []}
        async with app.run_test(size=(80, 24)) as pilot:
            await _settle(app, pilot)
            # one screen at a time (a screen left behind may reload meanwhile, and a key waits for every
            # worker); the first opening builds each screen: left out below
            for _ in range(repeat + 1):
                got["card"].append(await timed(app, pilot, "enter"))
                assert app.screen.__class__.__name__ == "EnterpriseCardScreen", app.screen
                await timed(app, pilot, "escape")
                await timed(app, pilot, "down")
            table = app.screen.query_one("#enterprises", PagedTable)
            for sort in TIMED_SORTS:
                if sort == ITEM_SORT:  # the quick filter set, then the order by the item's output
                    table.set_filters(item_id=busiest_item(url_of(db)))
                    await _settle(app, pilot)
                column = next(c for c in table.columns if c.sort == sort.removesuffix("_item"))
                sorts, pages = got.setdefault(f"sort_{sort}", []), got.setdefault(f"page_{sort}", [])
                for _ in range(max(1, repeat // 2)):
                    for _descending in range(2):  # ascending, then again: descending
                        started = time.perf_counter()
                        table.action_sort(column)
                        await _settle(app, pilot)
                        sorts.append((time.perf_counter() - started) * 1000)
                        assert table.request.sort == column.sort
                        for _ in range(3):
                            pages.append(await timed(app, pilot, "pagedown"))
            table.set_filters(item_id=None)
            await _settle(app, pilot)
            for _ in range(repeat + 1):
                got["checkins"].append(await timed(app, pilot, "4"))
                await timed(app, pilot, "2")
            for _ in range(repeat + 1):
                got["dashboard"].append(await timed(app, pilot, "1"))
                await timed(app, pilot, "2")
        return got

    floor_times = asyncio.run(floor())
    got = asyncio.run(ours())
    figures = {"history_keystroke_floor_ms": statistics.median(floor_times)}
    for name, times in got.items():
        kept = times[1:] if name in ("dashboard", "card", "checkins") else times
        if kept is not times:  # the first opening: the screen built and its figures read
            figures[f"{name}_first_ms"] = times[0]
        figures[f"{name}_ms"] = statistics.median(kept)
        figures[f"{name}_max_ms"] = max(kept)
    figures["peak_rss_mb"] = _rss_mb()
    print(json.dumps(figures))


def child_reads(db: str, repeat: int) -> None:
    """The services under those screens, called directly: the dashboard's read, a card's, and the first
    and a later page of the directory in each sort order (ms, medians)."""
    import random

    from sqlalchemy import func, select

    from models.db import Database
    from models.enterprise import Enterprise
    from models.services.dashboard import dashboard
    from models.services.enterprise_card import card
    from models.services.enterprise_list import list_enterprises
    from models.services.paging import PageRequest

    database_ = Database.open(url_of(db))

    def ms(call) -> float:  # type: ignore[no-untyped-def]
        with database_.session() as session:
            started = time.perf_counter()
            call(session)
            return (time.perf_counter() - started) * 1000

    with database_.session() as session:
        top = session.execute(select(func.max(Enterprise.id))).scalar_one()
    rng = random.Random(22)
    figures: dict[str, float] = {}
    figures["read_dashboard_ms"] = statistics.median(ms(dashboard) for _ in range(repeat))
    ids = [rng.randint(1, top) for _ in range(repeat * 4)]
    figures["read_card_ms"] = statistics.median(ms(lambda s, i=i: card(s, enterprise_id=i)) for i in ids)
    item = busiest_item(url_of(db))
    for sort in TIMED_SORTS:
        for offset in (0, 5000):
            filters = {"item_id": item} if sort == ITEM_SORT else {}
            request = PageRequest(sort=sort.removesuffix("_item"), filters=filters, offset=offset, limit=50)
            figures[f"read_sort_{sort}_{offset}_ms"] = statistics.median(
                ms(lambda s, r=request: list_enterprises(s, request=r)) for _ in range(max(1, repeat // 2)))
    print(json.dumps(figures))


def history_figures(db: str, repeat: int) -> dict[str, float]:
    """The history part's figures, with each screen's ratio to the keystroke floor beside it."""
    figures = child("history", db, "--repeat", str(max(2, repeat // 2)))
    figures.update(child("reads", db, "--repeat", str(repeat)))
    floor = figures["history_keystroke_floor_ms"]
    for name in ("dashboard", "card", "checkins", *(f"{k}_{s}" for s in TIMED_SORTS for k in ("sort", "page"))):
        figures[f"{name} / keystroke_floor"] = figures[f"{name}_ms"] / floor
    return figures


def report_history(figures: dict[str, float]) -> None:
    print("history: screens at this size, key by key (medians; ratios to the keystroke floor of the same child)")
    for name, value in figures.items():
        print(f"  {name:36} {value:10.2f}{'×' if '/' in name else ''}")


def stock_check_times(db: Path, repeat: int) -> dict[str, float]:
    """``supplydesk stock --check`` over the ledger file, alternating with the import floor (wall time
    from spawn to exit, the check's exit code kept: 0 when the books hold)."""
    env = {**os.environ, "SUPPLYDESK_LANG": "en"}
    checks, floors, codes = [], [], set()
    for _ in range(repeat):
        floors.append(child("import", db)["since_spawn_ms"])
        started = time.time()
        done = subprocess.run([sys.executable, "-m", "tui.cli", "stock", "--check", "--db", f"sqlite:///{db}"],
                              check=False, capture_output=True, text=True, env=env, cwd=HERE.parent)
        checks.append((time.time() - started) * 1000)
        codes.add(done.returncode)
    return {"stock_check_ms": statistics.median(checks), "stock_check_import_floor_ms": statistics.median(floors),
            "stock_check_exit_code": float(max(codes))}


def stock_database(rows: int) -> Path:
    """The ledger file of ``bench/stock.py`` with ``rows`` entries, built once."""
    import importlib.util

    path = HERE / "data" / f"stock-{rows}.db"
    if not path.exists():
        spec = importlib.util.spec_from_file_location("bench_stock", HERE / "stock.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"building {path.name} …", file=sys.stderr)
        module.build(path, rows)
    return path



def child_naive(db: str, repeat: int) -> None:
    """The same filter done the naive way: per key, every matching row (≤ 10,000) into a stock DataTable.

    Typed and timed exactly like ours (a key press until the screen has settled), so only the
    table differs.
    """
    import asyncio

    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Input

    from models.db import Database
    from models.services.enterprise_list import list_enterprises
    from models.services.paging import PageRequest

    database_ = Database.open(url_of(db))

    class Naive(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()
            yield DataTable()

        def on_mount(self) -> None:
            self.query_one(DataTable).add_columns("name", "district", "status", "products")

        def on_input_changed(self, event: Input.Changed) -> None:
            with database_.session() as session:
                request = PageRequest(query=event.value, sort="name", limit=NAIVE_LIMIT)
                rows = list_enterprises(session, request=request).rows
            table = self.query_one(DataTable)
            table.clear()
            table.add_rows([(r.name, r.district, r.status, r.products) for r in rows])

    async def run() -> list[float]:
        times = []
        async with Naive().run_test(size=(80, 24)) as pilot:
            for _ in range(repeat):
                for query in QUERIES:
                    for char in query:
                        started = time.perf_counter()
                        await pilot.press(char)
                        await _settle(pilot.app, pilot)
                        times.append((time.perf_counter() - started) * 1000)
                    pilot.app.query_one(Input).value = ""
                    await _settle(pilot.app, pilot)
        return times

    print(json.dumps({"stock_datatable_filter_ms": statistics.median(asyncio.run(run()))}))


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


# ---- the report ------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--stock-rows", type=int, default=1_000_000, help="ledger entries for the stock part (0 skips)")
    parser.add_argument("--only-stock", action="store_true", help="only the stock part")
    parser.add_argument("--days", type=int, help="days of daily reports in the demo file (supplydesk demo --days; "
                                                 "78 at --scale 100000: about 10 million)")
    parser.add_argument("--only-history", action="store_true",
                        help="only the history part: dashboard, card, check-in screen, directory sorts and reads")
    parser.add_argument("--child")
    parser.add_argument("--db")
    parser.add_argument("--url", help="measure this database (its URL, e.g. PostgreSQL as a field cadre's role; no "
                                      "password in it: ~/.pgpass or PGPASSFILE) instead of the demo file of --scale")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    if args.child:
        {
            "import": child_import,
            "first_paint": lambda: child_first_paint(args.db),
            "interactive": lambda: child_interactive(args.db, args.repeat),
            "naive": lambda: child_naive(args.db, args.repeat),
            "stock": lambda: child_stock(args.db, args.repeat),
            "history": lambda: child_history(args.db, args.repeat),
            "reads": lambda: child_reads(args.db, args.repeat),
        }[args.child]()
        return
    # Installed with pip, the app's modules are byte-compiled like textual's and sqlmodel's; a
    # checkout run with PYTHONDONTWRITEBYTECODE would compile them from source on every start.
    for package in ("models", "tui"):
        compileall.compile_dir(HERE.parent / package, quiet=1)
    stock = stock_figures(args.stock_rows, args.repeat) if args.stock_rows and not args.only_history else {}
    if args.only_stock:
        report_stock(args.stock_rows, stock)
        if args.json:
            args.json.write_text(json.dumps({"stock_rows": args.stock_rows, "stock": stock}, indent=2))
        return
    db = args.url or str(database(args.scale, args.days))
    if args.only_history:
        history = history_figures(db, args.repeat)
        print(f"database: {_shown(args.url)}" if args.url else f"scale: {args.scale:,} enterprises, "
              f"{args.days or 7} days of reports ({Path(db).stat().st_size / 2**20:.0f} MiB)")
        report_history(history)
        if args.json:
            args.json.write_text(json.dumps({"scale": _shown(args.url) if args.url else args.scale,
                                             "days": args.days, "history": history}, indent=2))
        return
    figures: dict[str, float] = {}
    floors, paints = [], []
    for _ in range(args.repeat):  # alternating, so both see the same load
        floors.append(child("import", db))
        paints.append(child("first_paint", db))
    figures["import_floor_ms"] = statistics.median(f["since_spawn_ms"] for f in floors)
    figures["first_paint_ms"] = statistics.median(f["since_spawn_ms"] for f in paints)
    figures["import_floor_cpu_ms"] = statistics.median(f["cpu_ms"] for f in floors)
    figures["first_paint_cpu_ms"] = statistics.median(f["cpu_ms"] for f in paints)
    figures.update(child("interactive", db, "--repeat", str(max(1, args.repeat // 2))))
    figures.update(child("naive", db, "--repeat", "1"))
    history = history_figures(db, args.repeat)
    ratios = {
        "filter_p50 / keystroke_floor": figures["filter_keystroke_p50_ms"] / figures["keystroke_floor_ms"],
        "first_paint / import_floor": figures["first_paint_ms"] / figures["import_floor_ms"],
        "first_paint / floor (cpu)": figures["first_paint_cpu_ms"] / figures["import_floor_cpu_ms"],
        "naive / ours (filter p50)": figures["stock_datatable_filter_ms"] / figures["filter_keystroke_p50_ms"],
    }
    if args.url:
        print(f"database: {_shown(args.url)}; medians of {args.repeat} runs")
    else:
        print(f"scale: {args.scale:,} enterprises ({Path(db).stat().st_size / 2**20:.0f} MiB); "
              f"medians of {args.repeat} runs")
    for name, value in figures.items():
        print(f"  {name:28} {value:10.1f}")
    print(f"  (stock DataTable gets at most {NAIVE_LIMIT:,} matching rows)")
    for name, value in ratios.items():
        print(f"  {name:28} {value:10.2f}×")
    report_history(history)
    if stock:
        report_stock(args.stock_rows, stock)
    if args.json:
        scale = _shown(args.url) if args.url else args.scale
        args.json.write_text(json.dumps({"scale": scale, "days": args.days, "figures": figures, "ratios": ratios,
                                         "history": history, "stock": stock}, indent=2))


def stock_figures(rows: int, repeat: int) -> dict[str, float]:
    """The stock part's figures and their ratios to the floors measured beside them."""
    db = stock_database(rows)
    figures = child("stock", str(db), "--repeat", str(max(2, repeat // 2)))
    figures.update(stock_check_times(db, max(1, repeat // 2)))
    key = figures["stock_keystroke_floor_ms"]
    for name in ("stock_screen_first_open", "stock_screen_open", "stock_list_page", "stock_card_first_open",
                 "stock_card_open", "stock_card_page", "stock_card_end"):
        figures[f"{name} / keystroke_floor"] = figures[f"{name}_ms"] / key
    for name in ("stock_screen_first_open", "stock_card_first_open"):  # a screen built, next to a bare one built
        figures[f"{name} / screen_floor"] = figures[f"{name}_ms"] / figures["stock_screen_floor_ms"]
    figures["stock_check / import_floor"] = figures["stock_check_ms"] / figures["stock_check_import_floor_ms"]
    return figures


def report_stock(rows: int, figures: dict[str, float]) -> None:
    print(f"stock: {rows:,} ledger entries (20 warehouses × 9 items × 5 lots)")
    for name, value in figures.items():
        print(f"  {name:36} {value:10.2f}{'×' if '/' in name else ''}")


if __name__ == "__main__":
    main()
