"""The working group's rules of thumb, each said once: what counts as low, pending, unsolved or late.

Services, read models and screens read these names instead of repeating the numbers, so changing a
rule changes every list, card, filter and warning that applies it. The thresholds are settings.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from models.base import LicenceStatus, ShortageStatus
from models.settings import current

#: Shortages still being worked on: the directory's "has shortage", the card, the dashboard, the
#: check-out dialog and the default order of the shortage list all count these as unsolved.
ACTIVE_SHORTAGE: tuple[str, ...] = (ShortageStatus.OPEN.value, ShortageStatus.COORDINATING.value)
#: Shortages that are finished, solved or not; only a coordinator's "reopen" leaves these.
DONE_SHORTAGE: tuple[str, ...] = (ShortageStatus.RESOLVED.value, ShortageStatus.CLOSED_UNRESOLVED.value)

#: Licences not yet decided: the card lists them first and the directory's filter finds their makers.
PENDING_LICENCE: tuple[str, ...] = (LicenceStatus.APPLYING.value, LicenceStatus.GREEN_CHANNEL.value)

# The thresholds below are the group's to set (``models.settings``): read when used, never at import,
# so that the settings file changes every list, card, filter and warning that applies them.


def low_cover_days() -> float:
    """A raw-material reserve lasting fewer days than this at full load is marked low (card, directory)."""
    return current().low_cover_days


def warning_days() -> float:
    """Reserves under this many days of cover are suggested as shortages (early warnings); the screen
    may change the threshold for one look."""
    return current().warning_days


#: A confirmed warning asks for enough to bring the reserve back to a week of cover.
TARGET_DAYS = 7

#: What was received is published within this many days (逐级公布): later, it is counted as late.
PUBLISH_WITHIN_DAYS = 3


def escalate_after() -> timedelta:
    """A shortage unsolved this long at district level is marked for escalation to the city."""
    return timedelta(hours=current().escalate_after_hours)


def long_shift() -> timedelta:
    """An open check-in this long is flagged; a time sheet counts an open visit up to this long."""
    return timedelta(hours=current().checkin_flag_hours)


def days_of_cover(quantity: float, daily_use: float) -> float | None:
    """How many days a reserve lasts at full load; None when nothing is used."""
    return quantity / daily_use if daily_use > 0 else None


#: A lot expiring within this many days is marked red on the stock screen, within the second amber.
NEAR_EXPIRY_RED_DAYS = 90
NEAR_EXPIRY_AMBER_DAYS = 270

#: A verbal allocation order (先行调拨) must have its written order within this time.
PAPER_WITHIN = timedelta(hours=48)

#: A delivery not signed for this long after it left is late (dashboard, allocation screen).
UNSIGNED_AFTER = timedelta(hours=24)


def paper_due(issued_at: datetime) -> datetime:
    """When the written order of a verbal allocation issued at ``issued_at`` is due."""
    return issued_at + PAPER_WITHIN


def grade_allowed(grade: str | None, *, designated: bool) -> bool:
    """Whether a lot of ``grade`` may go to a site: a designated hospital's front line takes only
    medical-protective grade (the KN95-as-N95 error of 2020); other sites take any grade. A lot of
    unknown grade is refused to a designated hospital."""
    return not designated or grade == "medical_protective"


def expiry_mark(expiry: date | None, today: date) -> str | None:
    """"expired", "red" (under 3 months), "amber" (under 9) or None."""
    if expiry is None:
        return None
    days = (expiry - today).days
    if days < 0:
        return "expired"
    if days < NEAR_EXPIRY_RED_DAYS:
        return "red"
    if days < NEAR_EXPIRY_AMBER_DAYS:
        return "amber"
    return None
