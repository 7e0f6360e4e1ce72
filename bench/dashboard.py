"""What the dashboard's read costs: as it read before (summing the history) and now (the maintained figures).

    python bench/dashboard.py [--scale 10000] [--repeat 9] [--db URL]

Builds the demo at ``--scale`` enterprises in a temporary SQLite file, or uses ``--db`` (SQLite or
PostgreSQL; an empty database is migrated and filled, a filled one used as it is: give a copy, the
bench writes nothing but the migration), then times ``dashboard()`` in turns on the same database:
before, with the figures now kept per item (output per item and day, stock, capacity) read by the
scans they replaced, the shortages reported and solved today on their indexes and the overdue and
escalation counts by the shortage list's query (kept per day since migration 0024), and the
enterprise, people and shortage counts kept since migration 0019 by the scans they replaced, and now
(the shortage indexes of the same migration are there in both turns). Prints the medians of wall
and CPU time, each part of the dashboard now, and checks that both ways give the same dashboard.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


@contextlib.contextmanager
def scanned() -> Iterator[None]:
    """The dashboard as it read before: the week's output, the stock and the capacity summed from the
    reports and products at every read (the history path with no time given, and the product scan)."""
    from sqlalchemy import func, select

    from models.enterprise import Enterprise, Product
    from models.services import dashboard, latest_stock

    def capacity(session: Any, *, as_of: datetime | None = None, item_ids: list[int] | None = None) -> Any:
        if as_of is not None:
            return kept["capacity"](session, as_of=as_of, item_ids=item_ids)
        archived = select(Enterprise.id).where(Enterprise.archived == True)  # noqa: E712
        return {item: float(total or 0) for item, total in session.execute(
            select(Product.item_id, func.sum(Product.daily_capacity))
            .where(Product.archived == False, Product.enterprise_id.not_in(archived))  # noqa: E712
            .group_by(Product.item_id))}

    def output(session: Any, *, first: date, day: date) -> Any:
        return latest_stock.output_from_history(session, first=first, day=day)

    def stock(session: Any, *, day: date) -> Any:
        return latest_stock.stock_from_history(session, day=day)

    def marked(session: Any, now: datetime) -> tuple[int, int, int, int]:
        """Today's reported and solved shortages counted on their indexes, the marks by the shortage
        list's own counts, joins and all."""
        from models.services.paging import PageRequest
        from models.services.shortage_list import count_shortages
        from models.shortage import Shortage

        midnight = datetime.combine(now.date(), datetime.min.time())
        opened = session.execute(select(func.count()).select_from(Shortage).where(
            Shortage.reported_at >= midnight, Shortage.reported_at <= now)).scalar_one()
        solved = session.execute(select(func.count()).select_from(Shortage).where(
            Shortage.status == "resolved", Shortage.resolved_at >= midnight, Shortage.resolved_at <= now)).scalar_one()
        overdue, due = (count_shortages(session, request=PageRequest(filters={mark: True}), now=now)
                        for mark in ("overdue", "escalation_due"))
        return opened, solved, overdue, due

    kept = {"capacity": dashboard.capacity_by_item, "output": latest_stock.output_now, "stock": latest_stock.stock_now,
            "marked": dashboard._counts}
    dashboard.capacity_by_item, latest_stock.output_now, latest_stock.stock_now = (  # type: ignore[assignment]
        capacity, output, stock)
    dashboard._counts = marked
    try:
        with _counted():
            yield
    finally:
        dashboard.capacity_by_item, latest_stock.output_now, latest_stock.stock_now = (  # type: ignore[assignment]
            kept["capacity"], kept["output"], kept["stock"])
        dashboard._counts = kept["marked"]  # type: ignore[assignment]


def _seconds_after(session: Any, column: Any, origin: datetime) -> Any:
    """Seconds from ``origin`` to a timestamp column, in SQL, as the open visits were summed before
    they were kept per check-in day."""
    from sqlalchemy import extract, func, literal

    from models.services.site_hours import _UNIX_EPOCH_JD

    if session.get_bind().dialect.name == "sqlite":
        origin_jd = (origin - datetime(1970, 1, 1)).total_seconds() / 86400 + _UNIX_EPOCH_JD
        return (func.julianday(column) - origin_jd) * 86400.0
    return extract("epoch", column - literal(origin))


