"""Today's report (``r`` on a card): output, stock and shipped per product in one form.

The figures start from the last report, so a line that did not change costs one key (``enter``
jumps to the next line; on the last line it saves). A report for an earlier date needs a reason;
changing the date reloads what is stored for it (figures already typed stay).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from models import clock, validation
from models.errors import ValidationError
from models.services.access import require_enterprise_access
from models.services.enterprise_reports import ReportSheet, report_sheet
from models.services.enterprise_reports import ReportLine, submit_report
from tui.i18n import format as fmt
from tui.i18n import error_text, t
from tui.i18n.parse import parse_day
from tui.forms.form import FormScreen, FormState
from tui.forms.fields import FieldRow, text_input
from tui.shell.workers import post_result

if TYPE_CHECKING:
    from sqlmodel import Session

FIGURES = ("output", "stock", "shipped")
FIGURE_LABELS = {"output": "Output", "stock": "Stock", "shipped": "Shipped"}


class ReportFormScreen(FormScreen):
    HELP = ("The day's output, stock and shipped per product, started from the last report: enter takes a line "
            "as it is and goes to the next; on the last line it saves. An earlier date needs a reason.")

    def __init__(self, enterprise_id: int, report_date: date | None = None) -> None:
        super().__init__()
        self.enterprise_id = enterprise_id
        self.report_date = report_date
        self.LABELS = {"date": "Date", "reason": "Reason"}

    def title_text(self) -> str:
        return t("Daily report")

    # ---- reading and writing (worker thread) -------------------------------------------------------

    def read(self, session: Session) -> FormState:
        require_enterprise_access(session, self.ctx.actor, self.enterprise_id)
        day = self.report_date or clock.today()
        return self._state(report_sheet(session, enterprise_id=self.enterprise_id, report_date=day))

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

    def field_for(self, service_field: str) -> str:
        return {"report_date": "date"}.get(service_field, service_field)

    # ---- the fields --------------------------------------------------------------------------------

    def build(self, state: FormState) -> Iterable[Widget]:
        sheet: ReportSheet = state.extra
        self.LABELS = {"date": "Date", "reason": "Reason"}
        yield FieldRow("date", t("Date"), text_input("date", state.values["date"], short=True), required=True,
                       after=t("YYYY-MM-DD"))
        yield Static("", id="report-source", classes="form-note")
        if not sheet.lines:
            yield Static(t("This enterprise makes nothing yet: add its products first."), classes="form-note")
        for line in sheet.lines:
            yield Static(Text.assemble((line.name, "bold"), "  ", (t("capacity {n}/day", n=fmt.qty(line.capacity)), "dim")),
                         classes="form-section")
            for name in FIGURES:
                key = f"{name}-{line.item_id}"
                self.LABELS[key] = f"{line.name} {t(FIGURE_LABELS[name])}"
                yield FieldRow(key, "  " + t(FIGURE_LABELS[name]), text_input(key, state.values[key], short=True),
                               after=line.unit)
        yield FieldRow("reason", t("Reason"), text_input("reason", "", placeholder=t("why the report is late")))

    def after_build(self) -> None:
        self._date_changed()

    def stops(self) -> list[Widget]:
        """The date, the first figure of each line, then the reason if one is needed."""
        sheet: ReportSheet | None = self.state.extra if self.state else None
        stops: list[Widget] = [self.control("date")]
        stops += [self.control(f"output-{line.item_id}") for line in (sheet.lines if sheet else [])]
        if self._late():
            stops.append(self.control("reason"))
        return stops

    def action_save(self) -> None:
        if self.state is not None and not self.state.extra.lines:
            self.notify(t("This enterprise makes nothing yet: add its products first."), severity="warning", markup=False)
            return
        super().action_save()

    def advance(self, widget: Widget) -> None:
        if widget is self.control("date"):
            self._reload_if_moved()
        super().advance(widget)

    def _late(self) -> bool:
        try:
            return parse_day(self.values().get("date", ""), field="date") < clock.today()
        except ValueError:
            return False

    def check(self, name: str, value: str, values: dict[str, str]) -> str | None:
        try:
            if name == "date":
                try:
                    day = parse_day(value, field="date")
                except ValueError:
                    return t("A date as YYYY-MM-DD")
                if day > clock.today():
                    return t("A report cannot be for a future date")
            elif name == "reason":
                validation.text(value, field=name, required=self._late(), max_len=500)
            elif name.split("-")[0] in FIGURES:
                validation.quantity(value, field=name)
        except ValidationError as error:
            return error_text(error)
        return None

    def value_changed(self, name: str) -> None:
        if name == "date":
            self._date_changed()

    def _date_changed(self) -> None:
        late = self._late()
        reason = self.query("#row-reason")
        if reason:
            reason.first().display = late
        sheet: ReportSheet | None = self.state.extra if self.state else None
        note = ""
        if sheet is not None and sheet.reported:
            note = t("Editing the report of {date} already saved.", date=sheet.report_date.isoformat())
        elif sheet is not None and any(line.source for line in sheet.lines):
            source = max(line.source for line in sheet.lines if line.source)
            note = t("Figures of {date} to start from: change what differs.", date=source.isoformat())
        for widget in self.query("#report-source"):
            widget.update(Text(note))  # type: ignore[attr-defined]

    def _reload_if_moved(self) -> None:
        """Another date: load what is stored for it (its versions); figures typed so far stay."""
        if self.state is None or self.check("date", self.values()["date"], self.values()):
            return
        day = parse_day(self.values()["date"], field="date")
        if day != self.state.extra.report_date:
            self.report_date = day
            self._reload(day, keep=self.dirty)

    @dataclass
    class _Reloaded(Message):
        state: FormState
        keep: bool

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def _reload(self, day: date, *, keep: bool) -> None:
        state = self.ctx.run(lambda s: self._state(report_sheet(s, enterprise_id=self.enterprise_id, report_date=day)))
        post_result(self, self._Reloaded(state, keep))

    @on(_Reloaded)
    def _apply_reload(self, message: _Reloaded) -> None:
        if self.state is None:
            return
        typed, before = self.values(), self.original
        self.state.token, self.state.extra = message.state.token, message.state.extra
        self.original = dict(message.state.values)
        for name, value in message.state.values.items():
            if name != "date" and name in typed and (not message.keep or typed[name] == before.get(name)):
                self.set_value(name, value)
        self._date_changed()
