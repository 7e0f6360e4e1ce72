"""Escape leaves a list's filter box, not its filters: with quick filters on as well, the list says
that both still narrow it, in either language."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("lang", "said"), [("en", "Still filtered by “cy” and by Full load"),
                                            ("zh", "仍在筛选：文字“cy”，以及满负荷")])
async def test_escape_from_the_directory_filter_says_both_are_on(desk_factory, lang, said) -> None:
    async with desk_factory(lang=lang) as desk:
        await desk.press("slash")
        await desk.type("cy")
        await desk.press("escape")
        assert desk.notices() == []  # the text alone: the box shows it
        desk.screen._set(status="full_load")  # a quick filter, as f → status → full load sets it
        await desk.settle()
        await desk.press("slash", "escape")
        assert any(said in notice for notice in desk.notices()), desk.notices()
        assert desk.table().request.query == "cy" and desk.table().request.filters["status"] == "full_load"


@pytest.mark.parametrize(("lang", "said", "kind"), [("en", "Still filtered by “melt” and by Kind", "Raw material"),
                                                    ("zh", "仍在筛选：文字“melt”，以及类型", "原材料")])
async def test_escape_from_the_shortage_filter_says_both_are_on(desk_factory, lang, said, kind) -> None:
    async with desk_factory(lang=lang, start="shortages") as desk:
        desk.screen.set_quick({"kind": "raw_material"})
        await desk.settle()
        await desk.press("slash")
        await desk.type("melt")
        await desk.press("escape")
        assert any(said in notice and kind in notice for notice in desk.notices()), desk.notices()
