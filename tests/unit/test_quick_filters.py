"""The quick-filter model: what each dialog offers and what typing matches (computed from the labels,
pinyin included), the request filters a pick sets, and the summary line, for both lists that use it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models.base import Role
from models.services.common import Actor
from tui import i18n
from tui.enterprises.quick_filters import directory_filters
from tui.shortages.quick_filters import shortage_filters, summary_line
from tui.widgets.quick_filters import CLEAR, Choice


@pytest.fixture
def zh() -> Iterator[None]:
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


def matching(options: list[tuple[object, str, str]], typed: str) -> list[object]:
    """What the choice dialog keeps when ``typed`` is typed (every term in the label or the key)."""
    return [value for value, label, key in options if all(term in f"{label}|{key}".lower() for term in typed.split())]


def test_typing_pinyin_or_initials_finds_a_chinese_label(zh: None) -> None:
    quick = directory_filters()
    assert matching(quick.menu({}), "qx")[0] == "district_id"  # 区县
    assert matching(quick.menu({}), "zt")[0] == "status"  # 状态
    assert "full_load" in matching(quick.options("status"), "mfh")  # 满负荷


def test_typing_the_code_or_the_label_finds_it_in_english() -> None:
    quick = shortage_filters(Actor(login="li", role=Role.FIELD_CADRE, cadre_id=7))
    assert matching(quick.menu({}), "kind") == ["kind"]
    assert matching(quick.options("kind"), "labour") == ["labour"]
    assert matching(quick.options("status"), "done") == ["done"]


def test_the_menu_marks_what_is_on_and_offers_to_clear() -> None:
    quick = directory_filters()
    menu = {name: label for name, label, _ in quick.menu({"archived": True})}
    assert menu["archived"].startswith("✓ ") and menu["district_id"].startswith("  ") and CLEAR in menu
    assert CLEAR not in {name for name, _, _ in quick.menu({})}


def test_one_filter_may_set_two_request_filters() -> None:
    quick = directory_filters()
    assert quick.picked("shortage", "*") == {"has_shortage": True, "shortage_kind": None}
    assert quick.picked("shortage", "labour") == {"has_shortage": False, "shortage_kind": "labour"}
    assert quick.picked("shortage", "") == {"has_shortage": False, "shortage_kind": None}
    assert quick["shortage"].value_in({"has_shortage": True}) == "*"
    assert quick.summary({"shortage_kind": "labour"}) == ["short of: Labour"]


def test_yes_no_filters_switch_and_set_the_actors_value() -> None:
    quick = shortage_filters(Actor(login="li", role=Role.FIELD_CADRE, cadre_id=7))
    assert quick.toggled("assignee_id", {}) == {"assignee_id": 7}
    assert quick.toggled("reported_by", {}) == {"reported_by": "li"}
    assert quick.toggled("overdue", {"overdue": True}) == {"overdue": None}
    assert quick.cleared({"overdue": True, "kind": "water"}) == {"overdue": None, "kind": None}
    assert "assignee_id" not in {f.name for f in shortage_filters(Actor(login="x", role=Role.COORDINATOR)).filters}


def test_the_summary_follows_the_order_filters_were_turned_on() -> None:
    quick = directory_filters()
    quick.load(district_id=[Choice(3, "南岸区", "nananqu")])
    active = {"shortage_kind": "labour", "licence_pending": True, "district_id": 3, "not_reported": True}
    assert quick.summary(active) == ["short of: Labour", "Licence pending", "南岸区", "Not reported today"]
    assert quick.summary({"district_id": 9}) == ["9"]  # before the districts have loaded
    shortages = shortage_filters(Actor(login="li", role=Role.COORDINATOR))
    summary = summary_line(shortages, {"kind": "labour", "overdue": True})
    assert summary == "Filters: Kind: Labour · Overdue (!) (f changes)"
    assert summary_line(shortages, {}) == ""


def test_loaded_choices_are_matched_by_the_keys_stored_with_them() -> None:
    quick = directory_filters()
    quick.load(district_id=[Choice(1, "茶园区", "茶园区|chayuanqu|cyq"), Choice(2, "重庆", "重庆|chongqing|cq")])
    assert matching(quick.options("district_id"), "cyq") == [1]
    assert matching(quick.options("district_id"), "chongqing") == [2]
