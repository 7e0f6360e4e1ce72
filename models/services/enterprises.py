"""Enterprise commands: create, edit, status, archive, products, daily reports, reserves, licences
(applying → green channel → held, or refused) and holiday production plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from models import clock, validation
from models.base import EnterpriseStatus, LicenceStatus
from models.enterprise import (
    DailyReport,
    Enterprise,
    EnterpriseCreate,
    EnterpriseStatusChange,
    EnterpriseUpdate,
    HolidayPlan,
    MaterialReserve,
    Product,
    Qualification,
)
from models.errors import TransitionError, ValidationError
from models.reference import CatalogueItem, District, Material, Park
from models.search import search_key, sort_key
from models.services.access import require_enterprise_access
from models.services.common import (
    Actor,
    check_exists_version,
    check_version,
    create_row,
    get_for_update,
    insert_unique,
    require_coordinator,
    require_writer,
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


def _new_park(session: Session, *, actor: Actor, district_id: int | None, name: str | None,
              at: datetime) -> int | None:
    """The id of the park ``name`` in the district, made now if it is new (inside the caller's transaction)."""
    clean = validation.text(name, field="park_id", max_len=64)
    if clean is None:
        return None
    if district_id is None or session.get(District, district_id) is None:
        raise ValidationError("district_id", "Pick one of the 38 districts")
    park = session.exec(select(Park).where(Park.district_id == district_id, Park.name == clean)).first()
    return (park or create_row(session, Park(district_id=district_id, name=clean), actor=actor, at=at)).id


def create_enterprise(session: Session, *, actor: Actor, data: EnterpriseCreate,
                      park_name: str | None = None) -> Enterprise:
    """Add an enterprise. ``park_name`` names a park to use, made in the district if it is new
    (in the same transaction: a refused enterprise leaves no park behind)."""
    require_coordinator(actor)
    status = _status(data.status)
    with write_transaction(session):
        at = clock.now()
        raw = data.model_dump()
        if park_name is not None and park_name.strip():
            _clean(session, {"district_id": raw["district_id"]})
            raw["park_id"] = _new_park(session, actor=actor, district_id=raw["district_id"], name=park_name, at=at)
        values = _clean(session, raw)
        enterprise = Enterprise(**values, status=status, status_changed_at=at)
        create_row(session, enterprise, actor=actor, at=at)
        session.add(EnterpriseStatusChange(
            enterprise_id=enterprise.id, new_status=status, changed_at=at, changed_by=actor.login  # type: ignore[arg-type]
        ))
        refresh_search_key(session, enterprise)
    return enterprise


def update_enterprise(
    session: Session, *, actor: Actor, enterprise_id: int, expected_version: int, data: EnterpriseUpdate,
    park_name: str | None = None,
) -> Enterprise:
    """Apply the fields set in ``data``; a stale ``expected_version`` raises ConflictError.
    ``park_name`` sets the park by name, making it in the district if it is new."""
    require_enterprise_access(session, actor, enterprise_id)
    with write_transaction(session):
        enterprise = get_for_update(session, Enterprise, enterprise_id)
        check_version(enterprise, expected_version)
        at = clock.now()
        raw = data.model_dump(exclude_unset=True)
        raw["_district_id"] = raw.get("district_id", enterprise.district_id)
        raw["_park_id"] = enterprise.park_id
        if park_name is not None and park_name.strip():
            if "district_id" in raw:
                _clean(session, {"district_id": raw["district_id"]})
            raw["park_id"] = _new_park(session, actor=actor, district_id=raw["_district_id"], name=park_name, at=at)
        changes = _clean(session, raw, exclude_id=enterprise_id)
        if update_row(session, enterprise, changes, actor=actor, at=at):
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
            update_row(session, enterprise, {"status": new, "status_changed_at": at},
                       actor=actor, at=at, action="status")
            session.add(EnterpriseStatusChange(
                enterprise_id=enterprise_id, old_status=old, new_status=new, changed_at=at,
                changed_by=actor.login, reason=note
            ))
    return enterprise


def set_archived(
    session: Session, *, actor: Actor, enterprise_id: int, expected_version: int,
    archived: bool, reason: str | None = None
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
            product = create_row(session, Product(enterprise_id=enterprise_id, item_id=item_id,
                                                  daily_capacity=capacity), actor=actor, at=at)
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
            saved.append(row)
    return saved


def set_reserve(
    session: Session, *, actor: Actor, enterprise_id: int, material_id: int, quantity: object, daily_use: object,
    expected_version: int | None = None,
) -> MaterialReserve:
    """Record the stock of a raw material and its daily use at full load."""
    require_enterprise_access(session, actor, enterprise_id)
    figures: dict[str, Any] = {"quantity": validation.quantity(quantity, field="quantity"),
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
            return create_row(session, MaterialReserve(enterprise_id=enterprise_id, material_id=material_id, **figures),
                              actor=actor, at=at)
        check_version(reserve, expected_version)
        update_row(session, reserve, figures, actor=actor, at=at)
    return reserve


def days_of_cover(quantity: float, daily_use: float) -> float | None:
    """How many days a reserve lasts at full load; None when nothing is used."""
    return quantity / daily_use if daily_use > 0 else None




@dataclass
class ReserveInput:
    """One raw material of the reserves form. ``expected_version`` is the version the form showed."""

    material_id: int
    quantity: object
    daily_use: object
    expected_version: int | None = None


def set_reserves(session: Session, *, actor: Actor, enterprise_id: int,
                 lines: list[ReserveInput]) -> list[MaterialReserve]:
    """Store several reserves at once: all lines or none (a stale line raises ConflictError)."""
    require_enterprise_access(session, actor, enterprise_id)
    cleaned: list[tuple[ReserveInput, dict[str, Any]]] = [
        (line, {"quantity": validation.quantity(line.quantity, field="quantity"),
                "daily_use": validation.quantity(line.daily_use, field="daily_use")}) for line in lines]
    saved: list[MaterialReserve] = []
    with write_transaction(session):
        at = clock.now()
        for line, figures in cleaned:
            if session.get(Material, line.material_id) is None:
                raise ValidationError("material_id", "Pick a raw material")
            reserve = session.exec(
                select(MaterialReserve).where(
                    MaterialReserve.enterprise_id == enterprise_id, MaterialReserve.material_id == line.material_id
                ).with_for_update()
            ).first()
            if reserve is None:
                key = (MaterialReserve.enterprise_id == enterprise_id, MaterialReserve.material_id == line.material_id)
                reserve = insert_unique(session,
                                        MaterialReserve(enterprise_id=enterprise_id, material_id=line.material_id,
                                                                 **figures), actor=actor, at=at,
                                        current=select(MaterialReserve).where(*key))
            else:
                check_version(reserve, line.expected_version)
                update_row(session, reserve, figures, actor=actor, at=at)
            saved.append(reserve)
    return saved


# --- licences --------------------------------------------------------------------------------------

#: where a licence may go from each status: applying → green channel → held, or refused; refused may re-apply
LICENCE_STEPS: dict[str, tuple[str, ...]] = {
    LicenceStatus.APPLYING: (LicenceStatus.GREEN_CHANNEL, LicenceStatus.HELD, LicenceStatus.REFUSED),
    LicenceStatus.GREEN_CHANNEL: (LicenceStatus.HELD, LicenceStatus.REFUSED),
    LicenceStatus.REFUSED: (LicenceStatus.APPLYING,),
    LicenceStatus.HELD: (),
}


def _licence_status(value: str) -> str:
    try:
        return LicenceStatus(value).value
    except ValueError:
        raise ValidationError("status", "Unknown value {value}", value=value) from None


def _not_future(value: date | None, field: str) -> date | None:
    if value is not None and value > clock.today():
        raise ValidationError(field, "A date cannot be in the future")
    return value


def add_qualification(
    session: Session, *, actor: Actor, enterprise_id: int, kind: str, item_id: int | None = None,
    number: str | None = None, status: str = LicenceStatus.APPLYING, applied_on: date | None = None,
    granted_on: date | None = None,
) -> Qualification:
    """Record a licence applied for (or already held, with the date it was granted)."""
    require_enterprise_access(session, actor, enterprise_id)
    values: dict[str, Any] = {
        "kind": validation.text(kind, field="kind", required=True, max_len=64),
        "number": validation.text(number, field="number", max_len=64),
        "status": _licence_status(status),
        "applied_on": _not_future(applied_on or clock.today(), "applied_on"),
    }
    if values["status"] == LicenceStatus.HELD:
        values["granted_on"] = _not_future(granted_on or clock.today(), "granted_on")
        if values["granted_on"] < values["applied_on"]:
            raise ValidationError("granted_on", "Granted before it was applied for")
    with write_transaction(session):
        if item_id is not None and session.get(CatalogueItem, item_id) is None:
            raise ValidationError("item_id", "Pick an item of the catalogue")
        if session.get(Enterprise, enterprise_id) is None:
            raise ValidationError("enterprise_id", "Pick an enterprise")
        row = Qualification(enterprise_id=enterprise_id, item_id=item_id, **values)
        return create_row(session, row, actor=actor, at=clock.now())


def advance_qualification(
    session: Session, *, actor: Actor, qualification_id: int, expected_version: int, status: str,
    number: str | None = None, granted_on: date | None = None,
) -> Qualification:
    """Move a licence one step: into the green channel, held (with its number and date) or refused."""
    require_writer(actor)
    new = _licence_status(status)
    clean_number = validation.text(number, field="number", max_len=64)
    _not_future(granted_on, "granted_on")
    with write_transaction(session):
        row = get_for_update(session, Qualification, qualification_id)
        require_enterprise_access(session, actor, row.enterprise_id)
        check_version(row, expected_version)
        if new not in LICENCE_STEPS.get(row.status, ()):
            raise TransitionError("Not possible while the licence is {status}", status=row.status)
        changes: dict[str, Any] = {"status": new}
        if new == LicenceStatus.HELD:
            changes["granted_on"] = granted_on or clock.today()
            if row.applied_on and changes["granted_on"] < row.applied_on:
                raise ValidationError("granted_on", "Granted before it was applied for")
            if clean_number:
                changes["number"] = clean_number
        elif new == LicenceStatus.APPLYING:
            changes["applied_on"] = clock.today()
        update_row(session, row, changes, actor=actor, at=clock.now(), action=f"licence_{new}")
    return row


# --- holiday production plan --------------------------------------------------------------------------


def _whole(value: object, *, field: str, low: int, high: int) -> int:
    number = validation.quantity(value, field=field) or 0.0
    if number != int(number):
        raise ValidationError(field, "A whole number, please")
    if not low <= number <= high:
        raise ValidationError(field, "Between {low} and {high}", low=low, high=high)
    return int(number)


def set_holiday_plan(
    session: Session, *, actor: Actor, enterprise_id: int, start_date: date | None, end_date: date | None,
    shifts: object, workers: object, notes: str | None = None, plan_id: int | None = None,
    expected_version: int | None = None,
) -> HolidayPlan:
    """Add a holiday production plan, or change the plan ``plan_id`` (version-checked)."""
    require_enterprise_access(session, actor, enterprise_id)
    if start_date is None:
        raise ValidationError("start_date", "Required")
    if end_date is None:
        raise ValidationError("end_date", "Required")
    if end_date < start_date:
        raise ValidationError("end_date", "The end is before the start")
    values: dict[str, Any] = {
        "start_date": start_date, "end_date": end_date,
        "shifts": _whole(shifts, field="shifts", low=1, high=4),
        "workers": _whole(workers, field="workers", low=0, high=100_000),
        "notes": validation.text(notes, field="notes", max_len=500),
    }
    with write_transaction(session):
        at = clock.now()
        if plan_id is None:
            return create_row(session, HolidayPlan(enterprise_id=enterprise_id, **values), actor=actor, at=at)
        plan = get_for_update(session, HolidayPlan, plan_id)
        if plan.enterprise_id != enterprise_id:
            raise ValidationError("plan_id", "That plan is not this enterprise's")
        check_version(plan, expected_version)
        update_row(session, plan, values, actor=actor, at=at)
    return plan


@dataclass
class ProductInput:
    """One catalogue item of the products form: its daily capacity, or None to stop making it."""

    item_id: int
    daily_capacity: object
    expected_version: int | None = None


def set_products(session: Session, *, actor: Actor, enterprise_id: int, lines: list[ProductInput]) -> list[Product]:
    """Add, change or stop (archive) product lines, all in one transaction; stale lines raise ConflictError."""
    require_enterprise_access(session, actor, enterprise_id)
    cleaned = [(line, validation.quantity(line.daily_capacity, field="daily_capacity", required=False))
               for line in lines]
    saved: list[Product] = []
    with write_transaction(session):
        at = clock.now()
        for line, capacity in cleaned:
            if session.get(CatalogueItem, line.item_id) is None:
                raise ValidationError("item_id", "Pick an item of the catalogue")
            key = (Product.enterprise_id == enterprise_id, Product.item_id == line.item_id)
            product = session.exec(select(Product).where(*key).with_for_update()).first()
            if product is None:
                if capacity is None:
                    continue
                product = insert_unique(session, Product(enterprise_id=enterprise_id, item_id=line.item_id,
                                                         daily_capacity=capacity), actor=actor, at=at,
                                        current=select(Product).where(*key))
            else:
                check_version(product, line.expected_version)
                changes = {"archived": True} if capacity is None else {"daily_capacity": capacity, "archived": False}
                update_row(session, product, changes, actor=actor, at=at)
            saved.append(product)
        refresh_search_key(session, get_for_update(session, Enterprise, enterprise_id))
    return saved
