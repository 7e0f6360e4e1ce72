"""What an idle session costs the machine: CPU of real app processes left alone, before and now, same run.

    python bench/idle_cpu.py [--before REV ...] [--idle 60] [--scale N | --db FILE]

Starts the app (``python -m tui.cli``) in 80×24 pseudo-terminals on one demo database, one process
per screen (dashboard, enterprises, shortages) for this tree and for each ``--before`` revision
(exported with ``git archive``), all at once so that they share the machine's state; once every one
has painted, leaves them idle for ``--idle`` seconds and reads each process's CPU time (user +
system, ``/proc/PID/stat``) at both ends. Prints the percentage of a core per idle session, per
screen and revision, with the ratio to this tree. What an idle session did before: the header's
clock (seconds, a layout and a repaint of the screen each second, up to f6516b7), the poll's query.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from wire import FIRST_QUIET_S, Terminal, database  # noqa: E402

SCREENS = ("dashboard", "enterprises", "shortages")
MIGRATE = ("import sys; from models.db import Database; from models.migrate import ensure_schema; "
           "ensure_schema(Database.open(sys.argv[1]))")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def export(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    into.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return compiled(into)


def compiled(tree: Path) -> Path:
    """``tree`` with its modules compiled, as an installation has them: a session that compiles its
    modules as it imports them (no ``__pycache__``, or ``PYTHONDONTWRITEBYTECODE`` set) peaks about
    2 MB higher and spends more CPU, so trees compared must all be compiled. Also compiled without
    docstrings (``-OO``), with the installation (``installation_compiled``): a session runs so where
    those files are (``tui.interpreter``)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-o", "0", "-o", "2", str(tree / "models"),
                    str(tree / "tui")], check=True)
    installation_compiled()
    return tree


@functools.cache
def installation_compiled() -> None:
    """The installed packages and the standard library compiled without docstrings, once a run, as the
    README has an operator do on a shared server; modules that do not compile, which no session
    imports, are passed over in silence."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-o", "2", sysconfig.get_paths()["purelib"],
                    sysconfig.get_paths()["platlib"], sysconfig.get_paths()["stdlib"]],
                   check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", action="append", default=[], help="an older revision to measure beside this tree")
    parser.add_argument("--idle", type=float, default=60.0)
    parser.add_argument("--scale", type=int, help="N enterprises (default: the demo data set)")
    parser.add_argument("--db", type=Path, help="an existing database file instead")
    args = parser.parse_args()
    db = args.db or database(args.scale)
    with tempfile.TemporaryDirectory() as scratch:
        trees = {"now": compiled(ROOT), **{rev: export(rev, Path(scratch) / rev) for rev in args.before}}
        terms: dict[tuple[str, str], Terminal] = {}
        try:
            for name, tree in trees.items():
                # each tree its own copy, at the schema it knows: this tree's is migrated first (its
                # sessions would all migrate it at once), an older tree's left as the demo was built
                copy = Path(scratch) / f"idle-{name}.db"
                shutil.copy(db, copy)
                if name == "now":
                    subprocess.run([sys.executable, "-c", MIGRATE, f"sqlite:///{copy}"], check=True,
                                   env={**os.environ, "PYTHONPATH": str(ROOT)})
                for screen in SCREENS:
                    home = Path(scratch) / f"home-{name}-{screen}"
                    home.mkdir()
                    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "SUPPLYDESK_DB")}
                    env.update(TERM="xterm-256color", SUPPLYDESK_LANG="en", SUPPLYDESK_DATA_DIR=str(home),
                               PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1",
                               # ``-m`` would put the working directory (this tree) first on the path,
                               # ahead of PYTHONPATH: every revision measured would be this one
                               PYTHONSAFEPATH="1")
                    terms[(name, screen)] = Terminal([sys.executable, "-m", "tui.cli", "--db", str(copy),
                                                      "--screen", screen], env)
            for term in terms.values():
                term.quiet(term.started, FIRST_QUIET_S, limit=180, since=0)
            time.sleep(5)  # the start's timers (backup, collector) are past
            start = {key: cpu_seconds(term.process.pid) for key, term in terms.items()}
            time.sleep(args.idle)
            used = {key: cpu_seconds(term.process.pid) - start[key] for key, term in terms.items()}
        finally:
            for term in terms.values():
                term.stop()
    print(f"idle {args.idle:.0f} s, {len(terms)} sessions at once on {db.name}; % of one core per session")
    print(f"{'screen':<12}" + "".join(f"{name:>16}" for name in trees))
    for screen in SCREENS:
        now = used[("now", screen)] / args.idle * 100
        cells = [f"{now:15.3f}%"]
        for name in args.before:
            then = used[(name, screen)] / args.idle * 100
            cells.append(f"{then:8.3f}% ({then / now if now else float('inf'):.1f}×)")
        print(f"{screen:<12}" + "".join(f"{c:>16}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
