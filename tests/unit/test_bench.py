"""The write benchmarks run, and the crash benchmark's check can fail: a clean run passes, a planted
loss or wrong figure makes it exit 1.

Two crash runs each (a writer process per run, killed by SIGKILL), on a fresh SQLite file. The planted
problems are ones the earlier check by id let through: a lost row whose id a later row can take,
a report total larger than acknowledged.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def bench(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / name), *args],
        check=False, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def crash(*args: str) -> tuple[int, dict[str, str]]:
    """Exit code and printed figures of ``bench/crash.py --runs 2``."""
    result = bench("crash.py", "--runs", "2", *args)
    figures = dict(line.split(None, 1) for line in result.stdout.splitlines() if line and not line[0].isspace())
    return result.returncode, figures


def test_clean_runs_pass() -> None:
    code, figures = crash()
    assert (code, figures["missing"], figures["wrong_figures"], figures["runs_with_problems"]) == (0, "0", "0", "0")
    assert int(figures["acknowledged"]) > 0


@pytest.mark.parametrize(("plant", "figure"), [("lost-write", "missing"), ("wrong-figure", "wrong_figures")])
def test_a_planted_problem_fails_the_run(plant: str, figure: str) -> None:
    code, figures = crash("--plant", plant)
    assert code == 1
    assert int(figures[figure]) > 0
    assert figures["runs_with_problems"] == "2"  # found after the first run, and still after the second


def test_write_latency_measures_both_settings(tmp_path: Path) -> None:
    result = bench("write_latency.py", "--writes", "5", "--rounds", "1", "--dir", str(tmp_path))
    assert result.returncode == 0, result.stdout
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.startswith("  ")}
    assert {"NORMAL", "FULL", "FULL/NORMAL"} <= rows.keys()
    assert list(tmp_path.iterdir()) == []  # its databases are removed


def test_warnings_bench_runs_and_the_two_counts_agree() -> None:
    result = bench("early_warnings.py", "--scale", "300", "--repeat", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "before / now" in result.stdout


def test_the_kept_counts_bench_runs_and_both_readings_agree() -> None:
    result = bench("maintained_counts.py", "--scale", "300", "--repeat", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "hours this week" in result.stdout and "unsolved shortages by kind and severity" in result.stdout


def test_the_shell_benchmark_measures_the_stock_screen_card_and_check(tmp_path: Path) -> None:
    out = tmp_path / "stock.json"
    result = bench("run.py", "--only-stock", "--stock-rows", "3000", "--repeat", "2", "--json", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    import json

    figures = json.loads(out.read_text())["stock"]
    for name in ("stock_screen_open", "stock_list_page", "stock_card_first_open", "stock_card_open", "stock_card_page",
                 "stock_card_end"):
        assert figures[f"{name}_ms"] > 0 and figures[f"{name} / keystroke_floor"] > 0
    assert figures["stock_screen_first_open / screen_floor"] > 0 and figures["stock_screen_floor_ms"] > 0
    assert figures["stock_check_ms"] > 0 and figures["stock_check_exit_code"] == 0  # the books hold


def test_dashboard_bench_runs_and_both_ways_give_the_same_dashboard() -> None:
    result = bench("dashboard.py", "--scale", "300", "--repeat", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "before / now" in result.stdout


def test_the_shell_benchmark_times_the_screens_at_the_size_of_the_history(tmp_path: Path) -> None:
    """``--only-history`` on a small demo with a longer history: each screen and sort has a time and a ratio."""
    import json

    path = tmp_path / "demo.db"
    demo = ["demo", "--scale", "20", "--days", "10", "--db", str(path)]
    built = subprocess.run([sys.executable, "-m", "tui.cli", *demo], check=False, capture_output=True, text=True,
                           timeout=300, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert built.returncode == 0, built.stderr
    out = tmp_path / "history.json"
    result = bench("run.py", "--url", f"sqlite:///{path}", "--only-history", "--repeat", "2", "--json", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(out.read_text())["history"]
    for name in ("dashboard", "card", "checkins", "sort_output", "page_output", "sort_reported", "page_cadre",
                 "sort_output_item", "page_output_item"):
        assert figures[f"{name}_ms"] > 0 and figures[f"{name} / keystroke_floor"] > 0
    assert figures["read_dashboard_ms"] > 0 and figures["read_card_ms"] > 0 and figures["read_sort_cover_5000_ms"] > 0
