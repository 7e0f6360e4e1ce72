"""Breaking text into lines of a given width, one way for the brief and the screens.

Chinese has no spaces: a line breaks after the punctuation closing a phrase ("截至2月3日12时，"), so
a phrase is never cut in two; English breaks at spaces. Only a phrase longer than a whole line is
broken inside, and then by the Chinese rule for line starts and ends (避头尾): no line starts with
closing punctuation (，。：；、）」 …) and none ends with opening punctuation (（「《 …). Widths are
counted in terminal cells (a Chinese character takes two).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

#: punctuation a phrase ends with: a line breaks after it, never before it
PHRASE_END = "，。；：、）》」』】〕〉”’！？…"
#: punctuation that opens: a line never ends with it
OPENERS = "（《「『【〔〈“‘"
#: what a line breaks between: a space, or a phrase with the punctuation closing it ("截至2月3日12时，");
#: an English word is a phrase of its own, ended by the space after it
_PHRASES = re.compile(rf"\s+|[^\s{PHRASE_END}]*[{PHRASE_END}]+|[^\s{PHRASE_END}]+")
#: a phrase longer than a line is broken as a last resort: between wide characters, never inside a
#: run of ASCII (a number, a word) or between a figure and the wide character after it ("120人")
_PIECES = re.compile(r"[!-~]+[^\s!-~]?|.")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cut(text: str, start: int, end: int, width: int) -> int:
    """Where to break ``text[start:end]``, a phrase wider than ``width``: after as many pieces as fit,
    moved back while the next line would start with closing or this one end with opening punctuation."""
    bounds: list[int] = []
    used = 0
    for piece in _PIECES.finditer(text, start, end):
        if used + cell_len(piece.group()) > width and bounds:
            break
        used += cell_len(piece.group())
        bounds.append(piece.end())
    for cut in reversed(bounds):
        if (cut == len(text) or text[cut] not in PHRASE_END) and text[cut - 1] not in OPENERS:
            return cut
    return bounds[-1]  # nowhere allowed (a line of punctuation): the widest cut


def line_ranges(text: str, width: int) -> list[tuple[int, int]]:
    """Where each line of ``text`` (one paragraph) starts and ends, at most ``width`` cells; the
    spaces a line breaks at belong to no line."""
    lines: list[tuple[int, int]] = []
    start = end = 0
    for token in _PHRASES.finditer(text):
        line = text[start:end]
        if cell_len(line + token.group()) <= width or not line.strip():
            end = token.end()
        elif token.group().isspace():
            lines.append(_trimmed(text, start, end))
            start = end = token.end()
        else:
            lines.append(_trimmed(text, start, end))
            start, end = token.start(), token.end()
        while cell_len(text[start:end]) > width:  # one phrase longer than the line
            cut = _cut(text, start, end, width)
            lines.append((start, cut))
            start = cut
    last = _trimmed(text, start, end)
    return [*lines, last] if last[1] > last[0] or not lines else lines


def phrases(text: str) -> list[str]:
    """The pieces a line never breaks inside: English words, Chinese phrases with their closing
    punctuation (the widest of them is as narrow as a column of such text can be made)."""
    return [token for token in _PHRASES.findall(text) if not token.isspace()]


def wrap(text: str, width: int | None) -> list[str]:
    """Lines of at most ``width`` cells (one line when None), broken at spaces or after the punctuation
    closing a phrase; only a phrase longer than a whole line is broken inside."""
    if width is None:
        return [text]
    return [text[start:end] for start, end in line_ranges(text, width)]


class Wrapped:
    """A styled text as a Rich renderable that breaks its lines by ``line_ranges`` at the width it is
    given (Rich's own wrapping would cut Chinese anywhere, even before a colon)."""

    def __init__(self, text: Text | str) -> None:
        self.text = Text(text) if isinstance(text, str) else text

    def _paragraphs(self) -> Iterable[Text]:
        return self.text.split("\n", allow_blank=True)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for paragraph in self._paragraphs():
            for start, end in line_ranges(paragraph.plain, max(1, options.max_width)):
                yield paragraph[start:end]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(p.plain) for p in self._paragraphs()), default=0)
        piece = max((cell_len(p) for p in _PIECES.findall(self.text.plain)), default=0)
        return Measurement(min(piece, widest), widest)
