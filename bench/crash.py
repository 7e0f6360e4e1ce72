"""Crash test: kill a writer with SIGKILL at random moments and check that nothing acknowledged is lost.

    python bench/crash.py [--runs 100] [--db URL] [--seed 1] [--json FILE]

``--db`` is a SQLite file path, a sqlite:/// URL or postgresql+psycopg://… of an EMPTY database;
without it a fresh SQLite file in a temp dir is used and removed afterwards. The parent sets up one
enterprise and one field cadre stationed there, then ``--runs`` times starts a writer process
(this file with ``--child``). The writer plays a new day on a fake clock and loops through the
services: report_shortage (shortage + its first "reported" event + audit, one transaction), a note
on it (act), a daily-report increment (submit_report), check_in, and check_out with a note on the
shortage (check-out + shortage version + event + audit rows in one transaction); after each commit
it appends what was acknowledged to an ack file and fsyncs it. A check-in left open by a killed
writer is closed by the next one with the real time and a reason. Once the writer says it is
ready, the parent waits a seeded random 20–300 ms, sends SIGKILL and checks:

* ``PRAGMA integrity_check`` is "ok" and ``PRAGMA foreign_key_check`` is empty (SQLite only;
  on PostgreSQL the server's own crash safety is not tested here, only what the client sees);
* every acknowledged write is present (missing must be 0);
* nothing half-written: no shortage without exactly one "reported" event, no audit row whose row
  is gone, no tracked row whose number of audit rows differs from its version (half-written must be 0).

Prints figures; exits 1 when anything acknowledged is missing, half-written or corrupt.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _workload as wl

MAX_STEPS = 20_000  # per writer; a writer that is never killed stops here (its day never reaches midnight)


def child(url: str, world: wl.World, ack_path: Path, run: int) -> None:
    """The writer: loop over the writes, acknowledging each after its commit, until killed."""
    from models.db import Database
    from models.services import checkins, shortages
    from models.services.enterprise_reports import ReportLine, submit_report
    from models.shortage import ShortageCreate

    day = wl.BASE.date() + timedelta(days=run + 1)
    wl.FakeClock(datetime.combine(day, wl.BASE.time())).install()
    db = Database.open(url)
    me = wl.actor_for(db, world.cadres[0])
    ack = ack_path.open("a", encoding="utf-8")

    def acked(line: str) -> None:
        ack.write(line + "\n")
        ack.flush()
        os.fsync(ack.fileno())

    with db.session() as session:
        left_open = checkins.open_checkin(session, cadre_id=me.cadre_id)  # type: ignore[arg-type]
    if left_open is not None:  # the last writer was killed while on site: close with the real time
        with db.session() as session:
            row = checkins.check_out(session, actor=me,
                                     at=left_open.check_in + timedelta(minutes=1), reason="补记：上次会话中断")
        acked(f"checkout {row.id}")
    print("ready", flush=True)
    shortage = None
    for step in range(MAX_STEPS):
        with db.session() as session:
            kind = step % 5
            if kind == 0:
                shortage = shortages.report_shortage(session, actor=me, data=ShortageCreate(
                    enterprise_id=world.enterprise_id, kind="raw_material", material_id=world.material_id,
                    quantity=2, unit="吨", severity="high", description=f"熔喷布仅够2天 r{run}-{step}"))
                acked(f"shortage {shortage.id}")
            elif kind == 1:
                text = f"已联系供应商 r{run}-{step}"
                shortage = shortages.act(session, actor=me, shortage_id=shortage.id, expected_version=shortage.version,  # type: ignore[union-attr]
                                         action="note", note=text)
                acked(f"note {shortage.id} {shortage.version} {text}")
            elif kind == 2:
                output, version, _ = wl.read_report(db, world, day)
                row = submit_report(session, actor=me,
                                                enterprise_id=world.enterprise_id, report_date=day, lines=[
                    ReportLine(item_id=world.item_id, output=output + 1, stock=0,
                                           expected_version=version)])[0]
                acked(f"report {row.id} {row.output:g}")
            elif kind == 3:
                acked(f"checkin {checkins.check_in(session, actor=me, enterprise_id=world.enterprise_id).id}")
            else:
                row = checkins.check_out(session, actor=me, note=f"今日协调熔喷布到货 r{run}-{step}",
                                         shortage_ids=[shortage.id])  # type: ignore[union-attr]
                acked(f"checkout {row.id} {shortage.id} {row.note}")  # type: ignore[union-attr]


def verify(db, ack_path: Path) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Count acknowledged writes, the missing ones, and half-written rows."""
    from sqlmodel import select

    from models.checkin import CheckIn
    from models.enterprise import DailyReport
    from models.history import ShortageEvent
    from models.shortage import Shortage

    lines = ack_path.read_text(encoding="utf-8").splitlines() if ack_path.exists() else []
    missing = 0
    with db.session() as s:
        for line in lines:
            kind, *rest = line.split(" ", 3)
            if kind == "shortage":
                ok = s.get(Shortage, int(rest[0])) is not None
            elif kind == "note":
                row = s.get(Shortage, int(rest[0]))
                ok = row is not None and row.version >= int(rest[1]) and s.exec(select(ShortageEvent.id).where(
                    ShortageEvent.shortage_id == row.id, ShortageEvent.action == "note",
                    ShortageEvent.note == rest[2])).first() is not None
            elif kind == "report":
                report = s.get(DailyReport, int(rest[0]))
                ok = report is not None and report.output >= float(rest[1])
            elif kind == "checkin":
                ok = s.get(CheckIn, int(rest[0])) is not None
            else:  # checkout, with the note it put on the shortage worked on (same transaction)
                checkin = s.get(CheckIn, int(rest[0]))
                ok = checkin is not None and checkin.check_out is not None
                if len(rest) == 3:
                    note = select(ShortageEvent.id).where(ShortageEvent.shortage_id == int(rest[1]),
                                                          ShortageEvent.note == rest[2])
                    ok = ok and s.exec(note).first() is not None
            missing += not ok
    problems = wl.audit_problems(db)
    return {"acknowledged": len(lines), "missing": missing, "half_written": sum(problems.values()), **problems}


