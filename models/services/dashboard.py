"""The coordinators' dashboard: supply against demand per item, enterprises, shortages, people.

Every figure is computed in SQL, never by loading rows: as of now mostly read from the tables the
writing transactions keep (``models.maintained``: a few rows each, whatever the history), else from
aggregates over indexed columns; as of a given time (the daily brief) from the history.

The rules are the lists' own, so a figure always matches the list it leads to: "not reported today"
is the directory's quick filter, overdue and escalation due are the shortage list's ``!`` and ``^``
filters, on site and nobody stationed are the roster's, and hours are counted as time sheets count
them (split at Monday 00:00, an open visit up to now but at most ``rules.long_shift()``). Time bounds are
computed in Python and passed as parameters; the one piece of date arithmetic SQL must do (the
length of a visit) has a SQLite and a PostgreSQL spelling (``site_hours._visit_statement``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    Executable,
    func,
    select,
    union_all,
)
from sqlmodel import Session

from models import clock, rules
from models.base import EnterpriseStatus, Severity
from models.checkin_hours import day_start  # not through timesheets: that brings the check-in services
from models.dashboard_view import (
    TREND_DAYS,
    Dashboard,
    DistrictStatus,
    EnterpriseFigures,
    ItemSupply,
    OldestShortage,
    PeopleFigures,
    ShortageFigures,
)
from models.enterprise import Enterprise, Product
from models.reference import CatalogueItem, District
from models.services import as_of as as_of_values
from models.services.site_hours import hours_between  # "hours this week"
from models.shortage import Shortage

# --- supply against demand -------------------------------------------------------------------------


def capacity_by_item(session: Session, *, as_of: datetime | None = None,
                     item_ids: list[int] | None = None) -> dict[int, float]:
    """Item -> summed daily capacity of the products (not archived) of enterprises on the directory.

    Now when ``as_of`` is None (kept per item: ``models.item_capacity``); else as it stood then
    (products and enterprises recorded by then, capacities and archive flags as they were). The
    dashboard, the card and the brief all ask here.
    """
    if as_of is None:  # kept per item by the writing transactions (models.item_capacity)
        from models.item_capacity import ItemCapacity

        chosen = (ItemCapacity.item_id.in_(item_ids),) if item_ids is not None else ()
        return {item: round(float(total), 9) + 0.0 for item, total in session.execute(
            select(ItemCapacity.item_id, ItemCapacity.capacity).where(*chosen))}
    only = (Product.item_id.in_(item_ids),) if item_ids is not None else ()
    changed = as_of_values.rewound(session, Product, as_of, ("daily_capacity", "archived", "item_id"))
    listed = (Product.enterprise_id.in_(select(Enterprise.id).where(as_of_values.on_directory(as_of))),
              as_of_values.known(Product, as_of), *only)
    totals = {item: float(total or 0) for item, total in session.execute(
        select(Product.item_id, func.sum(Product.daily_capacity))
        .where(Product.archived == False, Product.id.not_in(list(changed)), *listed)  # noqa: E712
        .group_by(Product.item_id))}
    for pid, item_now, capacity, archived in session.execute(
            select(Product.id, Product.item_id, Product.daily_capacity, Product.archived)
            .where(Product.id.in_(list(changed)), *listed)):
        then = changed[pid]
        item = then.get("item_id", item_now)
        if not then.get("archived", archived) and (item_ids is None or item in item_ids):
            totals[item] = totals.get(item, 0.0) + float(then.get("daily_capacity", capacity) or 0)
    return totals


def supply_by_item(session: Session, *, day: date, as_of: datetime | None = None) -> tuple[ItemSupply, ...]:
    """Every catalogue item: severely short first, then the largest gap (demand - output) first.

    Output and stock are those reported for ``day`` (stock: each enterprise's latest report up to it),
    as known now, or at ``as_of`` when given: reports recorded by then, with their values then. An
    enterprise archived since still counts for the days it reported. The demand is the one in force
    now, or at ``as_of`` (``catalogue.demand_as_of``). A few grouped queries, whatever the number of
    enterprises.
    """
    items = session.execute(select(CatalogueItem.id, CatalogueItem.name, CatalogueItem.name_en, CatalogueItem.unit,
                                   CatalogueItem.severely_short, CatalogueItem.daily_demand)).all()
    then: dict[int, float] = {}
    if as_of is not None:
        from models.services.catalogue import demand_as_of

        then = demand_as_of(session, as_of)
    capacity = capacity_by_item(session, as_of=as_of)
    first = day - timedelta(days=TREND_DAYS - 1)
    from models.services import latest_stock

    if as_of is None:  # now: the totals kept per item and day, whatever the history
        daily = latest_stock.output_now(session, first=first, day=day)
        stock = latest_stock.stock_now(session, day=day)
    else:  # as of a past time: what was true then, which only the history knows
        daily = latest_stock.output_from_history(session, first=first, day=day, as_of=as_of)
        stock = latest_stock.stock_from_history(session, day=day, as_of=as_of)
    return _ordered(items, then, capacity, daily, stock, day, first)


def _ordered(items: Any, then: dict[int, float], capacity: dict[int, float], daily: dict[tuple[int, date], float],
             stock: dict[int, float], day: date, first: date) -> tuple[ItemSupply, ...]:
    days = [first + timedelta(days=i) for i in range(TREND_DAYS)]
    result = [
        ItemSupply(item_id=i, name=name, name_en=name_en or "", unit=unit, severely_short=bool(short),
                   capacity=capacity.get(i, 0.0), output=daily.get((i, day), 0.0),
                   stock=stock.get(i, 0.0), demand=float(then.get(i, demand) or 0),
                   trend=tuple(daily.get((i, d), 0.0) for d in days))
        for i, name, name_en, unit, short, demand in items
    ]
    return tuple(sorted(result, key=lambda s: (not s.severely_short, -(s.demand - s.output), s.item_id)))


# --- enterprises -----------------------------------------------------------------------------------


def enterprise_figures(session: Session, *, today: date) -> EnterpriseFigures:
    """Enterprises (not archived) by status and by district, and how many have not reported today:
    read from the counts the writing transactions keep (``models.enterprise_counts``)."""
    from models import enterprise_counts

    by_status = {s.value: 0 for s in EnterpriseStatus}
    counts: dict[int, dict[str, int]] = {}
    for district_id, status, n in enterprise_counts.by_district_and_status(session):
        by_status[status] = by_status.get(status, 0) + n
        counts.setdefault(district_id, {})[status] = n
    names = {i: (name, pinyin or name) for i, name, pinyin in
             session.execute(select(District.id, District.name, District.pinyin).where(District.id.in_(list(counts))))}
    by_district = sorted(
        (DistrictStatus(district_id=i, name=names[i][0], counts=c) for i, c in counts.items()),
        key=lambda d: (-d.total, names[d.district_id][1], d.district_id),  # names in pinyin order, as lists sort
    )
    not_reported = enterprise_counts.not_reported(session, day=today)
    return EnterpriseFigures(by_status=by_status, by_district=tuple(by_district), total=sum(by_status.values()),
                             not_reported_today=not_reported)


# --- shortages -------------------------------------------------------------------------------------


def _counts(session: Session, now: datetime) -> tuple[int, int, int, int]:
    """Reported today, solved today, overdue and due for escalation as of ``now``: what the shortage
    list's ``!`` and ``^`` filters count (``shortage_list``'s rule), read from the counts the writing
    transactions keep per day (``models.shortage_days``) in one statement."""
    from models import shortage_days

    return shortage_days.figures(session, now=now, escalate_after=rules.escalate_after())


@cache
def _oldest_statement() -> Executable:
    """The unsolved shortage reported first, with its enterprise's names: built once (see ``_oldest``)."""
    # one walk of the (status, reported_at) index per unsolved status, rather than sorting them all
    firsts = [select(Shortage.reported_at, Shortage.id).where(Shortage.status == status)
              .order_by(Shortage.reported_at, Shortage.id).limit(1).subquery() for status in rules.ACTIVE_SHORTAGE]
    either = union_all(*(select(first.c.reported_at, first.c.id) for first in firsts)).subquery()
    return (select(Shortage.id, Enterprise.name, Enterprise.short_name, Shortage.kind, Shortage.severity,
                   Shortage.reported_at)
            .join(Enterprise, Enterprise.id == Shortage.enterprise_id)
            .where(Shortage.id == select(either.c.id).order_by(either.c.reported_at, either.c.id).limit(1)
                   .scalar_subquery()))


