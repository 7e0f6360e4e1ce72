"""Before and after in one run: the shell benchmark (``bench/run.py``) on two revisions, alternately.

    python bench/compare.py --before REV [--after REV] [--scale 1000] [--rounds 3] [--repeat 5] [--only-stock]
                            [--this-bench]

Each revision is exported (``git archive``) into a temporary folder that shares this tree's
``bench/data`` (the same demo database, so both measure the same rows); the two then take turns,
``--rounds`` times each, so a burst of load elsewhere on the machine hits both. Prints the median of
every figure and ratio per revision, and after / before. Without ``--after`` the working tree is
the "after" side.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def export(rev: str, into: Path, *, this_bench: bool = False) -> Path:
    """The tree of ``rev`` in ``into``, its bench/data linked to this tree's (and with ``this_bench``,
    its bench/run.py replaced by this tree's, so both sides take the same measurements)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    if this_bench:
        shutil.copyfile(HERE / "run.py", into / "bench" / "run.py")
    (HERE / "data").mkdir(exist_ok=True)
    data = into / "bench" / "data"
    if not data.exists():
        data.symlink_to(HERE / "data", target_is_directory=True)
    return into


def measure(tree: Path, args: argparse.Namespace, out: Path) -> dict[str, dict[str, float]]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    only = ["--only-stock"] if args.only_stock else []
    subprocess.run([sys.executable, str(tree / "bench" / "run.py"), "--scale", str(args.scale), "--repeat",
                    str(args.repeat), "--json", str(out), *only], cwd=tree, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after")
    parser.add_argument("--scale", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only-stock", action="store_true", help="only the stock screen's part (bench/run.py)")
    parser.add_argument("--this-bench", action="store_true",
                        help="measure both revisions with this tree's bench/run.py (figures it added since)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="supplydesk-bench-") as tmp:
        trees = {"before": export(args.before, Path(tmp) / "before", this_bench=args.this_bench),
                 "after": export(args.after, Path(tmp) / "after", this_bench=args.this_bench) if args.after else ROOT}
        runs: dict[str, list[dict[str, dict[str, float]]]] = {"before": [], "after": []}
        for n in range(args.rounds):
            for side, tree in trees.items():
                runs[side].append(measure(tree, args, Path(tmp) / f"{side}-{n}.json"))
                print(f"round {n + 1}/{args.rounds}: {side} done", file=sys.stderr)
    print(f"scale {args.scale:,}; median of {args.rounds} alternating rounds, each the median of {args.repeat} runs")
    print(f"  {'':30} {'before':>10} {'after':>10} {'after/before':>13}")
    for kind in ("stock",) if args.only_stock else ("figures", "ratios"):
        names = dict.fromkeys([*runs["before"][0][kind], *runs["after"][0][kind]])  # both sides' figures, in order
        for name in names:
            unit = "×" if kind == "ratios" or "/" in name else ""
            sides = [statistics.median(r[kind][name] for r in runs[side]) if name in runs[side][0][kind] else None
                     for side in ("before", "after")]
            shown = [f"{value:9.2f}{unit:1}" if value is not None else f"{'—':>10}" for value in sides]
            before, after = sides
            change = f"{after / before:12.2f}×" if before and after is not None else ""
            print(f"  {name:30} {shown[0]} {shown[1]} {change}")

if __name__ == "__main__":
    main()
