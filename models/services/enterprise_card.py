"""The card of one enterprise as plain read models: identity and status history, production with a
7-day trend against city demand, reserves with days of cover, licences, holiday plans, people on
site and open shortages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session

from models import clock
from models.assignments import Assignment
from models.checkin import CheckIn
from models.enterprise import DailyReport, Enterprise, Product
from models.errors import NotFoundError
from models.history import EnterpriseStatusChange
from models.holiday_plans import HolidayPlan
from models.licences import Qualification
from models.material_reserves import MaterialReserve
from models.organisation import Unit
from models.parks import Park
from models.people import Cadre
from models.reference import CatalogueItem, District
from models.rules import ACTIVE_SHORTAGE, PENDING_LICENCE, days_of_cover, low_cover_days
from models.services.dashboard import capacity_by_item
from models.shortage import Shortage
from models.supply import Material

#: days of output the card's trend shows
TREND_DAYS = 7


@dataclass(frozen=True)
class Identity:
    """The editable fields of an enterprise (ids and the names they stand for) and its version."""

    id: int
    version: int
    name: str
    short_name: str
    credit_code: str
    district_id: int
    district: str
    park_id: int | None
    park: str
    address: str
    contact_person: str
    phone: str
    notes: str
    status: str
    status_changed_at: datetime | None
    archived: bool
    archived_reason: str
    updated_at: datetime | None
    updated_by: str


@dataclass(frozen=True)
class StatusStep:
    at: datetime
    old: str | None
    new: str
    by: str
    reason: str


@dataclass(frozen=True)
class ProductLine:
    item_id: int
    name: str
    unit: str
    capacity: float
    latest_date: date | None
    output: float | None
    stock: float | None
    shipped: float | None
    #: output of the last 7 days, oldest first; None where nothing was reported
    trend: tuple[float | None, ...]
    city_demand: float
    city_capacity: float
    severely_short: bool
    name_en: str = ""


@dataclass(frozen=True)
class ReserveLine:
    id: int
    version: int
    material_id: int
    name: str
    unit: str
    quantity: float
    daily_use: float
    cover_days: float | None
    name_en: str = ""

    @property
    def low(self) -> bool:
        return self.cover_days is not None and self.cover_days < low_cover_days()


@dataclass(frozen=True)
class LicenceLine:
    id: int
    version: int
    item_id: int | None
    item: str
    kind: str
    number: str
    status: str
    applied_on: date | None
    granted_on: date | None
    item_en: str = ""

    @property
    def pending(self) -> bool:
        return self.status in PENDING_LICENCE


@dataclass(frozen=True)
class PlanLine:
    id: int
    version: int
    start: date
    end: date
    shifts: int
    workers: int
    notes: str


@dataclass(frozen=True)
class CadreLine:
    cadre_id: int
    name: str
    phone: str
    unit: str
    since: date
    unit_en: str = ""


@dataclass(frozen=True)
class VisitLine:
    cadre: str
    check_in: datetime
    check_out: datetime | None
    note: str


@dataclass(frozen=True)
class ShortageLine:
    id: int
    kind: str
    what: str
    severity: str
    level: str
    status: str
    reported_at: datetime
    need_by: date | None
    description: str
    what_en: str = ""


@dataclass(frozen=True)
class EnterpriseCard:
    identity: Identity
    today: date
    history: list[StatusStep]
    products: list[ProductLine]
    reserves: list[ReserveLine]
    licences: list[LicenceLine]
    plans: list[PlanLine]
    cadres: list[CadreLine]
    on_site: list[VisitLine]
    visits: list[VisitLine]
    shortages: list[ShortageLine]

    @property
    def stationed_ids(self) -> set[int]:
        return {c.cadre_id for c in self.cadres}


def identity(session: Session, *, enterprise_id: int) -> Identity:
    """The enterprise's fields as a form shows them. Raises NotFoundError."""
    row = session.execute(
        select(Enterprise, District.name, Park.name)
        .join(District, District.id == Enterprise.district_id)
        .outerjoin(Park, Park.id == Enterprise.park_id)
        .where(Enterprise.id == enterprise_id)
    ).first()
    if row is None:
        raise NotFoundError("No {table} with id {id}", table="enterprise", id=enterprise_id)
    ent, district, park = row
    return Identity(
        id=ent.id, version=ent.version, name=ent.name, short_name=ent.short_name or "",
        credit_code=ent.credit_code or "", district_id=ent.district_id, district=district, park_id=ent.park_id,
        park=park or "", address=ent.address or "", contact_person=ent.contact_person or "", phone=ent.phone or "",
        notes=ent.notes or "", status=ent.status, status_changed_at=ent.status_changed_at, archived=ent.archived,
        archived_reason=ent.archived_reason or "", updated_at=ent.updated_at, updated_by=ent.updated_by or "",
    )