def _oldest(session: Session) -> OldestShortage | None:
    """The unsolved shortage reported first, with its enterprise's short name (or name), in one
    statement built once (each read then skips building it and its cache key)."""
    found = session.execute(_oldest_statement()).first()
    if found is None:
        return None
    sid, name, short, kind, severity, reported_at = found
    return OldestShortage(shortage_id=sid, enterprise=short or name, kind=kind, severity=severity,
                          reported_at=reported_at)


def shortage_figures(session: Session, *, now: datetime) -> ShortageFigures:
    """Unsolved shortages by kind and severity, the oldest, today's new and solved ones, and the marks."""
    from models.open_shortages import by_kind_and_severity

    by_kind: dict[str, int] = {}
    by_severity = {s.value: 0 for s in Severity}
    for kind, severity, n in by_kind_and_severity(session):  # kept by every step (models.open_shortages)
        by_kind[kind] = by_kind.get(kind, 0) + n
        by_severity[severity] = by_severity.get(severity, 0) + n
    oldest = _oldest(session)
    opened, solved, overdue, due = _counts(session, now)
    return ShortageFigures(
        open_total=sum(by_kind.values()), open_by_kind=by_kind, open_by_severity=by_severity, oldest=oldest,
        opened_today=opened, solved_today=solved, overdue=overdue, escalation_due=due,
    )


