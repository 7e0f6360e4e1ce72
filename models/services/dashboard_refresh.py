"""The dashboard read again in part: after a change, only the figures that read what changed.

A change arrives with the areas of the data it touched (``models.services.changes``). Each part of
the dashboard names the areas it reads; a session told that only shortages changed reads the shortage
figures again and keeps the others as it showed them. A hundred sessions each reading the whole
dashboard at every change was most of the machine's work (a new shortage: 1.5 ms read instead of 5).
The figures that move with the clock alone stay true because the screen reads everything every few
minutes (``tui.dashboard.screen.CLOCK_REFRESH``), as before.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlmodel import Session

from models import clock
from models.dashboard_view import AREAS, DONATION_AREAS, FUND_AREAS, PART_AREAS, Dashboard, DashboardView
from models.services.dashboard import PARTS, dashboard
from models.services.donation_figures import donation_figures
from models.services.fund_figures import funds_today

assert set(PART_AREAS) == PARTS


def parts_for(areas: Collection[str] | None) -> frozenset[str]:
    """The parts to read again after changes to ``areas`` (None: not known, so all of them)."""
    if areas is None:
        return frozenset(PART_AREAS)
    return frozenset(part for part, reads in PART_AREAS.items() if reads & set(areas))


def refresh(session: Session, *, before: Dashboard | None, areas: Collection[str] | None,
            now: datetime | None = None) -> Dashboard:
    """The figures shown ``before`` with the parts that read ``areas`` read again as of ``now``;
    everything when there is nothing before or the areas are not known."""
    moment = now or clock.now()
    if before is None or areas is None or before.now.date() != moment.date():  # a new day: all move
        return dashboard(session, now=moment)
    return dashboard(session, now=moment, before=before, parts=parts_for(areas))


def refresh_view(session: Session, *, before: DashboardView | None, areas: Collection[str] | None,
                 now: datetime | None = None) -> DashboardView:
    """The view shown ``before`` with what reads ``areas`` read again (everything when there is nothing
    before or the areas are not known): one function for a session's screen and for the figures shared
    by file (``models.shared_figures``)."""
    moment = now or clock.now()
    if before is None or areas is None:
        return DashboardView(figures=refresh(session, before=None, areas=None, now=moment),
                             donations=donation_figures(session, now=moment), funds=funds_today(session))
    touched = set(areas)
    return DashboardView(
        figures=refresh(session, before=before.figures, areas=touched, now=moment) if touched & AREAS
        else before.figures,
        donations=donation_figures(session, now=moment) if touched & DONATION_AREAS else before.donations,
        funds=funds_today(session) if touched & FUND_AREAS else before.funds,
    )
