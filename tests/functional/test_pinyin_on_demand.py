"""pypinyin (about 50 MB once loaded) stays out of a session that shows the lists and opens their
quick filters' dialogs: the choices come with the keys stored with their names, and the labels'
keys are kept (``tui.i18n.label_keys``); typing pinyin in a dialog still finds a Chinese label. Run
in a process of its own, since the test process has loaded pypinyin long before."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.functional.directory import COORDINATOR

ROOT = Path(__file__).resolve().parents[2]

SESSION = textwrap.dedent("""
    import asyncio, sys, traceback
    class Finder:  # says who imports pypinyin (on stderr, in the failure's message)
        def find_spec(self, name, path, target=None):
            if name == "pypinyin":
                traceback.print_stack(limit=14)
    sys.meta_path.insert(0, Finder())
    import tui.enterprises.screen
    from tui.factory import make_app

    tui.enterprises.screen.CHOICES_AFTER_S = 0.001  # the directory's choices right after its first rows
    url, lang, login = sys.argv[1:4]

    def pypinyin() -> str:
        return "loaded" if any(name.split(".")[0] == "pypinyin" for name in sys.modules) else "not loaded"

    async def settled(app, pilot) -> None:
        # until every worker is done and the directory has its choices (other screens: at once)
        for _ in range(500):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if getattr(app.screen, "choices", True) is not None:
                return
        raise SystemExit("the quick filters' choices never came")

    async def main() -> None:
        for screen in ("enterprises", "shortages", "dashboard"):
            app = make_app(db_url=url, lang=lang, login=login, start=screen)
            async with app.run_test(size=(80, 24)) as pilot:
                await settled(app, pilot)
        print(pypinyin())
        app = make_app(db_url=url, lang=lang, login=login, start="enterprises")
        async with app.run_test(size=(80, 24)) as pilot:
            await settled(app, pilot)
            await pilot.press("f")  # the quick filters' dialog: typing pinyin must work
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown = type(app.screen).__name__
            await pilot.press(*("zt" if lang == "zh" else "stat"))  # 状态 in its initials; Status
            await pilot.pause()
            options = app.screen.query_one("OptionList")
            first = app.screen.options[int(options.get_option_at_index(0).id)][0] if options.option_count else None
        print(pypinyin(), shown, first)

    asyncio.run(main())
""")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_lists_and_their_quick_filters_dialogs_load_no_pypinyin(desk_url: str, lang: str) -> None:
    # desk_url is relative to the test's directory (the cwd): the session runs there too, else it
    # would create a database of its own (and load pypinyin to seed it)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "TEXTUAL_ANIMATIONS": "none"}
    done = subprocess.run([sys.executable, "-c", SESSION, desk_url, lang, COORDINATOR], capture_output=True,
                          text=True, env=env, cwd=Path.cwd(), timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "created a new database" not in done.stderr, done.stderr[-2000:]
    assert done.stdout.split("\n")[:2] == ["not loaded", "not loaded ChoiceDialog status"], (
        done.stdout + done.stderr)
