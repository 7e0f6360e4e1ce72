"""Both languages complete: a walk through every screen in Chinese asks for no missing id, a static
scan finds every message id in the source and checks the Chinese catalogue has it, and the language
is chosen in the documented order.
"""

from __future__ import annotations

import ast
import enum
import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest

import tui.i18n as i18n
from models.errors import ConflictError, ServiceError, ValidationError
from tui.i18n import resolve_language
from tui.i18n.en import EN
from tui.i18n.zh_CN import ZH

from .conftest import press_text, screen_text, settle

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for package in ("tui", "models") for p in (ROOT / package).rglob("*.py"))
SIZE = (80, 24)

#: English words of the UI that must not be on a Chinese screen (labels, keys, codes)
ENGLISH_WORDS = ("Name", "District", "Status", "Filter", "Sort", "Open", "Dashboard", "Enterprises",
                 "Shortages", "Check-ins", "Help", "Quit", "Not resumed", "Resumed", "Back", "counting")


# --- the walk -------------------------------------------------------------------------------------


async def visit(pilot, *keys: str) -> str:  # type: ignore[no-untyped-def]
    await pilot.press(*keys)
    await settle(pilot)
    return screen_text(pilot.app)


def english_on(text: str) -> list[str]:
    return [word for word in ENGLISH_WORDS if re.search(rf"\b{re.escape(word)}\b", text)]


async def test_every_screen_in_chinese_asks_for_no_missing_id(make_desk_app) -> None:
    i18n._missing.clear()
    app = make_desk_app(lang="zh")
    seen: dict[str, str] = {}
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        seen["list"] = screen_text(app)
        for key, name in (("1", "dashboard"), ("3", "shortages"), ("4", "check-ins"), ("2", "list")):
            seen[name] = await visit(pilot, key)
            seen[f"help on {name}"] = await visit(pilot, "question_mark")
            await visit(pilot, "escape")
        await visit(pilot, "s")  # sorted the other way: the arrows and the status line
        await visit(pilot, "right", "right", "right", "right", "right", "s")  # sorted by a figure column
        seen["sorted by a figure"] = screen_text(app)
        app.clear_notifications()  # the toast covers the status line
        await settle(pilot)
        await pilot.press("slash")
        await press_text(pilot, "xyzzy")
        seen["no records"] = screen_text(app)
        for _ in "xyzzy":
            await pilot.press("backspace")
        await press_text(pilot, "茶园")
        seen["filtered"] = await visit(pilot, "enter")
        seen["card"] = await visit(pilot, "enter")
        seen["help on card"] = await visit(pilot, "question_mark")
        await visit(pilot, "escape", "escape")
        seen["palette"] = await visit(pilot, "ctrl+p")
        await press_text(pilot, "屏幕")
        seen["palette, searched"] = screen_text(app)
        await visit(pilot, "escape")
        await visit(pilot, "slash")  # the keys of the filter box, through the palette's help command
        await visit(pilot, "ctrl+p")
        await press_text(pilot, "帮助")
        seen["help on the filter box"] = await visit(pilot, "enter")
        await visit(pilot, "escape")
    assert i18n.missing() == set()
    assert "无记录" in seen["no records"]
    assert "排序：短缺" in seen["sorted by a figure"]
    assert "茶园康护医疗用品有限公司" in seen["card"]
    assert "屏幕: 企业名录" in seen["palette, searched"]
    assert "光标左移" in seen["help on the filter box"]
    leaks = {name: english_on(text) for name, text in seen.items() if not name.startswith("palette")}
    assert {name: words for name, words in leaks.items() if words} == {}


async def test_the_read_only_banner_asks_for_no_missing_id(make_desk_app) -> None:
    i18n._missing.clear()
    app = make_desk_app(lang="zh", login="visitor")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = screen_text(app)
    assert i18n.missing() == set()
    assert "visitor (只读)" in shown.splitlines()[0]


async def test_the_command_palette_is_chinese_in_chinese(zh_app) -> None:
    async with zh_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = await visit(pilot, "ctrl+p")
    # Each title is Chinese, then " · " and its English form (so it can be typed without a Chinese
    # input method); nothing else may be English.
    palette = "\n".join(line.split(" · ")[0] for line in shown.splitlines()[4:])
    assert re.findall(r"\b[A-Z][a-z]+\b", palette) == []
    assert "屏幕: 企业名录 · screen: Enterprises" in shown


# --- the static scan ------------------------------------------------------------------------------


def _service_errors() -> dict[str, type]:
    found: dict[str, type] = {"ServiceError": ServiceError}
    todo = [ServiceError]
    while todo:
        for sub in todo.pop().__subclasses__():
            found[sub.__name__] = sub
            todo.append(sub)
    return found


SERVICE_ERRORS = _service_errors()


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _arg(call: ast.Call, position: int, keyword: str) -> str | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return _literal(kw.value)
    return _literal(call.args[position]) if len(call.args) > position else None


