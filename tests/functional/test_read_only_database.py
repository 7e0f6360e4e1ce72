"""A write to a database this user may only read: the app says so in one line and keeps running."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from models.checkin import CheckIn
from models.people import CadreCreate
from models.services.cadres import create_cadre, station
from models.services.checkin_match import match_enterprises
from models.services.identity import resolve_actor
from tests.read_only import make_read_only

from .conftest import DB_NAME, SAMPLE_NAME, DeskFactory


@pytest.fixture
def stationed(desk_db, coord) -> None:  # type: ignore[no-untyped-def]
    """李强 (liqiang) stationed at 茶园康护 since 24 January; then the file is made read-only."""
    with desk_db.session() as s:
        create_cadre(s, actor=coord, data=CadreCreate(name="李强", login="liqiang", unit_id=1, group_id=3))
        station(s, actor=coord, cadre_id=resolve_actor(s, login="liqiang").cadre_id,
                enterprise_id=match_enterprises(s, query=SAMPLE_NAME).found.id, start=date(2020, 1, 24))
    desk_db.dispose()
    make_read_only(Path(DB_NAME))


async def test_a_check_in_on_a_read_only_file_says_why_in_one_line(desk_factory: DeskFactory, desk_db,
                                                                  stationed) -> None:
    async with desk_factory(login="liqiang") as desk:
        await desk.open("checkins")
        await desk.press("i")
        assert f"The database is read-only for you: {DB_NAME}" in desk.notices()[-1].splitlines()
        assert desk.app.is_running
    with desk_db.session() as s:
        assert list(s.exec(select(CheckIn))) == []
