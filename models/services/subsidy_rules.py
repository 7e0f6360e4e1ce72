"""The 2020 interest subsidy's rules (贴息): who may apply and how much is expected.

Only enterprises on the key-supply list (重点保障企业名单) may apply; the loan must be signed on or
after 2020-01-01 and run at most a year; the subsidy is half the loan's rate on the principal for
the loan's days: principal × rate × 50 % × days / 365, rounded half up to the fen. All in integers
and Decimal, never a float.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

#: loans signed before this day do not qualify
FIRST_DAY = date(2020, 1, 1)
#: the share of the loan's interest the subsidy pays
SHARE = Decimal("0.5")
#: a year's days in the formula
YEAR_DAYS = 365


def one_year_after(day: date) -> date:
    """The same day a year later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def term_problem(start: date, end: date) -> str | None:
    """Why a loan from ``start`` to ``end`` does not qualify (a message id), or None."""
    if start < FIRST_DAY:
        return "Only loans signed on or after 2020-01-01 qualify"
    if end <= start:
        return "The loan must end after it starts"
    if end > one_year_after(start):
        return "Only loans of at most a year qualify"
    return None


def expected_subsidy(*, principal: int, rate_bp: int, start: date, end: date) -> int:
    """The expected subsidy in fen: ``principal`` fen at ``rate_bp`` basis points a year, half of
    the interest for the days from ``start`` to ``end``."""
    days = (end - start).days
    value = Decimal(principal) * Decimal(rate_bp) / Decimal(10_000) * SHARE * Decimal(days) / Decimal(YEAR_DAYS)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
