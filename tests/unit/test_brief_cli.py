"""``supplydesk brief``: the brief of brief_world.py as text (zh and en), Markdown and a workbook, and
one translated line with exit 2 for what cannot be done. The figures are those of test_brief.py.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.cells import cell_len

import tui.cli as cli
import tui.i18n as i18n
from models.services.brief import brief
from tui.brief.render import save_brief

from .brief_world import world  # noqa: F401  (the fixture)

NOON = ["--as-of", "2020-02-03 12:00"]


@pytest.fixture(autouse=True)
def nothing_missing_yet_then_english():
    i18n._missing.clear()
    yield
    i18n.set_language("en")


@pytest.fixture
def run(db, capsys: pytest.CaptureFixture[str]):
    """``run(*argv)`` -> (exit code, stdout, stderr) on the test's database."""

    def call(*argv: str) -> tuple[int, str, str]:
        code = cli.main(["brief", *argv, "--db", db.url])
        out, err = capsys.readouterr()
        return code, out, err

    return call


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_the_chinese_brief_reads_like_the_groups_reports(world, run, tmp_path: Path) -> None:
    code, out, err = run(*NOON, "--lang", "zh", "--width", "80")
    assert (code, err) == (0, "")
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    joined = "".join(out.splitlines())  # lines are broken after a phrase's punctuation, without spaces
    assert "截至2月3日12时，已有4人参与保障工作，昨日12时以来在岗3人，其中12时在厂2人。" in joined
    assert "名录内企业6家，已复工复产4家，其中满负荷生产1家；昨日12时以来新增复工复产2家。" in joined
    assert "昨日（2月2日）9种目录物资中有9种产量低于日需求：医用外科口罩为需求的20%；" in joined
    assert "即使满负荷生产，产能仍无法满足日需求：医用外科口罩日产能150,000，日需求400,000；" in joined
    assert "昨日以来新增：茶园康护：医用外科口罩注册证；渝南防护：生产许可证。" in joined
    assert "累计取得资质4项，其中昨日以来新增2项。" in joined
    assert ("昨日12时以来新报告短缺问题5个，解决1个，未解决关闭1个；累计报告9个，已解决2个，未解决关闭1个，"
            "尚未解决6个，其中特急1个。") in joined
    masks = next(line for line in out.splitlines() if line.startswith("医用外科口罩"))
    assert masks.split() == ["医用外科口罩", "只", "80,000", "40,000", "150,000", "400,000", "20%"]
    oldest = next(line for line in out.splitlines() if "茶园康护" in line and "熔喷布" in line)
    assert oldest.split()[2:] == ["原材料：熔喷布", "特急", "02-01", "10:00", "2天2小时"]
    target = tmp_path / "brief.xlsx"
    assert run(*NOON, "--lang", "zh", "--format", "xlsx", "--output", str(target))[0] == 0
    assert load_workbook(target).sheetnames[:5] == ["人员", "复工复产", "产量与库存", "资质", "物资短缺"]
    assert i18n.missing() == set()


def test_the_english_brief_as_text_and_markdown(world, run) -> None:
    code, out, _ = run(*NOON, "--lang", "en", "--width", "80")
    assert code == 0
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    words = " ".join(out.split())
    assert ("As of 12:00 on 3 February, 4 people have taken part in the work; "
            "3 have been on duty since 12:00 yesterday, 2 of them on site at 12:00.") in words
    assert ("6 enterprises are on the directory; 4 have resumed production, 1 of them at full load; "
            "2 more resumed since 12:00 yesterday.") in words
    assert "4 licences granted in all, 2 of them since yesterday." in words
    assert ("5 shortages reported since 12:00 yesterday, 1 solved and 1 closed unresolved; of 9 reported in all, "
            "2 are solved, 1 closed unresolved and 6 still open, 1 of them critical.") in words
    suits = next(line for line in out.splitlines() if line.startswith("Protective suit"))
    assert suits.split()[2:] == ["sets", "800", "300", "1,000", "12,000", "7%"]
    # a bare date means that day at 12:00, a bare time today (the clock stands at 02-04 09:00)
    assert run("--as-of", "2020-02-03", "--lang", "en", "--width", "80")[1] == out
    assert run("--as-of", "08:30", "--lang", "en")[1].splitlines()[1] == "As of 08:30 on 4 February"
    code, out, _ = run(*NOON, "--lang", "en", "--format", "markdown")
    assert code == 0
    assert out.startswith("# Medical supplies guarantee: daily brief\n\n**As of 12:00 on 3 February**")
    assert "## 5. Shortages" in out
    assert "| Surgical mask | pcs | 80,000 | 40,000 | 150,000 | 400,000 | 20% |" in out


