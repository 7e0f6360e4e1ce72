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

LOCALE = Path(i18n.__file__).with_name("locale")
CATALOGUE = LOCALE / "en" / "LC_MESSAGES" / "supplydesk.po"
HINTS = sorted(set(re.findall(r'^msgid "(/ filter[^"]*)"$', CATALOGUE.read_text(encoding="utf-8"), re.MULTILINE)))
#: every list's hint, from the Chinese catalogue (which translates them all)
EVERY_HINT = sorted(set(re.findall(r'^msgid "(/ filter[^"]*)"$', (LOCALE / "zh_CN" / "LC_MESSAGES" /
                                                                  "supplydesk.po").read_text(encoding="utf-8"),
                                   re.MULTILINE)))
#: the only Chinese an English hint shows: names that have no English form (an enterprise, a person)
NAMES_ONLY_IN_CHINESE = {"茶园", "张伟"}


@pytest.fixture(autouse=True)
def english():
    yield
    i18n.set_language("en")


def test_there_are_hints_to_check() -> None:
    assert "/ filter: rongpen, 熔喷布, 浙江…" in HINTS and len(HINTS) >= 7


@pytest.mark.parametrize("hint", HINTS)
def test_a_chinese_hint_uses_chinese_punctuation(hint: str) -> None:
    i18n.set_language("zh")
    shown = i18n.t(hint)
    assert has_han(shown) and "," not in shown and ": " not in shown, shown


@pytest.mark.parametrize("hint", EVERY_HINT)
def test_an_english_hint_shows_chinese_only_for_names_that_have_no_english(hint: str) -> None:
    i18n.set_language("en")
    chinese = set(re.findall(r"[\u3400-\u9fff]+", i18n.t(hint)))
    assert chinese <= NAMES_ONLY_IN_CHINESE, i18n.t(hint)


def test_the_suppliers_tab_shows_the_english_hint() -> None:
    from tui.reference.reserve_units import ReserveUnitsTab
    from tui.reference.suppliers import SuppliersTab

    i18n.set_language("en")
    assert i18n.t(SuppliersTab.PLACEHOLDER) == "/ filter: melt-blown, rongpen, zhejiang…"
    assert i18n.t(ReserveUnitsTab.PLACEHOLDER) == "/ filter: zhongyao, tongjunge, mask…"
