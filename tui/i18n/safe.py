"""Stored text made safe for where it is written out: the TUI, a terminal, Markdown, an xlsx cell.

Input refuses control characters, but the database may hold anything (a row written by another
tool, an older version, a restored backup), so every place that writes a stored string out passes
it through the function for its destination.

The convention: a character that would act on the terminal or hide what the text says is shown as
a visible Python-style escape of itself, ``\\x1b`` for C0, DEL and C1 controls, ``\\u202e`` for the
others. These are C0 (U+0000–U+001F), DEL, C1 (U+0080–U+009F), the bidirectional overrides,
isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), the zero-width
characters (U+200B–U+200D, U+2060, U+FEFF), the line and paragraph separators (U+2028, U+2029) and
lone surrogates. A backslash already in the text is left as it is: the escapes are for reading, not
for decoding back.
"""

from __future__ import annotations

import re
from functools import cache

#: code points that never reach a terminal as themselves, as ranges (first, last); the one
#: definition: ``UNSAFE_PATTERN`` matches them, ``unsafe_codes`` lists them
UNSAFE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00, 0x1F), (0x7F, 0x9F),
    (0x202A, 0x202E), (0x2066, 0x2069), (0x200E, 0x200F), (0x061C, 0x061C),
    (0x200B, 0x200D), (0x2060, 0x2060), (0xFEFF, 0xFEFF),
    (0x2028, 0x2029),
    (0xD800, 0xDFFF),
)
#: one unsafe character (a class of the ranges: no table of the two thousand code points is held,
#: which every session would carry)
UNSAFE_PATTERN = re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in UNSAFE_RANGES) + "]")


@cache
def unsafe_codes() -> frozenset[int]:
    """Every unsafe code point (the tests' list; the functions below match ``UNSAFE_PATTERN``)."""
    return frozenset(code for first, last in UNSAFE_RANGES for code in range(first, last + 1))


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escaped(match: re.Match[str]) -> str:
    return _escape(ord(match.group()))


#: in a table cell or a line of the TUI, a tab or a line break is a space (the cell is one line)
_CELL_SPACES = {"\t": " ", "\n": " ", "\r": " "}
#: in a block of the TUI (notes, an address), line breaks stay and a tab is a space
_BLOCK_KEPT = {"\t": " ", "\n": "\n"}


def _in_cell(match: re.Match[str]) -> str:
    return _CELL_SPACES.get(match.group()) or _escaped(match)


def _in_block(match: re.Match[str]) -> str:
    return _BLOCK_KEPT.get(match.group()) or _escaped(match)


#: what Markdown would read as emphasis, a link, code, HTML, a heading or a table column
_MARKDOWN_SPECIALS = "\\`*_[]<>|~#&"
_MARKDOWN = {ord(c): "\\" + c for c in _MARKDOWN_SPECIALS}
#: a spreadsheet reads a text starting with these as a formula
FORMULA_STARTS = ("=", "+", "-", "@")


def is_safe(text: str) -> bool:
    """Whether ``text`` holds none of the characters that are escaped."""
    return UNSAFE_PATTERN.search(text) is None


def for_terminal(text: str) -> str:
    """Plain text printed on a terminal (the CLI, the text brief): every unsafe character escaped,
    line breaks and tabs included, so one stored value stays one line."""
    return UNSAFE_PATTERN.sub(_escaped, text)


def for_tui(text: str, *, lines: bool = False) -> str:
    """Text for a Rich ``Text`` or a table cell: tabs and line breaks become spaces (or, with
    ``lines``, line breaks stay), every other unsafe character is escaped."""
    return UNSAFE_PATTERN.sub(_in_block if lines else _in_cell, text)


def for_markdown(text: str) -> str:
    """Text inline in Markdown (a sentence, a table cell): escaped as for a terminal, then the
    characters Markdown would interpret are backslash-escaped (so ``\\x1b`` is written ``\\\\x1b``
    and reads ``\\x1b``)."""
    return for_terminal(text).translate(_MARKDOWN)


def for_xlsx(text: str) -> str:
    """Text for an xlsx cell: unsafe characters escaped (openpyxl refuses most controls). The cell
    must still be stored as a string, never a formula: see ``looks_like_formula``."""
    return for_terminal(text)


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` as a formula if it were not stored as text."""
    return text.startswith(FORMULA_STARTS)


__all__ = ["FORMULA_STARTS", "UNSAFE_PATTERN", "UNSAFE_RANGES", "for_markdown", "for_terminal", "for_tui",
           "for_xlsx", "is_safe", "looks_like_formula", "unsafe_codes"]
