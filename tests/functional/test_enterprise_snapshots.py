"""Snapshots of the card of 茶园康护医疗用品有限公司: at 80×24 in English and in Chinese, and whole
on a wide terminal (two columns).

Update with ``pytest tests/functional/test_enterprise_snapshots.py --snapshot-update`` and look at
the SVGs in ``__snapshots__/test_enterprise_snapshots/`` before committing them.
"""

from __future__ import annotations

import pytest

from models.settings import Settings, install

from .conftest import press_text, settle
from .test_enterprise_card import fill_chayuan


@pytest.fixture(autouse=True)
def no_change_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    install(Settings(poll_seconds=3600.0))


def card_of_chayuan(size: tuple[int, int]):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("slash")
        await press_text(pilot, "cykh")
        await pilot.press("enter", "enter")
        await settle(pilot)
        # the same resize round trip as the list's snapshots: layout independent of worker timing
        await pilot.resize_terminal(size[0] + 1, size[1])
        await pilot.resize_terminal(*size)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_card_of_chayuan(snap_compare, make_desk_app, desk_db, coord, lang: str) -> None:
    fill_chayuan(desk_db, coord)
    assert snap_compare(make_desk_app(lang=lang), terminal_size=(80, 24), run_before=card_of_chayuan((80, 24)))


def test_the_card_of_chayuan_on_a_wide_terminal(snap_compare, make_desk_app, desk_db, coord) -> None:
    fill_chayuan(desk_db, coord)
    assert snap_compare(make_desk_app(lang="zh"), terminal_size=(170, 40), run_before=card_of_chayuan((170, 40)))
