"""Raw-material reserves of an enterprise: stock and daily use at full load, one or the whole form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from models import clock, enterprise_figures, validation
from models.errors import ValidationError
from models.material_reserves import MaterialReserve
from models.services.access import require_enterprise_access
from models.services.common import Actor, check_version, create_row, insert_unique, update_row, write_transaction
from models.supply import Material


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
            reserve = create_row(session, MaterialReserve(enterprise_id=enterprise_id, material_id=material_id,
                                                          **figures), actor=actor, at=at)
        else:
            check_version(reserve, expected_version)
            update_row(session, reserve, figures, actor=actor, at=at)
        enterprise_figures.refresh(session, enterprise_id)  # the directory's sort by cover
    return reserve


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
        enterprise_figures.refresh(session, enterprise_id)
    return saved