def card(session: Session, *, enterprise_id: int, today: date | None = None) -> EnterpriseCard:
    """Everything the card shows, in a handful of queries. Raises NotFoundError."""
    today = today or clock.today()
    ident = identity(session, enterprise_id=enterprise_id)
    return EnterpriseCard(
        identity=ident, today=today, history=_history(session, enterprise_id),
        products=_products(session, enterprise_id, today),
        reserves=reserves(session, enterprise_id=enterprise_id),
        licences=licences(session, enterprise_id=enterprise_id),
        plans=plans(session, enterprise_id=enterprise_id), cadres=_cadres(session, enterprise_id, today),
        on_site=_visits(session, enterprise_id, open_only=True), visits=_visits(session, enterprise_id, limit=5),
        shortages=_shortages(session, enterprise_id),
    )


def _history(session: Session, enterprise_id: int) -> list[StatusStep]:
    rows = session.execute(
        select(EnterpriseStatusChange).where(EnterpriseStatusChange.enterprise_id == enterprise_id)
        .order_by(EnterpriseStatusChange.changed_at.desc(), EnterpriseStatusChange.id.desc())
    ).scalars()
    return [StatusStep(r.changed_at, r.old_status, r.new_status, r.changed_by, r.reason or "") for r in rows]


def _products(session: Session, enterprise_id: int, today: date) -> list[ProductLine]:
    items = session.execute(
        select(Product.item_id, Product.daily_capacity, CatalogueItem)
        .join(CatalogueItem, CatalogueItem.id == Product.item_id)
        .where(Product.enterprise_id == enterprise_id, Product.archived == False)  # noqa: E712
        .order_by(Product.daily_capacity.desc(), Product.item_id)
    ).all()
    if not items:
        return []
    ids = [item_id for item_id, _, _ in items]
    first = today - timedelta(days=TREND_DAYS - 1)
    # the trend's days only, by (enterprise, item, date): the card reads as much whatever the history
    daily: dict[int, dict[date, DailyReport]] = {}
    for report in session.execute(
        select(DailyReport).where(DailyReport.enterprise_id == enterprise_id, DailyReport.item_id.in_(ids),
                                  DailyReport.report_date.between(first, today))
    ).scalars():
        daily.setdefault(report.item_id, {})[report.report_date] = report
    for item_id in (i for i in ids if i not in daily):  # nothing in the trend: the latest before it, one seek
        older = session.execute(
            select(DailyReport).where(DailyReport.enterprise_id == enterprise_id, DailyReport.item_id == item_id,
                                      DailyReport.report_date < first)
            .order_by(DailyReport.report_date.desc()).limit(1)).scalar()
        if older is not None:
            daily[item_id] = {older.report_date: older}
    city = capacity_by_item(session, item_ids=ids)  # the dashboard's and the brief's figure
    lines = []
    for item_id, capacity, item in items:
        reports = daily.get(item_id, {})
        latest = reports[max(reports)] if reports else None
        trend = tuple(
            reports[day].output if day in reports else None
            for day in (first + timedelta(days=n) for n in range(TREND_DAYS))
        )
        lines.append(ProductLine(
            item_id=item_id, name=item.name, unit=item.unit, capacity=capacity,
            latest_date=latest.report_date if latest else None, output=latest.output if latest else None,
            stock=latest.stock if latest else None, shipped=latest.shipped if latest else None, trend=trend,
            city_demand=item.daily_demand, city_capacity=float(city.get(item_id) or 0),
            severely_short=item.severely_short, name_en=item.name_en,
        ))
    return lines


