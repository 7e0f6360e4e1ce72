"""The holiday production plan of one enterprise (``h`` on a card): dates, shifts, workers, notes.
It edits the latest plan, or adds one when there is none (or when asked for a new one)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from textual.widget import Widget

from models import clock
from models.services.access import require_enterprise_access
from models.services.enterprise_card import identity, plans
from models.services.enterprise_plans import set_holiday_plan
from tui.forms.form import FormScreen, FormState
from tui.forms.spec import Field, between, not_before, whole
from tui.i18n import t
from tui.i18n.parse import parse_day

if TYPE_CHECKING:
    from sqlmodel import Session

#: the most workers a plan may have (the service's limit, checked here to say so under the field)
MAX_WORKERS = 100_000


class HolidayPlanFormScreen(FormScreen):
    HELP = "The holiday production plan: from and to (YYYY-MM-DD), shifts a day, workers on the plan, notes."
    ERROR_FIELDS = {"start_date": "start", "end_date": "end"}

    def __init__(self, enterprise_id: int, *, new: bool = False) -> None:
        super().__init__()
        self.enterprise_id, self.new = enterprise_id, new

    def title_text(self) -> str:
        return t("Holiday production plan")

    def load(self, session: Session) -> FormState:
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
            start_date=parse_day(values["start"], field="start"),
            end_date=parse_day(values["end"], field="end"), shifts=values["shifts"], workers=values["workers"],
            notes=values["notes"] or None, plan_id=plan_id, expected_version=version,
        )

    def parts(self, state: FormState) -> Iterable[Field | Widget]:
        yield Field("start", "From", kind="date", required=True, after=t("YYYY-MM-DD"))
        yield Field("end", "To", kind="date", required=True, after=t("YYYY-MM-DD"),
                    checks=[not_before("start", "The end is before the start")])
        yield Field("shifts", "Shifts", kind="number", required=True, after=t("1 to 4 a day"),
                    checks=[whole, between(1, 4)])
        yield Field("workers", "Workers", kind="number", required=True, checks=[whole, between(0, MAX_WORKERS)])
        yield Field("notes", "Notes", max_len=500)
