"""The help screen breaks its lines by the rule of the brief (tui.i18n.lines): in Chinese no line
starts with closing punctuation (the check-ins' help put "：本人本周…" at the start of a line) and
none ends with opening punctuation; English breaks at spaces."""

from __future__ import annotations

import pytest

from tui.i18n.lines import OPENERS, PHRASE_END
from tui.shell.help import HelpScreen

from .driver import Desk
from .test_shell import help_text

#: the help's intro in each language, its start (the lines after it are the keys)
STARTS = {"en": "Check-ins: i checks in", "zh": "驻厂签到："}


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_no_help_line_starts_with_closing_punctuation(desk_factory, lang, size) -> None:
    async with Desk(desk_factory.apps(lang=lang, start="checkins"), size=size) as desk:
        await desk.press("question_mark")
        assert isinstance(desk.screen, HelpScreen)
        text = help_text(desk.app)
        assert text.lstrip().startswith(STARTS[lang]), text
        # each line, and each column of the keys' table (the key, then what it does)
        pieces = [piece.strip() for line in text.splitlines() for piece in line.split("  ") if piece.strip()]
        assert not [p for p in pieces if p[0] in PHRASE_END + ",.;:"], text
        assert not [p for p in pieces if p[-1] in OPENERS], text


@pytest.mark.parametrize(("lang", "next_tab"), [("en", "Next"), ("zh", "下一页签")])
async def test_the_tab_keys_are_named_by_their_sign(desk_factory, lang, next_tab) -> None:
    async with Desk(desk_factory.apps(lang=lang, start="checkins")) as desk:
        await desk.press("question_mark")
        text = help_text(desk.app)
        assert "square" not in text, text
        assert [line.split()[:2] for line in text.splitlines() if line.split()[:1] == ["]"]] == [["]", next_tab]]
