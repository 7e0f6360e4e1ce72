"""A sparkline: a one-line trend of daily figures as Rich text, for any screen that shows one.

Generic (no service, no feature): the enterprise card draws a product's last days with it and the
dashboard an item's.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

BARS = "▁▂▃▄▅▆▇█"


def spark(values: Iterable[float | None], top: float) -> Text:
    """One bar per value scaled to ``top`` (the capacity), green from 90% of it; ``·`` for a day
    not reported (``None``)."""
    out = Text()
    for value in values:
        if value is None:
            out.append("·", style="dim")
        else:
            level = 0 if top <= 0 else min(len(BARS) - 1, round(value / top * (len(BARS) - 1)))
            out.append(BARS[level], style="green" if value >= 0.9 * top else "")
    return out
