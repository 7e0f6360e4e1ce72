"""The figures at the top of the dashboard: enterprises by status, shortages open, people on site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from models import clock
from models.enterprise import DailyReport, Enterprise
from models.people import CheckIn
from models.services.enterprise_list import ACTIVE_SHORTAGE
from models.shortage import Shortage


@dataclass(frozen=True)
class Summary:
    enterprises_by_status: dict[str, int]
    reported_today: int
    open_shortages: int
    critical_open: int
    on_site_now: int
    checked_in_today: int


def summary(session: Session, *, today: date | None = None) -> Summary:
    today = today or clock.today()
    by_status = dict(session.execute(
        select(Enterprise.status, func.count()).where(Enterprise.archived == False).group_by(Enterprise.status)  # noqa: E712
    ).all())
    reported = session.execute(
        select(func.count(func.distinct(DailyReport.enterprise_id))).where(DailyReport.report_date == today)
    ).scalar_one()
    open_count = session.execute(select(func.count()).select_from(Shortage).where(Shortage.status.in_(ACTIVE_SHORTAGE))).scalar_one()
    critical = session.execute(
        select(func.count()).select_from(Shortage).where(Shortage.status.in_(ACTIVE_SHORTAGE), Shortage.severity == "critical")
    ).scalar_one()
    on_site = session.execute(select(func.count()).select_from(CheckIn).where(CheckIn.check_out.is_(None))).scalar_one()
    midnight = clock.now().replace(year=today.year, month=today.month, day=today.day, hour=0, minute=0, second=0)
    today_count = session.execute(
        select(func.count(func.distinct(CheckIn.cadre_id))).where(CheckIn.check_in >= midnight)
    ).scalar_one()
    return Summary(by_status, reported, open_count, critical, on_site, today_count)
