"""An enterprise's holiday production plans: add one, or change it (version-checked)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from models import clock, validation
from models.errors import ValidationError
from models.holiday_plans import HolidayPlan
from models.services.access import require_enterprise_access
from models.services.common import Actor, check_version, create_row, get_for_update, update_row, write_transaction


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
