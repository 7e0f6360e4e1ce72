"""A dashboard session holds what its figures need, not more (per-session memory: every table class
imported costs a session about 0.2 MB): the stock panel (key ``k``) with its figures and their
tables comes when first shown; the figures reach none of the check-in services, the choices of the
lists or the receiving of donations, and they map none of the tables in ``UNREAD`` (which share a
subject with tables they read, and are kept in modules of their own). Run in a process of its own,
since the test process has imported all of them long before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.functional.directory import COORDINATOR

ROOT = Path(__file__).resolve().parents[2]

#: modules a dashboard session showing its figures must not have imported
NOT_BEFORE_K = ("tui.dashboard.stock_panel", "tui.dashboard.procurement_panel", "models.services.stock_figures",
                "models.services.procurement_figures", "models.transport", "models.services.timesheets",
                "models.services.checkins", "models.services.choices", "models.services.donation_receipts")
#: tables no figure of the dashboard reads (before ``k``), beside tables it reads
UNREAD = ("request", "requestline", "stockentry", "stockbalance", "stockclose", "keysupplyenterprise",
          "subsidyapplication", "donationredirect", "publicationcorrection", "park", "cataloguedemand",
          "materialreserve", "assignment", "checkinhours")
#: of those modules, what the stock panel brings
AFTER_K = ("tui.dashboard.stock_panel", "models.services.stock_figures", "models.services.procurement_figures")

SESSION = textwrap.dedent("""
    import asyncio, json, sys
    from sqlmodel import SQLModel
    from tui.factory import make_app

    url, lang, login = sys.argv[1:4]
    watched, unread = json.loads(sys.argv[4]), json.loads(sys.argv[5])

    async def settled(app, pilot) -> None:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()

    async def main() -> None:
        app = make_app(db_url=url, lang=lang, login=login, start="dashboard")
        async with app.run_test(size=(80, 24)) as pilot:
            await settled(app, pilot)
            print(json.dumps(sorted(name for name in watched if name in sys.modules)))
            print(json.dumps(sorted(name for name in unread if name in SQLModel.metadata.tables)))
            await pilot.press("k")
            await settled(app, pilot)
            print(json.dumps(sorted(name for name in watched if name in sys.modules)))
            print(app.screen.query_one("#stock").display, app.screen.query_one("#stock-items").has_focus)

    asyncio.run(main())
""")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_dashboard_imports_the_stock_panel_only_for_k(desk_url: str, lang: str) -> None:
    # desk_url is relative to the test's directory (the cwd): the session runs there too
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "TEXTUAL_ANIMATIONS": "none"}
    done = subprocess.run([sys.executable, "-c", SESSION, desk_url, lang, COORDINATOR, json.dumps(NOT_BEFORE_K),
                           json.dumps(UNREAD)],
                          capture_output=True, text=True, env=env, cwd=Path.cwd(), timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "created a new database" not in done.stderr, done.stderr[-2000:]
    before, mapped, after, shown = done.stdout.splitlines()[:4]
    assert json.loads(before) == []
    assert json.loads(mapped) == []
    assert set(AFTER_K) <= set(json.loads(after))
    assert shown == "True True"