def reserves(session: Session, *, enterprise_id: int) -> list[ReserveLine]:
    """Raw-material reserves, scarcest first (days of cover)."""
    rows = session.execute(
        select(MaterialReserve, Material.name, Material.unit, Material.name_en)
        .join(Material, Material.id == MaterialReserve.material_id)
        .where(MaterialReserve.enterprise_id == enterprise_id)
        .order_by(Material.id)
    ).all()
    lines = [
        ReserveLine(r.id, r.version, r.material_id, name, unit, r.quantity, r.daily_use,
                    days_of_cover(r.quantity, r.daily_use), name_en=name_en)
        for r, name, unit, name_en in rows
    ]
    return sorted(lines, key=lambda line: (line.cover_days is None, line.cover_days or 0))


def licences(session: Session, *, enterprise_id: int) -> list[LicenceLine]:
    """Licences: pending ones first, then by the date applied (newest first)."""
    rows = session.execute(
        select(Qualification, CatalogueItem.name, CatalogueItem.name_en)
        .outerjoin(CatalogueItem, CatalogueItem.id == Qualification.item_id)
        .where(Qualification.enterprise_id == enterprise_id)
        .order_by(Qualification.id)
    ).all()
    lines = [LicenceLine(q.id, q.version, q.item_id, item or "", q.kind, q.number or "", q.status, q.applied_on,
                         q.granted_on, item_en=item_en or "") for q, item, item_en in rows]
    return sorted(lines, key=lambda line: (not line.pending, -(line.applied_on or date.min).toordinal()))


def plans(session: Session, *, enterprise_id: int) -> list[PlanLine]:
    rows = session.execute(
        select(HolidayPlan).where(HolidayPlan.enterprise_id == enterprise_id)
        .order_by(HolidayPlan.start_date.desc(), HolidayPlan.id.desc())
    ).scalars()
    return [PlanLine(p.id, p.version, p.start_date, p.end_date, p.shifts, p.workers, p.notes or "") for p in rows]


def _cadres(session: Session, enterprise_id: int, today: date) -> list[CadreLine]:
    rows = session.execute(
        select(Cadre.id, Cadre.name, Cadre.phone, Unit.name, Assignment.start_date, Unit.name_en)
        .join(Assignment, Assignment.cadre_id == Cadre.id)
        .outerjoin(Unit, Unit.id == Cadre.unit_id)
        .where(Assignment.enterprise_id == enterprise_id, Assignment.start_date <= today,
               (Assignment.end_date.is_(None)) | (Assignment.end_date >= today))
        .order_by(Assignment.start_date, Cadre.id)
    ).all()
    seen: dict[int, CadreLine] = {}
    for cid, name, phone, unit, since, unit_en in rows:
        seen.setdefault(cid, CadreLine(cid, name, phone or "", unit or "", since, unit_en=unit_en or ""))
    return list(seen.values())


def _visits(session: Session, enterprise_id: int, *, open_only: bool = False, limit: int = 20) -> list[VisitLine]:
    stmt = (select(Cadre.name, CheckIn.check_in, CheckIn.check_out, CheckIn.note)
            .join(Cadre, Cadre.id == CheckIn.cadre_id).where(CheckIn.enterprise_id == enterprise_id))
    if open_only:
        stmt = stmt.where(CheckIn.check_out.is_(None))
    rows = session.execute(stmt.order_by(CheckIn.check_in.desc(), CheckIn.id.desc()).limit(limit)).all()
    return [VisitLine(name, cin, cout, note or "") for name, cin, cout, note in rows]


def _shortages(session: Session, enterprise_id: int) -> list[ShortageLine]:
    rows = session.execute(
        select(Shortage, Material.name, CatalogueItem.name, Material.name_en, CatalogueItem.name_en)
        .outerjoin(Material, Material.id == Shortage.material_id)
        .outerjoin(CatalogueItem, CatalogueItem.id == Shortage.item_id)
        .where(Shortage.enterprise_id == enterprise_id, Shortage.status.in_(ACTIVE_SHORTAGE))
        .order_by(Shortage.reported_at, Shortage.id)
    ).all()
    return [
        ShortageLine(s.id, s.kind, material or item or "", s.severity, s.level, s.status, s.reported_at, s.need_by,
                     s.description or "", what_en=material_en or item_en or "")
        for s, material, item, material_en, item_en in rows
    ]
