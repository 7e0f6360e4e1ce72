"""Numbers and dates as the group reads them, in the current language."""

from __future__ import annotations

import re
from datetime import date

from tui.i18n import current_language, t


def qty(value: float | None) -> str:
    """Compact quantity: 12.3万 in Chinese, 123k in English; blank for None."""
    if value is None:
        return ""
    if current_language() == "zh" and abs(value) >= 10_000:
        return f"{value / 10_000:.1f}".rstrip("0").rstrip(".") + "万"
    if current_language() != "zh" and abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}".rstrip("0").rstrip(".") + "M"
    if current_language() != "zh" and abs(value) >= 10_000:
        return f"{value / 1_000:.0f}k"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


_AUTONOMOUS = re.compile(r"^(.+?)(?:土家族|苗族)+自治县$")


def district(name: str) -> str:
    """The short form people use for the autonomous counties: 石柱土家族自治县 → 石柱县."""
    match = _AUTONOMOUS.match(name)
    return f"{match.group(1)}县" if match else name


def days(value: float | None) -> str:
    return "" if value is None else t("{n}d", n=f"{value:.1f}")


def short_date(value: date | None) -> str:
    return value.strftime("%m-%d") if value else ""
