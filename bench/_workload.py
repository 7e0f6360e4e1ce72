"""Shared by the write benchmarks (``bench/stress.py``, ``bench/crash.py``, ``bench/write_latency.py``):
database URL, fake clock, set-up, one cadre's cycle of writes, audit checks.

Not a benchmark by itself. Every write here goes through ``models.services``; reads that the
services do not offer (a report row's version, counts for the invariants) are plain queries.
"""

from __future__ import annotations

import itertools
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import text
from sqlmodel import func, select

from models import clock
from models.db import Database, resolve_url
from models.enterprise import DailyReport, EnterpriseCreate
from models.errors import DatabaseError
from models.migrate import ensure_schema
from models.people import Cadre, CadreCreate
from models.reference import CatalogueItem, District
from models.services.common import Actor
from models.services.identity import resolve_actor
from models.shortage import ShortageCreate
from models.supply import Material

T = TypeVar("T")

#: the fake day every benchmark plays in (Chongqing, Monday 3 February 2020, 06:00)
BASE = datetime(2020, 2, 3, 6, 0)
COORDINATOR = "bench-coord"
#: tables whose rows are written through create_row/update_row: one audit row per version
TRACKED = ("cadre", "enterprise", "assignment", "product", "dailyreport", "checkin", "shortage")


def cadre_login(i: int) -> str:
    return f"bench-cadre{i:02d}"


class FakeClock:
    """``models.clock.now`` replaced by a clock that starts at ``start`` and ticks one second per call.

    Services stamp times to the second, so a real clock makes a check-out in the same second as its
    check-in invalid; a ticking clock keeps each process's times strictly increasing and deterministic.
    """

    def __init__(self, start: datetime) -> None:
        self._ticks = itertools.count()
        self.start = start

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=next(self._ticks))

    def install(self) -> FakeClock:
        clock.now = self  # type: ignore[assignment]  # clock.today() calls now() too
        return self


@contextmanager
def database_url(value: str | None) -> Iterator[str]:
    """The URL for ``--db`` (a path, a sqlite:/// URL or postgresql+psycopg://…); default a temp file, removed after."""
    if value:
        yield resolve_url(value)
        return
    with tempfile.TemporaryDirectory(prefix="supplydesk-bench-") as folder:
        yield resolve_url(f"{folder}/bench.db")


def backend_label(db: Database) -> str:
    if db.backend == "sqlite":
        return f"sqlite {sqlite3.sqlite_version} (WAL, BEGIN IMMEDIATE)"
    with db.engine.connect() as conn:
        version = conn.execute(text("SHOW server_version")).scalar()
    return f"{db.backend} {version}"


def actor_for(db: Database, login: str) -> Actor:
    with db.session() as session:
        return resolve_actor(session, login=login)


@dataclass
class World:
    """What the set-up made: the coordinator, the cadres' logins and the shared rows."""

    coordinator: str
    cadres: list[str]
    enterprise_id: int
    item_id: int
    material_id: int
    shortage_id: int | None


def set_up(db: Database, *, cadres: int, shortage: bool = True) -> World:
    """Migrate, make the first login coordinator, one enterprise with one product, ``cadres`` cadres
    stationed there and (optionally) one open shortage. The database must hold no cadre yet."""
    from models.services import cadres as cadre_svc
    from models.services import enterprises, shortages
    from models.services.enterprise_products import set_product

    ensure_schema(db)
    with db.session() as session:
        if session.exec(select(func.count()).select_from(Cadre)).one():
            raise DatabaseError("The benchmark needs an empty database (this one has cadres)")
        coord = resolve_actor(session, login=COORDINATOR)
        district = session.exec(select(District.id).where(District.name == "南岸区")).one()
        item = session.exec(select(CatalogueItem.id).where(CatalogueItem.code == "MASK-SURG")).one()
        material = session.exec(select(Material.id).where(Material.code == "MELTBLOWN")).one()
    assert coord.is_coordinator, coord
    with db.session() as session:
        ent = enterprises.create_enterprise(session, actor=coord, data=EnterpriseCreate(
            name="重庆茶园口罩厂", short_name="茶园口罩", district_id=district, status="resumed"))
    with db.session() as session:
        set_product(session, actor=coord, enterprise_id=ent.id, item_id=item, daily_capacity=100_000)
    logins = [cadre_login(i) for i in range(cadres)]
    for i, login in enumerate(logins):
        with db.session() as session:
            row = cadre_svc.create_cadre(session, actor=coord, data=CadreCreate(name=f"驻厂干部{i:02d}", login=login))
        with db.session() as session:
            cadre_svc.station(session, actor=coord, cadre_id=row.id, enterprise_id=ent.id, start=BASE.date())
    shortage_id = None
    if shortage:
        with db.session() as session:
            shortage_id = shortages.report_shortage(session, actor=coord, data=ShortageCreate(
                enterprise_id=ent.id, kind="raw_material", material_id=material, quantity=2, unit="吨",
                severity="high", description="熔喷布仅够2天")).id
    return World(COORDINATOR, logins, ent.id, item, material, shortage_id)  # type: ignore[arg-type]


def read_report(db: Database, world: World, day: date) -> tuple[float, int | None, int | None]:
    """(output, version, id) of the day's report line, (0, None, None) when there is none yet."""
    with db.session() as session:
        row = session.exec(select(DailyReport).where(
            DailyReport.enterprise_id == world.enterprise_id, DailyReport.item_id == world.item_id,
            DailyReport.report_date == day)).first()
        return (row.output, row.version, row.id) if row else (0.0, None, None)


