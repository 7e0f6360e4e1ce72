"""Numbers, durations, days and times as the group writes them, in the current language: the one place.

Numbers: ``qty`` is the compact figure of lists and sentences (12.5万 in Chinese, 125k in English);
``amount`` and ``material`` keep the decimals that matter in small amounts (0.25 t a day is not 0.2);
``exact`` is the brief's figure with every digit; ``plain`` is a figure to edit in a form (what
``tui.i18n.parse`` reads back). Durations are taken in minutes or hours and written at the precision
of where they are shown. Days and times follow the group's ``2020-02-03 12:00`` (``moment``) and its
shorter forms; the sentences of the brief say ``截至2月3日12时`` / ``As of 12:00 on 3 February``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from models import clock
from tui.i18n import current_language, n_, pt, t

WEEKDAYS = (n_("Mon"), n_("Tue"), n_("Wed"), n_("Thu"), n_("Fri"), n_("Sat"), n_("Sun"))
MONTHS = (n_("January"), n_("February"), n_("March"), n_("April"), n_("May"), n_("June"), n_("July"),
          n_("August"), n_("September"), n_("October"), n_("November"), n_("December"))
#: the form of days and times the group writes and ``tui.i18n.parse`` reads
DAY_FORMAT, MOMENT_FORMAT = "%Y-%m-%d", "%Y-%m-%d %H:%M"


# --- numbers -------------------------------------------------------------------------------------------


def _stripped(value: float, digits: int) -> str:
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"


def qty(value: float | None) -> str:
    """Compact quantity: 12.3万 in Chinese, 123k in English; blank for None."""
    if value is None:
        return ""
    if current_language() == "zh" and abs(value) >= 10_000:
        return _stripped(value / 10_000, 1) + "万"
    if current_language() != "zh" and abs(value) >= 1_000_000:
        return _stripped(value / 1_000_000, 1) + "M"
    if current_language() != "zh" and abs(value) >= 10_000:
        return f"{value / 1_000:.0f}k"
    return exact(value)


def qty_pair(value: float | None, of: float) -> str:
    """``value/of`` in compact figures (output against capacity), ``—`` for no value; in Chinese the
    万 of two figures that both have it is written once (17.8/18.6万), so the pair fits its column."""
    if current_language() == "zh" and value is not None and abs(value) >= 10_000 and abs(of) >= 10_000:
        return f"{_stripped(value / 10_000, 1)}/{qty(of)}"
    return f"{qty(value) or '—'}/{qty(of)}"


def exact(value: float) -> str:
    """``1,250,000``; one decimal only where the figure has one."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def count(value: int) -> str:
    """A count with its thousands grouped: ``1,250``."""
    return f"{value:,}"


def amount(value: float, *, compact: bool = False) -> str:
    """Like ``qty``, but small amounts keep two decimals; ``compact`` (a list column) rounds 10 and
    more to whole numbers, half up (16.5 t shows as 17)."""
    if abs(value) < 10 and value != int(value):
        return _stripped(value, 2)
    if compact and 0 <= value < 10_000:
        return count(int(value + 0.5))
    return qty(value)


def wan(fen: int | None) -> str:
    """A sum of money kept in whole fen, in 万元 (10k yuan) to the hundred yuan: ``12.5``, ``1,200``;
    ``—`` for none. Decimal all the way: money is never a float."""
    if fen is None:
        return "—"
    value = (Decimal(fen) / 1_000_000).quantize(Decimal("0.01"))
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def material(value: float | None) -> str:
    """A raw-material figure: two decimals below 10, one below 100, none below 1,000, then ``qty``."""
    if value is None:
        return ""
    if abs(value) >= 1000:
        return qty(value)
    return _stripped(value, 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2)


def plain(value: float) -> str:
    """A figure to edit: ``12.5``, ``12`` (no grouping, so it reads back as typed). Fifteen
    significant digits, all a float holds: ``{:g}``'s six turned 100000.1 into 100000."""
    return f"{value:.15g}" if value != int(value) else str(int(value))


def district(name: str) -> str:
    """The short form people use for the autonomous counties: 石柱土家族自治县 → 石柱县."""
    match = _AUTONOMOUS.match(name)
    return f"{match.group(1)}县" if match else name


_AUTONOMOUS = re.compile(r"^(.+?)(?:土家族|苗族)+自治县$")


def unit(name: str, *, short: bool = False) -> str:
    """A stored unit (吨, 只, 人, 万元…) in the current language: the English word where the catalogue
    has one (t, pieces, people, 10k yuan); a unit it does not know is shown as stored. ``short``: the
    form a narrow table column takes (pcs for pieces; the catalogue's "unit, short" holds every unit)."""
    return pt("unit, short" if short else "unit", name) if name else ""


def region(name: str) -> str:
    """A supplier's province or country as stored (浙江, 德国) in the current language: Zhejiang,
    Germany where the catalogue knows it; another one as stored."""
    return pt("region", name) if name else ""


def listing(names: list[str]) -> str:
    """Names one after the other as the language writes them: 无纺布、熔喷布 / Non-woven fabric, Melt-blown."""
    return ("、" if current_language() == "zh" else ", ").join(names)


