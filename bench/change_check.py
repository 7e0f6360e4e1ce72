"""What a session's once-a-second look for changes costs when nothing changed: before and now, same run.

    python bench/change_check.py [--scale 80] [--polls 2000] [--db URL]

Before: every poll opened a session and read the change marker (two small queries on the audit
log's primary key). Now: the database is asked whether anything changed at all (SQLite: PRAGMA
data_version on a kept connection and a stat of the WAL and database files; PostgreSQL: the
notifications waiting on the LISTENing connection, read without a round trip), and the marker is
read only when it did. Both are timed in turns on the same database, with nothing written; prints
the CPU time and wall time per poll, their ratio, and the cost of one poll that found a change
(a write through the services between polls: token, marker, areas).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _per_poll(call: Callable[[], object], polls: int, rounds: int = 5) -> tuple[float, float]:
    """(median wall µs, median CPU µs) per call, over ``rounds`` rounds of ``polls`` calls."""
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(polls):
            call()
        walls.append((time.perf_counter() - wall) / polls * 1e6)
        cpus.append((time.process_time() - cpu) / polls * 1e6)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=80)
    parser.add_argument("--polls", type=int, default=2000)
    parser.add_argument("--db", help="the database to use (SQLite or PostgreSQL URL); filled with the demo when empty")
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    from sqlalchemy import func, select

    import models.tables  # noqa: F401  (every table, for the demo's writes)
    from models.db import Database
    from models.demo import load_demo
    from models.enterprise import Enterprise
    from models.migrate import ensure_schema
    from models.services.changes import change_marker, changed_areas
    from models.services.identity import resolve_actor
    from models.watch import watch_for

    with tempfile.TemporaryDirectory() as scratch:
        url = args.db or f"sqlite:///{Path(scratch) / 'changes.db'}"
        db = Database.open(url)
        ensure_schema(db)
        db.use_wal()
        with db.session() as session:
            actor = resolve_actor(session, login="bench")
            built = session.execute(select(func.count()).select_from(Enterprise)).scalar_one() > 0
        if not built:
            load_demo(db, actor=actor, scale=args.scale)
        watch = watch_for(db)
        known = {"marker": db_marker(db, change_marker), "token": watch.token()}

        def before() -> object:
            with db.session() as session:  # what the app's poll did: a session, the marker
                return change_marker(session)

        def now() -> object:
            token = watch.token()
            if token == known["token"]:
                return known["marker"]  # nothing changed: no session, no query
            with db.session() as session:
                known["token"] = token
                return change_marker(session)

        before_wall, before_cpu = _per_poll(before, args.polls)
        now_wall, now_cpu = _per_poll(now, args.polls)
        print(f"{db.backend}: {type(watch).__name__}, {args.polls} polls × 5 rounds, nothing written")
        print(f"  before (marker query):  {before_wall:8.1f} µs wall  {before_cpu:8.1f} µs CPU per poll")
        print(f"  now (database's check): {now_wall:8.1f} µs wall  {now_cpu:8.1f} µs CPU per poll")
        print(f"  before / now: {before_wall / now_wall:.1f}× wall, {before_cpu / now_cpu:.1f}× CPU")
        print(f"  a session polling once a second: {before_cpu / 1e4:.4f} % → {now_cpu / 1e4:.4f} % of a core")

        from models.services.enterprises import update_enterprise

        def changed() -> None:  # a write elsewhere, then the poll that finds it
            with db.session() as session:
                row = session.execute(select(Enterprise).limit(1)).scalar_one()
                from models.enterprise import EnterpriseUpdate

                update_enterprise(session, actor=actor, enterprise_id=row.id, expected_version=row.version,
                                  data=EnterpriseUpdate(notes=f"bench {time.perf_counter()}"))
            started = time.perf_counter()
            token = watch.token()
            assert token != known["token"], "the watch missed a commit"
            with db.session() as session:
                marker = change_marker(session)
                areas = changed_areas(session, known=known["marker"], marker=marker)  # type: ignore[arg-type]
            assert "enterprises" in areas
            known.update(token=token, marker=marker)
            found.append((time.perf_counter() - started) * 1e6)

        found: list[float] = []
        for _ in range(50):
            changed()
        print(f"  a poll that finds a change (token, marker, areas): {statistics.median(found):.0f} µs wall")
        watch.close()
        db.engine.dispose()


def db_marker(db: object, change_marker: Callable[..., object]) -> object:
    with db.session() as session:  # type: ignore[attr-defined]
        return change_marker(session)


if __name__ == "__main__":
    main()
