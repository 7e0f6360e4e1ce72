"""Both languages complete: a walk through every screen in Chinese asks for no missing id, a static
scan finds every message id in the source and checks the Chinese catalogue has it, and the language
is chosen in the documented order.
"""

from __future__ import annotations

import enum
import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest

from tui import i18n
from tui.i18n import resolve_language, set_language, tn
from tui.i18n.catalogue import entries
from tui.i18n.extract import Message, messages
from tui.i18n.translator import MISSING

from .driver import Desk

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for package in ("tui", "models") for p in (ROOT / package).rglob("*.py"))

#: English words of the UI that must not be on a Chinese screen (labels, keys, codes)
ENGLISH_WORDS = ("Name", "District", "Status", "Filter", "Sort", "Open", "Dashboard", "Enterprises",
                 "Shortages", "Check-ins", "Help", "Quit", "Not resumed", "Resumed", "Back", "counting")

#: the catalogues of the source tree (an installed package carries only the compiled ones)
SOURCE_LOCALE = ROOT / "tui" / "i18n" / "locale"


# --- the walk -------------------------------------------------------------------------------------


def english_on(text: str) -> list[str]:
    return [word for word in ENGLISH_WORDS if re.search(rf"\b{re.escape(word)}\b", text)]


async def test_every_screen_in_chinese_asks_for_no_missing_id(desk_factory) -> None:
    MISSING.clear()
    seen: dict[str, str] = {}
    async with desk_factory(lang="zh") as desk:
        seen["list"] = desk.text()
        for name in ("dashboard", "shortages", "checkins", "enterprises"):
            await desk.open(name)
            seen[name] = desk.text()
            await desk.press("question_mark")
            seen[f"help on {name}"] = desk.text()
            await desk.press("escape")
        await desk.press("s")  # sorted the other way: the arrows and the status line
        await desk.press("right", "right", "right", "right", "right", "s")  # sorted by a figure column
        seen["sorted by a figure"] = desk.text()
        await desk.dismiss_notices()  # the toast covers the status line
        await desk.press("slash")
        await desk.type("xyzzy")
        seen["no records"] = desk.text()
        await desk.clear()
        await desk.type("茶园")
        await desk.press("enter")
        seen["filtered"] = desk.text()
        await desk.press("enter")
        seen["card"] = desk.text()
        await desk.press("question_mark")
        seen["help on card"] = desk.text()
        await desk.press("escape", "escape", "ctrl+p")
        seen["palette"] = desk.text()
        await desk.type("屏幕")
        seen["palette, searched"] = desk.text()
        await desk.press("escape")
        await desk.press("slash", "ctrl+p")  # the keys of the filter box, through the palette's help command
        await desk.type("帮助")
        await desk.press("enter")
        seen["help on the filter box"] = desk.text()
        await desk.press("escape")
    assert i18n.missing() == set()
    assert "无记录" in seen["no records"]
    assert "排序：短缺" in seen["sorted by a figure"]
    assert "茶园康护医疗用品有限公司" in seen["card"]
    assert "屏幕: 企业名录" in seen["palette, searched"]
    assert "光标左移" in seen["help on the filter box"]
    leaks = {name: english_on(text) for name, text in seen.items() if not name.startswith("palette")}
    assert {name: words for name, words in leaks.items() if words} == {}


#: the banner and the login of a read-only session, as each language shows them
READ_ONLY = {"en": ("Read-only: login visitor is not a cadre with write rights", "visitor (viewer)"),
             "zh": ("只读：登录名 visitor 未对应有编辑权限的干部", "visitor（只读）")}


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_read_only_login_is_told_so_in_its_language(desk_factory, lang: str) -> None:
    MISSING.clear()
    banner, login = READ_ONLY[lang]
    async with desk_factory(lang=lang, login="visitor") as desk:
        assert banner in desk.text()
        assert login in desk.header()
    assert i18n.missing() == set()


async def test_the_command_palette_is_chinese_in_chinese(desk_factory) -> None:
    async with desk_factory(lang="zh") as desk:
        await desk.press("ctrl+p")
        shown = desk.text()
    # Each title is Chinese, then " · " and its English form (so it can be typed without a Chinese
    # input method); nothing else may be English.
        await desk.type("screen")  # the titles sort by their Chinese: the imports (导入) come before 屏幕
        found = desk.text()
    palette = "\n".join(line.split(" · ")[0] for line in shown.splitlines()[4:])
    assert re.findall(r"\b[A-Z][a-z]+\b", palette) == []
    assert "屏幕: 企业名录 · screen: Enterprises" in found


async def test_an_english_and_a_chinese_app_side_by_side_each_keep_their_language(desk_factory) -> None:
    """The language is the app's, not the process's: two apps running at once, each in its own."""
    async with desk_factory(lang="zh") as chinese, desk_factory(lang="en") as english:
        await english.open("dashboard")
        await chinese.open("dashboard")
        await english.settle()
        english_text, chinese_text = english.text(), chinese.text()
    assert english_text.startswith(" Supply Desk │") and "open shortage" in english_text.lower()
    assert chinese_text.startswith(" 物资保障台 │") and english_on(chinese_text) == []
    assert i18n.current_language() == "en"  # outside both apps: the test's own context


# --- the static scan ------------------------------------------------------------------------------
#
# The scanner is the one ``pybabel extract`` uses (tui.i18n.extract): every call of the translation
# functions, Binding descriptions and tooltips, Column labels, HELP texts and service error messages.

