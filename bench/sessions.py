"""Many sessions on one database: CPU, memory and how long a change takes to show, measured as used.

    python bench/sessions.py [--sessions 10 25 50 100] [--seconds 30] [--idle 20] [--db FILE | URL]
                             [--start-every 0.2] [--release-after S] [--shared-figures] [--before REV ...]

For each N: N real app processes (``python -m tui.cli``) in 80×24 pseudo-terminals on one demo
database (half on the dashboard, a quarter each on the directory and the shortages): a SQLite copy
of the demo, or with ``--db postgresql+psycopg://…`` (a role that may create databases) a fresh
database on that server for each N, made from a template the demo is loaded into once. The sessions
start ``--start-every`` seconds apart (a hundred starting at once on two cores would time their own
start-up); once all have painted, ``--idle`` seconds with nothing written (their CPU is the idle cost), then a writer in
this process makes one change a second through the services for ``--seconds`` (alternately a
production status and a new shortage). A session shows a change by writing to its terminal (an idle
session writes nothing: only the cells that differ go out), so the time from a commit to the first
byte a session writes after it is the time the change took to appear there; a session whose screen
did not change writes nothing and gives no sample. Prints N against the CPU of all sessions (% of
one core, idle and under changes), RSS and PSS (``/proc/PID/smaps_rollup``) summed and per session,
then per session the median and the largest RSS, PSS and peak RSS (``VmHWM``: the most the process
held at any moment since it started), of all sessions and of each screen's, the latency p50 / p95
over every (change, session) that showed it, and per screen the median CPU a session spent per
change (its CPU under changes divided by the changes made). On PostgreSQL also the
client connections to the benchmark's database at peak (``pg_stat_activity``, sampled every half
second from start-up to the end: the sessions' and the writer's; others on a shared server are not
counted) and the server's ``max_connections``. With ``--shared-figures`` the trees that have it run
``supplydesk share-figures`` beside the sessions and the dashboards show its file
(``models.shared_figures``); its CPU counts with the sessions' and is printed apart, and its
connection with theirs.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from idle_cpu import compiled, cpu_seconds, export  # noqa: E402
from wire import FIRST_QUIET_S, Terminal, database  # noqa: E402


def memory_kb(pid: int) -> tuple[int, int, int]:
    """(RSS, PSS, peak RSS) of a process in kB: the first two now (``smaps_rollup``), the peak its
    high-water mark since it started (``VmHWM`` in ``/proc/PID/status``)."""
    found = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("Rss", "Pss"):
            found[name] = int(value.split()[0])
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name == "VmHWM":
            found[name] = int(value.split()[0])
    return found.get("Rss", 0), found.get("Pss", 0), found.get("VmHWM", 0)


def screens(n: int) -> list[str]:
    half, quarter = n - n // 2, n // 4
    return ["dashboard"] * half + ["enterprises"] * quarter + ["shortages"] * (n - half - quarter)


def per_session(memory: list[tuple[int, int, int]]) -> str:
    """The median and the largest of the sessions' RSS, PSS and peak RSS, in MB."""
    if not memory:
        return "none"
    figures = [f"{name} {statistics.median(m[i] for m in memory) / 1024:.1f} · {max(m[i] for m in memory) / 1024:.1f}"
               for i, name in enumerate(("RSS", "PSS", "peak RSS"))]
    return ", ".join(figures) + " MB (median · max)"


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


