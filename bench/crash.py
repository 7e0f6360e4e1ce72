"""Crash test: kill a writer with SIGKILL at random moments and check that nothing acknowledged is lost.

    python bench/crash.py [--runs 100] [--db URL] [--seed 1] [--json FILE] [--plant lost-write|wrong-figure]

``--db`` is a SQLite file path, a sqlite:/// URL or postgresql+psycopg://… of an EMPTY database;
without it a fresh SQLite file in a temp dir is used and removed afterwards. The parent sets up one
enterprise and one field cadre stationed there, then ``--runs`` times starts a writer process
(this file with ``--child``). The writer plays a new day on a fake clock and loops through the
cycle of ``_workload.CycleWriter`` (report a shortage, a note on it, a daily-report increment,
check in, check out with a note on the shortage). It appends each write to an ack file twice: as
"try" before the commit, with what it will store, and as "ack" after the commit returned. A
check-in left open by a killed writer is closed by the next one with the real time and a reason.
Once the writer says it is ready (its first write acknowledged: the imports and first statements of a
fresh process, which took longer than the delay, are behind it), the parent waits a seeded random
20–300 ms, sends SIGKILL and
checks, after every run, everything acknowledged so far:

* ``PRAGMA integrity_check`` is "ok" and ``PRAGMA foreign_key_check`` is empty (SQLite only;
  on PostgreSQL the server's own crash safety is not tested here, only what the client sees);
* every acknowledged write is found by its content: the unique token in its text, the moment of a
  check-in. Not by id: SQLite gives the id of a lost last row to the next row, so a check by id
  passed with the row gone. Missing must be 0;
* every day's report holds exactly the last acknowledged total, or the total of the increment in
  flight when the writer was killed (committed, not yet acknowledged). Any other figure is wrong;
* nothing half-written: no shortage without exactly one "reported" event, no audit row whose row
  is gone, no tracked row whose number of audit rows differs from its version.

The ack file is flushed, not synced: SIGKILL ends the process, not the machine, and the parent reads
what the writer handed to the kernel. Prints figures; exits 1 when any run had a problem (missing,
wrong figure, half-written, corrupt) or a writer failed. ``--plant`` is the check's own test: after
the first run it deletes the newest acknowledged shortage (its row, events and audit rows, as if
the commit had never reached the disk) or adds 1 to that day's stored output; the exit must be 1.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _workload as wl

MAX_STEPS = 20_000  # per writer; a writer that is never killed stops here (its day never reaches midnight)
PLANTS = ("lost-write", "wrong-figure")


def child(url: str, world: wl.World, ack_path: Path, run: int, announce: bool) -> None:
    """The writer: loop over the writes, logging each before and after its commit, until killed.

    With ``announce`` it says "cycled" once a whole cycle is acknowledged (for ``--plant``).
    """
    from models.db import Database
    from models.services import checkins

    day = wl.BASE.date() + timedelta(days=run + 1)
    wl.FakeClock(datetime.combine(day, wl.BASE.time())).install()
    db = Database.open(url)
    me = wl.actor_for(db, world.cadres[0])
    ack = ack_path.open("a", encoding="utf-8")

    def log(state: str, write: dict[str, Any]) -> None:
        ack.write(json.dumps({"run": run, "state": state, **write}, ensure_ascii=False) + "\n")
        ack.flush()

    with db.session() as session:
        left_open = checkins.open_checkin(session, cadre_id=me.cadre_id)  # type: ignore[arg-type]
    if left_open is not None:  # the last writer was killed while on site: close with the real time
        write = {"kind": "checkout", "moment": left_open.check_in.isoformat(), "reason": f"补记：上次会话中断 r{run}"}
        log("try", write)
        with db.session() as session:
            checkins.check_out(session, actor=me, at=left_open.check_in + timedelta(minutes=1), reason=write["reason"])
        log("ack", write)
    writer = wl.CycleWriter(db, world, me, day, tag=f"r{run}")
    for step in range(MAX_STEPS):
        write = writer.plan(step)
        log("try", write)
        log("ack", writer.commit(write))
        if step == 0:  # ready once a write went through: the kill lands among writes, not a first write's imports
            print("ready", flush=True)
        if announce and step == len(writer.KINDS) - 1:
            print("cycled", flush=True)


def read_log(ack_path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(acknowledged writes, writes in flight when their writer was killed: tried, never acknowledged)."""
    acked, in_flight = [], []
    pending: dict[str, Any] | None = None
    lines = ack_path.read_text(encoding="utf-8").splitlines() if ack_path.exists() else []
    for record in map(json.loads, lines):
        if pending is not None and (record["state"] == "try" or record["run"] != pending["run"]):
            in_flight.append(pending)
        pending = record if record["state"] == "try" else None
        if record["state"] == "ack":
            acked.append(record)
    return acked, [*in_flight, *([pending] if pending else [])]


def found(s, write: dict[str, Any]) -> bool:  # type: ignore[no-untyped-def]
    """Whether an acknowledged write is in the database, looked up by what it stored."""
    from sqlmodel import select

    from models.checkin import CheckIn
    from models.history import ShortageEvent
    from models.shortage import Shortage

    def shortage_note(description: str, note: str) -> bool:
        return s.exec(select(ShortageEvent.id).join(Shortage).where(
            Shortage.description == description, ShortageEvent.action == "note",
            ShortageEvent.note == note)).first() is not None

    kind = write["kind"]
    if kind == "shortage":
        return s.exec(select(Shortage.id).where(Shortage.description == write["description"])).first() is not None
    if kind == "note":
        return shortage_note(write["shortage"], write["note"])
    checkin = s.exec(select(CheckIn).where(CheckIn.check_in == datetime.fromisoformat(write["moment"]))).first()
    if kind == "checkin":
        return checkin is not None
    if checkin is None or checkin.check_out is None:
        return False
    if "reason" in write:  # the check-out that closed a check-in left open by a killed writer
        return checkin.reason == write["reason"]
    return checkin.note == write["note"] and shortage_note(write["shortage"], write["note"])


