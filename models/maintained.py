"""The figures kept up to date by the writing transaction, and how to compute them all again.

Each maintained table (the latest reports, the unsolved shortages per enterprise, kind and
severity, the shortages' counts per day, the check-in hours per cadre and day, the enterprises per
district and status and the days they reported, the open check-ins and the cadres checked in per
day, the cadres taking part by the day their check-ins reach, each enterprise's sortable figures)
follows every write in the transaction that makes it, and has a ``rebuild(session)`` that computes
it from the history. A bulk load that writes history directly (the demo, a scaled demo) calls
``rebuild_all`` once at its end, in its transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session


def rebuilders() -> tuple[Callable[[Session], None], ...]:
    """Every maintained table's rebuild, in an order where none reads a table rebuilt after it."""
    from models import (
        checkin_hours,
        checkin_reach,
        enterprise_counts,
        enterprise_figures,
        item_capacity,
        item_day_totals,
        latest_reports,
        open_shortages,
        open_visits,
        shortage_days,
        staffing,
    )

    # the enterprises' figures read the latest reports and the unsolved shortages
    return (latest_reports.rebuild, item_day_totals.rebuild, item_capacity.rebuild, open_shortages.rebuild,
            shortage_days.rebuild, checkin_hours.rebuild, checkin_reach.rebuild, enterprise_counts.rebuild,
            open_visits.rebuild, staffing.rebuild, enterprise_figures.rebuild)


def rebuild_all(session: Session) -> None:
    """Compute every maintained table again from the history, in the caller's transaction."""
    for rebuild in rebuilders():
        rebuild(session)
