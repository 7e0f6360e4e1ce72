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