ZH = entries("zh", locale_dir=SOURCE_LOCALE)
EN = entries("en", locale_dir=SOURCE_LOCALE)


def message_ids(path: Path) -> list[Message]:
    return messages(path.read_text(encoding="utf-8"), name=str(path))


ALL_IDS = [message for path in SOURCES for message in message_ids(path)]


def test_the_scan_finds_the_message_ids_it_is_meant_to_find() -> None:
    ids = {message.key for message in ALL_IDS}
    for expected in (
        "Supply Desk",  # t(...)
        "Sort by the marked column; again to reverse",  # Binding tooltip
        "Mark column left",  # Binding description
        "Output/cap.",  # Column label
        "The directory of makers. Type to filter by Chinese, pinyin, initials or credit code.",  # HELP
        "Wrong check character: expected {expected}",  # ValidationError(field, msg)
        "No district named {name}",  # NotFoundError(msg)
        "Someone else changed this record; review their change",  # ConflictError's own message
        "The database is busy; try again in a moment",  # DatabaseError(msg)
        "{n} open shortage",  # tn(singular, plural, n)
    ):
        assert expected in ids
    assert {(m.msgid, m.plural) for m in ALL_IDS if m.plural} >= {("{n} day on site", "{n} days on site")}
    assert len(ids) > 80


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", [pytest.param(path, id=_relative(path)) for path in SOURCES if message_ids(path)])
def test_every_message_id_in_the_source_is_in_the_chinese_catalogue(path: Path) -> None:
    missing = sorted({f"{_relative(path)}:{m.line}: {m.key!r}" for m in message_ids(path) if m.key not in ZH})
    assert missing == []


def test_no_two_message_ids_differ_only_in_case_with_different_translations() -> None:
    """Case is not a context: where a word means two things, ``pt`` says which (``Open`` 打开 is a
    key, ``pt("shortage status", "open")`` 待处理 a status)."""
    by_lower: dict[str, set[str]] = {}
    for key, texts in ZH.items():
        by_lower.setdefault(key.lower(), set()).add(texts[0])
    clashes = {key: texts for key, texts in by_lower.items() if len(texts) > 1}
    assert clashes == {}


def test_english_plurals_are_grammatical() -> None:
    set_language("en")
    assert tn("{n} open shortage", "{n} open shortages", 1) == "1 open shortage"
    assert tn("{n} open shortage", "{n} open shortages", 2) == "2 open shortages"
    assert tn("{n} day on site", "{n} days on site", 1) == "1 day on site"
    set_language("zh")
    assert tn("{n} open shortage", "{n} open shortages", 1) == "1 条未解决短缺"
    assert i18n.missing() == set()


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_translations_keep_the_placeholders_of_their_message_ids() -> None:
    """t() swallows a KeyError and shows the raw text, so a renamed ``{field}`` would show as is."""
    plurals = {m.key: m.plural for m in ALL_IDS if m.plural}
    wrong = {}
    for key, texts in ZH.items():
        msgid = plurals.get(key) or key.split("\x04")[-1]
        if any(_fields(text) != _fields(msgid) for text in texts):
            wrong[key] = texts
    assert wrong == {}


def test_every_code_with_an_english_label_has_a_chinese_one() -> None:
    assert sorted(set(EN) - set(ZH)) == []


#: the context each enum's values are shown in (``pt(context, value)``)
ENUM_CONTEXTS = {
    "EnterpriseStatus": "enterprise status", "LicenceStatus": "licence status", "ShortageKind": "shortage kind",
    "ShortageStatus": "shortage status", "Severity": "severity", "Level": "level", "WorkCategory": "work category",
    "Role": "role", "SiteKind": "site kind", "EntryKind": "stock entry", "ReceiptSource": "receipt source",
    "ReceiptStatus": "receipt status", "Priority": "allocation priority", "RequestStatus": "allocation status",
    "AllocationStatus": "allocation status", "DispatchStatus": "allocation status",
    "SourceKind": "fund source kind", "Purpose": "fund purpose", "FundRequestStatus": "fund status",
    "KeySupplyLevel": "key supply level", "SubsidyStatus": "subsidy status",
    "Channel": "purchase channel", "Customs": "customs status", "OrderStage": "purchase status",
    "OrderStatus": "purchase status", "Mode": "transport mode", "ConsignmentStatus": "consignment status",
}
ENUM_CONTEXTS |= {"DonorKind": "donor kind", "DonationChannel": "donation channel", "DonationStatus": "donation status"}


def test_every_enum_value_shown_to_users_is_in_both_catalogues() -> None:
    import models

    keys: set[str] = set()
    for info in pkgutil.iter_modules(models.__path__, "models."):
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, enum.StrEnum) and obj.__module__ == module.__name__:
                keys |= {f"{ENUM_CONTEXTS[obj.__name__]}\x04{member.value}" for member in obj}
    assert "enterprise status\x04not_resumed" in keys and "role\x04coordinator" in keys
    assert sorted(keys - set(ZH)) == []
    # English shows codes through its catalogue: "not_resumed" → "Not resumed"
    assert sorted(key for key in keys if "_" in key.split("\x04")[1] and key not in EN) == []


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
    async with Desk(make_desk_app(lang=None)) as desk:  # type: ignore[arg-type]
        assert i18n.current_language() == "zh"
        assert desk.header().startswith(" 物资保障台 │")