@contextlib.contextmanager
def _counted() -> Iterator[None]:
    """The enterprise, people and shortage counts as read before migration 0019: from the directory,
    the check-ins, the stationings and the unsolved shortages per enterprise, at every read."""
    from sqlalchemy import case, func, select

    from models import enterprise_counts, open_shortages, open_visits
    from models.checkin import CheckIn
    from models.enterprise import Enterprise
    from models.open_shortages import OpenShortageCount
    from models.services import checkin_roster, dashboard, enterprise_list
    from models.services.paging import PageRequest

    def by_district_and_status(session: Any) -> Any:
        return list(session.execute(select(Enterprise.district_id, Enterprise.status, func.count())
                                    .where(Enterprise.archived == False)  # noqa: E712
                                    .group_by(Enterprise.district_id, Enterprise.status)))

    def not_reported(session: Any, *, day: date) -> int:
        return int(session.execute(select(func.count()).select_from(Enterprise).where(
            Enterprise.archived == False, *enterprise_list.not_reported_clauses(day))).scalar_one())  # noqa: E712

    def on_site(session: Any) -> int:
        return int(session.execute(select(func.count()).select_from(CheckIn).where(
            CheckIn.check_out.is_(None))).scalar_one())

    def cadres_checked_in(session: Any, *, now: datetime) -> int:
        midnight = datetime.combine(now.date(), datetime.min.time())
        return int(session.execute(select(func.count(func.distinct(CheckIn.cadre_id))).where(
            CheckIn.check_in >= midnight, CheckIn.check_in <= now)).scalar_one())

    def open_seconds(session: Any, *, start: datetime, now: datetime, shift: timedelta) -> float:
        began = _seconds_after(session, CheckIn.check_in, start)
        begin = case((CheckIn.check_in < start, 0.0), else_=began)
        counted = case((CheckIn.check_in >= now, 0.0),
                       (CheckIn.check_in >= now - shift, (now - start).total_seconds() - begin),
                       (CheckIn.check_in <= start - shift, 0.0), else_=began + shift.total_seconds() - begin)
        return float(session.execute(select(func.sum(counted)).where(CheckIn.check_out.is_(None))).scalar_one() or 0)

    def unstaffed(session: Any, *, day: date) -> int:
        return checkin_roster.count_unstaffed(session, request=PageRequest(filters={"day": day}))

    def by_kind_and_severity(session: Any) -> Any:
        total = func.sum(OpenShortageCount.n)
        return [(k, s, int(n)) for k, s, n in session.execute(
            select(OpenShortageCount.kind, OpenShortageCount.severity, total)
            .group_by(OpenShortageCount.kind, OpenShortageCount.severity).having(total > 0))]

    swaps = [(enterprise_counts, "by_district_and_status", by_district_and_status),
             (enterprise_counts, "not_reported", not_reported), (open_visits, "on_site", on_site),
             (open_visits, "cadres_checked_in", cadres_checked_in), (open_visits, "open_seconds", open_seconds),
             (dashboard, "unstaffed", unstaffed), (open_shortages, "by_kind_and_severity", by_kind_and_severity)]
    kept = [(module, name, getattr(module, name)) for module, name, _ in swaps]
    for module, name, scan in swaps:
        setattr(module, name, scan)
    try:
        yield
    finally:
        for module, name, now in kept:
            setattr(module, name, now)


def _once(call: Callable[[], object]) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, result


def _median(values: list[float]) -> float:
    return statistics.median(values)


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
    from models.enterprise import DailyReport, Enterprise
    from models.migrate import ensure_schema
    from models.services import dashboard as board

    with tempfile.TemporaryDirectory() as scratch:
        url = args.db or f"sqlite:///{Path(scratch) / 'dashboard.db'}"
        db = Database.open(url)
        started = time.perf_counter()
        ensure_schema(db)  # an older database gets the maintained tables here, filled from its history
        print(f"schema ready in {time.perf_counter() - started:.1f} s")
        wl.with_demo(db, scale=args.scale)
        moment = clock.now()
        with db.session() as session:
            enterprises = session.execute(select(func.count()).select_from(Enterprise)).scalar_one()
            reports = session.execute(select(func.count()).select_from(DailyReport)).scalar_one()
            times: dict[str, list[tuple[float, float]]] = {"before": [], "now": []}
            results: dict[str, object] = {}
            for _ in range(args.repeat):  # in turns, so both see the same machine
                with scanned():
                    wall, cpu, results["before"] = _once(lambda: board.dashboard(session, now=moment))
                times["before"].append((wall, cpu))
                wall, cpu, results["now"] = _once(lambda: board.dashboard(session, now=moment))
                times["now"].append((wall, cpu))
            day = moment.date() - timedelta(days=1)  # the dashboard's items are yesterday's
            parts: dict[str, Callable[[], object]] = {
                "supply_by_item": lambda: board.supply_by_item(session, day=day),
                "capacity_by_item": lambda: board.capacity_by_item(session),
                "enterprise_figures": lambda: board.enterprise_figures(session, today=moment.date()),
                "shortage_figures": lambda: board.shortage_figures(session, now=moment),
                "people_figures": lambda: board.people_figures(session, now=moment),
            }
            measured = {name: [_once(call)[:2] for _ in range(args.repeat)] for name, call in parts.items()}
        if results["before"] != results["now"]:
            raise SystemExit("the two ways give different dashboards")
        print(f"{db.backend}: {enterprises:,} enterprises, {reports:,} daily reports; medians of {args.repeat}")
        for name, runs in (*times.items(), *measured.items()):
            label = f"dashboard(), {name}" if name in times else f"  {name} now"
            wall, cpu = _median([w for w, _ in runs]), _median([c for _, c in runs])
            print(f"  {label:34s} wall {wall:9.1f} ms   cpu {cpu:9.1f} ms")
        before, now = _median([w for w, _ in times["before"]]), _median([w for w, _ in times["now"]])
        print(f"  before / now (wall): {before / now:.1f}×")
        db.engine.dispose()


if __name__ == "__main__":
    main()
