"""Many sessions on one database: CPU, memory and how long a change takes to show, measured as used.

    python bench/sessions.py [--sessions 5 10 ...] [--seconds 30] [--idle 20] [--db FILE]

For each N: N real app processes (``python -m tui.cli``) in 80×24 pseudo-terminals on one SQLite
demo database (half on the dashboard, a quarter each on the directory and the shortages); once all
have painted, ``--idle`` seconds with nothing written (their CPU is the idle cost), then a writer in
this process makes one change a second through the services for ``--seconds`` (alternately a
production status and a new shortage). A session shows a change by writing to its terminal (an idle
session writes nothing: only the cells that differ go out), so the time from a commit to the first
byte a session writes after it is the time the change took to appear there; a session whose screen
did not change writes nothing and gives no sample. Prints N against the CPU of all sessions (% of
one core, idle and under changes), RSS and PSS (``/proc/PID/smaps_rollup``) summed and per session,
and the latency p50 / p95 over every (change, session) that showed it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from idle_cpu import cpu_seconds  # noqa: E402
from wire import FIRST_QUIET_S, Terminal, database  # noqa: E402


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in kB."""
    found = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("Rss", "Pss"):
            found[name] = int(value.split()[0])
    return found.get("Rss", 0), found.get("Pss", 0)


def screens(n: int) -> list[str]:
    half, quarter = n - n // 2, n // 4
    return ["dashboard"] * half + ["enterprises"] * quarter + ["shortages"] * (n - half - quarter)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def writer(url: str, *, migrate: bool = True):  # type: ignore[no-untyped-def]
    """A function that makes the next change through the services and returns when it committed."""
    import logging

    logging.disable(logging.WARNING)
    from sqlalchemy import select

    import models.tables  # noqa: F401
    from models.db import Database
    from models.enterprise import Enterprise
    from models.migrate import ensure_schema
    from models.services.enterprises import set_status
    from models.services.identity import os_login, resolve_actor
    from models.services.shortages import report_shortage
    from models.shortage import ShortageCreate

    db = Database.open(url)
    if migrate:  # before the sessions start: they would all migrate it at once
        ensure_schema(db)
    db.use_wal()
    with db.session() as session:
        actor = resolve_actor(session, login=os_login())  # who made the demo: its coordinator
        firms = session.execute(select(Enterprise.id).where(Enterprise.archived == False)  # noqa: E712
                                .order_by(Enterprise.id)).scalars().all()
    turn = {"n": 0}

    def change() -> float:
        n = turn["n"] = turn["n"] + 1
        firm = firms[n % len(firms)]
        with db.session() as session:
            if n % 2:
                row = session.get(Enterprise, firm)
                assert row is not None
                status = "full_load" if row.status != "full_load" else "resumed"
                set_status(session, actor=actor, enterprise_id=firm, expected_version=row.version, status=status)
            else:
                report_shortage(session, actor=actor, data=ShortageCreate(
                    enterprise_id=firm, kind="gas", severity="critical", description=f"bench {n}"))
        return time.monotonic()

    return change, actor


def run(n: int, db: Path, args: argparse.Namespace, scratch: Path, tree: Path = ROOT) -> dict[str, float]:
    copy = scratch / f"sessions-{n}-{tree.name}.db"
    shutil.copy(db, copy)
    url = f"sqlite:///{copy}"
    terms: list[Terminal] = []
    change, _ = writer(url, migrate=tree == ROOT)  # an older tree's sessions take the schema it knows
    try:
        for i, screen in enumerate(screens(n)):
            home = scratch / f"home-{n}-{tree.name}-{i}"
            home.mkdir()
            env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "SUPPLYDESK_DB")}
            env.update(TERM="xterm-256color", SUPPLYDESK_LANG="en", SUPPLYDESK_DATA_DIR=str(home),
                       PYTHONPATH=str(tree), PYTHONSAFEPATH="1")  # not this tree first on the path (``-m``)
            terms.append(Terminal([sys.executable, "-m", "tui.cli", "--db", str(copy), "--screen", screen], env))
        for term in terms:
            term.quiet(term.started, FIRST_QUIET_S, limit=300, since=0)
        time.sleep(5)
        cpu0 = sum(cpu_seconds(t.process.pid) for t in terms)
        time.sleep(args.idle)
        cpu1 = sum(cpu_seconds(t.process.pid) for t in terms)
        latencies: list[float] = []
        marks = []
        started = time.monotonic()
        for k in range(args.seconds):
            mark = [t.mark() for t in terms]
            committed = change()
            marks.append((committed, mark))
            time.sleep(max(0.0, started + k + 1 - time.monotonic()))
        time.sleep(5)  # the last change's reloads
        cpu2 = sum(cpu_seconds(t.process.pid) for t in terms)
        busy_s = time.monotonic() - started
        for (committed, mark), following in zip(marks, [*marks[1:], (float("inf"), None)], strict=True):
            for term, since in zip(terms, mark, strict=True):
                after = [w for w, _, _ in term.since(since) if committed <= w < following[0]]
                if after:
                    latencies.append(after[0] - committed)
        for term in terms:
            if term.process.poll() is not None:
                raise SystemExit(f"a session ended ({term.process.returncode}): {term.everything()[-400:]!r}")
        memory = [memory_kb(t.process.pid) for t in terms]
    finally:
        for term in terms:
            term.stop()
    return {
        "idle_cpu": (cpu1 - cpu0) / args.idle * 100, "busy_cpu": (cpu2 - cpu1) / busy_s * 100,
        "rss_mb": sum(r for r, _ in memory) / 1024, "pss_mb": sum(p for _, p in memory) / 1024,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": percentile(latencies, 0.95) if latencies else float("nan"),
        "samples": len(latencies), "possible": n * args.seconds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 25, 50, 100])
    parser.add_argument("--seconds", type=int, default=30, help="changes made, one a second")
    parser.add_argument("--idle", type=float, default=20.0)
    parser.add_argument("--db", type=Path, help="a SQLite file to copy for each N (default: the demo)")
    args = parser.parse_args()
    db = args.db or database(None)
    print(f"{'tree':>8} {'N':>4} {'idle CPU':>9} {'CPU/session':>11} {'busy CPU':>9} {'RSS MB':>8} {'PSS MB':>8} "
          f"{'RSS/sess':>8} {'p50 s':>6} {'p95 s':>6} {'shown':>9}")
    with tempfile.TemporaryDirectory() as scratch:
        trees = {"now": ROOT}
        for n, (name, tree) in ((n, t) for n in args.sessions for t in trees.items()):
            r = run(n, db, args, Path(scratch), tree)
            print(f"{name:>8} {n:>4} {r['idle_cpu']:>8.1f}% {r['idle_cpu'] / n:>10.2f}% {r['busy_cpu']:>8.1f}% "
                  f"{r['rss_mb']:>8.0f} {r['pss_mb']:>8.0f} {r['rss_mb'] / n:>8.0f} {r['p50']:>6.2f} {r['p95']:>6.2f} "
                  f"{r['samples']:>4}/{r['possible']:<4}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
