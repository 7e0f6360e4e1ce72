"""What a dashboard reload costs the session once the figures are read: the tables refilled (before)
against the cells that differ changed in place (now).

    python bench/dashboard_reload.py [--db FILE] [--reloads 100] [--width 80] [--height 24]

The app runs headless (Textual's test driver) on the dashboard of the demo (``--db``: another file).
The figures are read once; each reload then shows them with one item's stock moved (as a change
elsewhere would), alternately refilling and in place, and is timed from the call to the screen
painted again (wall and CPU of the process). Prints the medians per reload.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from wire import database  # noqa: E402


async def measure(url: str, reloads: int, size: tuple[int, int]) -> dict[str, list[tuple[float, float]]]:
    from models.settings import Settings, install
    from tui.dashboard.screen import DashboardScreen
    from tui.factory import make_app

    install(Settings(poll_seconds=3600.0))  # no poll in between: only the reloads are timed
    app = make_app(db_url=url, lang="en", start="dashboard")
    timings: dict[str, list[tuple[float, float]]] = {"refill": [], "in place": []}
    async with app.run_test(size=size) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            screen = app.screen
            if isinstance(screen, DashboardScreen) and screen.data is not None:
                break
        assert isinstance(screen, DashboardScreen) and screen.data is not None
        data = screen.data
        for n in range(reloads * 2):
            item = data.items[n % len(data.items)]
            moved = dataclasses.replace(item, stock=item.stock + 1 + n)
            changed = dataclasses.replace(data, items=tuple(moved if i is item else i for i in data.items))
            kind = "refill" if n % 2 else "in place"
            screen.rebuild_tables = kind == "refill"
            wall, cpu = time.perf_counter(), time.process_time()
            screen._show(changed, data)
            await pilot.pause()  # the messages the change posted, and the repaint
            timings[kind].append((time.perf_counter() - wall, time.process_time() - cpu))
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a SQLite file (default: the demo)")
    parser.add_argument("--reloads", type=int, default=100, help="reloads of each kind")
    parser.add_argument("--width", type=int, default=80)
    parser.add_argument("--height", type=int, default=24)
    args = parser.parse_args()
    db = args.db or database(None)
    timings = asyncio.run(measure(f"sqlite:///{db.resolve()}", args.reloads, (args.width, args.height)))
    print(f"dashboard reload at {args.width}x{args.height}, {args.reloads} of each, medians:")
    for kind, values in timings.items():
        print(f"{kind:>9}: {statistics.median(w for w, _ in values) * 1000:6.2f} ms wall · "
              f"{statistics.median(c for _, c in values) * 1000:6.2f} ms CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
