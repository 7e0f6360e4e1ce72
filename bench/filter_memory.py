"""What a session holds once it filters: peak RSS of a real session at 80×24 as it looks, after a
filter typed into its list, and after opening the row under the cursor, for each list.

    python bench/filter_memory.py [--before REV ...] [--runs 3] [--lang zh|en]

Each list (the directory, the shortages, the stock) runs in a fresh ``supplydesk`` process
(``python -m tui.cli``) in a pseudo-terminal on its own copy of the demo database as the tree it
runs builds it (so that no session migrates, which would load Alembic). Peak RSS
(``VmHWM``) is read once the first screen is quiet ("looks"), after ``/`` and the filter's letters,
each typed once the screen is quiet ("filtered"), and after Enter, Enter ("opened": the card of the
first row). Trees of ``--before`` revisions run in the same run, their modules compiled as this
tree's are; medians of ``--runs`` runs, in MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from idle_cpu import compiled, export  # noqa: E402
from wire import FIRST_QUIET_S, QUIET_S, SCREEN_QUIET_S, Terminal, press  # noqa: E402

#: each list and what is typed into its filter: an enterprise's initials (茶园康护), a raw
#: material's (熔喷布), a catalogue item's (口罩)
LISTS = {"enterprises": "cykh", "shortages": "rpb", "stock": "kz"}
STAGES = ("looks", "filtered", "opened")


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for {pid}")


def demo_of(tree: Path, into: Path) -> Path:
    """The demo database as ``tree`` builds it, at its own schema."""
    path = into / f"demo-{tree.name}.db"
    subprocess.run([sys.executable, "-m", "tui.cli", "demo", "--db", str(path)], check=True, cwd=into,
                   stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(tree), "PYTHONSAFEPATH": "1",
                                                   "SUPPLYDESK_DATA_DIR": str(into)})
    return path


def measure(tree: Path, db: Path, screen: str, letters: str, scratch: Path, lang: str) -> dict[str, float]:
    copy = scratch / f"run-{tree.name}-{screen}.db"
    shutil.copy(db, copy)
    home = Path(tempfile.mkdtemp(dir=scratch))
    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "SUPPLYDESK_DB")}
    env.update(TERM="xterm-256color", SUPPLYDESK_LANG=lang, SUPPLYDESK_DATA_DIR=str(home),
               PYTHONPATH=str(tree), PYTHONSAFEPATH="1")  # not this tree first on the path (``-m``)
    term = Terminal([sys.executable, "-m", "tui.cli", "--db", str(copy), "--screen", screen], env)
    try:
        term.quiet(term.started, FIRST_QUIET_S, limit=120, since=0)
        found = {"looks": peak_mb(term.process.pid)}
        for key in "/" + letters[:-1]:
            press(term, key, key, QUIET_S)
        press(term, letters[-1], letters[-1], SCREEN_QUIET_S)  # the list read again, however long it takes
        found["filtered"] = peak_mb(term.process.pid)
        press(term, "enter", "enter", QUIET_S)
        press(term, "enter", "enter", SCREEN_QUIET_S)
        found["opened"] = peak_mb(term.process.pid)
    finally:
        term.stop()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", action="append", default=[], help="an older revision, measured in the same run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lang", default="zh")
    args = parser.parse_args()
    print(f"{'tree':>8} {'list':<12} " + " ".join(f"{stage:>9}" for stage in STAGES) + "   peak RSS, MB (median)")
    with tempfile.TemporaryDirectory() as scratch:
        trees = {**{rev: export(rev, Path(scratch) / rev) for rev in args.before}, "now": compiled(ROOT)}
        dbs = {name: demo_of(tree, Path(scratch)) for name, tree in trees.items()}
        for screen, letters in LISTS.items():
            for name, tree in trees.items():
                runs = [measure(tree, dbs[name], screen, letters, Path(scratch), args.lang) for _ in range(args.runs)]
                medians = [statistics.median(r[stage] for r in runs) for stage in STAGES]
                print(f"{name:>8} {screen:<12} " + " ".join(f"{m:>9.1f}" for m in medians), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
