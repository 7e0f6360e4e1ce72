"""Stress test: many writers doing conflicting read-modify-write operations through the services.

    python bench/stress.py [--writers 16] [--ops 10000] [--db URL] [--seed 1] [--report-exists] [--json FILE]
    python bench/stress.py --mode allocation [--writers 16] [--ops 2000] [--db URL] [--seed 1] [--json FILE]

``--mode allocation`` is ``bench/_allocation_stress.py``: the writers allocate, dispatch and sign
against the same scarce stock (``--ops`` is then the number of request-to-signature cycles).

``--db`` is a SQLite file path, a sqlite:/// URL or postgresql+psycopg://… of an EMPTY database;
without it a fresh SQLite file in a temp dir is used and removed afterwards. The parent migrates,
makes a coordinator (first login), one enterprise with one product, one shortage, and one field
cadre per writer stationed there. Then ``--writers`` processes (spawn, each with its own engine)
share ``--ops`` operations, in a seeded order, each process starting with (a) at the same moment:

  (a) add 1 to the day's output of the shared report line: read (output, version), submit_report
      with output+1 and expected_version; on ConflictError read again and retry. The line does
      not exist yet at the start, so the first writers race to create it (the first report of a
      day); ``--report-exists`` has the parent save it first (output 0), leaving only updates;
  (b) check in, then check out, as the process's own cadre (a fake clock ticking one second per
      call, models.clock.now patched per process, keeps check-out after check-in);
  (c) add a note to the shared shortage: act(action="note", expected_version=v), retry on conflict.
      Notes are taken by the coordinator's login (a field cadre may note only shortages at the
      enterprises they are stationed at: models/services/shortages.py act).

Then the parent checks the invariants (no lost update, every note event once, every check-in
closed, one audit row per row version) and prints figures. Exits 1 when an invariant fails.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _workload as wl

MAX_RETRIES = 1000  # a writer that loses this many times in a row gives up: counted as an error
KINDS = ("report", "checkin", "note")
WORK_START = wl.BASE + timedelta(hours=1)  # every writer's fake clock starts here (after the set-up)


def plan(index: int, ops: int, writers: int, seed: int) -> list[str]:
    """The seeded order of this writer's operations; every writer starts with a report increment."""
    count = ops // writers + (1 if index < ops % writers else 0)
    kinds = [KINDS[k % 3] for k in range(1, count)]
    random.Random(seed * 1000 + index).shuffle(kinds)
    return (["report", *kinds])[:count]