def aside(text: str) -> str:
    """``text`` in brackets after what it qualifies: `` (25g/m²)`` in English, ``（25g/m²）`` in Chinese
    (full-width brackets, no space before them); empty for an empty ``text``."""
    if not text:
        return ""
    return f"（{text}）" if current_language() == "zh" else f" ({text})"


def local_name(name: str, name_en: str = "") -> str:
    """A reference name (unit, group, material, item) in the current language: the English one where
    there is one."""
    return name_en if current_language() != "zh" and name_en else name


# --- durations -----------------------------------------------------------------------------------------


def days(value: float | None) -> str:
    """Days of cover: ``2.5d``; blank for None."""
    return "" if value is None else t("{n}d", n=f"{value:.1f}")


def hours(minutes: int) -> str:
    """Hours with one decimal: ``10.2``; blank for none."""
    return f"{minutes / 60:.1f}" if minutes else ""


def duration(minutes: int) -> str:
    """``6 h 12 min`` / ``6小时12分``."""
    whole, rest = divmod(max(0, minutes), 60)
    return t("{h} h {m} min", h=whole, m=rest)


def age(minutes: int) -> str:
    """How long something has been open, in its largest unit: ``45 min``, ``26 h``, ``3d``."""
    minutes = max(0, minutes)
    if minutes < 60:
        return t("{n} min", n=minutes)
    if minutes < 48 * 60:
        return t("{n} h", n=minutes // 60)
    return t("{n}d", n=minutes // (24 * 60))


def age_in_words(whole_hours: int) -> str:
    """The dashboard's age of the oldest shortage: ``26 h``, from two days ``3 days``."""
    if whole_hours >= 48:
        return t("{n} days", n=whole_hours // 24)
    return t("{n} h", n=max(whole_hours, 0))


def days_and_hours(whole_hours: float) -> str:
    """``2天3小时`` / ``2 d 3 h``: how long a shortage has been open, in the brief."""
    whole_days, rest = divmod(int(whole_hours), 24)
    if whole_days:
        return t("{days} d {hours} h", days=whole_days, hours=rest)
    return t("{hours} h", hours=rest)


# --- days and times ------------------------------------------------------------------------------------


def day(value: date | None) -> str:
    """``2020-02-03``; blank for None."""
    return value.strftime(DAY_FORMAT) if value else ""


def moment(value: datetime | None) -> str:
    """``2020-02-03 12:00``, as the group writes a time; blank for None."""
    return value.strftime(MOMENT_FORMAT) if value else ""


def short_date(value: date | None) -> str:
    """``02-03``."""
    return value.strftime("%m-%d") if value else ""


def hhmm(value: datetime | None) -> str:
    return value.strftime("%H:%M") if value else ""


def when(value: datetime | None) -> str:
    """``02-03 07:50``: month-day and time, a time within the last days, short."""
    return value.strftime("%m-%d %H:%M") if value else ""


def since(value: datetime | None, now: datetime | None = None) -> str:
    """``07:50`` for today, ``2020-02-02 07:50`` for another day."""
    if value is None:
        return ""
    return hhmm(value) if value.date() == (now or clock.now()).date() else moment(value)


def weekday(value: date) -> str:
    """``02-03 Mon`` / ``02-03 周一``."""
    return f"{value:%m-%d} {t(WEEKDAYS[value.weekday()])}"


def as_of_short(value: datetime) -> str:
    """``截至2月3日12时`` / ``As of 02-03 12:00``: how a headcount begins. English writes the group's
    month-day and time, as every list does (never 2/3, which a reader may take for 2 March)."""
    if current_language() != "zh":
        return t("As of {when}", when=when(value))
    if value.minute == 0:
        return t("As of {month}/{day} {hour}:00", month=value.month, day=value.day, hour=value.hour)
    return t("As of {month}/{day} {hour}:{minute}", month=value.month, day=value.day, hour=value.hour,
             minute=f"{value.minute:02d}")


def clock_time(value: datetime) -> str:
    """``12时`` / ``12:00``, ``8时30分`` / ``08:30``: minutes only when there are some."""
    if value.minute == 0:
        return t("{hour:02d}:00", hour=value.hour)
    return t("{hour:02d}:{minute}", hour=value.hour, minute=f"{value.minute:02d}")


def day_of_month(value: datetime | date) -> str:
    """``2月3日`` / ``3 February``."""
    return t("{day} {month}", day=value.day, month=t(MONTHS[value.month - 1]))


def as_of(value: datetime) -> str:
    """``截至2月3日12时`` / ``As of 12:00 on 3 February``: how the brief begins."""
    return t("As of {time} on {day}", time=clock_time(value), day=day_of_month(value))


__all__ = [
    "DAY_FORMAT", "MOMENT_FORMAT", "MONTHS", "WEEKDAYS", "age", "age_in_words", "amount", "as_of", "as_of_short",
    "clock_time", "count", "day", "day_of_month", "days", "days_and_hours", "district", "duration", "exact", "hhmm",
    "hours", "local_name", "material", "moment", "plain", "qty", "short_date", "since", "weekday", "when",
]
