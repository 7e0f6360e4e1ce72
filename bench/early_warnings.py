"""What the early-warning count costs: the app's query against the one it replaced, same run.

    python bench/early_warnings.py [--scale 10000] [--repeat 9] [--db URL]

Builds the demo at ``--scale`` enterprises in a temporary SQLite file, or in ``--db`` (SQLite or
PostgreSQL; an empty database is migrated and filled, a filled one used as it is), and times
``count_warnings`` — which every shortage screen runs once per change — beside the earlier form of
the same count, whose "already reported" test was one NOT EXISTS with an OR inside (it walked every
unsolved shortage for each low reserve). Both run on the same database, in turns; prints each
median and their ratio, and checks the two counts agree.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _before(session: object) -> int:
    """The count as it was written before: one correlated NOT EXISTS with an OR."""
    from sqlalchemy import and_, exists, func, or_, select

    from models.enterprise import Enterprise
    from models.material_reserves import MaterialReserve
    from models.rules import ACTIVE_SHORTAGE, warning_days
    from models.services.shortage_warnings import _warning_where
    from models.shortage import Shortage

    unsolved = exists().where(
        Shortage.status.in_(ACTIVE_SHORTAGE),
        or_(Shortage.reserve_id == MaterialReserve.id,
            and_(Shortage.enterprise_id == MaterialReserve.enterprise_id,
                 Shortage.material_id == MaterialReserve.material_id)),
    )
    # the app's conditions, with its two NOT EXISTS (the 4th and 5th) replaced by the one above
    where = _warning_where(warning_days())
    where = [*where[:3], ~unsolved, where[5]]
    stmt = (select(func.count()).select_from(MaterialReserve)
            .join(Enterprise, Enterprise.id == MaterialReserve.enterprise_id).where(*where))
    return int(session.execute(stmt).scalar_one())  # type: ignore[attr-defined]



def main() -> None:
    import _workload as wl

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--db", help="the database to use (SQLite or PostgreSQL URL); filled with the demo when empty")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the slow-query log would print the "before" query each time


    import models.tables  # noqa: F401  (every table, for the demo's writes)
    from models.db import Database
    from models.migrate import ensure_schema
    from models.services.shortage_warnings import count_warnings

    with tempfile.TemporaryDirectory() as scratch:
        url = args.db or f"sqlite:///{Path(scratch) / 'warnings.db'}"
        db = Database.open(url)
        ensure_schema(db)
        wl.with_demo(db, scale=args.scale)
        with db.session() as session:
            before_ms, before = wl.median_ms(lambda: _before(session), args.repeat)
            after_ms, after = wl.median_ms(lambda: count_warnings(session), args.repeat)
        if before != after:
            raise SystemExit(f"the two counts differ: {before} before, {after} now")
        print(f"{db.backend}: {after} warnings")
        print(f"  count, before (NOT EXISTS with OR): {before_ms:9.1f} ms median of {args.repeat}")
        print(f"  count, now (two NOT EXISTS, index): {after_ms:9.1f} ms")
        print(f"  before / now: {before_ms / after_ms:.0f}×")
        db.engine.dispose()


if __name__ == "__main__":
    main()
