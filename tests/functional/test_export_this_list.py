"""Palette ``export: this list``: the list in view, as its filter box filters it, to a new workbook in
``exports/`` of the data directory (named as the briefs are, never over another file), said in a
notice, in both languages; offered only where a list of an exportable kind is in view."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from models import paths

from .directory import SAMPLE_NAME


async def _export(desk) -> None:
    await desk.press("ctrl+p")
    await desk.type("export: this list")
    await desk.press("enter")


def _titles(desk) -> list[str]:
    return [command.title for command in desk.app.get_system_commands(desk.screen)]


@pytest.mark.parametrize(("lang", "header", "said"), [
    ("en", "Enterprise name", "1 row written to"),
    ("zh", "企业名称", "已写入 1 行"),
])
async def test_the_directory_as_filtered_goes_to_a_new_workbook(desk_factory, lang, header, said) -> None:
    async with desk_factory(lang=lang) as desk:
        await desk.filter("cykh")
        await _export(desk)
        first = paths.export_dir() / f"enterprises-20200203-0750-{lang}.xlsx"
        assert any(said in notice and str(first) in notice for notice in desk.notices()), desk.notices()
        rows = list(load_workbook(first).active.iter_rows(values_only=True))
        assert rows[0][0] == header and [row[0] for row in rows[1:]] == [SAMPLE_NAME]
        await desk.dismiss_notices()
        await desk.filter("")
        await _export(desk)  # the same minute: the next name, the first file left as it was
        second = first.with_name(first.stem + "-2.xlsx")
        assert len(list(load_workbook(second).active.iter_rows())) == desk.table().total + 1
        assert len(list(load_workbook(first).active.iter_rows())) == 2


async def test_people_shortages_and_checkins_export_their_kind_and_the_districts_none(desk) -> None:
    async with desk:
        await desk.press("0")  # reference data, the people tab
        await desk.filter("coord")
        await _export(desk)
        people = paths.export_dir() / "cadres-20200203-0750-en.xlsx"
        rows = list(load_workbook(people).active.iter_rows(values_only=True))
        assert rows[0][:2] == ("Full name", "Unit") and len(rows) - 1 == desk.table("people").total
        await desk.press("right_square_bracket")  # districts & parks: no list of an exportable kind
        assert "export: this list" not in _titles(desk)
        await desk.open("shortages")
        assert "export: this list" in _titles(desk)
        await _export(desk)
        assert (paths.export_dir() / "shortages-20200203-0750-en.xlsx").exists()
        await desk.open("dashboard")
        assert "export: this list" not in _titles(desk)


async def _pick(desk, text: str) -> None:
    """In an open choice dialog: type to narrow, enter picks the first match."""
    await desk.type(text)
    await desk.press("enter")


@pytest.mark.parametrize(("lang", "district", "header"), [
    ("en", "district", "Enterprise name"),
    ("zh", "qx", "企业名称"),
])
async def test_the_directory_goes_out_with_its_quick_filter_and_sort(desk_factory, lang, district, header) -> None:
    async with desk_factory(lang=lang) as desk:
        await desk.press("f")
        await _pick(desk, district)
        await _pick(desk, "naq")  # 南岸区: the sample and three 重庆南岸… makers
        await desk.press("s")  # the name column, sorted already: now Z to A
        table = desk.table()
        assert table.request.filters and table.request.sort == "name" and table.request.descending
        shown = [table._row_at(k).name for k in range(table.total)]
        assert len(shown) == 4 and shown != sorted(shown)
        await _export(desk)
        path = paths.export_dir() / f"enterprises-20200203-0750-{lang}.xlsx"
        rows = list(load_workbook(path).active.iter_rows(values_only=True))
        assert rows[0][0] == header and [row[0] for row in rows[1:]] == shown
