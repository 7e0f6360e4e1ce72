"""Daily reports: the sheet the report form shows (prefilled from the last report) and the command
that stores it, one line per product, all or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from models import clock, enterprise_counts, enterprise_figures, item_day_totals, latest_reports, validation
from models.enterprise import DailyReport, Enterprise, Product
from models.errors import NotFoundError, ValidationError
from models.reference import CatalogueItem
from models.services.access import require_enterprise_access
from models.services.common import (
    Actor,
    check_exists_version,
    get_for_update,
    insert_unique,
    update_row,
    write_transaction,
)


def enterprise_name(session: Session, *, enterprise_id: int) -> str:
    """The enterprise's full name. Raises NotFoundError."""
    name = session.exec(select(Enterprise.name).where(Enterprise.id == enterprise_id)).first()
    if name is None:
        raise NotFoundError("No {table} with id {id}", table="enterprise", id=enterprise_id)
    return name


@dataclass(frozen=True)
class SheetLine:
    """One product of the report form: the figures to show and the version they came from."""

    item_id: int
    name: str
    unit: str
    capacity: float
    output: float
    stock: float
    shipped: float
    #: the version of the stored report of this date (None: not reported yet for this date)
    version: int | None
    #: where the figures come from: this date's report, or the last one before it (None: nothing)
    source: date | None
    #: the item's English name (blank: none given; the Chinese one stands)
    name_en: str = ""


@dataclass(frozen=True)
class ReportSheet:
    enterprise_id: int
    name: str
    report_date: date
    lines: list[SheetLine]

    @property
    def reported(self) -> bool:
        """This date has a stored report already (the form edits it)."""
        return any(line.version is not None for line in self.lines)


def report_sheet(session: Session, *, enterprise_id: int, report_date: date) -> ReportSheet:
    """The form for ``report_date``: its stored figures, else those of the last report before it."""
    name = enterprise_name(session, enterprise_id=enterprise_id)
    items = session.execute(
        select(Product.item_id, Product.daily_capacity, CatalogueItem)
        .join(CatalogueItem, CatalogueItem.id == Product.item_id)
        .where(Product.enterprise_id == enterprise_id, Product.archived == False)  # noqa: E712
        .order_by(Product.daily_capacity.desc(), Product.item_id)
    ).all()
    lines = []
    for item_id, capacity, item in items:
        same = session.execute(select(DailyReport).where(
            DailyReport.enterprise_id == enterprise_id, DailyReport.item_id == item_id,
            DailyReport.report_date == report_date)).scalars().first()
        before = same or session.execute(
            select(DailyReport).where(DailyReport.enterprise_id == enterprise_id, DailyReport.item_id == item_id,
                                      DailyReport.report_date < report_date)
            .order_by(DailyReport.report_date.desc()).limit(1)).scalars().first()
        lines.append(SheetLine(
            item_id=item_id, name=item.name, unit=item.unit, capacity=capacity,
            output=before.output if before else 0.0, stock=before.stock if before else 0.0,
            shipped=before.shipped if before else 0.0, version=same.version if same else None,
            source=before.report_date if before else None, name_en=item.name_en or "",
        ))
    return ReportSheet(enterprise_id, name, report_date, lines)


@dataclass
class ReportLine:
    """One product's figures for the day. ``expected_version`` is the version the form was filled from."""

    item_id: int
    output: object
    stock: object
    shipped: object = 0
    expected_version: int | None = None


def submit_report(
    session: Session, *, actor: Actor, enterprise_id: int, report_date: date,
    lines: list[ReportLine], reason: str | None = None
) -> list[DailyReport]:
    """Store the day's report; a date before today needs a reason. All lines or none are saved."""
    require_enterprise_access(session, actor, enterprise_id)
    today = clock.today()
    if report_date > today:
        raise ValidationError("report_date", "A report cannot be for a future date")
    note = validation.text(reason, field="reason", required=report_date < today, max_len=500)
    cleaned: list[tuple[ReportLine, dict[str, Any]]] = [
        (line, {k: validation.quantity(getattr(line, k), field=k) for k in ("output", "stock", "shipped")})
        for line in lines
    ]
    saved: list[DailyReport] = []
    #: each saved row with its output and stock before (None: new), for the per-item totals
    totals: list[tuple[DailyReport, tuple[float, float] | None]] = []
    with write_transaction(session):
        get_for_update(session, Enterprise, enterprise_id)  # its reports one writer at a time (the day's count)
        first = not enterprise_counts.reported(session, enterprise_id=enterprise_id, day=report_date)
        made = set(session.exec(select(Product.item_id).where(Product.enterprise_id == enterprise_id)).all())
        if any(line.item_id not in made for line, _ in cleaned):
            raise ValidationError("item_id", "This enterprise does not make that item")
        at = clock.now()
        for line, figures in cleaned:
            row = session.exec(
                select(DailyReport).where(
                    DailyReport.enterprise_id == enterprise_id,
                    DailyReport.item_id == line.item_id,
                    DailyReport.report_date == report_date,
                ).with_for_update()
            ).first()
            was = None if row is None else (row.output, row.stock)
            if row is None:
                key = (DailyReport.enterprise_id == enterprise_id, DailyReport.item_id == line.item_id,
                       DailyReport.report_date == report_date)
                row = insert_unique(session, DailyReport(
                    enterprise_id=enterprise_id, item_id=line.item_id,
                    report_date=report_date, late_reason=note, **figures
                ), actor=actor, at=at, current=select(DailyReport).where(*key))
            else:
                # a line the form saw as new (no version) was created meanwhile: show it, never overwrite
                check_exists_version(row, line.expected_version)
                update_row(session, row, {**figures, "late_reason": note}, actor=actor, at=at)
            session.flush()
            latest_reports.record(session, row)  # the dashboard's figures, in this transaction
            totals.append((row, was))
            saved.append(row)
        for row, before in sorted(totals, key=lambda kept: kept[0].item_id):  # in the order rows are locked
            item_day_totals.record(session, row, before=before)
        if saved:  # the dashboard's "not reported today", under the enterprise's row
            enterprise_counts.follow_report(session, enterprise_id=enterprise_id, day=report_date, first=first)
        enterprise_figures.refresh(session, enterprise_id)  # the directory's sort keys, in this transaction
    return saved