def integrity_ok(db) -> bool:  # type: ignore[no-untyped-def]
    if db.backend != "sqlite":
        return True
    with db.engine.connect() as conn:
        fk_errors = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return wl.sqlite_integrity(db) == "ok" and not fk_errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--db", help="SQLite path/URL or postgresql+psycopg://… of an empty database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # JSON: url, world, ack file, run
    args = parser.parse_args()
    if args.child:
        spec = json.loads(args.child)
        child(spec["url"], wl.World(**spec["world"]), Path(spec["ack"]), spec["run"])
        return 0

    from models.db import Database

    wl.FakeClock(wl.BASE).install()
    rng = random.Random(args.seed)
    totals = {"runs": 0, "kills": 0, "exited_before_kill": 0, "child_errors": 0,
              "integrity_failures": 0, "runs_with_problems": 0}
    samples: list[str] = []
    with wl.database_url(args.db) as url, tempfile.TemporaryDirectory(prefix="supplydesk-crash-") as folder:
        db = Database.open(url)
        world = wl.set_up(db, cadres=1, shortage=False)
        backend = wl.backend_label(db)
        ack_path, err_path = Path(folder, "acks.txt"), Path(folder, "stderr.txt")
        started = time.perf_counter()
        for run in range(args.runs):
            spec = json.dumps({"url": url, "world": world.__dict__, "ack": str(ack_path), "run": run})
            delay = rng.uniform(0.020, 0.300)
            with err_path.open("w") as err:
                proc = subprocess.Popen([sys.executable, __file__, "--child", spec],
                                        stdout=subprocess.PIPE, stderr=err, text=True)
                ready = proc.stdout.readline().strip() == "ready"  # type: ignore[union-attr]
                if ready:
                    time.sleep(delay)
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    totals["kills"] += 1
                code = proc.wait()
                proc.stdout.close()  # type: ignore[union-attr]
            if code != -signal.SIGKILL:
                totals["exited_before_kill"] += 1
                if code != 0 or not ready:
                    totals["child_errors"] += 1
                    tail = err_path.read_text(errors="replace").strip().splitlines()
                    samples.append(f"run {run}: exit {code}: {tail[-1] if tail else ''}"[:200])
            totals["runs"] += 1
            ok = integrity_ok(db)
            totals["integrity_failures"] += not ok
            figures = verify(db, ack_path)
            if not ok or figures["missing"] or figures["half_written"]:
                totals["runs_with_problems"] += 1
        seconds = time.perf_counter() - started
        db.dispose()

    result = {"backend": backend, "seed": args.seed, **totals, **figures, "seconds": round(seconds, 1),
              "integrity_check": ("PRAGMA integrity_check + foreign_key_check" if "sqlite" in backend
                                  else "not run (PostgreSQL)"),
              "child_error_samples": samples[:10]}
    for key in ("backend", "runs", "kills", "exited_before_kill", "child_errors", "acknowledged", "missing",
                "half_written", "integrity_failures", "integrity_check", "runs_with_problems", "seconds"):
        print(f"{key:20} {result[key]}")
    for name in ("audit_without_row", "row_audit_mismatch", "shortage_without_reported_event"):
        if result[name]:
            print(f"  half-written: {name}: {result[name]}")
    for sample in samples[:10]:
        print(f"  child error: {sample}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    bad = result["missing"] or result["half_written"] or totals["integrity_failures"] or totals["child_errors"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
