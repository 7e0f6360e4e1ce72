"""What the dashboard's stock figure costs: read from the maintained latest reports, and from the history.

    python bench/latest_stock.py [--scale 10000] [--repeat 9] [--db URL]

Builds the demo at ``--scale`` enterprises in a temporary SQLite file, or in ``--db`` (SQLite or
PostgreSQL; an empty database is migrated and filled, a filled one used as it is), then times, in
turns on the same database: the stock per item as the dashboard read it before (each enterprise's
latest report up to yesterday, found by scanning the report history: ``stock_from_history``), from
the maintained latest reports (``stock_from_latest_reports``, one row per enterprise and item), as
it reads it now (``stock_now``, from ``models.item_day_totals``, a row per item and day), and the
whole dashboard. Prints each median, the ratios, and checks the three stock readings agree.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))



def main() -> None:
    import _workload as wl

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--db", help="the database to use (SQLite or PostgreSQL URL); filled with the demo when empty")
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    from sqlalchemy import func, select

    import models.tables  # noqa: F401  (every table, for the demo's writes)
    from models import clock
    from models.db import Database
    from models.enterprise import DailyReport
    from models.migrate import ensure_schema
    from models.services.dashboard import dashboard
    from models.services.latest_stock import stock_from_history, stock_from_latest_reports, stock_now

    with tempfile.TemporaryDirectory() as scratch:
        url = args.db or f"sqlite:///{Path(scratch) / 'latest.db'}"
        db = Database.open(url)
        ensure_schema(db)
        wl.with_demo(db, scale=args.scale)
        day = clock.today() - timedelta(days=1)
        with db.session() as session:
            reports = session.execute(select(func.count()).select_from(DailyReport)).scalar_one()
            history_ms, history = wl.median_ms(lambda: stock_from_history(session, day=day), args.repeat)
            latest_ms, latest = wl.median_ms(lambda: stock_from_latest_reports(session, day=day), args.repeat)
            now_ms, now = wl.median_ms(lambda: stock_now(session, day=day), args.repeat)
            board_ms, _ = wl.median_ms(lambda: dashboard(session), max(3, args.repeat // 3))
        if not history == latest == now:
            raise SystemExit(f"the readings differ: {history} from the history, {latest} latest reports, {now} totals")
        print(f"{db.backend}: {reports:,} daily reports")
        print(f"  stock per item, before (scan of the history): {history_ms:9.1f} ms median of {args.repeat}")
        print(f"  stock per item, latest reports:               {latest_ms:9.1f} ms")
        print(f"  stock per item, now (item day totals):        {now_ms:9.1f} ms")
        print(f"  before / now: {history_ms / now_ms:.0f}×")
        print(f"  the whole dashboard now:                      {board_ms:9.1f} ms")
        db.engine.dispose()


if __name__ == "__main__":
    main()
