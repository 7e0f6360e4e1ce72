"""The dashboard's figures shared by file (models.shared_figures): the file gives back exactly the
figures written, a file that is not one is refused with a ValueError (never another error), a
session uses a file only while it is fresh, and the keeper, on SQLite and PostgreSQL, writes the
figures a whole read gives after a change, and removes the file when stopped."""

from __future__ import annotations

import json
import os
import queue
import threading
import time
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import shared_figures
from models.dashboard_view import (
    Dashboard,
    DashboardView,
    DonationFigures,
    EnterpriseFigures,
    FundFigures,
    ItemSupply,
    PeopleFigures,
    ShortageFigures,
)
from models.services.dashboard_refresh import refresh_view
from models.services.shortages import report_shortage
from models.shared_figures import SharedFigures, confirm, dumps, keep, loads, write
from models.shortage import ShortageCreate

finite = st.floats(allow_nan=False, allow_infinity=False)
items = st.builds(ItemSupply, capacity=finite, output=finite, stock=finite, demand=finite,
                  trend=st.lists(finite, max_size=7).map(tuple))
views = st.builds(DashboardView, figures=st.builds(
    Dashboard, items=st.lists(items, max_size=4).map(tuple),
    people=st.builds(PeopleFigures, hours_this_week=finite)))


@given(view=views)
def test_the_file_gives_back_the_figures_written(view: DashboardView) -> None:
    assert loads(dumps(view)) == view


json_values = st.recursive(st.none() | st.booleans() | st.integers() | finite | st.text(max_size=5),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=4), max_leaves=20)


@given(view=json_values)
def test_a_file_that_is_not_one_is_refused_with_a_value_error(view: object) -> None:
    text = json.dumps({"format": shared_figures.FORMAT, "shape": shared_figures.shape(), "view": view})
    try:
        found = loads(text)
    except ValueError:
        return
    assert isinstance(found, DashboardView)  # only a well-formed view passes


@given(field=st.sampled_from(["figures", "donations", "funds"]), value=json_values)
def test_a_field_of_the_wrong_kind_is_refused(field: str, value: object) -> None:
    good = json.loads(dumps(_EXAMPLE))
    good["view"][field] = value
    with pytest.raises(ValueError):
        loads(json.dumps(good))


def test_a_file_of_another_format_is_refused() -> None:
    good = json.loads(dumps(_EXAMPLE))
    for bad in ({**good, "format": 2}, {k: v for k, v in good.items() if k != "format"}, [good]):
        with pytest.raises(ValueError):
            loads(json.dumps(bad))
    with pytest.raises(ValueError):
        loads("{not json")


#: a view with every kind of value (a real one, read from an empty database, would have no items)
_EXAMPLE = DashboardView(
    figures=Dashboard(
        now=datetime(2020, 2, 10, 12, 0),
        items=(ItemSupply(item_id=1, name="医用防护服", name_en="Protective suit", unit="套", severely_short=True,
                          capacity=2000.0, output=1800.0, stock=900.5, demand=1200.0, trend=(0.0, 1.5)),),
        enterprises=EnterpriseFigures(
            by_status={"full_load": 2}, by_district=(), total=2, not_reported_today=1),
        shortages=ShortageFigures(
            open_total=1, open_by_kind={"water": 1}, open_by_severity={"critical": 1}, oldest=None, opened_today=1,
            solved_today=0, overdue=0, escalation_due=0),
        people=PeopleFigures(on_site_now=1, checked_in_today=1, hours_this_week=3.5, unstaffed=0)),
    donations=DonationFigures(
        *range(14), next_publication_due=date(2020, 2, 12)),
    funds=FundFigures(*range(6)),
)


# --- a session glancing at the file ------------------------------------------------------------------


def test_a_session_uses_the_file_only_while_it_is_confirmed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "figures.json"
    seen = SharedFigures(path)
    reads: list[Path] = []
    real = shared_figures._read_text
    monkeypatch.setattr(shared_figures, "_read_text", lambda p: reads.append(p) or real(p))
    assert seen.glance() is None  # no file yet
    stamp = write(path, _EXAMPLE)
    found = seen.glance()
    assert found is not None and found.view == _EXAMPLE and time.time() - found.confirmed < 1
    seen.stale_after = 0.0  # time passes, and the keeper does not confirm the file
    assert seen.glance() is None
    seen.stale_after = shared_figures.STALE_S
    path.read_text(encoding="utf-8")  # someone reading it does not confirm it
    assert seen.glance() is not None
    before = os.stat(path).st_ctime_ns
    confirm(path, stamp)
    assert os.stat(path).st_ctime_ns >= before and os.stat(path).st_mtime_ns == stamp
    assert seen.glance() is not None
    assert len(reads) == 1  # the same figures, confirmed: not read again
    path.write_text("{half a fi", encoding="utf-8")
    assert seen.glance() is None
    path.unlink()
    assert seen.glance() is None


def test_a_pipe_or_a_large_file_in_its_place_holds_nothing_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "figures.json"
    os.mkfifo(path)  # nobody writes to it: reading it would wait for ever
    assert SharedFigures(path).glance() is None
    path.unlink()
    monkeypatch.setattr(shared_figures, "MAX_BYTES", 100)
    write(path, _EXAMPLE)
    assert SharedFigures(path).glance() is None


