"""Enterprise commands: create, edit, status, archive, products, daily reports and reserves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from models import clock, validation
from models.base import EnterpriseStatus
from models.enterprise import (
    DailyReport,
    Enterprise,
    EnterpriseCreate,
    EnterpriseStatusChange,
    EnterpriseUpdate,
    MaterialReserve,
    Product,
)
from models.errors import ValidationError
from models.reference import CatalogueItem, District, Material, Park
from models.search import search_key, sort_key
from models.services.access import require_enterprise_access
from models.services.common import (
    Actor,
    check_version,
    create_row,
    get_for_update,
    require_coordinator,
    update_row,
    write_transaction,
)


def _clean(session: Session, values: dict[str, Any], *, exclude_id: int | None = None) -> dict[str, Any]:
    """Validate enterprise fields; raises ValidationError on the first bad one."""
    out: dict[str, Any] = {}
    if "name" in values:
        out["name"] = validation.text(values["name"], field="name", required=True, max_len=200)
    for key, limit in (("short_name", 64), ("address", 200), ("contact_person", 64), ("notes", 2000)):
        if key in values:
            out[key] = validation.text(values[key], field=key, max_len=limit)
    if "phone" in values:
        out["phone"] = validation.mobile(values["phone"])
    if "credit_code" in values:
        code = validation.credit_code(values["credit_code"])
        if code:
            clash = session.exec(select(Enterprise.id).where(Enterprise.credit_code == code)).first()
            if clash is not None and clash != exclude_id:
                raise ValidationError("credit_code", "Another enterprise already has this credit code")
        out["credit_code"] = code
    if "district_id" in values:
        if values["district_id"] is None or session.get(District, values["district_id"]) is None:
            raise ValidationError("district_id", "Pick one of the 38 districts")
        out["district_id"] = values["district_id"]
    # The park must lie in the district, also when only the district changes.
    park_id = values["park_id"] if "park_id" in values else values.get("_park_id")
    if park_id is not None:
        park = session.get(Park, park_id)
        district_id = out.get("district_id", values.get("_district_id"))
        if park is None or (district_id is not None and park.district_id != district_id):
            raise ValidationError("park_id", "The park is not in this district")
    if "park_id" in values:
        out["park_id"] = values["park_id"]
    return out


def refresh_search_key(session: Session, enterprise: Enterprise) -> None:
    """Rebuild the search key: names, credit code, district, park and product names (all as pinyin too)."""
    district = session.get(District, enterprise.district_id)
    park = session.get(Park, enterprise.park_id) if enterprise.park_id else None
    items = session.exec(
        select(CatalogueItem.name)
        .join(Product, Product.item_id == CatalogueItem.id)
        .where(Product.enterprise_id == enterprise.id, Product.archived == False)  # noqa: E712
    ).all()
    parts = [enterprise.name, enterprise.short_name, enterprise.credit_code]
    parts += [district.name if district else None, park.name if park else None, *items]
    enterprise.search_key = search_key(parts)
    enterprise.sort_key = sort_key(enterprise.name)


def create_enterprise(session: Session, *, actor: Actor, data: EnterpriseCreate) -> Enterprise:
    require_coordinator(actor)
    status = _status(data.status)
    with write_transaction(session):
        values = _clean(session, data.model_dump())
        at = clock.now()
        enterprise = Enterprise(**values, status=status, status_changed_at=at)
        create_row(session, enterprise, actor=actor, at=at)
        session.add(EnterpriseStatusChange(
            enterprise_id=enterprise.id, new_status=status, changed_at=at, changed_by=actor.login  # type: ignore[arg-type]
        ))
        refresh_search_key(session, enterprise)
    return enterprise


def update_enterprise(
    session: Session, *, actor: Actor, enterprise_id: int, expected_version: int, data: EnterpriseUpdate
) -> Enterprise:
    """Apply the fields set in ``data``; a stale ``expected_version`` raises ConflictError."""
    require_enterprise_access(session, actor, enterprise_id)
    with write_transaction(session):
        enterprise = get_for_update(session, Enterprise, enterprise_id)
        check_version(enterprise, expected_version)
        raw = data.model_dump(exclude_unset=True)
        raw["_district_id"] = raw.get("district_id", enterprise.district_id)
        raw["_park_id"] = enterprise.park_id
        changes = _clean(session, raw, exclude_id=enterprise_id)
        if update_row(session, enterprise, changes, actor=actor, at=clock.now()):
            refresh_search_key(session, enterprise)
    return enterprise


def _status(value: str) -> str:
    try:
        return EnterpriseStatus(value).value
    except ValueError:
        raise ValidationError("status", "Unknown status") from None


def set_status(
    session: Session, *, actor: Actor, enterprise_id: int, expected_version: int, status: str, reason: str | None = None
) -> Enterprise:
    """Change the production status, keeping the history of changes."""
    require_enterprise_access(session, actor, enterprise_id)
    new = _status(status)
    note = validation.text(reason, field="reason", max_len=500)
    with write_transaction(session):
        enterprise = get_for_update(session, Enterprise, enterprise_id)
        check_version(enterprise, expected_version)
        old, at = enterprise.status, clock.now()
        if old != new:
            update_row(session, enterprise, {"status": new, "status_changed_at": at}, actor=actor, at=at, action="status")
            session.add(EnterpriseStatusChange(
                enterprise_id=enterprise_id, old_status=old, new_status=new, changed_at=at, changed_by=actor.login, reason=note
            ))
    return enterprise


def set_archived(
    session: Session, *, actor: Actor, enterprise_id: int, expected_version: int, archived: bool, reason: str | None = None
) -> Enterprise:
    """Archive (with a reason) or restore an enterprise; nothing is ever deleted."""
    require_coordinator(actor)
    note = validation.text(reason, field="reason", required=archived, max_len=500)
    with write_transaction(session):
        enterprise = get_for_update(session, Enterprise, enterprise_id)
        check_version(enterprise, expected_version)
        update_row(
            session, enterprise, {"archived": archived, "archived_reason": note},
            actor=actor, at=clock.now(), action="archive" if archived else "restore",
        )
    return enterprise


def set_product(session: Session, *, actor: Actor, enterprise_id: int, item_id: int, daily_capacity: object) -> Product:
    """Add a product line or change its daily capacity."""
    require_enterprise_access(session, actor, enterprise_id)
    capacity = validation.quantity(daily_capacity, field="daily_capacity")
    with write_transaction(session):
        if session.get(CatalogueItem, item_id) is None:
            raise ValidationError("item_id", "Pick an item of the catalogue")
        at = clock.now()
        product = session.exec(
            select(Product).where(Product.enterprise_id == enterprise_id, Product.item_id == item_id).with_for_update()
        ).first()
        if product is None:
            product = create_row(session, Product(enterprise_id=enterprise_id, item_id=item_id, daily_capacity=capacity), actor=actor, at=at)
        else:
            update_row(session, product, {"daily_capacity": capacity, "archived": False}, actor=actor, at=at)
        enterprise = get_for_update(session, Enterprise, enterprise_id)
        refresh_search_key(session, enterprise)
    return product


@dataclass
class ReportLine:
    """One product's figures for the day. ``expected_version`` is the version the form was filled from."""

    item_id: int
    output: object
    stock: object
    shipped: object = 0
    expected_version: int | None = None


