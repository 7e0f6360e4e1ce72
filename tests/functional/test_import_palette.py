"""Palette ``import: …`` (coordinators): the file asked for in a dialog, checked first (a dry run in a
worker: nothing written), the command line's report shown in the user's language, and the rows
written only on ``y``; ``escape`` leaves with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import func, select

from models.enterprise import Enterprise

ROWS = [["新甲医疗用品有限公司", "南岸区"], ["新乙防护用品公司", "渝中区"], ["新丙公司", "火星区"]]


def sheet(path: Path) -> Path:
    book = Workbook()
    book.active.append(["企业名称", "区县"])
    for row in ROWS:
        book.active.append(row)
    book.save(path)
    return path


def enterprises(desk) -> int:
    return desk.app.ctx.run(lambda s: s.exec(select(func.count()).select_from(Enterprise)).one())


async def _import(desk, kind: str = "enterprises") -> None:
    await desk.press("ctrl+p")
    await desk.type(f"import: {kind}")
    await desk.press("enter")


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("No file", "Dry run, nothing written: 2 to add, 0 to update, 0 unchanged",
            "Row 4, 区县: 火星区 is not one of the 38 districts", "1 row refused", "2 added, 0 updated")),
    ("zh", ("没有文件", "试运行，未写入：将新增 2 条，更新 0 条，0 条无变化",
            "第 4 行，区县：火星区 不是 38 个区县之一", "1 行被拒绝", "新增 2 条，更新 0 条")),
])
async def test_an_import_is_checked_shown_and_written_on_y(desk_factory, tmp_path, lang, words) -> None:
    missing, dry_run, refused, refused_count, written = words
    path = sheet(tmp_path / "名录.xlsx")
    async with desk_factory(lang=lang) as desk:
        before = enterprises(desk)
        await _import(desk)
        await desk.type(str(tmp_path / "nowhere.xlsx"))
        await desk.press("enter")
        assert missing in desk.flat()  # said under the path; the dialog stays
        await desk.clear()
        await desk.type(str(path))
        await desk.press("enter")
        shown = desk.flat()
        assert dry_run in shown and refused in shown and refused_count in shown, shown
        assert enterprises(desk) == before  # checked only
        await desk.press("y")
        assert written in desk.flat()
        assert enterprises(desk) == before + 2
        await desk.press("escape")
        assert desk.table().total == before + 2  # the directory shows them


async def test_declining_writes_nothing(desk, tmp_path) -> None:
    path = sheet(tmp_path / "名录.xlsx")
    async with desk:
        before = enterprises(desk)
        await _import(desk)
        await desk.type(str(path))
        await desk.press("enter")
        assert "2 to add" in desk.flat()
        await desk.press("escape")
        assert any("Nothing imported" in notice for notice in desk.notices())
        assert enterprises(desk) == before
        assert desk.table().total == before  # back on the directory


async def test_an_unreadable_file_is_said_under_the_path_and_left_leaves(desk, tmp_path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a sheet", encoding="utf-8")
    async with desk:
        await _import(desk, "catalogue")
        await desk.type(str(notes))
        await desk.press("enter")
        assert "No header row found" in desk.flat()  # said under the path, the dialog stays
        await desk.press("escape")  # a path typed: asked first
        assert "Discard the changes you typed?" in desk.flat()
        await desk.press("y")  # no file was checked: back on the directory
        assert desk.table().total > 0 and "Import" not in desk.text()


@pytest.mark.parametrize("login", ["viewer", "field"])
async def test_only_coordinators_have_the_imports(desk_factory, login) -> None:
    async with desk_factory(login=login) as desk:
        titles = [c.title for c in desk.app.get_system_commands(desk.screen)]
        assert not any(title.startswith("import:") for title in titles)
        assert "export: this list" in titles  # a list is everyone's to export