@pytest.mark.parametrize("change", [
    lambda f: f["view"]["figures"]["people"].update(hours_this_week=10**400),  # no float holds it
    lambda f: f["view"]["figures"].update(now="2020-02-10T12:00:00+05:00"),  # a time with a zone
    lambda f: f["view"]["funds"].pop("by_source"),  # a field with a default: another version's file
    lambda f: f.update(shape="0" * 16),  # another version's fields
    lambda f: f["view"].update(figures=[[[[0]]]] * 3),
], ids=["huge", "zoned", "missing", "shape", "kind"])
def test_a_value_the_app_cannot_show_is_refused(change) -> None:  # type: ignore[no-untyped-def]
    found = json.loads(dumps(_EXAMPLE))
    change(found)
    with pytest.raises(ValueError):
        loads(json.dumps(found))


@pytest.mark.parametrize("text", [
    dumps(_EXAMPLE).replace('"hours_this_week":3.5', '"hours_this_week":NaN'),  # a sparkline cannot draw it
    dumps(_EXAMPLE).replace('"stock":900.5', '"stock":Infinity'),
    "[" * 100_000,  # nested deeper than the parser goes
    '"\\ud800"',
], ids=["nan", "infinity", "deep", "surrogate"])
def test_a_hostile_text_is_refused_with_a_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        loads(text)


def test_a_new_file_is_read_even_within_the_clock_s_tick(tmp_path: Path) -> None:
    """Two files of the same size written at once, the second maybe on the first's freed inode: the
    second's time is later all the same, so a session reads it."""
    path = tmp_path / "figures.json"
    seen = SharedFigures(path)
    stamp = write(path, _EXAMPLE)
    assert seen.glance() is not None
    other = replace(_EXAMPLE, figures=replace(_EXAMPLE.figures, now=datetime(2020, 2, 10, 12, 1)))
    assert len(dumps(other)) == len(dumps(_EXAMPLE))
    later = write(path, other, after_ns=stamp + 10**9)  # a stamp ahead of the clock
    assert later > stamp and os.stat(path).st_mtime_ns == later
    found = seen.glance()
    assert found is not None and found.view == other


# --- the keeper, on both databases -------------------------------------------------------------------


def test_the_keeper_writes_what_a_whole_read_gives_after_a_change(db, session, make, coordinator, frozen_clock,
                                                                 tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    now = frozen_clock.set(datetime(2020, 2, 10, 12, 0))
    firm = make.enterprise().id
    session.commit()
    path = tmp_path / "figures.json"
    written: queue.Queue[DashboardView] = queue.Queue()
    stop = threading.Event()
    keeper = threading.Thread(target=keep, args=(db, path), kwargs={"stop": stop, "written": written.put})
    keeper.start()
    try:
        first = written.get(timeout=30)
        assert loads(path.read_text(encoding="utf-8")) == first
        assert first.figures.shortages.open_total == 0
        report_shortage(session, actor=coordinator, data=ShortageCreate(enterprise_id=firm, kind="water",
                                                                       severity="critical"))
        session.rollback()
        found = written.get(timeout=30)
        assert found == refresh_view(session, before=None, areas=None, now=now)
        assert found.figures.shortages.open_by_severity["critical"] == 1
        assert loads(path.read_text(encoding="utf-8")) == found
        session.rollback()
    finally:
        stop.set()
        keeper.join(timeout=30)
    assert not keeper.is_alive()
    assert not path.exists()  # the sessions read the database themselves at once


def test_a_keeper_that_fails_a_read_loses_nothing(db, session, make, coordinator, frozen_clock, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The read after a change fails (the database went away a moment): the file is not confirmed
    meanwhile, and once the database answers the figures show the change, though the marker was
    read before the failure."""
    now = frozen_clock.set(datetime(2020, 2, 10, 12, 0))
    firm = make.enterprise().id
    session.commit()
    path = tmp_path / "figures.json"
    written: queue.Queue[DashboardView] = queue.Queue()
    failures = queue.Queue[int]()
    real = shared_figures._read

    def read(db, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs["areas"] is not None and failures.empty():  # the first read after a change
            failures.put(1)
            raise OSError("connection lost")
        return real(db, **kwargs)

    monkeypatch.setattr(shared_figures, "_read", read)
    stop = threading.Event()
    keeper = threading.Thread(target=keep, args=(db, path), kwargs={"stop": stop, "written": written.put})
    keeper.start()
    try:
        written.get(timeout=30)
        report_shortage(session, actor=coordinator, data=ShortageCreate(enterprise_id=firm, kind="water",
                                                                       severity="critical"))
        session.rollback()
        assert failures.get(timeout=30) == 1
        found = written.get(timeout=30)  # read whole again
        assert found.figures.shortages.open_total == 1
        assert found == refresh_view(session, before=None, areas=None, now=now)
        session.rollback()
    finally:
        stop.set()
        keeper.join(timeout=30)
    assert not keeper.is_alive() and not path.exists()


@pytest.mark.postgres
def test_a_resting_watch_lets_its_connection_go(db) -> None:  # type: ignore[no-untyped-def]
    """While a dashboard shows shared figures its session holds no PostgreSQL connection; the next
    look opens one and counts as a change (what happened meanwhile is read)."""
    from models.watch import PostgresWatch

    if db.backend != "postgresql":
        pytest.skip("PostgreSQL only")
    watch = PostgresWatch(db)
    token = watch.token()
    assert db.engine.pool.checkedin() == 1
    watch.rest()
    assert db.engine.pool.checkedin() == 0 and db.engine.pool.checkedout() == 0
    assert not watch.glance(token)
    assert watch.token() != token
    watch.close()