def test_the_workbook_and_the_files_the_app_saves(world, run, session, tmp_path: Path) -> None:
    target = tmp_path / "out" / "brief.xlsx"
    code, out, _ = run(*NOON, "--lang", "en", "--format", "xlsx", "--output", str(target))
    assert code == 0 and str(target) in out
    book = load_workbook(target)
    assert book.sheetnames == ["People", "Resumption", "Output and stock", "Licences", "Shortages", "Open longest"]

    def figures(name: str) -> dict[str, object]:
        rows = list(book[name].iter_rows(values_only=True))
        assert rows[0] == ("Figure", "Value")
        return dict(rows[1:])  # type: ignore[arg-type]

    people = figures("People")
    assert people["As of"] == datetime(2020, 2, 3, 12, 0)
    assert (people["Taking part"], people["On duty in the period"],
            people["On site at the time of the brief"]) == (4, 3, 2)
    firms = figures("Resumption")
    assert (firms["On the directory"], firms["Full load"], firms["Resumed in the period"]) == (6, 1, 2)
    assert figures("Licences") == {"Granted in all": 4, "Granted since yesterday": 2,
                                   "茶园康护": "医用外科口罩注册证", "渝南防护": "生产许可证"}
    shortages = figures("Shortages")
    assert (shortages["Reported in the period"], shortages["Solved in the period"],
            shortages["Still open"]) == (5, 1, 6)
    items = list(book["Output and stock"].iter_rows(values_only=True))
    assert items[0] == ("Item", "Unit", "Output yesterday", "Stock", "Capacity", "Daily demand", "% of demand")
    assert ("Surgical mask", "pcs", 80_000, 40_000, 150_000, 400_000, 0.2) in items
    oldest = list(book["Open longest"].iter_rows(values_only=True))
    assert len(oldest) == 1 + 5
    assert oldest[1][1:] == ("茶园康护", "Raw material: Melt-blown fabric", "Critical", datetime(2020, 2, 1, 10), 50)

    # what the app saves: Markdown and a workbook, named after the time, in a folder made if missing
    paths = save_brief(brief(session, as_of=datetime(2020, 2, 3, 12)), tmp_path / "briefs")
    assert [p.name for p in paths] == ["brief-20200203-1200-en.md", "brief-20200203-1200-en.xlsx"]
    assert "| Surgical mask | pcs | 80,000 | 40,000 | 150,000 | 400,000 | 20% |" in paths[0].read_text(encoding="utf-8")
    assert len(load_workbook(paths[1]).sheetnames) == 6

    target = tmp_path / "brief.txt"
    code, out, _ = run(*NOON, "--lang", "en", "--output", str(target))
    assert code == 0 and out.strip() == f"Brief written to {target}"
    assert "As of 12:00 on 3 February" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(("argv", "english", "chinese"), [
    pytest.param(["--as-of", "yesterday"], "Not a time: yesterday", "不是有效的时间：yesterday", id="bad time"),
    pytest.param(["--as-of", "2020-02-30 12:00"], "Not a time: 2020-02-30 12:00", "不是有效的时间", id="no such day"),
    pytest.param(["--as-of", "2020-02-05 12:00"], "is in the future", "尚未到来", id="future"),
    pytest.param(["--format", "xlsx"], "An xlsx brief needs a file: --output FILE",
                 "需要指定文件", id="xlsx to stdout"),
])
def test_what_cannot_be_done_is_one_translated_line_and_exit_2(run, frozen_clock, argv, english, chinese) -> None:
    code, out, err = run(*argv, "--lang", "en")
    assert (code, out) == (2, "") and english in one_line(err)
    code, out, err = run(*argv, "--lang", "zh")
    assert (code, out) == (2, "") and chinese in one_line(err)


def test_a_missing_database_is_not_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.db"
    assert cli.main(["brief", "--db", str(missing)]) == 2
    assert "does not exist" in one_line(capsys.readouterr().err)
    assert not missing.exists()
