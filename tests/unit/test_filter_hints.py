"""The hint of every list's filter box reads in the language shown: in English its examples are
English words and pinyin, never Chinese (the suppliers' hint showed 熔喷布, 浙江 in English mode),
and in Chinese the examples are listed with 、 after a full-width colon.

The hints checked are those the English catalogue translates (their examples are things with an
English name: items, materials, regions, sites); an enterprise or a person has only a Chinese name,
so the directory's and the people's hints show one (茶园, 张伟) beside its pinyin in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tui.i18n as i18n
from models.search import has_han

CATALOGUE = Path(i18n.__file__).with_name("locale") / "en" / "LC_MESSAGES" / "supplydesk.po"
HINTS = sorted(set(re.findall(r'^msgid "(/ filter[^"]*)"$', CATALOGUE.read_text(encoding="utf-8"), re.MULTILINE)))


@pytest.fixture(autouse=True)
def english():
    yield
    i18n.set_language("en")


def test_there_are_hints_to_check() -> None:
    assert "/ filter: rongpen, 熔喷布, 浙江…" in HINTS and len(HINTS) >= 7


@pytest.mark.parametrize("hint", HINTS)
def test_an_english_hint_shows_no_chinese(hint: str) -> None:
    i18n.set_language("en")
    assert not has_han(i18n.t(hint)), i18n.t(hint)


@pytest.mark.parametrize("hint", HINTS)
def test_a_chinese_hint_uses_chinese_punctuation(hint: str) -> None:
    i18n.set_language("zh")
    shown = i18n.t(hint)
    assert has_han(shown) and "," not in shown and ": " not in shown, shown


def test_the_suppliers_tab_shows_the_english_hint() -> None:
    from tui.reference.reserve_units import ReserveUnitsTab
    from tui.reference.suppliers import SuppliersTab

    i18n.set_language("en")
    assert i18n.t(SuppliersTab.PLACEHOLDER) == "/ filter: melt-blown, rongpen, zhejiang…"
    assert i18n.t(ReserveUnitsTab.PLACEHOLDER) == "/ filter: zhongyao, tongjunge, mask…"