class Connections:
    """(PostgreSQL) the client connections to ``database``, sampled every half second in a thread; ``peak``."""

    def __init__(self, url: str, database: str) -> None:
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        self.engine = create_engine(url, poolclass=NullPool)
        self.connection = self.engine.connect()
        self.query = text("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                          "AND datname = :name").bindparams(name=database)
        self.limit = int(self.connection.execute(text("SHOW max_connections")).scalar_one())
        self.peak = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.stopped.is_set():
            self.peak = max(self.peak, int(self.connection.execute(self.query).scalar_one()))
            self.connection.rollback()
            self.stopped.wait(0.5)

    def stop(self) -> int:
        self.stopped.set()
        self.thread.join()
        self.connection.close()
        self.engine.dispose()
        return self.peak


def pg_database(url: str, name: str, *, template: str | None = None) -> str:
    """A new, empty database ``name`` on the server of ``url`` (dropped first if it exists), or a copy
    of ``template``; its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    admin = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def pg_template(url: str) -> str:
    """The demo loaded once into a template database on the server of ``url``; the template's name."""
    name = "supplydesk_sessions_template"
    made = pg_database(url, name)
    subprocess.run([sys.executable, "-m", "tui.cli", "demo", "--db", made], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL)
    return name


def drop_pg_database(url: str, name: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    admin = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def more_files(wanted: int) -> None:
    """Each session is a pseudo-terminal (a descriptor here) and a reader thread: raise the soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard),
                                                    hard))


def run(n: int, db: Path | str, args: argparse.Namespace, scratch: Path, tree: Path = ROOT) -> dict[str, float]:
    """One N: ``db`` is a SQLite file to copy, or a PostgreSQL URL and ``args.template`` the database to copy."""
    connections: Connections | None = None
    if isinstance(db, Path):
        copy = scratch / f"sessions-{n}-{tree.name}.db"
        shutil.copy(db, copy)
        url = f"sqlite:///{copy}"
    else:
        url = pg_database(db, f"supplydesk_sessions_{n}", template=args.template)
        connections = Connections(db, f"supplydesk_sessions_{n}")
    terms: list[Terminal] = []
    change, _ = writer(url, migrate=tree == ROOT)  # an older tree's sessions take the schema it knows
    keeper: subprocess.Popen[bytes] | None = None
    try:
        if args.shared_figures and (tree / "models" / "shared_figures.py").exists():
            keeper, figures = share_figures(url, tree, scratch / f"figures-{n}-{tree.name}.json")
        for i, screen in enumerate(screens(n)):
            home = scratch / f"home-{n}-{tree.name}-{i}"
            home.mkdir()
            env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "SUPPLYDESK_DB")}
            env.update(TERM="xterm-256color", SUPPLYDESK_LANG="en", SUPPLYDESK_DATA_DIR=str(home),
                       PYTHONPATH=str(tree), PYTHONSAFEPATH="1")  # not this tree first on the path (``-m``)
            if args.release_after is not None:
                env["SUPPLYDESK_IDLE_RELEASE_SECONDS"] = str(args.release_after)
            if keeper is not None:
                env["SUPPLYDESK_SHARED_FIGURES"] = str(figures)
            terms.append(Terminal([sys.executable, "-m", "tui.cli", "--db", url, "--screen", screen], env))
            time.sleep(args.start_every)
        for term in terms:  # up to 2 minutes, and 3 s more per session, for all to have painted
            term.quiet(term.started, FIRST_QUIET_S, limit=120 + 3 * n, since=0)
        time.sleep(5)
        # the keeper's CPU counts with the sessions': it does for them what each did for itself
        kept = [keeper.pid] if keeper is not None else []
        cpu0 = sum(cpu_seconds(pid) for pid in [*(t.process.pid for t in terms), *kept])
        time.sleep(args.idle)
        each1 = [cpu_seconds(t.process.pid) for t in terms]
        keeper1 = sum(cpu_seconds(pid) for pid in kept)
        cpu1 = sum(each1) + keeper1
        latencies: list[float] = []
        marks = []
        started = time.monotonic()
        for k in range(args.seconds):
            mark = [t.mark() for t in terms]
            committed = change()
            marks.append((committed, mark))
            time.sleep(max(0.0, started + k + 1 - time.monotonic()))
        time.sleep(5)  # the last change's reloads
        each2 = [cpu_seconds(t.process.pid) for t in terms]
        keeper2 = sum(cpu_seconds(pid) for pid in kept)
        cpu2 = sum(each2) + keeper2
        busy_s = time.monotonic() - started
        by_screen: dict[str, list[float]] = {}
        for screen, before, after in zip(screens(n), each1, each2, strict=True):
            by_screen.setdefault(screen, []).append((after - before) / args.seconds * 1000)
        for (committed, mark), following in zip(marks, [*marks[1:], (float("inf"), None)], strict=True):
            for term, since in zip(terms, mark, strict=True):
                after = [w for w, _, _ in term.since(since) if committed <= w < following[0]]
                if after:
                    latencies.append(after[0] - committed)
        for term in terms:
            if term.process.poll() is not None:
                raise SystemExit(f"a session ended ({term.process.returncode}): {term.everything()[-400:]!r}")
        memory = [memory_kb(t.process.pid) for t in terms]
        keeper_memory = memory_kb(keeper.pid) if keeper is not None else None
    finally:
        for term in terms:
            term.stop()
        if keeper is not None:
            keeper.terminate()
            keeper.wait(30)
        peak = connections.stop() if connections is not None else 0
        if not isinstance(db, Path):
            drop_pg_database(db, f"supplydesk_sessions_{n}")
    return {
        "idle_cpu": (cpu1 - cpu0) / args.idle * 100, "busy_cpu": (cpu2 - cpu1) / busy_s * 100,
        "rss_mb": sum(r for r, _, _ in memory) / 1024, "pss_mb": sum(p for _, p, _ in memory) / 1024,
        "memory": {screen: [m for s, m in zip(screens(n), memory, strict=True) if s == screen]
                   for screen in ("all", *dict.fromkeys(screens(n)))} | {"all": memory},
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": percentile(latencies, 0.95) if latencies else float("nan"),
        "samples": len(latencies), "possible": n * args.seconds,
        "connections": peak, "max_connections": connections.limit if connections is not None else 0,
        "per_change_ms": {screen: statistics.median(v) for screen, v in by_screen.items()},
        "keeper": None if keeper_memory is None else
        {"busy_cpu": (keeper2 - keeper1) / busy_s * 100, "per_change_ms": (keeper2 - keeper1) / args.seconds * 1000,
         "peak_mb": keeper_memory[2] / 1024},
    }


def share_figures(url: str, tree: Path, path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    """``supplydesk share-figures`` of ``tree`` on ``url``, once it wrote its first figures."""
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONSAFEPATH": "1", "SUPPLYDESK_DATA_DIR": str(path.parent)}
    keeper = subprocess.Popen([sys.executable, "-m", "tui.cli", "share-figures", "--db", url, "--to", str(path)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not path.exists():
        if keeper.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"share-figures did not write {path} (exit {keeper.returncode})")
        time.sleep(0.1)
    return keeper, path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 25, 50, 100])
    parser.add_argument("--seconds", type=int, default=30, help="changes made, one a second")
    parser.add_argument("--idle", type=float, default=20.0)
    parser.add_argument("--db", help="a SQLite file to copy for each N (default: the demo), or a PostgreSQL URL "
                                      "of a role that may create databases (postgresql+psycopg://…)")
    parser.add_argument("--before", action="append", default=[],
                        help="an older revision whose sessions run too, each N, before this tree's (its own schema)")
    parser.add_argument("--start-every", type=float, default=0.2, help="seconds between two sessions' starts")
    parser.add_argument("--shared-figures", action="store_true",
                        help="run supplydesk share-figures beside the sessions (trees that have it); the dashboards "
                             "show its file, and its CPU counts with the sessions'")
    parser.add_argument("--release-after", type=float,
                        help="(PostgreSQL) the sessions' idle_release_seconds: no key this long lets the connection go")
    args = parser.parse_args()
    more_files(4 * max(args.sessions) + 256)
    db: Path | str = args.db if args.db and "://" in args.db else Path(args.db) if args.db else database(None)
    args.template = pg_template(db) if isinstance(db, str) else None
    print(f"{'tree':>8} {'N':>4} {'idle CPU':>9} {'CPU/session':>11} {'busy CPU':>9} {'RSS MB':>8} {'PSS MB':>8} "
          f"{'RSS/sess':>8} {'p50 s':>6} {'p95 s':>6} {'shown':>9}" + (" connections" if args.template else ""))
    try:
        with tempfile.TemporaryDirectory() as scratch:
            trees = {**{rev: export(rev, Path(scratch) / rev) for rev in args.before}, "now": compiled(ROOT)}
            for n, (name, tree) in ((n, t) for n in args.sessions for t in trees.items()):
                r = run(n, db, args, Path(scratch), tree)
                print(f"{name:>8} {n:>4} {r['idle_cpu']:>8.1f}% {r['idle_cpu'] / n:>10.2f}% {r['busy_cpu']:>8.1f}% "
                      f"{r['rss_mb']:>8.0f} {r['pss_mb']:>8.0f} {r['rss_mb'] / n:>8.0f} {r['p50']:>6.2f} "
                      f"{r['p95']:>6.2f} {r['samples']:>4}/{r['possible']:<4}"
                      + (f" {r['connections']:>4} of {r['max_connections']}" if args.template else ""), flush=True)
                for screen, memory in r["memory"].items():
                    print(f"{'':>8} {'':>4} per session, {screen}: {per_session(memory)}", flush=True)
                print(f"{'':>8} {'':>4} CPU per change and session (median): " + " · ".join(
                    f"{screen} {ms:.1f} ms" for screen, ms in r["per_change_ms"].items()), flush=True)
                if r["keeper"] is not None:
                    k = r["keeper"]
                    print(f"{'':>8} {'':>4} share-figures (counted above): busy {k['busy_cpu']:.1f}% of a core, "
                          f"{k['per_change_ms']:.1f} ms per change, peak RSS {k['peak_mb']:.1f} MB", flush=True)
    finally:
        if isinstance(db, str):
            drop_pg_database(db, args.template)
    return 0


if __name__ == "__main__":
    sys.exit(main())
