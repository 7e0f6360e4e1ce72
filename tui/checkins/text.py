"""The check-ins' own text: the work categories of a visit, as a list in the current language.

Times, durations, days and names are written by ``tui.i18n.format``, which every screen shares.
"""

from __future__ import annotations

from tui.i18n import current_language, pt


def categories(codes: tuple[str, ...] | list[str]) -> str:
    separator = "、" if current_language() == "zh" else ", "
    return separator.join(pt("work category", code) for code in codes)


__all__ = ["categories"]
