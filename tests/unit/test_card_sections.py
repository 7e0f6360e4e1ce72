"""The card's holiday plan in words: one shift is "1 shift" (a single-shift plan is common)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from rich.console import Console

import tui.i18n as i18n
from models.services.enterprise_card import PlanLine
from tui.enterprises import sections


def shown(renderable: Any) -> str:
    console = Console(width=80, record=True, color_system=None)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


@pytest.mark.parametrize(("lang", "one", "three"), [
    ("en", "1 shift, 57 workers", "3 shifts, 180 workers"),
    ("zh", "1 班，57 人", "3 班，180 人"),
])
def test_the_holiday_plan_counts_shifts_in_the_language_shown(lang: str, one: str, three: str) -> None:
    i18n.set_language(lang)
    try:
        plans = [PlanLine(1, 1, date(2020, 1, 25), date(2020, 2, 10), 1, 57, ""),
                 PlanLine(2, 1, date(2020, 1, 20), date(2020, 1, 24), 3, 180, "")]
        text = shown(sections.holiday(SimpleNamespace(plans=plans)))  # type: ignore[arg-type]
    finally:
        i18n.set_language("en")
    assert one in text and three in text, text


# --- at 80 columns (77 cells beside the scroll bar) and in the wide layout's columns (71) -------------


from models.services.enterprise_card import CadreLine, LicenceLine, ReserveLine  # noqa: E402

NUMBER = "渝械注准20192806059"


def card_of(**sections_data: Any) -> Any:
    data: dict[str, Any] = {"reserves": [], "licences": [], "cadres": [], "on_site": [], "visits": []}
    data.update(sections_data)
    return SimpleNamespace(**data)


def at(renderable: Any, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get().splitlines()


@pytest.mark.parametrize("width", [77, 71])
@pytest.mark.parametrize(("lang", "unit"), [("en", "10k strips"), ("zh", "万根")])
def test_a_reserve_s_unit_is_shown_whole(lang: str, unit: str, width: int) -> None:
    i18n.set_language(lang)
    try:
        reserves = [ReserveLine(1, 1, 1, "铝条/鼻梁条", "万根", 215, 25, 8.6, "Aluminium nose strips"),
                    ReserveLine(2, 1, 2, "熔喷布", "吨", 0.5, 0.25, 2.0, "Melt-blown fabric")]
        lines = at(sections.materials(card_of(reserves=reserves)), width)
    finally:
        i18n.set_language("en")
    strips = next(line for line in lines if "215" in line)
    assert unit in strips and "…" not in "\n".join(lines), lines
    assert all(line.rstrip() == line.rstrip() for line in lines) and len(lines) == 3, lines


@pytest.mark.parametrize("width", [77, 71, 60])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_licence_number_is_never_wrapped(lang: str, width: int) -> None:
    i18n.set_language(lang)
    try:
        licence = LicenceLine(1, 1, 1, "一次性使用医用口罩", "医疗器械注册证（应急审批）", NUMBER, "held",
                              date(2019, 3, 4), date(2019, 6, 29), "Disposable medical mask")
        lines = at(sections.licences(card_of(licences=[licence])), width)
    finally:
        i18n.set_language("en")
    assert any(NUMBER in line for line in lines), lines
    assert any("2019-06-29" in line for line in lines), lines
    # a line goes on between the parts, indented under the licence, never after a dangling separator
    assert all(line.startswith("  ") for line in lines[1:]), lines
    assert not any(line.rstrip().endswith("·") for line in lines), lines


@pytest.mark.parametrize("width", [77, 71])
@pytest.mark.parametrize(("lang", "since"), [("en", "since 11-27"), ("zh", "自 11-27")])
def test_a_stationed_cadre_s_since_is_kept_whole(lang: str, since: str, width: int) -> None:
    i18n.set_language(lang)
    try:
        cadre = CadreLine(1, "蔡萍彬", "19528859729", "市经信委", date(2020, 11, 27),
                          "Economic and Information Commission")
        lines = at(sections.people(card_of(cadres=[cadre], on_site=[], visits=[])), width)
    finally:
        i18n.set_language("en")
    text = "\n".join(lines)
    assert since in text and "19528859729" in text, lines
