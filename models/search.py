"""Search and sort keys, built with pypinyin when rows are written.

A cadre on a terminal without a Chinese input method finds 茶园康护 by typing ``chayuan`` or
``cykh``: the key holds each searchable text as written (lower-cased), as full pinyin and as pinyin
initials. The match itself runs in SQL (``LIKE`` on the key), never in Python. Keys are kept in the
rows, so that reading and filtering never load pypinyin (about 50 MB once loaded).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import event, inspect

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


def joined_keys(keys: Iterable[str | None]) -> str:
    """One key of several stored ones (a supplier's own, its contact cadre's, its items'): what any
    of them matches, each piece once."""
    return SEPARATOR.join(dict.fromkeys(piece for key in keys if key for piece in key.split(SEPARATOR) if piece))


def sort_key(name: str) -> str:
    """Names sort by their pinyin, the way a Chinese directory is ordered."""
    if not has_han(name):
        return name.strip().lower()
    return pinyin(name.strip().lower())[0]


def keep_keys(model: type[Any], searched: tuple[str, ...], *, sorted_by: str | None = None) -> None:
    """Keep ``model``'s ``search_key`` (of the attributes ``searched``) and ``sort_key`` (of
    ``sorted_by``) up to date whenever the ORM writes a row: built on insert, built again on update
    when one of those attributes changed (an update that leaves them loads no pypinyin). For the
    reference rows whose keys depend on nothing but themselves; a bulk insert sets the keys itself."""
    watched = (*searched, *((sorted_by,) if sorted_by and sorted_by not in searched else ()))

    def build(row: Any) -> None:
        row.search_key = search_key(getattr(row, name) for name in searched)
        if sorted_by:
            row.sort_key = sort_key(getattr(row, sorted_by) or "")

    def inserted(_mapper: Any, _connection: Any, row: Any) -> None:
        build(row)

    def updated(_mapper: Any, _connection: Any, row: Any) -> None:
        state = inspect(row)
        if any(state.attrs[name].history.has_changes() for name in watched):
            build(row)

    event.listen(model, "before_insert", inserted)
    event.listen(model, "before_update", updated)


def query_terms(query: str) -> list[str]:
    """Split a filter into terms that must all match; empty terms are dropped, and so are control
    characters (a NUL pasted from a spreadsheet cell would end the pattern on some drivers)."""
    visible = "".join(ch if ch.isprintable() or ch.isspace() else " " for ch in query)
    return [term for term in visible.lower().split() if term]


def like_pattern(term: str) -> str:
    """``%term%`` with LIKE's wildcards escaped (escape character ``\\``)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
