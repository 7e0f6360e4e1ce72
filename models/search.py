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
def pinyin(text: str) -> tuple[str, str]:
    """Full pinyin and initials of ``text`` (cached: names repeat their parts)."""
    from pypinyin import Style, lazy_pinyin  # heavy import, only where keys are built

    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    full = "".join(syllables).lower().replace(" ", "")
    initials = "".join(s[0] for s in lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default") if s.strip())
    return full, initials.lower()


def has_han(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in text)


Part = str | tuple[str, ...] | None


def _pieces(part: str | tuple[str, ...]) -> tuple[str, ...]:
    """A part as written and, if Chinese, as full pinyin and initials.

    A tuple is one name given as components (茶园, 康护, …): its pinyin is joined from theirs, which
    is cheap when building many names from a vocabulary (pypinyin costs ~0.5 ms a new string).
    """
    components = (part,) if isinstance(part, str) else part
    whole = "".join(components).strip().lower()
    if not has_han(whole):
        return (whole,)
    readings = [pinyin(c.strip().lower()) for c in components]
    return whole, "".join(r[0] for r in readings), "".join(r[1] for r in readings)


def search_key(parts: Iterable[Part]) -> str:
    """The lower-case key for ``parts``: each as written, plus full pinyin and initials of Chinese ones."""
    return SEPARATOR.join(dict.fromkeys(piece for part in parts if part for piece in _pieces(part)))


def plain_key(parts: Iterable[str | None]) -> str:
    """``search_key`` without the pinyin: each part as written, lower-cased. What a list shows before
    anyone types into a picker; ``with_pinyin`` completes it then. (pypinyin holds about 50 MB once
    loaded: a session that never types a pinyin query never loads it.)"""
    return SEPARATOR.join(dict.fromkeys(piece for part in parts if part and (piece := part.strip().lower())))


def with_pinyin(key: str) -> str:
    """A key (``plain_key``'s, or one that has its pinyin already) with the full pinyin and initials of
    each Chinese piece: ``with_pinyin(plain_key(parts)) == search_key(parts)`` for parts that hold no
    separator and are not blank. Loads pypinyin for the first Chinese piece: call it off the UI thread."""
    return search_key(key.split(SEPARATOR))


def sort_key(name: str) -> str:
    """Names sort by their pinyin, the way a Chinese directory is ordered."""
    if not has_han(name):
        return name.strip().lower()
    return pinyin(name.strip().lower())[0]


def query_terms(query: str) -> list[str]:
    """Split a filter into terms that must all match; empty terms are dropped, and so are control
    characters (a NUL pasted from a spreadsheet cell would end the pattern on some drivers)."""
    visible = "".join(ch if ch.isprintable() or ch.isspace() else " " for ch in query)
    return [term for term in visible.lower().split() if term]


def like_pattern(term: str) -> str:
    """``%term%`` with LIKE's wildcards escaped (escape character ``\\``)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
