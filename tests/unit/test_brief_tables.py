"""The brief's tables at a terminal's width: names are never cut at 80 columns in either language
(a heading wraps above its figures, a name goes on over a second line in its column), figures are
never wrapped or cut, and without a width nothing wraps."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

import tui.i18n as i18n
from tui.brief.render import table

#: the catalogue's English names, the longest first among them, and their Chinese ones
ITEMS = [("Disposable medical mask", "一次性使用医用口罩"), ("Surgical mask", "医用外科口罩"),
         ("Protective (N95) mask", "医用防护口罩"), ("Protective suit", "医用防护服"), ("Drugs", "药品"),
         ("Medical devices", "医疗器械"), ("Medical gloves", "医用手套"), ("Test reagents", "检测试剂"),
         ("Thermometers", "测温仪")]
FIGURES = ["3,080,000", "80,000", "6,000", "3,080,000", "600,000", "5.1d"]
#: the widest of the brief's tables: the days of supply (eight columns)
HEADER = {"en": ["Item", "Unit", "On hand", "Reserved", "Quarantined", "Available", "Daily demand", "Days of supply"],
          "zh": ["目录物资", "单位", "结存", "已预留", "待检", "可用", "日需求", "可供天数"]}
UNIT = {"en": "units", "zh": "人份"}
RIGHT = {2, 3, 4, 5, 6, 7}


def laid_out(lang: str, width: int | None) -> list[str]:
    rows = [[en if lang == "en" else zh, UNIT[lang], *FIGURES] for en, zh in ITEMS]
    return table(HEADER[lang], rows, RIGHT, width)


@pytest.fixture(autouse=True)
def english():
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_at_80_columns_no_name_is_cut_and_no_figure_wrapped(lang: str) -> None:
    i18n.set_language(lang)
    lines = laid_out(lang, 80)
    text = "\n".join(lines)
    assert max(cell_len(line) for line in lines) <= 80
    assert "…" not in text
    for figure in FIGURES:  # every row's figures whole, on the row's first line
        assert len(re.findall(rf"(?<![\d,.]){re.escape(figure)}(?![\d,.])", text)) == len(ITEMS) * FIGURES.count(
            figure), figure
    words = " ".join(text.split())
    for en, zh in ITEMS:  # a name goes on over lines of its column, its words in order
        name = en if lang == "en" else zh
        first = name.split()[0]
        assert first in words, name
        assert all(word in text for word in name.split()), name


def test_english_names_that_fit_stay_on_one_line() -> None:
    text = "\n".join(laid_out("en", 80))
    for name in ("Surgical mask", "Protective suit", "Medical devices", "Medical gloves", "Test reagents",
                 "Thermometers"):
        assert name in text, name


def test_chinese_names_are_never_broken_inside() -> None:
    i18n.set_language("zh")
    text = "\n".join(laid_out("zh", 80))
    for _, name in ITEMS:
        assert name in text, name


def test_without_a_width_nothing_wraps() -> None:
    lines = laid_out("en", None)
    assert len(lines) == 2 + len(ITEMS)
    assert all(en in "\n".join(lines) for en, _ in ITEMS)
    assert "Days of supply" in lines[0] and "…" not in "\n".join(lines)


def test_a_narrow_width_wraps_headings_before_names() -> None:
    lines = laid_out("en", 100)
    assert "Disposable medical mask" in "\n".join(lines)
    assert max(cell_len(line) for line in lines) <= 100


def test_a_word_wider_than_the_line_at_the_end_of_a_text_is_kept_whole() -> None:
    from tui.i18n.lines import wrap

    assert wrap("Thermometers", 6) == ["Thermometers"]
    assert wrap("测温 Thermometers", 6) == ["测温", "Thermometers"]
