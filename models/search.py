"""Search and sort keys, built with pypinyin when rows are written.

A cadre on a terminal without a Chinese input method finds 茶园康护 by typing ``chayuan`` or
``cykh``: the key holds each searchable text as written (lower-cased), as full pinyin and as pinyin
initials. The match itself runs in SQL (``LIKE`` on the key), never in Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

SEPARATOR = "|"


@lru_cache(maxsize=65536)
def _pinyin(text: str) -> tuple[str, str]:
    from pypinyin import Style, lazy_pinyin  # heavy import, only where keys are built

    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    full = "".join(syllables).lower().replace(" ", "")
    initials = "".join(s[0] for s in lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default") if s.strip())
    return full, initials.lower()


def _has_han(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in text)


def search_key(parts: Iterable[str | None]) -> str:
    """The lower-case key for ``parts``: each as written, plus full pinyin and initials of Chinese ones."""
    pieces: list[str] = []
    for part in parts:
        if not part:
            continue
        text = part.strip().lower()
        pieces.append(text)
        if _has_han(text):
            full, initials = _pinyin(text)
            pieces.extend((full, initials))
    return SEPARATOR.join(dict.fromkeys(pieces))  # keep order, drop repeats


def sort_key(name: str) -> str:
    """Names sort by their pinyin, the way a Chinese directory is ordered."""
    if not _has_han(name):
        return name.strip().lower()
    return _pinyin(name.strip().lower())[0]


def query_terms(query: str) -> list[str]:
    """Split a filter into terms that must all match; empty terms are dropped."""
    return [term for term in query.lower().split() if term]


def like_pattern(term: str) -> str:
    """``%term%`` with LIKE's wildcards escaped (escape character ``\\``)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