# --- people ----------------------------------------------------------------------------------------


def unstaffed(session: Session, *, day: date) -> int:
    """The roster's "nobody stationed": enterprises on the directory less those stationed on ``day``,
    both kept by the writing transactions (``models.enterprise_counts``, ``models.staffing``)."""
    from models import enterprise_counts, staffing

    return enterprise_counts.listed(session) - staffing.stationed(session, day=day)


def people_figures(session: Session, *, now: datetime) -> PeopleFigures:
    """On site now, cadres checked in today, hours this week (from Monday 00:00), enterprises unstaffed."""
    today = now.date()
    monday = day_start(today - timedelta(days=today.weekday()))
    # the roster's "on site" is an open check-in, and "checked in today" a cadre's check-in since
    # midnight: both read from the counts the writing transactions keep (models.open_visits)
    from models import open_visits

    return PeopleFigures(
        on_site_now=open_visits.on_site(session),
        checked_in_today=open_visits.cadres_checked_in(session, now=now),
        hours_this_week=hours_between(session, start=monday, now=now),
        unstaffed=unstaffed(session, day=today),
    )


# --- the whole screen ------------------------------------------------------------------------------


#: the parts of the screen; "unstaffed" is the people's count of enterprises with nobody stationed
#: alone (the directory's count too), read without the hours and check-ins
PARTS = frozenset({"items", "enterprises", "shortages", "people", "unstaffed"})


def dashboard(session: Session, *, now: datetime | None = None, before: Dashboard | None = None,
              parts: Collection[str] = PARTS) -> Dashboard:
    """The figures of screen 1 as of ``now`` (default: the group's clock; items for yesterday): all
    of them, or with ``before`` the ``parts`` read again and the others kept as shown."""
    moment = now or clock.now()
    return Dashboard(
        now=moment,
        items=before.items if before is not None and "items" not in parts
        else supply_by_item(session, day=moment.date() - timedelta(days=1)),
        enterprises=before.enterprises if before is not None and "enterprises" not in parts
        else enterprise_figures(session, today=moment.date()),
        shortages=before.shortages if before is not None and "shortages" not in parts
        else shortage_figures(session, now=moment),
        people=people_figures(session, now=moment) if before is None or "people" in parts
        else replace(before.people, unstaffed=unstaffed(session, day=moment.date())) if "unstaffed" in parts
        else before.people,
    )