def submit_report(
    session: Session, *, actor: Actor, enterprise_id: int, report_date: date, lines: list[ReportLine], reason: str | None = None
) -> list[DailyReport]:
    """Store the day's report; a date before today needs a reason. All lines or none are saved."""
    require_enterprise_access(session, actor, enterprise_id)
    today = clock.today()
    if report_date > today:
        raise ValidationError("report_date", "A report cannot be for a future date")
    note = validation.text(reason, field="reason", required=report_date < today, max_len=500)
    cleaned = [
        (line, {k: validation.quantity(getattr(line, k), field=k) for k in ("output", "stock", "shipped")})
        for line in lines
    ]
    saved: list[DailyReport] = []
    with write_transaction(session):
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
            if row is None:
                row = create_row(session, DailyReport(
                    enterprise_id=enterprise_id, item_id=line.item_id, report_date=report_date, late_reason=note, **figures
                ), actor=actor, at=at)
            else:
                check_version(row, line.expected_version)
                update_row(session, row, {**figures, "late_reason": note}, actor=actor, at=at)
            saved.append(row)
    return saved


def set_reserve(
    session: Session, *, actor: Actor, enterprise_id: int, material_id: int, quantity: object, daily_use: object,
    expected_version: int | None = None,
) -> MaterialReserve:
    """Record the stock of a raw material and its daily use at full load."""
    require_enterprise_access(session, actor, enterprise_id)
    figures = {"quantity": validation.quantity(quantity, field="quantity"),
               "daily_use": validation.quantity(daily_use, field="daily_use")}
    with write_transaction(session):
        if session.get(Material, material_id) is None:
            raise ValidationError("material_id", "Pick a raw material")
        at = clock.now()
        reserve = session.exec(
            select(MaterialReserve).where(
                MaterialReserve.enterprise_id == enterprise_id, MaterialReserve.material_id == material_id
            ).with_for_update()
        ).first()
        if reserve is None:
            return create_row(session, MaterialReserve(enterprise_id=enterprise_id, material_id=material_id, **figures), actor=actor, at=at)
        check_version(reserve, expected_version)
        update_row(session, reserve, figures, actor=actor, at=at)
    return reserve


def days_of_cover(quantity: float, daily_use: float) -> float | None:
    """How many days a reserve lasts at full load; None when nothing is used."""
    return quantity / daily_use if daily_use > 0 else None


