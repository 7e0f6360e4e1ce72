"""Snapshots of a field cadre's week at 80x24, in English and in Chinese: the status line (on site since
07:50), the days with a back-dated check-in and a visit across midnight (both marked corrected), the
16-hour day of scenario 1 and the figures of the week.

Update with ``pytest tests/functional/test_checkin_snapshots.py --snapshot-update`` and look at the
SVGs in ``__snapshots__/test_checkin_snapshots/`` before committing them.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from models.people import CadreCreate
from models.services.cadres import create_cadre, station
from models.services.checkin_match import match_enterprises
from models.services.checkins import check_in, check_out
from models.services.identity import resolve_actor
from models.settings import Settings, install

from .conftest import SAMPLE_NAME, settle

SIZE = (80, 24)

#: (check in, real arrival if entered later, check out, categories) — the week to Monday 3 February 2020
WEEK = [
    (datetime(2020, 1, 28, 7, 50), None, datetime(2020, 1, 28, 18, 0), ["production"]),
    (datetime(2020, 1, 29, 7, 50), None, datetime(2020, 1, 29, 18, 10), ["raw_materials"]),
    (datetime(2020, 1, 30, 8, 30), datetime(2020, 1, 30, 7, 50), datetime(2020, 1, 30, 17, 55), ["labour"]),
    (datetime(2020, 1, 31, 7, 50), None, datetime(2020, 1, 31, 18, 0), ["transport"]),
    (datetime(2020, 2, 1, 7, 50), None, datetime(2020, 2, 1, 12, 0), ["production"]),
    (datetime(2020, 2, 1, 20, 0), None, datetime(2020, 2, 2, 1, 30), ["procurement", "raw_materials"]),
    (datetime(2020, 2, 2, 7, 50), None, datetime(2020, 2, 2, 23, 55), ["licence", "production"]),
]


@pytest.fixture(autouse=True)
def no_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's once-a-second poll for other sessions' changes is off: these tests make their changes
    in this session (which reloads by itself), and a poll answered while the app shuts down can fail
    (``SupplyDeskApp.on_polled`` posts to a screen stack that is already empty)."""

    install(Settings(poll_seconds=3600.0))


@pytest.fixture
def cadre_week(desk_db, coord, pinned_clock) -> None:  # type: ignore[no-untyped-def]
    """李强 of 市经信委, 医疗物资生产组, stationed at 茶园康护: the week above, on site again since 07:50."""
    with desk_db.session() as s:
        create_cadre(s, actor=coord, data=CadreCreate(name="李强", login="liqiang", unit_id=1, group_id=3))
        li = resolve_actor(s, login="liqiang")
        station(s, actor=coord, cadre_id=li.cadre_id, enterprise_id=match_enterprises(s, query=SAMPLE_NAME).found.id,
                start=date(2020, 1, 24))
        where = match_enterprises(s, query=SAMPLE_NAME).found.id
        for typed, arrived, left, categories in WEEK:
            pinned_clock.set(typed)
            check_in(s, actor=li, enterprise_id=where, at=arrived, reason="到厂时终端未开" if arrived else None)
            overnight = left.date() != (arrived or typed).date()
            pinned_clock.set(datetime(2020, 2, 2, 7, 40) if overnight else left)
            check_out(s, actor=li, note="协调", categories=categories, at=left if overnight else None,
                      reason="忘记签退" if overnight else None)
        pinned_clock.set(datetime(2020, 2, 3, 7, 50))
        check_in(s, actor=li, enterprise_id=where)
    pinned_clock.set(datetime(2020, 2, 3, 14, 2))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_cadres_week(snap_compare, make_desk_app, cadre_week, lang: str) -> None:
    app = make_desk_app(lang=lang, login="liqiang", start="checkins")
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
