"""The brief as the chief reads and pastes it, on briefs made by hand (no database): the key
messages, text that is not wrapped or cut unless asked, Chinese broken only between phrases, saved
files never overwritten, whole numbers in the workbook without a trailing point."""

from __future__ import annotations

import re
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.cells import cell_len

import tui.cli as cli
import tui.i18n as i18n
from models.dashboard_view import ItemSupply
from models.services.brief import (
    Brief,
    EnterpriseBrief,
    GrantedLicence,
    LicenceBrief,
    OpenShortage,
    PeopleBrief,
    ShortageBrief,
)
from tui.brief.cli import text_width
from tui.brief.render import render_text, save_brief, sections, wrap, write_xlsx
from tui.i18n.lines import PHRASE_END

AS_OF = datetime(2020, 2, 3, 12, 0)
LONG_NAME = "重庆市南岸区茶园新区康护医疗用品股份有限公司第二分厂"


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def made(*, data: bool = True, not_reported: int = 3) -> Brief:
    masks = ItemSupply(item_id=1, name="医用外科口罩", name_en="Surgical mask", unit="只", severely_short=True,
                       capacity=262_000, output=124_000, stock=40_000, demand=400_000)
    suits = ItemSupply(item_id=2, name="医用防护服", name_en="Protective suit", unit="套", severely_short=False,
                       capacity=20_000, output=12_500, stock=300, demand=12_000)
    zero = 0 if not data else 1
    granted = (GrantedLicence("茶园康护", "医用外科口罩", "Surgical mask", "注册证"),) if data else ()
    return Brief(
        as_of=AS_OF, since=datetime(2020, 2, 2, 12), output_day=date(2020, 2, 2),
        people=PeopleBrief(participating=136 * zero, on_duty=80 * zero, on_site=40 * zero),
        enterprises=EnterpriseBrief(total=104 * zero, by_status={"not_resumed": 0, "resumed": 60 * zero,
                                                                 "full_load": 10 * zero, "stopped": 0},
                                    resumed=70 * zero, full_load=10 * zero, resumed_in_period=2 * zero),
        licences=LicenceBrief(granted_total=107 * zero, granted_in_period=1 * zero,
                              granted=granted),
        shortages=ShortageBrief(opened=0, solved=0, closed=0, reported_total=9 * zero, solved_total=0,
                                closed_total=0, still_open=1 * zero, critical_open=1 * zero, oldest=(
            OpenShortage(7, LONG_NAME, "raw_material", "critical", "熔喷布", "Melt-blown fabric",
                         datetime(2020, 2, 1, 10), 50.0),) if data else ()),
        items=(masks, suits), not_reported=not_reported,
    )


def sentences_of(brief: Brief) -> str:
    return " ".join(sentence for _, said, _ in sections(brief) for sentence in said)


# --- what the chief needs to read ------------------------------------------------------------------


def test_capacity_short_of_demand_is_said_first_and_items_below_demand_by_how_much() -> None:
    supply = next(said for heading, said, _ in sections(made()) if heading == "3. Output and stock")
    assert supply[0] == ("Even at full load, capacity cannot meet the daily demand: "
                         "Surgical mask 262,000 a day against 400,000.")
    assert "1 of the 2 catalogue items made less than the daily demand: Surgical mask 31% of demand." in supply[1]
    assert supply[2] == "3 enterprises had not reported yesterday's output by 12:00; the figures leave them out."


def test_everyone_reported_is_not_mentioned() -> None:
    assert "had not reported" not in sentences_of(made(not_reported=0))


def test_licences_are_named_and_shortages_listed_critical_first() -> None:
    text = sentences_of(made())
    assert "Granted since yesterday: 茶园康护: Surgical mask." in text
    assert "6 still open" not in text and "1 still open, 1 of them critical." in text
    assert "Open shortages, critical first, then the oldest:" in text


def test_a_brief_before_any_data_says_so() -> None:
    text = render_text(made(data=False), width=None)
    assert "nothing had been recorded yet" in text
    assert "licences" not in text and "0 enterprises" not in text


def test_the_people_taking_part_are_one_figure_without_a_split_by_role() -> None:
    assert "136 people have taken part in the work" in sentences_of(made())


# --- text that can be pasted -----------------------------------------------------------------------


def test_text_for_a_file_is_not_wrapped_and_cuts_no_name() -> None:
    text = render_text(made(), width=None)
    assert LONG_NAME in text and "…" not in text
    supply = "Even at full load, capacity cannot meet the daily demand: Surgical mask 262,000 a day against 400,000."
    assert supply in text.splitlines()  # a whole sentence on one line
    assert max(cell_len(line) for line in text.splitlines()) > 80


def test_a_width_wraps_the_sentences_and_fits_the_tables() -> None:
    for width in (64, 80, 100):  # narrower, the figures of the item table (never cut) scroll sideways
        lines = render_text(made(), width=width).splitlines()
        assert max(cell_len(line) for line in lines) <= width, width


def test_the_width_is_the_terminals_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert text_width(100, to_file=True) == 100
    assert text_width(None, to_file=True) is None
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert text_width(None, to_file=False) is None  # a pipe
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda: __import__("os").terminal_size((132, 40)))
    assert text_width(None, to_file=False) == 132


def test_a_bad_width_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["brief", "--width", "12"])
    assert stop.value.code == 2
    assert "Not a width: 12" in capsys.readouterr().err


@pytest.mark.parametrize("width", [24, 30, 41, 60])
def test_chinese_lines_break_only_after_a_phrase(width: int) -> None:
    i18n.set_language("zh")
    sentence = ("截至2月3日12时，已有136人参与保障工作，昨日12时以来在岗80人，其中12时在厂40人；"
                "名录内企业104家，已复工复产70家。")
    lines = wrap(sentence, width)
    assert "".join(lines) == sentence
    assert all(cell_len(line) <= width for line in lines)
    assert all(line[-1] in PHRASE_END for line in lines), lines


def test_english_lines_break_at_spaces_never_inside_a_number() -> None:
    lines = wrap("Drugs cannot meet the demand: capacity 0 a day against 50,000 and 1,250,000.", 60)
    assert all(re.search(r"\d,$", line) is None for line in lines)
    assert " ".join(lines) == "Drugs cannot meet the demand: capacity 0 a day against 50,000 and 1,250,000."


# --- files -----------------------------------------------------------------------------------------


def test_saved_briefs_are_never_overwritten_and_carry_their_language(tmp_path: Path) -> None:
    first = save_brief(made(), tmp_path)
    again = save_brief(made(), tmp_path)
    i18n.set_language("zh")
    chinese = save_brief(made(), tmp_path)
    names = [p.name for p in (*first, *again, *chinese)]
    assert names == ["brief-20200203-1200-en.md", "brief-20200203-1200-en.xlsx",
                     "brief-20200203-1200-en-2.md", "brief-20200203-1200-en-2.xlsx",
                     "brief-20200203-1200-zh.md", "brief-20200203-1200-zh.xlsx"]
    assert len(set(tmp_path.iterdir())) == 6


def test_whole_numbers_in_the_workbook_have_no_trailing_point(tmp_path: Path) -> None:
    sheet = load_workbook(write_xlsx(made(), tmp_path / "b.xlsx"))["Output and stock"]
    header = [cell.value for cell in sheet[1]]
    masks = {header[k]: cell for k, cell in enumerate(sheet[2])}
    for name in ("Output yesterday", "Stock", "Capacity", "Daily demand"):
        assert masks[name].number_format == "#,##0", name
    assert masks["% of demand"].number_format == "0%"
