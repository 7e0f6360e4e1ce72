"""Line breaking (tui.i18n.lines): the Chinese rule for line starts and ends, in the brief and on
the screens alike."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from tui.i18n.lines import OPENERS, PHRASE_END, Wrapped, line_ranges, wrap

#: a phrase longer than any line here: it must be broken inside
LONG = "签到时按i键在驻厂企业签到并在离开前按o键写明当日协调的事项「熔喷布供应」（两日内到货）：已解决"


@pytest.mark.parametrize("width", range(8, 60))
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(width: int) -> None:
    lines = wrap(LONG, width)
    assert "".join(lines) == LONG
    assert all(cell_len(line) <= width for line in lines), lines
    assert not any(line[0] in PHRASE_END for line in lines[1:]), lines
    assert not any(line[-1] in OPENERS for line in lines), lines


def test_english_breaks_at_spaces_which_belong_to_no_line() -> None:
    text = "Check in: i at the enterprise you are stationed at."
    assert wrap(text, 20) == ["Check in: i at the", "enterprise you are", "stationed at."]
    assert [text[s:e] for s, e in line_ranges(text, 20)] == wrap(text, 20)


def test_a_styled_text_keeps_its_styles_across_the_lines() -> None:
    console = Console(width=20, file=None, record=True, color_system=None)
    text = Text("签到：在驻厂企业签到，")
    text.append("（两日内到货）：已解决", style="dim")
    with console.capture() as capture:
        console.print(Wrapped(text))
    shown = capture.get().splitlines()
    assert "".join(shown) == text.plain
    assert not any(line[0] in PHRASE_END for line in shown[1:]), shown
