"""A trend in one line of text: one bar per value, scaled to a top (a capacity, a demand).

Plain ``rich`` text, no widget: a table cell, a card's line or a figure of the dashboard shows it.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

BARS = "▁▂▃▄▅▆▇█"
#: a value at least this share of the top shows in green (near or at capacity)
HIGH = 0.9


def spark(values: Iterable[float | None], top: float) -> Text:
    """One bar per value scaled to ``top``; ``·`` where a value is missing (a day not reported)."""
    out = Text()
    for value in values:
        if value is None:
            out.append("·", style="dim")
        else:
            level = 0 if top <= 0 else min(len(BARS) - 1, round(value / top * (len(BARS) - 1)))
            out.append(BARS[level], style="green" if value >= HIGH * top else "")
    return out


__all__ = ["BARS", "spark"]