def wrong_figures(db, world: wl.World, acked: list[dict[str, Any]], in_flight: list[dict[str, Any]]) -> int:  # type: ignore[no-untyped-def]
    """Days whose stored output is neither the last acknowledged total nor the one in flight."""
    allowed: dict[str, set[float]] = {}
    for write in acked:  # in order: the last one of a day stays
        if write["kind"] == "report":
            allowed[write["day"]] = {write["total"]}
    for write in in_flight:
        if write["kind"] == "report":
            allowed.setdefault(write["day"], {0.0}).add(write["total"])
    return sum(wl.read_report(db, world, datetime.fromisoformat(day).date())[0] not in totals
               for day, totals in allowed.items())


def verify(db, world: wl.World, ack_path: Path) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Count acknowledged writes, the missing ones, wrong report figures and half-written rows."""
    acked, in_flight = read_log(ack_path)
    with db.session() as s:
        missing = sum(not found(s, write) for write in acked if write["kind"] != "report")
    problems = wl.audit_problems(db)
    return {"acknowledged": len(acked), "in_flight_at_kill": len(in_flight), "missing": missing,
            "wrong_figures": wrong_figures(db, world, acked, in_flight),
            "half_written": sum(problems.values()), **problems}


def plant(db, what: str, ack_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Make the problem ``--plant`` names, for the check to find."""
    from sqlalchemy import text

    acked, _ = read_log(ack_path)
    with db.engine.begin() as conn:
        if what == "wrong-figure":
            day = next(w["day"] for w in reversed(acked) if w["kind"] == "report")
            # far from any total: a write in flight at the kill may have stored the acknowledged one + 1
            conn.execute(text("UPDATE dailyreport SET output = output + 1000 WHERE report_date = :day"),
                         {"day": datetime.fromisoformat(day).date()})
            return
        description = next(w["description"] for w in reversed(acked) if w["kind"] == "shortage")
        row_id = conn.execute(text("SELECT id FROM shortage WHERE description = :d"), {"d": description}).scalar()
        for statement in ("DELETE FROM shortageevent WHERE shortage_id = :id",
                          "DELETE FROM auditlog WHERE table_name = 'shortage' AND row_id = :id",
                          "DELETE FROM shortage WHERE id = :id"):
            conn.execute(text(statement), {"id": row_id})


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
    parser.add_argument("--plant", choices=PLANTS, help="self-test: plant this problem after the first run")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # JSON: url, world, ack file, run, announce
    args = parser.parse_args()
    if args.child:
        spec = json.loads(args.child)
        child(spec["url"], wl.World(**spec["world"]), Path(spec["ack"]), spec["run"], spec["announce"])
        return 0

    from models.db import Database

    wl.FakeClock(wl.BASE).install()
    rng = random.Random(args.seed)
    totals = {"runs": 0, "kills": 0, "exited_before_kill": 0, "child_errors": 0,
              "integrity_failures": 0, "runs_with_problems": 0}
    samples: list[str] = []
    figures: dict[str, int] = {}
    with wl.database_url(args.db) as url, tempfile.TemporaryDirectory(prefix="supplydesk-crash-") as folder:
        db = Database.open(url)
        world = wl.set_up(db, cadres=1, shortage=False)
        backend = wl.backend_label(db)
        ack_path, err_path = Path(folder, "acks.txt"), Path(folder, "stderr.txt")
        started = time.perf_counter()
        for run in range(args.runs):
            planting = bool(args.plant) and run == 0
            spec = json.dumps({"url": url, "world": world.__dict__, "ack": str(ack_path), "run": run,
                               "announce": planting})
            delay = rng.uniform(0.020, 0.300)
            with err_path.open("w") as err:
                proc = subprocess.Popen([sys.executable, __file__, "--child", spec],
                                        stdout=subprocess.PIPE, stderr=err, text=True)
                ready = proc.stdout.readline().strip() == "ready"  # type: ignore[union-attr]
                if ready and planting:
                    ready = proc.stdout.readline().strip() == "cycled"  # type: ignore[union-attr]
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
            if planting:
                plant(db, args.plant, ack_path)
            totals["runs"] += 1
            ok = integrity_ok(db)
            totals["integrity_failures"] += not ok
            figures = verify(db, world, ack_path)
            if not ok or figures["missing"] or figures["wrong_figures"] or figures["half_written"]:
                totals["runs_with_problems"] += 1
        seconds = time.perf_counter() - started
        db.dispose()

    result = {"backend": backend, "seed": args.seed, "plant": args.plant, **totals, **figures,
              "seconds": round(seconds, 1),
              "integrity_check": ("PRAGMA integrity_check + foreign_key_check" if "sqlite" in backend
                                  else "not run (PostgreSQL)"),
              "child_error_samples": samples[:10]}
    for key in ("backend", "runs", "kills", "exited_before_kill", "child_errors", "acknowledged", "in_flight_at_kill",
                "missing", "wrong_figures", "half_written", "integrity_failures", "integrity_check",
                "runs_with_problems", "seconds"):
        print(f"{key:20} {result.get(key)}")
    for name in ("audit_without_row", "row_audit_mismatch", "shortage_without_reported_event"):
        if result.get(name):
            print(f"  half-written: {name}: {result[name]}")
    for sample in samples[:10]:
        print(f"  child error: {sample}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 1 if totals["runs_with_problems"] or totals["child_errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
