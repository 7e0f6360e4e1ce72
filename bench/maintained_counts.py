"""What the unsolved-shortage counts and the hours this week cost: read from the tables kept by the
writing transaction, and counted from the history as before.

    python bench/maintained_counts.py [--scale 10000] [--repeat 9] [--db URL]

Builds the demo at ``--scale`` enterprises in a temporary SQLite file, or uses ``--db`` (SQLite or
PostgreSQL; an empty database is migrated and filled, one at an older revision brought to head, which
fills the kept tables from its history, a filled one used as it is), then times in turns on the same
database: the dashboard's unsolved shortages by kind and severity, the directory's first page sorted
by unsolved shortages, and the hours this week, each counted from the history (the query the
dashboard and the directory ran before) and read from ``models.open_shortages`` and
``models.checkin_hours``. Prints each median and checks the two readings agree.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
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
    from models.checkin import CheckIn
    from models.db import Database
    from models.enterprise import Enterprise
    from models.migrate import ensure_schema
    from models.open_shortages import by_kind_and_severity, per_enterprise
    from models.rules import ACTIVE_SHORTAGE
    from models.services.site_hours import _visit_seconds, hours_between
    from models.services.timesheets import day_start
    from models.shortage import Shortage

    with tempfile.TemporaryDirectory() as scratch:
        url = args.db or f"sqlite:///{Path(scratch) / 'counts.db'}"
        db = Database.open(url)
        started = time.perf_counter()
        if ensure_schema(db):
            print(f"schema brought to head in {time.perf_counter() - started:.1f} s")
        wl.with_demo(db, scale=args.scale)
        now = clock.now()
        monday = day_start(now.date() - timedelta(days=now.weekday()))

        def counted(session):  # type: ignore[no-untyped-def]
            """The dashboard's count before: every unsolved shortage, grouped."""
            return sorted((k, s, n) for k, s, n in session.execute(
                select(Shortage.kind, Shortage.severity, func.count()).where(Shortage.status.in_(ACTIVE_SHORTAGE))
                .group_by(Shortage.kind, Shortage.severity)))

        def page(session, key):  # type: ignore[no-untyped-def]
            """The directory's first page by unsolved shortages, most first (its ordering query)."""
            return [tuple(row) for row in session.execute(
                select(Enterprise.id, key).where(Enterprise.archived == False)  # noqa: E712
                .order_by(key.desc(), Enterprise.sort_key, Enterprise.id).limit(50))]

        #: the directory's sort key before (a count of the shortages per enterprise), and now
        key_before = select(func.count()).select_from(Shortage).where(
            Shortage.enterprise_id == Enterprise.id, Shortage.status.in_(ACTIVE_SHORTAGE)).scalar_subquery()
        key_now = per_enterprise(Enterprise.id)

        with db.session() as session:
            shortages = session.execute(select(func.count()).select_from(Shortage)).scalar_one()
            visits = session.execute(select(func.count()).select_from(CheckIn)).scalar_one()
            rows: list[tuple[str, float, float]] = []
            for name, before, after in (
                ("unsolved shortages by kind and severity", lambda: counted(session),
                 lambda: sorted(by_kind_and_severity(session))),
                ("directory sorted by shortages, first page", lambda: page(session, key_before),
                 lambda: page(session, key_now)),
                ("hours this week", lambda: round(_visit_seconds(session, start=monday, now=now,
                                                                 open_at_now=False)) / 3600,
                 lambda: hours_between(session, start=monday, now=now)),
                ("hours over 28 days", lambda: round(_visit_seconds(session, start=monday - timedelta(days=21),
                                                                    now=now, open_at_now=False)) / 3600,
                 lambda: hours_between(session, start=monday - timedelta(days=21), now=now)),
            ):
                before_ms, old = wl.median_ms(before, args.repeat)
                after_ms, new = wl.median_ms(after, args.repeat)
                if old != new:
                    raise SystemExit(f"{name}: the two readings differ: {old} from the history, {new} kept")
                rows.append((name, before_ms, after_ms))
        print(f"{db.backend}: {shortages:,} shortages, {visits:,} check-ins; medians of {args.repeat}")
        for name, before_ms, after_ms in rows:
            print(f"  {name:42} before {before_ms:9.1f} ms   now {after_ms:9.1f} ms   {before_ms / after_ms:6.1f}×")
        db.engine.dispose()


if __name__ == "__main__":
    main()
