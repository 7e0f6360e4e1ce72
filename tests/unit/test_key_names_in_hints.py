"""A dialog's hint names its keys as the help does: 回车 and Esc in Chinese, never the English key
words inside a Chinese sentence (the help says 回车 where a hint said enter)."""

from __future__ import annotations

import pytest

import tui.i18n as i18n
from tui.shell.help import key_label

HINTS = [
    "enter picks · escape cancels",
    "enter saves · escape cancels",
    "m: save mine · t: take theirs · esc: keep editing",
    "enter or ctrl+s saves · space ticks · escape cancels",
    "ctrl+s saves · enter: next field · escape cancels",
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("hint", HINTS)
def test_a_hint_names_its_keys_as_the_help_does(lang: str, hint: str) -> None:
    i18n.set_language(lang)
    try:
        shown = i18n.t(hint)
        keys = [key for key in ("enter", "escape", "ctrl+s", "space") if key in hint or key == "escape"]
        labels = [key_label(key) for key in keys]
    finally:
        i18n.set_language("en")
    assert all(label in shown for label in labels), (shown, labels)
    if lang == "zh":
        assert not any(word in shown for word in ("enter", "esc", "escape", "ctrl")), shown


def test_no_chinese_text_names_a_key_by_its_english_word() -> None:
    """Screen intros and hints alike: 回车, Esc, Ctrl+s, Tab, as the help's key column writes them."""
    import re

    from tui.i18n.catalogue import LOCALE_DIR, entries

    english_key = re.compile(r"(?<![A-Za-z])(enter|esc|escape|ctrl\+[a-z]|tab)(?![A-Za-z])")
    found = {key: text for key, texts in entries("zh", locale_dir=LOCALE_DIR).items() for text in texts
             if re.search(r"[\u4e00-\u9fff]", text) and english_key.search(text)}
    assert not found, found