class CycleWriter:
    """One field cadre's writes through the services, in a cycle of five, on one day:
    report_shortage (shortage + its "reported" event + audit, one transaction), a note on it (act),
    a daily-report increment (submit_report), check_in, and check_out with a note on the shortage
    (check-out + shortage version + event + audit rows in one transaction).

    Each write is first planned, then committed. The plan says what the write will store, so it can
    be found again by its content: texts carry a token unique in the database (``tag`` and the
    step), the report increment its new total. Only the moment of a check-in is known after the
    commit (the service stamps it), so ``commit`` returns the plan with it added.
    """

    KINDS = ("shortage", "note", "report", "checkin", "checkout")

    def __init__(self, db: Database, world: World, actor: Actor, day: date, tag: str) -> None:
        self.db, self.world, self.actor, self.day, self.tag = db, world, actor, day, tag
        self._shortage = (0, 0)  # (id, version) of the shortage this cycle reported
        self._shortage_text = ""  # and its description, with its token
        self._checkin = ""  # the moment of this cycle's check-in

    def plan(self, step: int) -> dict[str, Any]:
        kind = self.KINDS[step % len(self.KINDS)]
        token = f"{self.tag}-s{step}"
        if kind == "shortage":
            return {"kind": kind, "description": f"熔喷布仅够2天 {token}"}
        if kind == "note":
            return {"kind": kind, "shortage": self._shortage_text, "note": f"已联系供应商 {token}"}
        if kind == "report":
            output, version, _ = read_report(self.db, self.world, self.day)
            return {"kind": kind, "day": self.day.isoformat(), "total": output + 1, "version": version}
        if kind == "checkin":
            return {"kind": kind}
        return {"kind": kind, "moment": self._checkin, "shortage": self._shortage_text,
                "note": f"今日协调熔喷布到货 {token}"}

    def commit(self, write: dict[str, Any]) -> dict[str, Any]:
        from models.services import checkins, shortages
        from models.services.enterprise_reports import ReportLine, submit_report

        kind, world, me = write["kind"], self.world, self.actor
        with self.db.session() as session:
            if kind == "shortage":
                row = shortages.report_shortage(session, actor=me, data=ShortageCreate(
                    enterprise_id=world.enterprise_id, kind="raw_material", material_id=world.material_id,
                    quantity=2, unit="吨", severity="high", description=write["description"]))
                self._shortage, self._shortage_text = (row.id or 0, row.version), write["description"]
            elif kind == "note":
                shortage_id, version = self._shortage
                row = shortages.act(session, actor=me, shortage_id=shortage_id, expected_version=version,
                                    action="note", note=write["note"])
                self._shortage = (shortage_id, row.version)
            elif kind == "report":
                submit_report(session, actor=me, enterprise_id=world.enterprise_id, report_date=self.day, lines=[
                    ReportLine(item_id=world.item_id, output=write["total"], stock=0,
                               expected_version=write["version"])])
            elif kind == "checkin":
                checkin = checkins.check_in(session, actor=me, enterprise_id=world.enterprise_id)
                self._checkin = checkin.check_in.isoformat()
                return {**write, "moment": self._checkin}
            else:  # the check-out's note moves the shortage's version; the next cycle reports a new one
                checkins.check_out(session, actor=me, note=write["note"], shortage_ids=[self._shortage[0]])
        return write


def audit_problems(db: Database) -> dict[str, int]:
    """Half-written rows: audit rows whose row is gone, tracked rows whose audit rows != version,
    shortages without exactly one "reported" event."""
    out = {"audit_without_row": 0, "row_audit_mismatch": 0, "shortage_without_reported_event": 0}
    with db.engine.connect() as conn:
        for table in TRACKED:
            out["audit_without_row"] += conn.execute(text(
                f"SELECT count(*) FROM auditlog a WHERE a.table_name = '{table}' "
                f"AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = a.row_id)")).scalar() or 0
            out["row_audit_mismatch"] += conn.execute(text(
                f"SELECT count(*) FROM {table} t WHERE t.version <> (SELECT count(*) FROM auditlog a "
                f"WHERE a.table_name = '{table}' AND a.row_id = t.id)")).scalar() or 0
        out["shortage_without_reported_event"] = conn.execute(text(
            "SELECT count(*) FROM shortage s WHERE (SELECT count(*) FROM shortageevent e "
            "WHERE e.shortage_id = s.id AND e.action = 'reported') <> 1")).scalar() or 0
    return out


def sqlite_integrity(db: Database) -> str:
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("PRAGMA integrity_check").fetchall()
    return "; ".join(str(r[0]) for r in rows)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile; 0 for an empty list."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


def median_ms(call: Callable[[], T], repeat: int) -> tuple[float, T]:
    """``call`` made ``repeat`` times (at least once): the median of its wall times in ms, and what
    it gave the last time."""
    import statistics
    import time

    times = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def with_demo(db: Database, *, scale: int) -> None:
    """Load the demo of ``scale`` enterprises into ``db`` unless it holds enterprises already (a
    benchmark's database, kept between runs), saying how long the build took."""
    import time

    from models.demo import load_demo
    from models.enterprise import Enterprise

    with db.session() as session:
        if session.execute(select(func.count()).select_from(Enterprise)).scalar_one() > 0:
            return
        actor = resolve_actor(session, login="bench")  # the first login: coordinator
    started = time.perf_counter()
    load_demo(db, actor=actor, scale=scale)
    print(f"demo of {scale:,} enterprises built in {time.perf_counter() - started:.1f} s")
