"""Pieces of a line that are never broken inside, as a Rich renderable: they follow one another on a
line, separated, and go on to the next line (indented) only between pieces, at the width given.

A licence number, a date with the word before it ("since 11-27"), a phone number: Rich's own
wrapping breaks at any space and would cut them across two lines at 80 columns. A piece wider than
a whole line is the only one cut, with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text


class Flow:
    """``pieces`` joined by ``separator``; continuation lines start with ``indent`` spaces."""

    def __init__(self, pieces: Iterable[Text | str], *, separator: str = " · ", indent: int = 0,
                 lead: Text | str = "", separator_style: str = "") -> None:
        self.pieces = [Text(p) if isinstance(p, str) else p for p in pieces if (p.plain if isinstance(p, Text) else p)]
        self.separator = separator
        self.indent = indent
        self.lead = Text(lead) if isinstance(lead, str) else lead
        self.separator_style = separator_style

    def lines(self, width: int) -> list[Text]:
        """The lines at ``width`` cells."""
        width = max(1, width)
        out: list[Text] = []
        line = self.lead.copy()
        empty = True
        for piece in self.pieces:
            room = width - (cell_len(line.plain) if empty else cell_len(line.plain) + cell_len(self.separator))
            if not empty and cell_len(piece.plain) > room:
                out.append(line)
                line, empty = Text(" " * self.indent), True
            if not empty:
                line.append(self.separator, style=self.separator_style)
            room = width - cell_len(line.plain)
            shown = piece.copy()
            if cell_len(shown.plain) > room:  # wider than a whole line: the one thing cut
                shown.truncate(max(1, room), overflow="ellipsis")
            line.append_text(shown)
            empty = False
        out.append(line)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(options.max_width):
            line.no_wrap = True
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(p.plain) for p in self.pieces), default=0) + self.indent
        whole = cell_len(self.lead.plain) + sum(cell_len(p.plain) for p in self.pieces) + cell_len(
            self.separator) * max(0, len(self.pieces) - 1)
        return Measurement(min(widest, whole), whole)


__all__ = ["Flow"]
