"""The dashboard's view as values: its figures, the donations and funds lines under them, and the areas
of the data each part reads.

What a dashboard shows and what the shared figures file holds (``models.shared_figures``), apart from
the services that read them (``models.services.dashboard``, ``donation_figures``, ``fund_figures``,
``dashboard_refresh``): a dashboard fed by the file imports this module alone, and with it none of
those services' tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

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


@dataclass(frozen=True)
class DonationFigures:
    offers: int
    pledged: int
    accepted: int
    receipts: int
    received: int
    allocated: int
    delivered: int
    published_rows: int
    published: int  # pieces received and published
    unpublished_late: int  # receipt lines received more than PUBLISH_WITHIN_DAYS ago, not yet published
    certificates_owed: int
    received_today: int
    allocated_today: int
    published_today: int  # rows
    next_publication_due: date | None


@dataclass(frozen=True)
class SourceFigure:
    name: str
    name_en: str
    kind: str
    available: int  # fen, now
    approved: int  # Σ approved of its requests approved by ``until``
    paid: int  # Σ disbursed by ``until``
    approved_in_period: int
    paid_in_period: int


@dataclass(frozen=True)
class FundFigures:
    approved: int  # fen approved in the period
    approved_requests: int
    paid: int  # fen paid in the period, reversals deducted
    payments: int
    #: requests waiting for approval at ``until``, and approved ones with money still to pay
    pending: int
    to_pay: int
    by_source: tuple[SourceFigure, ...] = ()

    @property
    def has_data(self) -> bool:
        return bool(self.by_source or self.pending or self.to_pay)


@dataclass(frozen=True)
class DashboardView:
    """What the dashboard shows but its stock panel: the figures and the donations and funds lines."""

    figures: Dashboard
    donations: DonationFigures
    funds: FundFigures


#: the areas of the data each part of the dashboard's figures reads (the donations and funds lines:
#: ``DONATION_AREAS`` and ``FUND_AREAS`` below; the stock panel is read by the screen itself)
PART_AREAS: dict[str, frozenset[str]] = {
    "items": frozenset({"reference", "enterprises", "reports"}),
    "enterprises": frozenset({"reference", "enterprises", "reports"}),
    "shortages": frozenset({"enterprises", "shortages"}),
    "people": frozenset({"reference", "checkins"}),
    "unstaffed": frozenset({"enterprises", "checkins"}),
}
#: what the whole dashboard reads (a screen reloads for these only)
AREAS = frozenset().union(*PART_AREAS.values())
#: what the lines under the figures read
DONATION_AREAS = frozenset({"donations", "stock", "allocation"})
FUND_AREAS = frozenset({"funds"})
#: what the dashboard's view reads, figures and lines
VIEW_AREAS = AREAS | DONATION_AREAS | FUND_AREAS
