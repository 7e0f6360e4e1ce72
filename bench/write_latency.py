"""What durable commits cost: write latency with SQLite ``synchronous=FULL`` (the app's) and NORMAL, same run.

    python bench/write_latency.py [--writes 250] [--rounds 3] [--dir DIR] [--json FILE]

One field cadre writes the cycle of ``_workload.CycleWriter`` (report a shortage, a note on it, a
daily-report increment, check in, check out with a note on the shortage) through the services, on a
fresh SQLite file in WAL: once with the app's setting, FULL (the log is synced at every commit, so
an acknowledged write survives a power cut), once with NORMAL (synced at checkpoints only). NORMAL
is set here by a connect listener that runs after the app's; the app has no such option. The two
take turns, ``--rounds`` times each, so load elsewhere on the machine hits both. Each write is timed
from the service call to its commit returning. Prints p50 / p99 / max for each and FULL / NORMAL.

The files go in ``--dir``, by default a temporary folder in ``bench/data`` (the disk a database
would be on): on a tmpfs a sync costs nothing, and the figures would say nothing.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _workload as wl

HERE = Path(__file__).resolve().parent
#: what PRAGMA synchronous reads back for each setting
SETTINGS = {"NORMAL": 1, "FULL": 2}


def _normal(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.execute("PRAGMA synchronous = NORMAL")


def measure(path: Path, setting: str, writes: int) -> list[float]:
    """Milliseconds of each of ``writes`` writes on a fresh database at ``path``."""
    from sqlalchemy import event

    from models.db import Database

    wl.FakeClock(wl.BASE).install()
    db = Database.open(f"sqlite:///{path}")
    if setting == "NORMAL":
        event.listen(db.engine, "connect", _normal)  # after the app's own listener, so it wins
    try:
        world = wl.set_up(db, cadres=1, shortage=False)
        with db.engine.connect() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            synchronous = conn.exec_driver_sql("PRAGMA synchronous").scalar()
        if (mode, synchronous) != ("wal", SETTINGS[setting]):
            raise SystemExit(f"{setting}: journal_mode {mode}, synchronous {synchronous}")
        writer = wl.CycleWriter(db, world, wl.actor_for(db, world.cadres[0]), wl.BASE.date(), tag=setting)
        times = []
        for step in range(writes):
            write = writer.plan(step)
            started = time.perf_counter()
            writer.commit(write)
            times.append((time.perf_counter() - started) * 1000)
        return times
    finally:
        db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=250, help="writes per round and setting")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, help="where the database files go (default: in bench/data)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    parent = args.dir or HERE / "data"
    parent.mkdir(parents=True, exist_ok=True)
    times: dict[str, list[float]] = {name: [] for name in SETTINGS}
    with tempfile.TemporaryDirectory(prefix="supplydesk-latency-", dir=parent) as folder:
        for n in range(args.rounds):
            for setting in SETTINGS:
                times[setting] += measure(Path(folder, f"{setting}-{n}.db"), setting, args.writes)
    figures = {name: {"p50_ms": round(wl.percentile(values, 50), 2), "p99_ms": round(wl.percentile(values, 99), 2),
                      "max_ms": round(max(values), 2)} for name, values in times.items()}
    ratios = {key: round(figures["FULL"][key] / figures["NORMAL"][key], 2) for key in ("p50_ms", "p99_ms")}
    print(f"sqlite {sqlite3.sqlite_version}, WAL; {args.rounds} alternating rounds × {args.writes} writes per setting"
          f" (files in {parent})")
    print(f"  {'synchronous':12} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9}")
    for name, row in figures.items():
        print(f"  {name:12} {row['p50_ms']:9.2f} {row['p99_ms']:9.2f} {row['max_ms']:9.2f}")
    print(f"  {'FULL/NORMAL':12} {ratios['p50_ms']:8.2f}× {ratios['p99_ms']:8.2f}×")
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "full_over_normal": ratios}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
