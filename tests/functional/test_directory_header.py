"""The directory's column header at 80 columns, in both languages: every label whole, and the
sorted column's arrow shown even where its label and the arrow are wider than the column."""

from __future__ import annotations

import pytest

from tui.widgets.paged_table import PagedTable

HEADERS = {"en": ("Name", "District", "Status", "Output/cap.", "Cover", "Short", "Reported"),
           "zh": ("名称", "区县", "状态", "产量/产能", "可用天数", "短缺", "上报")}


async def sort_by(desk, key: str) -> None:  # type: ignore[no-untyped-def]
    """Mark the column ``key`` with → (as a person would) and sort by it with ``s``."""
    table: PagedTable = desk.table()
    for _ in range(len(table.columns)):
        if table.columns[table.marked].key == key:
            break
        await desk.press("right")
    await desk.press("s")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_label_of_the_directory_is_whole_at_80_columns(desk_factory, lang) -> None:
    async with desk_factory(lang=lang) as desk:
        header = desk.rows()[0]
        assert "…" not in header, header
        assert header.split() == [HEADERS[lang][0], "↑", *HEADERS[lang][1:]]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_sorted_column_shows_its_arrow_even_when_its_label_fills_it(desk_factory, lang) -> None:
    async with desk_factory(lang=lang) as desk:
        await sort_by(desk, "output")
        header = desk.rows()[0]
        assert {"en": "Status      Output/c… ↑", "zh": "状态        产量/产能 ↑"}[lang] in header, header
        assert "Name ↑" not in header and "名称 ↑" not in header