def worker(index: int, url: str, world: wl.World, kinds: list[str], barrier, queue) -> None:  # type: ignore[no-untyped-def]
    """One writer process: its own engine, its own cadre, the fake clock; results go to ``queue``."""
    from models.db import Database
    from models.errors import ConflictError
    from models.services import checkins, enterprise_reports, shortages
    from models.shortage import Shortage

    wl.FakeClock(WORK_START).install()
    day = WORK_START.date()
    db = Database.open(url)
    me, coord = wl.actor_for(db, world.cadres[index]), wl.actor_for(db, world.coordinator)
    st = {"ops": Counter(), "conflicts": 0, "retries": 0, "gave_up": 0, "errors": 0, "error_samples": [],
          "latency_ms": [], "increments": 0, "notes": [], "checkins": 0, "checkouts": 0}

    def timed(call):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        result = call()
        st["latency_ms"].append((time.perf_counter() - started) * 1000)
        return result

    def with_retries(read, write) -> bool:  # type: ignore[no-untyped-def]
        for attempt in range(MAX_RETRIES + 1):
            state = read()
            try:
                with db.session() as session:
                    timed(lambda: write(session, state))  # noqa: B023 - called at once
                return True
            except ConflictError:
                st["conflicts"] += 1
                if attempt < MAX_RETRIES:
                    st["retries"] += 1
        st["gave_up"] += 1
        raise RuntimeError(f"gave up after {MAX_RETRIES} conflicts")

    def report() -> None:
        def write(session, state) -> None:  # type: ignore[no-untyped-def]
            output, version, _ = state
            line = enterprise_reports.ReportLine(item_id=world.item_id, output=output + 1, stock=0,
                                                 expected_version=version)
            enterprise_reports.submit_report(session, actor=me, enterprise_id=world.enterprise_id, report_date=day,
                                             lines=[line])
        with_retries(lambda: wl.read_report(db, world, day), write)
        st["increments"] += 1

    def checkin() -> None:
        with db.session() as session:
            timed(lambda: checkins.check_in(session, actor=me, enterprise_id=world.enterprise_id))
        st["checkins"] += 1
        with db.session() as session:
            timed(lambda: checkins.check_out(session, actor=me, note="今日协调熔喷布到货",
                                             categories=["raw_materials"]))
        st["checkouts"] += 1

    def note(text: str) -> None:
        def version() -> int:
            with db.session() as session:
                return session.get(Shortage, world.shortage_id).version  # type: ignore[union-attr]

        def write(session, expected) -> None:  # type: ignore[no-untyped-def]
            shortages.act(session, actor=coord, shortage_id=world.shortage_id, expected_version=expected,  # type: ignore[arg-type]
                          action="note", note=text)
        with_retries(version, write)
        st["notes"].append(text)

    barrier.wait()
    st["t_start"] = time.time()
    for k, kind in enumerate(kinds):
        try:
            report() if kind == "report" else checkin() if kind == "checkin" else note(f"w{index:02d}-{k:05d}")
            st["ops"][kind] += 1
        except Exception as exc:  # anything but a retried conflict reaches the user
            st["errors"] += 1
            if len(st["error_samples"]) < 5:
                st["error_samples"].append(f"{kind}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
    st["t_end"] = time.time()
    db.dispose()
    queue.put((index, st))


def check(db, world: wl.World, results: list[dict]) -> dict:  # type: ignore[no-untyped-def]
    """The invariants, from the stored rows against what the writers were told succeeded."""
    from sqlmodel import func, select

    from models.audit import AuditLog
    from models.checkin import CheckIn
    from models.history import ShortageEvent
    from models.people import Cadre
    from models.shortage import Shortage

    increments = sum(r["increments"] for r in results)
    notes = [n for r in results for n in r["notes"]]
    checkins = sum(r["checkins"] for r in results)
    checkouts = sum(r["checkouts"] for r in results)
    output, report_version, report_id = wl.read_report(db, world, WORK_START.date())
    with db.session() as s:
        events = s.exec(select(ShortageEvent.note).where(
            ShortageEvent.shortage_id == world.shortage_id, ShortageEvent.action == "note")).all()
        shortage = s.get(Shortage, world.shortage_id)
        note_audits = s.exec(select(func.count()).select_from(AuditLog).where(
            AuditLog.table_name == "shortage", AuditLog.row_id == world.shortage_id, AuditLog.action == "note")).one()
        cadre_ids = s.exec(select(Cadre.id).where(Cadre.login.in_(world.cadres))).all()  # type: ignore[union-attr]
        rows = s.exec(select(CheckIn).where(CheckIn.cadre_id.in_(cadre_ids))).all()  # type: ignore[attr-defined]
        audits = Counter(s.exec(select(AuditLog.action).where(AuditLog.table_name == "checkin")).all())
        report_audits = s.exec(select(func.count()).select_from(AuditLog).where(
            AuditLog.table_name == "dailyreport", AuditLog.row_id == report_id,
            AuditLog.login.in_(world.cadres))).one() if report_id else 0  # type: ignore[attr-defined]
    seen = Counter(events)
    lost = {
        "report_increments": increments - int(output),
        "note_events": len(set(notes) - set(seen)),
        "checkins": checkins - len(rows),
    }
    failures = {
        **{f"lost {k}": v for k, v in lost.items() if v},
        "duplicate note events": sum(c - 1 for c in seen.values() if c > 1),
        "unexpected note events": len(set(seen) - set(notes)),
        "open check-ins": sum(1 for r in rows if r.check_out is None),
        "check-outs missing": checkins - checkouts,
        "shortage version != 1 + notes": int(shortage.version != 1 + len(notes)),  # type: ignore[union-attr]
        "note audit rows missing": len(notes) - note_audits,
        "report audit rows missing": increments - report_audits,
        "check-in audit rows missing": checkins - audits["check_in"],
        "check-out audit rows missing": checkouts - audits["check_out"],
        **wl.audit_problems(db),
    }
    return {"stored_output": output, "report_version": report_version, "shortage_version": shortage.version,  # type: ignore[union-attr]
            "lost_updates": sum(lost.values()), "lost": lost, "failures": {k: v for k, v in failures.items() if v}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--ops", type=int, default=10_000)
    parser.add_argument("--db", help="SQLite path/URL or postgresql+psycopg://… of an empty database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--report-exists", action="store_true",
                        help="save the day's report line before the writers start")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--mode", choices=("updates", "allocation"), default="updates",
                        help="updates: reports, check-ins and notes; allocation: the same scarce stock allocated")
    args = parser.parse_args()
    if args.mode == "allocation":
        return allocation_main(args)

    from models.db import Database

    wl.FakeClock(wl.BASE).install()
    with wl.database_url(args.db) as url:
        db = Database.open(url)
        world = wl.set_up(db, cadres=args.writers)
        if args.report_exists:
            from models.services.enterprise_reports import ReportLine, submit_report

            wl.FakeClock(WORK_START).install()
            with db.session() as session:
                submit_report(session, actor=wl.actor_for(db, world.coordinator), enterprise_id=world.enterprise_id,
                              report_date=WORK_START.date(),
                              lines=[ReportLine(item_id=world.item_id, output=0, stock=0)])
        backend = wl.backend_label(db)
        ctx = mp.get_context("spawn")
        barrier, queue = ctx.Barrier(args.writers), ctx.Queue()
        procs = [ctx.Process(target=worker,
                             args=(i, url, world, plan(i, args.ops, args.writers, args.seed), barrier, queue))
                 for i in range(args.writers)]
        for p in procs:
            p.start()
        results = [queue.get() for _ in procs]
        for p in procs:
            p.join()
        results = [st for _, st in sorted(results, key=lambda r: r[0])]
        verdict = check(db, world, results)
        db.dispose()

    latency = [ms for r in results for ms in r["latency_ms"]]
    seconds = max(r["t_end"] for r in results) - min(r["t_start"] for r in results)
    ops = sum(sum(r["ops"].values()) for r in results)
    errors = sum(r["errors"] for r in results)
    figures = {
        "backend": backend, "writers": args.writers, "ops_requested": args.ops, "seed": args.seed,
        "report_exists": args.report_exists,
        "ops_done": ops, "ops_by_kind": dict(sum((r["ops"] for r in results), Counter())), "writes": len(latency),
        "conflicts_detected": sum(r["conflicts"] for r in results), "retries": sum(r["retries"] for r in results),
        "gave_up": sum(r["gave_up"] for r in results), "lost_updates": verdict["lost_updates"],
        "errors_reaching_user": errors, "error_samples": [e for r in results for e in r["error_samples"]][:10],
        "write_latency_p50_ms": round(wl.percentile(latency, 50), 2),
        "write_latency_p99_ms": round(wl.percentile(latency, 99), 2),
        "write_latency_max_ms": round(max(latency, default=0), 2), "seconds": round(seconds, 2),
        "throughput_ops_s": round(ops / seconds, 1) if seconds else 0.0,
        "stored_output": verdict["stored_output"], "shortage_version": verdict["shortage_version"],
        "invariant_failures": verdict["failures"],
    }
    for key in ("backend", "writers", "ops_requested", "ops_done", "ops_by_kind", "writes", "conflicts_detected",
                "retries", "gave_up", "lost_updates", "errors_reaching_user", "write_latency_p50_ms",
                "write_latency_p99_ms", "write_latency_max_ms", "seconds", "throughput_ops_s", "stored_output"):
        print(f"{key:22} {figures[key]}")
    for sample in figures["error_samples"]:
        print(f"  error: {sample}")
    if errors:
        verdict["failures"]["errors reaching a user"] = errors
    if ops != args.ops:
        verdict["failures"]["ops not done"] = args.ops - ops
    ok = not verdict["failures"]
    print(f"{'invariants':22} {'ok' if ok else 'FAILED'}")
    for name, value in verdict["failures"].items():
        print(f"  FAILED: {name}: {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


def allocation_main(args: argparse.Namespace) -> int:
    """``--mode allocation``: print the figures; exit 1 when an invariant fails or an error reached a user."""
    import _allocation_stress as alloc

    figures, verdict, _ = alloc.run(args, mp)
    for key in ("backend", "mode", "writers", "cycles", "writes", "writes_by_kind", "issues_refused", "orders",
                "allocated", "cancelled", "dispatched", "returned", "over_allocations", "negative_balances",
                "lost_updates", "errors_reaching_user", "write_latency_p50_ms", "write_latency_p99_ms",
                "write_latency_max_ms", "seconds", "throughput_writes_s"):
        print(f"{key:22} {figures[key]}")
    for sample in figures["error_samples"]:
        print(f"  error: {sample}")
    failures = dict(verdict["failures"])
    if figures["errors_reaching_user"]:
        failures["errors reaching a user"] = figures["errors_reaching_user"]
    print(f"{'invariants':22} {'ok' if not failures else 'FAILED'}")
    for name, value in failures.items():
        print(f"  FAILED: {name}: {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