def message_ids(path: Path) -> list[tuple[str, str]]:
    """(where, msgid) for every literal the app shows through the translation function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[str, str | None]] = []
    error_classes = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                     and any(_name(base) in SERVICE_ERRORS for base in node.bases)}
    for node in ast.walk(tree):
        where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                targets = item.targets if isinstance(item, ast.Assign) else []
                if any(isinstance(target, ast.Name) and target.id == "HELP" for target in targets):
                    found.append((where, _literal(item.value)))  # type: ignore[union-attr]
            if node.name in error_classes:  # a fixed message given to ServiceError.__init__
                for call in ast.walk(node):
                    if (isinstance(call, ast.Call) and _name(call.func) == "__init__"
                            and isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Call)
                            and _name(call.func.value.func) == "super"):
                        found.append((where, _arg(call, 0, "message")))
            continue
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name == "t":
            found.append((where, _arg(node, 0, "msgid")))
        elif name == "Binding":
            found.append((where, _arg(node, 2, "description")))
            # Binding(key, action, description, show, key_display, priority, tooltip, ...)
            found.append((where, _arg(node, 6, "tooltip")))
        elif name == "Column":
            found.append((where, _arg(node, 1, "label")))
        elif name in SERVICE_ERRORS and SERVICE_ERRORS[name] is not ConflictError:
            position = 1 if issubclass(SERVICE_ERRORS[name], ValidationError) else 0
            found.append((where, _arg(node, position, "message")))
    return [(where, msgid) for where, msgid in found if msgid]


ALL_IDS = [item for path in SOURCES for item in message_ids(path)]


def test_the_scan_finds_the_message_ids_it_is_meant_to_find() -> None:
    ids = {msgid for _, msgid in ALL_IDS}
    for expected in (
        "Supply Desk",  # t(...)
        "Sort by the marked column; again to reverse",  # Binding tooltip
        "Mark column left",  # Binding description
        "Output/capacity",  # Column label
        "The directory of makers. Type to filter by Chinese, pinyin, initials or credit code.",  # HELP
        "Wrong check character: expected {expected}",  # ValidationError(field, msg)
        "No district named {name}",  # NotFoundError(msg)
        "Someone else changed this record; review their change",  # ConflictError's own message
        "The database is busy; try again in a moment",  # DatabaseError(msg)
    ):
        assert expected in ids
    assert len(ids) > 80


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", [pytest.param(path, id=_relative(path)) for path in SOURCES if message_ids(path)])
def test_every_message_id_in_the_source_is_in_the_chinese_catalogue(path: Path) -> None:
    missing = sorted({f"{where}: {msgid!r}" for where, msgid in message_ids(path) if msgid not in ZH})
    assert missing == []


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_translations_keep_the_placeholders_of_their_message_ids() -> None:
    """t() swallows a KeyError and shows the raw text, so a renamed ``{field}`` would show as is."""
    wrong = {msgid: text for msgid, text in ZH.items() if _fields(msgid) != _fields(text)}
    assert wrong == {}


def test_every_code_with_an_english_label_has_a_chinese_one() -> None:
    assert sorted(set(EN) - set(ZH)) == []


def test_every_enum_value_shown_to_users_is_in_both_catalogues() -> None:
    import models

    values: set[str] = set()
    for info in pkgutil.iter_modules(models.__path__, "models."):
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, enum.StrEnum) and obj.__module__ == module.__name__:
                values |= {member.value for member in obj}
    assert "not_resumed" in values and "coordinator" in values
    assert sorted(values - set(ZH)) == []
    assert sorted(values - set(EN)) == []


# --- which language -------------------------------------------------------------------------------


@pytest.fixture
def no_locale(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for var in ("SUPPLYDESK_LANG", "LC_ALL", "LANG"):
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("cli", "env", "expected"),
    [
        pytest.param("zh", {"SUPPLYDESK_LANG": "en", "LANG": "en_US.UTF-8"}, "zh", id="--lang zh wins"),
        pytest.param("en", {"SUPPLYDESK_LANG": "zh", "LANG": "zh_CN.UTF-8"}, "en", id="--lang en wins"),
        pytest.param(None, {"SUPPLYDESK_LANG": "zh_CN", "LANG": "en_US.UTF-8"}, "zh", id="SUPPLYDESK_LANG before LANG"),
        pytest.param(None, {"SUPPLYDESK_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en", id="SUPPLYDESK_LANG en before LANG"),
        pytest.param(None, {"LANG": "zh_CN.UTF-8"}, "zh", id="LANG"),
        pytest.param(None, {"LANG": "zh-TW"}, "zh", id="LANG with a dash"),
        pytest.param(None, {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh", id="LC_ALL before LANG"),
        pytest.param(None, {"LANG": "fr_FR.UTF-8"}, "en", id="another language: English"),
        pytest.param(None, {"LANG": "C.UTF-8"}, "en", id="C locale: English"),
        pytest.param(None, {}, "en", id="nothing set: English"),
        pytest.param(None, {"SUPPLYDESK_LANG": "", "LANG": "zh_CN.UTF-8"}, "zh", id="empty SUPPLYDESK_LANG skipped"),
    ],
)
def test_language_resolution_order(
    no_locale: pytest.MonkeyPatch, cli: str | None, env: dict[str, str], expected: str
) -> None:
    for var, value in env.items():
        no_locale.setenv(var, value)
    assert resolve_language(cli) == expected


async def test_the_factory_takes_the_language_from_the_environment(no_locale, make_desk_app) -> None:
    no_locale.setenv("SUPPLYDESK_LANG", "zh")
    app = make_desk_app(lang=None)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert i18n.current_language() == "zh"
        assert screen_text(app).startswith(" 物资保障台 │")
