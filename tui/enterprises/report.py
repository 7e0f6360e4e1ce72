"""Today's report (``r`` on a card): output, stock and shipped per product in one form.

The figures start from the last report, so a line that did not change costs one key (``enter``
jumps to the next line; on the last line it saves). A report for an earlier date needs a reason;
changing the date reloads what is stored for it (figures already typed stay).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.widget import Widget
from textual.widgets import Static

from models import clock
from models.services.access import require_enterprise_access
from models.services.enterprise_reports import ReportLine, ReportSheet, report_sheet, submit_report
from tui.forms.form import FormScreen, FormState
from tui.forms.spec import Field, Values, not_future
from tui.i18n import format as fmt
from tui.i18n import t
from tui.i18n.parse import parse_day
from tui.i18n.safe import for_tui

if TYPE_CHECKING:
    from sqlmodel import Session

FIGURES = ("output", "stock", "shipped")
FIGURE_LABELS = {"output": "Output", "stock": "Stock", "shipped": "Shipped"}


class ReportFormScreen(FormScreen):
    HELP = ("The day's output, stock and shipped per product, started from the last report: enter takes a line "
            "as it is and goes to the next; on the last line it saves. An earlier date needs a reason.")

    ERROR_FIELDS = {"report_date": "date"}

    def __init__(self, enterprise_id: int, report_date: date | None = None) -> None:
        super().__init__()
        self.enterprise_id = enterprise_id
        self.report_date = report_date

    def title_text(self) -> str:
        return t("Daily report")

    # ---- reading and writing (worker thread) -------------------------------------------------------

    def load(self, session: Session) -> FormState:
        require_enterprise_access(session, self.ctx.actor, self.enterprise_id)
        return self._state(report_sheet(session, enterprise_id=self.enterprise_id,
                                        report_date=self.report_date or clock.today()))

    def _state(self, sheet: ReportSheet) -> FormState:
        values = {"date": sheet.report_date.isoformat()}
        for line in sheet.lines:
            for name in FIGURES:
                values[f"{name}-{line.item_id}"] = fmt.plain(getattr(line, name))
        values["reason"] = ""
        token = {line.item_id: line.version for line in sheet.lines}
        return FormState(values, token=token, extra=sheet, name=sheet.name)

    def write(self, session: Session, values: dict[str, str], state: FormState) -> Any:
        sheet: ReportSheet = state.extra
        lines = [
            ReportLine(item_id=line.item_id, output=values[f"output-{line.item_id}"],
                       stock=values[f"stock-{line.item_id}"], shipped=values[f"shipped-{line.item_id}"],
                       # 0: "no report of this date when the form was filled"; someone else's is a conflict
                       expected_version=state.token.get(line.item_id) or 0)
            for line in sheet.lines
        ]
        return submit_report(session, actor=self.ctx.actor, enterprise_id=self.enterprise_id,
                             report_date=parse_day(values["date"], field="date"), lines=lines,
                             reason=values.get("reason") or None)

    # ---- the fields --------------------------------------------------------------------------------

    def parts(self, state: FormState) -> Iterable[Field | Widget]:
        sheet: ReportSheet = state.extra
        yield Field("date", "Date", kind="date", required=True, after=t("YYYY-MM-DD"),
                    checks=[not_future("A report cannot be for a future date")])
        yield Static("", id="report-source", classes="form-note")
        if not sheet.lines:
            yield Static(t("This enterprise makes nothing yet: add its products first."), classes="form-note")
        for line in sheet.lines:
            capacity = t("capacity {n}/day", n=fmt.qty(line.capacity))
            item = for_tui(fmt.local_name(line.name, line.name_en))
            yield Static(Text.assemble((item, "bold"), "  ", (capacity, "dim")), classes="form-section")
            for name in FIGURES:
                # enter takes a line as it is: from its output on to the next line's
                yield Field(f"{name}-{line.item_id}", FIGURE_LABELS[name], kind="number", required=True,
                            starred=False, context=item, after=fmt.unit(line.unit), stop=name == "output")
        yield Field("reason", "Reason", max_len=500, required=self._late, placeholder=t("why the report is late"),
                    stop=False)

    def after_build(self) -> None:
        self._date_changed()

    def stops(self) -> list[Widget]:
        """The date, the first figure of each line, then the reason if one is needed."""
        return super().stops() + ([self.control("reason")] if self._late() else [])

    def can_save(self) -> bool:
        if self.state is not None and not self.state.extra.lines:
            self.notify(t("This enterprise makes nothing yet: add its products first."), severity="warning",
                        markup=False)
            return False
        return True

    def advance(self, widget: Widget | None) -> None:
        if widget is self.control("date"):
            self._reload_if_moved()
        super().advance(widget)

    def _late(self, values: Values | None = None) -> bool:
        try:
            return parse_day((values or self.values()).get("date", ""), field="date") < clock.today()
        except ValueError:
            return False

    def value_changed(self, name: str) -> None:
        if name == "date":
            self._date_changed()

    def _date_changed(self) -> None:
        reason = self.query("#row-reason")
        if reason:
            reason.first().display = self._late()
        sheet: ReportSheet | None = self.state.extra if self.state else None
        note = ""
        if sheet is not None and sheet.reported:
            note = t("Editing the report of {date} already saved.", date=sheet.report_date.isoformat())
        elif sheet is not None and any(line.source for line in sheet.lines):
            source = max(line.source for line in sheet.lines if line.source)
            note = t("Figures of {date} to start from: change what differs.", date=source.isoformat())
        for widget in self.query("#report-source").results(Static):
            widget.update(Text(note))

    def _reload_if_moved(self) -> None:
        """Another date: load what is stored for it (its versions); figures typed so far stay."""
        if self.state is None or self.check_field("date"):
            return
        day = parse_day(self.values()["date"], field="date")
        if day != self.state.extra.report_date:
            self.report_date = day
            self._reload(day, keep=self.dirty)

    @work(exclusive=True, group="form-load", exit_on_error=False)
    async def _reload(self, day: date, *, keep: bool) -> None:
        enterprise_id = self.enterprise_id
        fresh = await self.read(lambda s: self._state(report_sheet(s, enterprise_id=enterprise_id, report_date=day)))
        if self.state is None:
            return
        typed, before = self.values(), self.original
        self.state.token, self.state.extra = fresh.token, fresh.extra
        self.original = dict(fresh.values)
        for name, value in fresh.values.items():
            if name != "date" and name in typed and (not keep or typed[name] == before.get(name)):
                self.set_value(name, value)
        self._date_changed()
