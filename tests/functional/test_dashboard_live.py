"""The dashboard kept current, at 80×24: a change made by another process shows within two seconds
without moving the supply table's cursor, a change made while another screen was on top shows on
return, a form keeps what was typed when a change arrives, an idle dashboard does not query, and
the header says when the data was last confirmed, or since when the database is out of reach.

The figures come from tests/functional/dashboard_world.py; the PostgreSQL variant of the first
test is in test_live_updates_pg.py.
"""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from textual.widgets import Input

from tui.enterprises.report import ReportFormScreen
from tui.shortages.form import ShortageFormScreen

from .conftest import screen_text, settle
from .dashboard_world import (
    B_NAME,
    C_NAME,
    FIGURES_EN,
    FIGURES_ZH,
    World,
    a_change_elsewhere_shows_on_the_dashboard,
    build_world,
    elsewhere,
    shown,
    squash,
)
from .test_live_updates import wait_until

SIZE = (80, 24)


@pytest.fixture
def world(desk_db, coord, pinned_clock) -> World:  # type: ignore[no-untyped-def]
    return build_world(desk_db, coord, pinned_clock)


# --- changes from elsewhere -----------------------------------------------------------------------


async def test_a_change_from_another_process_shows_on_the_dashboard(make_desk_app, world, desk_url) -> None:
    await a_change_elsewhere_shows_on_the_dashboard(make_desk_app(start="dashboard"), desk_url)


