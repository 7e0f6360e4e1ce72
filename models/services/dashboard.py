"""The coordinators' dashboard: supply against demand per item, enterprises, shortages, people.

Every figure is computed in SQL (aggregates over indexed columns), never by loading rows; the
same functions serve the daily brief, which asks for them as of a given time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

TREND_DAYS = 7


@dataclass(frozen=True)
class ItemSupply:
    """One catalogue item city-wide."""

    item_id: int
    name: str
    name_en: str
    unit: str
    severely_short: bool
    #: summed daily capacity of the active products of enterprises not archived
    capacity: float
    #: summed output reported for ``day`` (the dashboard asks for yesterday)
    output: float
    #: summed stock: each enterprise's latest report of the item on or before ``day``
    stock: float
    #: the city's daily demand (CatalogueItem.daily_demand)
    demand: float
    #: output of the TREND_DAYS days ending on ``day``, oldest first (0 for a day nobody reported)
    trend: tuple[float, ...] = ()


@dataclass(frozen=True)
class DistrictStatus:
    district_id: int
    name: str
    #: EnterpriseStatus value -> enterprises (not archived)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class EnterpriseFigures:
    #: EnterpriseStatus value -> enterprises (not archived); every status present, 0 when none
    by_status: dict[str, int]
    #: districts that have enterprises, most enterprises first, then by name
    by_district: tuple[DistrictStatus, ...]
    total: int
    #: enterprises (not archived) with at least one active product and no daily report for today
    not_reported_today: int


@dataclass(frozen=True)
class OldestShortage:
    shortage_id: int
    enterprise: str
    kind: str
    severity: str
    reported_at: datetime


@dataclass(frozen=True)
class ShortageFigures:
    open_total: int
    #: ShortageKind value -> open (open or coordinating) shortages; kinds with none left out
    open_by_kind: dict[str, int]
    #: Severity value -> open shortages; every severity present, 0 when none
    open_by_severity: dict[str, int]
    oldest: OldestShortage | None
    opened_today: int
    solved_today: int
    #: open with need_by before today (the shortage list's `!` filter)
    overdue: int
    #: open at district level for more than 24 hours (the shortage list's `^` filter)
    escalation_due: int


@dataclass(frozen=True)
class PeopleFigures:
    on_site_now: int
    #: distinct cadres with a check-in starting today
    checked_in_today: int
    #: hours on site of all cadres since Monday 00:00 of this week until now (open check-ins count to now)
    hours_this_week: float
    #: enterprises (not archived) with no assignment active today
    unstaffed: int


@dataclass(frozen=True)
class Dashboard:
    now: datetime
    items: tuple[ItemSupply, ...]
    enterprises: EnterpriseFigures
    shortages: ShortageFigures
    people: PeopleFigures


def supply_by_item(session: Session, *, day: date) -> tuple[ItemSupply, ...]:
    """Every catalogue item: severely short first, then the largest gap (demand - output) first."""
    raise NotImplementedError


def enterprise_figures(session: Session, *, today: date) -> EnterpriseFigures:
    raise NotImplementedError


def shortage_figures(session: Session, *, now: datetime) -> ShortageFigures:
    raise NotImplementedError


def people_figures(session: Session, *, now: datetime) -> PeopleFigures:
    raise NotImplementedError


def dashboard(session: Session, *, now: datetime | None = None) -> Dashboard:
    """All figures of screen 1 as of ``now`` (default: the group's clock)."""
    raise NotImplementedError
