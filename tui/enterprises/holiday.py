"""The holiday production plan of one enterprise (``h`` on a card): dates, shifts, workers, notes.
It edits the latest plan, or adds one when there is none (or when asked for a new one)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from textual.widget import Widget

from models import clock, validation
from models.errors import ValidationError
from models.services.access import require_enterprise_access
from models.services.enterprise_card import identity, plans
from models.services.enterprise_plans import set_holiday_plan
from tui.i18n import error_text, t
from tui.forms.form import FormScreen, FormState
from tui.i18n.parse import parse_day
from tui.forms.fields import FieldRow, text_input

if TYPE_CHECKING:
    from sqlmodel import Session

#: the most workers a plan may have (the service's limit, checked here to say so under the field)
MAX_WORKERS = 100_000


class HolidayPlanFormScreen(FormScreen):
    HELP = "The holiday production plan: from and to (YYYY-MM-DD), shifts a day, workers on the plan, notes."
    LABELS = {"start": "From", "end": "To", "shifts": "Shifts", "workers": "Workers", "notes": "Notes"}

    def __init__(self, enterprise_id: int, *, new: bool = False) -> None:
        super().__init__()
        self.enterprise_id, self.new = enterprise_id, new

    def title_text(self) -> str:
        return t("Holiday production plan")

    def read(self, session: Session) -> FormState:
        require_enterprise_access(session, self.ctx.actor, self.enterprise_id)
        name = identity(session, enterprise_id=self.enterprise_id).name
        latest = None if self.new else next(iter(plans(session, enterprise_id=self.enterprise_id)), None)
        if latest is None:
            today = clock.today()
            values = {"start": today.isoformat(), "end": (today + timedelta(days=7)).isoformat(), "shifts": "1",
                      "workers": "", "notes": ""}
            return FormState(values, token=None, name=name)
        values = {"start": latest.start.isoformat(), "end": latest.end.isoformat(), "shifts": str(latest.shifts),
                  "workers": str(latest.workers), "notes": latest.notes}
        return FormState(values, token=(latest.id, latest.version), name=name)

    def write(self, session: Session, values: dict[str, str], state: FormState) -> Any:
        plan_id, version = state.token or (None, None)
        return set_holiday_plan(
            session, actor=self.ctx.actor, enterprise_id=self.enterprise_id,
            start_date=parse_day(values["start"], field="start"), end_date=parse_day(values["end"], field="end"),
            shifts=values["shifts"], workers=values["workers"], notes=values["notes"] or None, plan_id=plan_id,
            expected_version=version,
        )

    def field_for(self, service_field: str) -> str:
        return {"start_date": "start", "end_date": "end"}.get(service_field, service_field)

    def build(self, state: FormState) -> Iterable[Widget]:
        v = state.values
        yield FieldRow("start", t("From"), text_input("start", v["start"], short=True), required=True,
                       after=t("YYYY-MM-DD"))
        yield FieldRow("end", t("To"), text_input("end", v["end"], short=True), required=True, after=t("YYYY-MM-DD"))
        yield FieldRow("shifts", t("Shifts"), text_input("shifts", v["shifts"], short=True), required=True,
                       after=t("1 to 4 a day"))
        yield FieldRow("workers", t("Workers"), text_input("workers", v["workers"], short=True), required=True)
        yield FieldRow("notes", t("Notes"), text_input("notes", v["notes"]))

    def check(self, name: str, value: str, values: dict[str, str]) -> str | None:
        try:
            if name in ("start", "end"):
                try:
                    day = parse_day(value, field=name)
                except ValueError:
                    return t("A date as YYYY-MM-DD")
                if name == "end":
                    try:
                        if day < parse_day(values.get("start", ""), field="start"):
                            return t("The end is before the start")
                    except ValueError:
                        pass
            elif name in ("shifts", "workers"):
                number = validation.quantity(value, field=name)
                if number != int(number or 0):
                    return t("A whole number, please")
                low, high = (1, 4) if name == "shifts" else (0, MAX_WORKERS)
                if not low <= (number or 0) <= high:
                    return t("Between {low} and {high}", low=low, high=high)
            elif name == "notes":
                validation.text(value, field=name, max_len=500)
        except ValidationError as error:
            return error_text(error)
        return None
