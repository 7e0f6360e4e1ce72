"""Snapshots of the dashboard with the four days of tests/functional/dashboard_world.py: at 80×24 in
English and in Chinese (item names of two-cell characters beside right-aligned figures), and on a
160×40 terminal in Chinese with the districts beside the figures.

Update with ``pytest tests/functional/test_dashboard_snapshots.py --snapshot-update`` and look at
the SVGs in ``__snapshots__/test_dashboard_snapshots/`` before committing them.
"""

from __future__ import annotations

import pytest

from models.settings import Settings, install

from .dashboard_world import build_world, shown


@pytest.fixture(autouse=True)
def no_change_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    install(Settings(poll_seconds=3600.0))


def dashboard_at(size: tuple[int, int]):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await shown(pilot)
        # the resize round trip of the other snapshots: the layout does not depend on worker timing
        await pilot.resize_terminal(size[0] + 1, size[1])
        await pilot.resize_terminal(*size)
        await shown(pilot)

    return run_before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_dashboard(snap_compare, make_desk_app, desk_db, coord, pinned_clock, lang: str) -> None:
    build_world(desk_db, coord, pinned_clock)
    app = make_desk_app(lang=lang, start="dashboard")
    assert snap_compare(app, terminal_size=(80, 24), run_before=dashboard_at((80, 24)))


def test_the_dashboard_on_a_wide_terminal(snap_compare, make_desk_app, desk_db, coord, pinned_clock) -> None:
    build_world(desk_db, coord, pinned_clock)
    app = make_desk_app(lang="zh", start="dashboard")
    assert snap_compare(app, terminal_size=(160, 40), run_before=dashboard_at((160, 40)))
