"""The last guard between the app and the terminal: no unsafe character leaves as itself.

Every stored string shown in the TUI is escaped where it is shown (``tui.i18n.safe.for_tui``), so the
user reads ``\\x1b`` where the database holds an ESC. A widget that forgot to would still hand the
raw character to the terminal, and an ESC there starts a sequence (an OSC 52 writes the clipboard,
an OSC 2 the window title). Textual passes every rendered line of every widget through the app's
line filters before writing it out; this one removes each unsafe character (``UNSAFE_PATTERN``) from
the text.

It removes rather than marks: Rich counts all of these characters as zero cells wide, so the line
was laid out without them and removing them keeps every column where it was, where a one-cell
marker would push the rest of the line one cell right. (A lone surrogate, which Rich counts as
one cell and no terminal encoding can carry, becomes U+FFFD, also one cell.) The visible escape is
``for_tui``'s job; this filter only makes sure that nothing escapes.

Most lines hold no such character: one regular-expression search over the line's text decides, and
only a line with a hit is rebuilt.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from tui.i18n.safe import UNSAFE_PATTERN

_SURROGATES = range(0xD800, 0xE000)
_search = UNSAFE_PATTERN.search


def _removed(match: re.Match[str]) -> str:
    """An unsafe character removed, a lone surrogate replaced by the one-cell replacement character."""
    return "\ufffd" if ord(match.group()) in _SURROGATES else ""


class SafeText(LineFilter):
    """Removes every unsafe character (``UNSAFE_PATTERN``) from the text of a rendered line."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if _search("".join([segment.text for segment in segments])) is None:
            return segments
        cleaned: list[Segment] = []
        for segment in segments:
            text = segment.text
            if segment.control is not None or _search(text) is None:
                cleaned.append(segment)
            elif text := UNSAFE_PATTERN.sub(_removed, text):  # Textual expects no empty text segments
                cleaned.append(Segment(text, segment.style))
        return cleaned


__all__ = ["SafeText"]
