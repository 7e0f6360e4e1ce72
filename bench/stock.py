"""Benchmark of the stock reads over a large ledger: the stock list, a stock card deep in the history,
and the ledger check.

    python bench/stock.py [--rows 1000000] [--repeat 7] [--json FILE]

Builds (once, in ``bench/data/stock-N.db``) a migrated SQLite file holding N ledger entries over 20
warehouses × the 9 catalogue items × 5 lots, written straight through SQL in bulk (the services
would take an hour for a million): each lot's entries are a receipt, then dispatches, receipts,
adjustments, holds and releases, with ``balance_after`` their running sum and the balances equal
to the ledger, so ``check_ledger`` finds nothing. Then prints the median of ``--repeat`` runs of
each read beside a baseline measured in the same run (a trivial query through the same session):
this machine is shared and noisy, so compare the ratios, not single times.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SITES, LOTS = 20, 5
START = datetime(2020, 1, 1)
LOGIN = "bench"


def _stored(moment: datetime) -> str:
    """A time as SQLAlchemy stores it in SQLite (so comparisons in SQL order it right)."""
    return f"{moment:%Y-%m-%d %H:%M:%S}.000000"


def _entries(rows: int, pairs: list[tuple[int, int, int]], rng: random.Random,
             final: dict[tuple[int, int, int], tuple[int, int, int]]) -> Iterator[tuple[Any, ...]]:
    """``rows`` entries spread over the (site, item, lot) ``pairs``, ids ascending, each pair's
    ``balance_after`` its running sum; yields the entries and leaves each pair's on hand, quarantine
    and last entry in ``final``."""
    per = rows // len(pairs)
    moment = START
    entry_id = 0
    for index, (site, item, lot) in enumerate(pairs):
        on_hand = quarantine = 0
        for n in range(per + (rows % len(pairs) if index == 0 else 0)):
            entry_id += 1
            moment += timedelta(seconds=1)
            roll = rng.random()
            if n == 0 or on_hand < 100 or roll < 0.25:
                kind, quantity, reason = "in", rng.randint(1_000, 50_000), "receipt"
            elif roll < 0.85:
                kind, quantity, reason = "out", -rng.randint(1, max(1, (on_hand - quarantine) // 10)), "dispatch"
            elif roll < 0.9:
                kind, quantity, reason = "adj", rng.choice((-1, 1)) * rng.randint(1, 5), "count"
            elif roll < 0.95 and on_hand - quarantine > 10:
                kind, quantity, reason = "hold", rng.randint(1, (on_hand - quarantine) // 10), "quarantine"
            elif quarantine > 0:
                kind, quantity, reason = "release", quarantine, "release"
            else:
                kind, quantity, reason = "in", rng.randint(1_000, 50_000), "receipt"
            if kind in ("in", "out", "adj"):
                on_hand += quantity
            elif kind == "hold":
                quarantine += quantity
            else:
                quarantine -= quantity
            yield (entry_id, site, item, lot, kind, quantity, on_hand, reason, _stored(moment), LOGIN)
        final[(site, item, lot)] = (on_hand, quarantine, entry_id)


def build(path: Path, rows: int) -> None:
    """A migrated file with ``rows`` ledger entries and balances that agree with them."""
    from models.db import Database
    from models.migrate import ensure_schema

    path.parent.mkdir(exist_ok=True)
    db = Database.open(f"sqlite:///{path}")
    try:
        ensure_schema(db)
    finally:
        db.dispose()
    rng = random.Random(18)
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous = OFF")
    items = [row[0] for row in con.execute("SELECT id FROM catalogueitem ORDER BY id")]
    stamp = (1, _stored(START), LOGIN, _stored(START), LOGIN)
    con.executemany(
        "INSERT INTO site (id, code, name, name_en, kind, designated, fever_clinic, archived, search_key, sort_key, "
        "version, created_at, created_by, updated_at, updated_by) "
        "VALUES (?, ?, ?, ?, 'warehouse', 0, 0, 0, ?, ?, ?, ?, ?, ?, ?)",
        [(s, f"WH-{s:02d}", f"储备库{s}号", f"Reserve {s}", f"储备库{s}号", f"chubeiku{s}hao", *stamp)
         for s in range(1, SITES + 1)])
    lots = []
    for item in items:
        for n in range(1, LOTS + 1):
            expiry = (START + timedelta(days=30 * n + item)).date().isoformat()
            lots.append((len(lots) + 1, item, f"L{item}-{n}", expiry, _stored(START), LOGIN))
    con.executemany("INSERT INTO lot (id, item_id, code, expiry, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                    lots)
    pairs = [(site, lot[1], lot[0]) for site in range(1, SITES + 1) for lot in lots]
    batch: list[tuple[Any, ...]] = []
    insert = ("INSERT INTO stockentry (id, site_id, item_id, lot_id, kind, quantity, balance_after, reason, at, login) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    final: dict[tuple[int, int, int], tuple[int, int, int]] = {}
    for entry in _entries(rows, pairs, rng, final):
        batch.append(entry)
        if len(batch) == 50_000:
            con.executemany(insert, batch)
            batch.clear()
    con.executemany(insert, batch)
    balances = []
    for n, ((site, item, lot), (on_hand, quarantine, last)) in enumerate(final.items(), start=1):
        reserved = min(on_hand - quarantine, on_hand // 5)
        balances.append((n, site, item, lot, on_hand, reserved, quarantine, last, *stamp))
    con.executemany(
        "INSERT INTO stockbalance (id, site_id, item_id, lot_id, on_hand, reserved, quarantine, last_entry_id, "
        "version, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        balances)
    con.commit()
    con.execute("ANALYZE")
    con.close()


def median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    path = HERE / "data" / f"stock-{args.rows}.db"
    if not path.exists():
        started = time.perf_counter()
        build(path, args.rows)
        print(f"built {path.name}: {args.rows:,} entries in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    from sqlalchemy import text

    from models.db import Database
    from models.services.stock_check import check_ledger
    from models.services.stock_views import count_card, stock_card, stock_overview

    db = Database.open(f"sqlite:///{path}")
    try:
        with db.session() as session:
            rows = session.execute(text("SELECT count(*) FROM stockentry")).scalar_one()
            differences = check_ledger(session)
            card = count_card(session, site_id=1, item_id=1)
            deep = max(0, card - 100)
            figures = {
                "entries": rows,
                "differences": len(differences),
                "baseline_select_1_ms": median_ms(lambda: session.execute(text("SELECT 1")).all(), args.repeat),
                "stock_overview_first_page_ms": median_ms(lambda: stock_overview(session, limit=50), args.repeat),
                "stock_card_deep_page_ms": median_ms(
                    lambda: stock_card(session, site_id=1, item_id=1, offset=deep, limit=50), args.repeat),
                "stock_card_entries": card,
                "check_ledger_ms": median_ms(lambda: check_ledger(session), max(1, args.repeat // 2)),
            }
    finally:
        db.dispose()
    base = figures["baseline_select_1_ms"]
    for key in ("stock_overview_first_page_ms", "stock_card_deep_page_ms", "check_ledger_ms"):
        figures[key.removesuffix("_ms") + " / baseline"] = figures[key] / base if base else 0.0
    for key, value in figures.items():
        print(f"{key:40} {value:,.2f}" if isinstance(value, float) else f"{key:40} {value:,}")
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2))
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
