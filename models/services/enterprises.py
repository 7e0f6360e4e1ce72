"""Enterprise commands: create, edit, change the production status (keeping its history), archive
and restore; and the search key every write that changes a name refreshes.

An enterprise's other records have command modules of their own: enterprise_products,
enterprise_reports, enterprise_reserves, enterprise_licences and enterprise_plans.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from models import clock, enterprise_counts, enterprise_figures, staffing, validation
from models.base import EnterpriseStatus
from models.enterprise import Enterprise, EnterpriseCreate, EnterpriseUpdate, Product
from models.errors import ValidationError
from models.history import EnterpriseStatusChange
from models.parks import Park
from models.reference import CatalogueItem, District
from models.search import search_key, sort_key
from models.services.access import require_enterprise_access
from models.services.common import (
    Actor,
    check_version,
    create_row,
    get_for_update,
    require_coordinator,
    row_id,
    update_row,
    write_transaction,
)


def _clean(session: Session, values: dict[str, Any], *, exclude_id: int | None = None) -> dict[str, Any]:
    """Validate enterprise fields; raises ValidationError on the first bad one."""
    out: dict[str, Any] = {}
    if "name" in values:
        out["name"] = validation.name(values["name"], field="name", required=True, max_len=200)
    if "short_name" in values:
        out["short_name"] = validation.name(values["short_name"], field="short_name", max_len=64)
    for key, limit in (("address", 200), ("contact_person", 64), ("notes", 2000)):
        if key in values:
            out[key] = validation.text(values[key], field=key, max_len=limit)
    if "phone" in values:
        out["phone"] = validation.enterprise_phone(values["phone"])
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
    """Rebuild the search key: names, credit code, district, park and product names (all as pinyin
    too; products also by their English names, so ``mask`` finds the mask makers)."""
    district = session.get(District, enterprise.district_id)
    park = session.get(Park, enterprise.park_id) if enterprise.park_id else None
    items = session.exec(
        select(CatalogueItem.name, CatalogueItem.name_en)
        .join(Product, Product.item_id == CatalogueItem.id)
        .where(Product.enterprise_id == enterprise.id, Product.archived == False)  # noqa: E712
    ).all()
    parts = [enterprise.name, enterprise.short_name, enterprise.credit_code]
    parts += [district.name if district else None, park.name if park else None, *(n for item in items for n in item)]
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
            enterprise_id=row_id(enterprise), new_status=status, changed_at=at, changed_by=actor.login
        ))
        refresh_search_key(session, enterprise)
        enterprise_counts.follow(session, enterprise_id=row_id(enterprise), before=None)  # the dashboard's counts
        enterprise_figures.refresh(session, enterprise.id)  # its row of the directory's sort keys
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
        before = enterprise_counts.state(session, enterprise_id)
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
            enterprise_counts.follow(session, enterprise_id=enterprise_id, before=before)
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
            before = enterprise_counts.state(session, enterprise_id)
            update_row(session, enterprise, {"status": new, "status_changed_at": at},
                       actor=actor, at=at, action="status")
            enterprise_counts.follow(session, enterprise_id=enterprise_id, before=before)
            session.add(EnterpriseStatusChange(
                enterprise_id=enterprise_id, old_status=old, new_status=new, changed_at=at,
                changed_by=actor.login, reason=note
            ))
            enterprise_figures.refresh(session, enterprise_id)
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
        before = enterprise_counts.state(session, enterprise_id)
        stationed = staffing.spans(session, enterprise_id)
        if archived != enterprise.archived:  # the city's capacity, in this transaction
            from models import item_capacity

            item_capacity.follow_archive(session, enterprise_id=enterprise_id, archived=archived)
        update_row(
            session, enterprise, {"archived": archived, "archived_reason": note},
            actor=actor, at=clock.now(), action="archive" if archived else "restore",
        )
        enterprise_counts.follow(session, enterprise_id=enterprise_id, before=before)
        staffing.follow(session, enterprise_id=enterprise_id, before=stationed)
        enterprise_figures.refresh(session, enterprise_id)
    return enterprise