async def test_a_change_made_while_a_list_was_on_top_shows_on_return(make_desk_app, world, desk_url) -> None:
    app = make_desk_app(start="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot)
        await wait_until(pilot, lambda: app.data_marker is not None, 2)
        await pilot.press("r")
        await shown(pilot)
        elsewhere(desk_url, ("status", B_NAME, "full_load"))
        # the list on top shows it first; the dashboard underneath is not asked until it is seen again
        await wait_until(pilot, lambda: any("重庆渝北防护用品" in line and "Full load" in line
                                            for line in screen_text(app).splitlines()), 2.5)
        await pilot.press("escape")
        await shown(pilot)
        assert squash("Full load 2 · Resumed 14") in squash(screen_text(app))


@pytest.mark.parametrize("form", ["shortage", "report"])
async def test_an_open_form_keeps_what_was_typed_when_a_change_arrives(make_desk_app, world, desk_url,
                                                                       form: str) -> None:
    app = make_desk_app(start="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot)
        await wait_until(pilot, lambda: app.data_marker is not None, 2)
        if form == "shortage":  # c: the critical shortages, n: report one
            await pilot.press("c")
            await shown(pilot)
            await pilot.press("n")
            await shown(pilot)
            assert isinstance(app.screen, ShortageFormScreen)
            fields = {"quantity": "5", "description": "熔喷布只够两天 need 5 t"}
        else:  # r: not reported today, enter: 茶园康护's card, r: its daily report
            await pilot.press("r")
            await shown(pilot)
            await pilot.press("enter")
            await shown(pilot)
            await pilot.press("r")
            await shown(pilot)
            assert isinstance(app.screen, ReportFormScreen)
            fields = {f"field-output-{world.items['MASK-SURG']}": "95500"}
        for field, typed in fields.items():
            box = app.screen.query_one(f"#{field}", Input)
            box.focus()
            await pilot.press("end", *["backspace"] * len(box.value), *typed)
            assert box.value == typed
        generation = app.data_generation
        elsewhere(desk_url, ("shortage", C_NAME, "gas", "high"), ("status", B_NAME, "full_load"))
        # the change arrived, and the form (the screen on top) has been told of it
        await wait_until(pilot, lambda: app.data_generation > generation, 2.5)
        await wait_until(pilot, lambda: app.screen._seen_generation == app.data_generation, 1)
        await settle(pilot)
        text = screen_text(app)
        for field, typed in fields.items():
            assert app.screen.query_one(f"#{field}", Input).value == typed
            assert typed in text
        assert app.focused is app.screen.query_one(f"#{list(fields)[-1]}", Input)


# --- no queries while nothing changes -------------------------------------------------------------


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts the dashboard's service calls, the app's polls (a look at the database's change
    counter) and its reads of the change marker."""
    import models.services.changes as changes
    import models.services.dashboard_refresh as parts  # where the dashboard's view reads its parts
    import models.watch as watch

    calls = {"dashboard": 0, "polls": 0, "markers": 0}
    figures, marker, token = parts.refresh, changes.change_marker, watch.SqliteWatch.token

    def counting_token(self):  # type: ignore[no-untyped-def]
        calls["polls"] += 1
        return token(self)

    def counting_dashboard(session, **kwargs):  # type: ignore[no-untyped-def]
        calls["dashboard"] += 1
        calls["areas"] = kwargs["areas"]
        return figures(session, **kwargs)

    def counting_marker(session):  # type: ignore[no-untyped-def]
        calls["markers"] += 1
        return marker(session)

    monkeypatch.setattr(parts, "refresh", counting_dashboard)
    for name in ("donation_figures", "funds_today"):
        calls[name] = 0
        monkeypatch.setattr(parts, name, _counting(calls, name, getattr(parts, name)))
    monkeypatch.setattr(changes, "change_marker", counting_marker)
    monkeypatch.setattr(watch.SqliteWatch, "token", counting_token)
    return calls


def _counting(calls, name, real):  # type: ignore[no-untyped-def]
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls[name] += 1
        return real(*args, **kwargs)
    return wrapper


async def watching(pilot, app) -> None:  # type: ignore[no-untyped-def]
    """The dashboard shown, its first look for changes made, and everything settled."""
    await shown(pilot)
    await wait_until(pilot, lambda: app.data_marker is not None, 2)
    await settle(pilot)


async def test_a_change_reads_again_only_the_figures_that_read_what_changed(make_desk_app, world, desk_url,
                                                                            counted) -> None:
    app = make_desk_app(start="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await watching(pilot, app)
        assert (counted["dashboard"], counted["donation_figures"], counted["funds_today"]) == (1, 1, 1)
        elsewhere(desk_url, ("status", B_NAME, "full_load"))
        await wait_until(pilot, lambda: counted["dashboard"] > 1, 20)
        await settle(pilot)
        # an enterprise's status: the figures that read enterprises, not the donations' or the funds'
        assert counted["areas"] == {"enterprises"}
        assert (counted["donation_figures"], counted["funds_today"]) == (1, 1)
        assert squash("Full load 2 · Resumed 14") in squash(screen_text(app))


async def test_after_a_failed_read_the_next_change_reads_everything(make_desk_app, world, desk_url, counted,
                                                                    monkeypatch) -> None:
    import models.services.dashboard_refresh as parts  # where the dashboard's view reads its parts

    app = make_desk_app(start="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await watching(pilot, app)
        reading = parts.refresh

        def lost(session, **kwargs):  # type: ignore[no-untyped-def]
            counted["lost"] = counted.get("lost", 0) + 1
            raise OSError("connection lost")

        monkeypatch.setattr(parts, "refresh", lost)
        elsewhere(desk_url, ("status", B_NAME, "full_load"))  # read in part: the enterprises' figures
        await wait_until(pilot, lambda: counted.get("lost") == 1, 20)
        await settle(pilot)
        monkeypatch.setattr(parts, "refresh", reading)
        elsewhere(desk_url, ("shortage", C_NAME, "gas", "high"))  # the shortages' only, had nothing failed
        await wait_until(pilot, lambda: counted["dashboard"] > 1, 20)
        await settle(pilot)
        assert counted["areas"] is None
        assert squash("Full load 2 · Resumed 14") in squash(screen_text(app))


async def test_an_idle_dashboard_does_not_query_again(make_desk_app, world, desk_url, counted) -> None:
    app = make_desk_app(start="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot)
        await wait_until(pilot, lambda: counted["polls"] >= 3, 4)  # more than two polls with nothing changed
        await settle(pilot)
        assert counted["dashboard"] == 1
        # the database said nothing changed: the marker was read once, at the first poll
        assert counted["markers"] == 1
        elsewhere(desk_url, ("status", B_NAME, "full_load"))
        await wait_until(pilot, lambda: counted["dashboard"] > 1, 2.5)
        polls, markers = counted["polls"], counted["markers"]
        await wait_until(pilot, lambda: counted["polls"] >= polls + 2, 3)
        await settle(pilot)
        assert counted["dashboard"] == 2
        assert counted["markers"] == markers
        assert squash("Full load 2 · Resumed 14") in squash(screen_text(app))


# --- the header -----------------------------------------------------------------------------------


def header(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#header-line").render())


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_header_shows_when_data_was_last_confirmed(make_desk_app, world, pinned_clock, lang: str) -> None:
    updated, offline = ("updated", "offline since") if lang == "en" else ("刷新", "起连接中断")
    app = make_desk_app(start="dashboard", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot)
        # every poll to the worker, whose reads this test slows and breaks (a glance in the event loop
        # that finds nothing changed confirms the data without them)
        app._quiet_at_a_glance = lambda: False  # type: ignore[method-assign]
        # polls on time: the clock alone, to the minute (a line that changed each second went out each second)
        assert header(app).rstrip().endswith("07:50") and updated not in header(app)
        pinned_clock.advance(seconds=30)  # the next poll confirms the data at 07:50:30
        await wait_until(pilot, lambda: app.connection.at == datetime(2020, 2, 3, 7, 50, 30), 2.5)
        assert updated not in header(app)

        working, late = app.ctx.glance, threading.Event()

        def slow(work):  # type: ignore[no-untyped-def]
            late.wait(10)
            return working(work)

        app.ctx.glance = slow  # polls late: the header says when the data was last confirmed
        pinned_clock.advance(seconds=10)
        await wait_until(pilot, lambda: f"{updated} 07:50:30" in header(app), 7)
        app.ctx.glance = working
        late.set()

        def broken(work):  # type: ignore[no-untyped-def]
            raise OSError("disk I/O error")

        app.ctx.glance = broken
        await wait_until(pilot, lambda: not app.connection.ok, 2.5)
        await pilot.pause()
        assert offline in header(app) and "07:50:" in header(app)
        assert updated not in header(app)
        # the figures stay on the screen (stale, and the header says so)
        assert squash((FIGURES_EN if lang == "en" else FIGURES_ZH)[0]) in squash(screen_text(app))
        app.ctx.glance = working
        await wait_until(pilot, lambda: app.connection.ok, 2.5)
        await pilot.pause()
        assert offline not in header(app) and updated not in header(app)


# --- a screen reloads for the areas it shows ------------------------------------------------------


async def test_a_screen_reloads_only_when_what_it_shows_changed(make_desk_app, world, desk_url,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.shortages.screen import ShortageListScreen

    reloads = {"n": 0}
    reload = ShortageListScreen.reload

    def counting(self):  # type: ignore[no-untyped-def]
        reloads["n"] += 1
        reload(self)

    monkeypatch.setattr(ShortageListScreen, "reload", counting)
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot)
        await wait_until(pilot, lambda: app.data_marker is not None, 2)
        generation = app.data_generation
        # a daily report: the shortage list does not show reports
        elsewhere(desk_url, ("report", B_NAME, "SUIT", "2020-02-02", 1_800, 900))
        await wait_until(pilot, lambda: app.data_generation > generation, 2.5)
        await settle(pilot)
        assert reloads["n"] == 0 and app.area_generations["reports"] == app.data_generation
        elsewhere(desk_url, ("shortage", C_NAME, "gas", "high"))
        await wait_until(pilot, lambda: reloads["n"] >= 1, 4)
