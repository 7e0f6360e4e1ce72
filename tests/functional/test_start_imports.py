"""Starting the app from the command line imports no subcommand's module (per-session memory: they
brought the check-in services, the lists' choices, the exchange's sheets and their tables, about
2 MB a session); a subcommand and ``--help`` still have them all. A session on PostgreSQL does not
load SQLite (about 1 MB), its change watch and its daily backup included. Run in a process of its own
(the real ``main`` up to ``App.run``), since the test process has imported all of them long before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from models.db import Database
from tui.cli import SUBCOMMAND_MODULES

ROOT = Path(__file__).resolve().parents[2]

#: what only the subcommands brought: none of it may be imported by a session starting on its screen
#: (``tui.config.cli`` excepted: the start reports a wrong settings file with it)
NOT_AT_START = (*(name for name in SUBCOMMAND_MODULES if name != "tui.config.cli"), "models.services.checkins",
                "models.services.choices", "models.services.timesheets", "models.services.people_list",
                "models.exchange", "models.supply")

SESSION = textwrap.dedent("""
    import json, sys, threading
    from textual.app import App

    watched = json.loads(sys.argv[1])

    def run(self, *args, **kwargs):  # where the session would start: what has it imported?
        from models.watch import watch_for

        watch_for(self.ctx.db).token()  # and its first poll's
        self._start_daily_backup()  # and the day's backup, started a few seconds after the first paint
        for thread in threading.enumerate():
            if thread.name == "daily-backup":
                thread.join()
        print(json.dumps(sorted(name for name in watched if name in sys.modules)))

    App.run = run
    from tui.cli import main

    sys.exit(main(sys.argv[2:]))
""")


def start(argv: list[str], home: Path, lang: str) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "SUPPLYDESK_DATA_DIR": str(home), "SUPPLYDESK_LANG": lang}
    env.pop("SUPPLYDESK_DB", None)
    done = subprocess.run([sys.executable, "-c", SESSION, json.dumps(NOT_AT_START), *argv], capture_output=True,
                          text=True, env=env, cwd=Path.cwd(), timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "created a new database" not in done.stderr, done.stderr[-2000:]
    return done.stdout


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("screen", ["dashboard", "enterprises", "shortages"])
def test_a_session_imports_no_subcommand(desk_url: str, tmp_path: Path, lang: str, screen: str) -> None:
    shown = start(["--db", desk_url, "--screen", screen], tmp_path / "home", lang)
    assert json.loads(shown.splitlines()[0]) == []


def test_the_help_still_lists_every_subcommand(tmp_path: Path) -> None:
    shown = start(["--help"], tmp_path / "home", "en")
    assert all(name in shown for name in ("demo", "backup", "checkin", "checkout", "brief", "config", "audit"))


def test_a_session_on_postgresql_does_without_sqlite(backend: str, db: Database, tmp_path: Path) -> None:
    url = db.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "SUPPLYDESK_DATA_DIR": str(tmp_path / "home"), "SUPPLYDESK_LANG": "en"}
    env.pop("SUPPLYDESK_DB", None)
    done = subprocess.run([sys.executable, "-c", SESSION, json.dumps(["sqlite3", "_sqlite3"]), "--db", url,
                           "--screen", "dashboard"], capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.splitlines()[0]) == ([] if backend == "postgres" else ["_sqlite3", "sqlite3"])
