"""The flows of the check-in screen: check in (``i``, ``I`` for an earlier time), check out (``o``),
station a cadre (``n``) and end a stationing (``e``).

Every step that reads or writes runs in a worker and answers with a message; a refusal of a
service is shown translated, and a form the user filled in is opened again with what they typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from textual import on, work
from textual.message import Message

from models import clock
from models.errors import ServiceError
from models.services.cadres import end_station, station
from models.services.checkin_match import (
    CadreChoice, EnterpriseChoice, ShortageChoice, cadre_choices, enterprise_choices, enterprises_by_id, shortages_at,
)
from models.services.checkin_roster import AssignmentRow
from models.services.checkins import check_in, check_out
from models.services.timesheets import CadreStatus, cadre_status, minutes
from tui.i18n import error_text, t
from tui.i18n.parse import parse_day
from tui.shell.base import BaseScreen
from tui.checkins.dialogs import CheckOutDialog, Saved, TimeReasonDialog
from tui.shell.dialogs import ChoiceDialog, ReasonDialog
from tui.checkins import text as fmt

OTHER = "other-enterprise"
#: the most enterprises one picker lists; a bigger directory is narrowed by typing first
PICK_LIMIT = 1000
FLOW = {"thread": True, "exclusive": True, "group": "checkin-flow", "exit_on_error": False}


def _enterprise_options(choices: list[EnterpriseChoice]) -> list[tuple[Any, str, str]]:
    return [(c, f"{c.label} · {c.district}" if c.district else c.label, c.search_key) for c in choices]


class CheckInFlows(BaseScreen):
    """The base of the check-in screen: its flows. The screen provides ``reload`` and ``cursor_row``."""

    def reload(self) -> None:  # pragma: no cover - the screen's
        raise NotImplementedError

    def cursor_row(self, tab: str) -> Any | None:  # pragma: no cover - the screen's
        raise NotImplementedError

    @dataclass
    class Options(Message):
        status: CadreStatus
        earlier: bool

    @dataclass
    class Enterprises(Message):
        """Enterprises to pick from (more than ``PICK_LIMIT``: narrow them by typing first)."""

        choices: list[EnterpriseChoice]
        title: str
        then: Callable[[EnterpriseChoice], None]
        query: str

    @dataclass
    class CheckoutData(Message):
        status: CadreStatus
        shortages: list[ShortageChoice]

    @dataclass
    class StationData(Message):
        cadres: list[CadreChoice]
        preset: EnterpriseChoice | None

    @dataclass
    class Done(Message):
        text: str

    @dataclass
    class Refused(Message):
        error: ServiceError
        retry: Callable[[], None] | None = None

    # ---- shared --------------------------------------------------------------------------------

    def _run(self, call: Callable[[Any], Saved], retry: Callable[[], None] | None = None) -> None:
        self._save_in_worker(call, retry)

    @work(**FLOW)  # type: ignore[call-overload]
    def _save_in_worker(self, call: Callable[[Any], Saved], retry: Callable[[], None] | None) -> None:
        try:
            saved = self.ctx.run(call)
        except ServiceError as error:
            self.post_message(self.Refused(error, retry))
            return
        self.post_message(self.Done(saved.message))

    @on(Done)
    def _done(self, message: Done) -> None:
        self.notify(message.text, title=t("Saved"), markup=False)
        self.reload()

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.notify(error_text(message.error), title=t("Not saved"), severity="error", markup=False)
        if message.retry is not None:
            message.retry()

    def _saved(self, result: object) -> None:
        if isinstance(result, Saved):
            self.post_message(self.Done(result.message))

    def _push(self, screen: Any, callback: Callable[[Any], None]) -> None:
        self.app.push_screen(screen, callback)

    # ---- check in --------------------------------------------------------------------------------

    def action_check_in(self) -> None:
        self._load_options(False)

    def action_check_in_earlier(self) -> None:
        self._load_options(True)

    @work(**FLOW)  # type: ignore[call-overload]
    def _load_options(self, earlier: bool) -> None:
        cadre_id = self.ctx.actor.cadre_id
        self.post_message(self.Options(self.ctx.run(lambda s: cadre_status(s, cadre_id=cadre_id)), earlier))

    @on(Options)
    def _options(self, message: Options) -> None:
        status, earlier = message.status, message.earlier
        if status.on_site:
            self.notify(t("You are already checked in; check out first"), severity="warning", markup=False)
        elif len(status.assigned) == 1:
            self._check_in_at(status.assigned[0], other=False, earlier=earlier)
        elif status.assigned:
            options = _enterprise_options(status.assigned) + [(OTHER, t("Another enterprise…"), "")]

            def picked(choice: Any) -> None:
                if choice == OTHER:
                    self._pick_other(earlier)
                elif choice is not None:
                    self._check_in_at(choice, other=False, earlier=earlier)

            self._push(ChoiceDialog(t("Check in at"), options), picked)
        else:
            self._pick_other(earlier)

    def _pick_other(self, earlier: bool) -> None:
        self._load_enterprises(t("Check in at which enterprise?"),
                               lambda choice: self._check_in_at(choice, other=True, earlier=earlier))

    @work(**FLOW)  # type: ignore[call-overload]
    def _load_enterprises(self, title: str, then: Callable[[EnterpriseChoice], None], query: str = "") -> None:
        choices = self.ctx.run(lambda s: enterprise_choices(s, query=query, limit=PICK_LIMIT + 1))
        self.post_message(self.Enterprises(choices, title, then, query))

    @on(Enterprises)
    def _enterprises(self, message: Enterprises) -> None:
        """A picker over the enterprises; a directory too big for one list is narrowed by typing first."""
        if len(message.choices) > PICK_LIMIT or not message.choices:
            prompt = (t("No enterprise matches {query}", query=message.query) if not message.choices
                      else t("Type part of the name, pinyin or initials (there are many enterprises)"))

            def typed(text: Any) -> None:
                if text is not None:
                    self._load_enterprises(message.title, message.then, text)

            self._push(ReasonDialog(message.title, prompt, value=message.query), typed)
            return
        self._push(ChoiceDialog(message.title, _enterprise_options(message.choices)),
                   lambda choice: choice is not None and message.then(choice))

    def _check_in_call(self, enterprise: EnterpriseChoice, at: datetime | None, reason: str | None) -> Callable[[Any], Saved]:
        actor = self.ctx.actor

        def call(session: Any) -> Saved:
            row = check_in(session, actor=actor, enterprise_id=enterprise.id, at=at, reason=reason)
            return Saved(t("Checked in at {where} at {time}", where=enterprise.label, time=clock.fmt(row.check_in)))

        return call

    def _check_in_at(self, enterprise: EnterpriseChoice, *, other: bool, earlier: bool, reason: str = "") -> None:
        if earlier:
            self._push(TimeReasonDialog(
                t("Check in earlier at {where}", where=enterprise.label),
                t("When did you arrive? The time is kept as corrected, with your reason."),
                lambda at, reason: self._check_in_call(enterprise, at, reason),
            ), self._saved)
        elif other:
            def given(text: Any) -> None:
                if text:
                    self._run(self._check_in_call(enterprise, None, text),
                              retry=lambda: self._check_in_at(enterprise, other=True, earlier=False, reason=text))

            self._push(ReasonDialog(t("Check in at {where}", where=enterprise.label),
                                    t("You are not stationed here: why are you there?"), value=reason), given)
        else:
            self._run(self._check_in_call(enterprise, None, None))

    # ---- check out -------------------------------------------------------------------------------

    def action_check_out(self) -> None:
        self._load_checkout()

    @work(**FLOW)  # type: ignore[call-overload]
    def _load_checkout(self) -> None:
        cadre_id = self.ctx.actor.cadre_id

        def load(session: Any) -> tuple[CadreStatus, list[ShortageChoice]]:
            status = cadre_status(session, cadre_id=cadre_id)
            shortages = shortages_at(session, enterprise_id=status.enterprise.id) if status.enterprise else []
            return status, shortages

        self.post_message(self.CheckoutData(*self.ctx.run(load)))

    @on(CheckoutData)
    def _checkout_data(self, message: CheckoutData) -> None:
        if not message.status.on_site:
            self.notify(t("You are not checked in"), severity="warning", markup=False)
            return
        actor, where = self.ctx.actor, message.status.enterprise.label if message.status.enterprise else ""

        def submit(**fields: Any) -> Callable[[Any], Saved]:
            def call(session: Any) -> Saved:
                row = check_out(session, actor=actor, **fields)
                return Saved(t("Checked out of {where} at {time} ({duration})", where=where, time=clock.fmt(row.check_out),
                               duration=fmt.duration(minutes(row.check_out - row.check_in))))  # type: ignore[operator]
            return call

        self._push(CheckOutDialog(message.status, message.shortages, submit), self._saved)

    # ---- stationing (coordinators) --------------------------------------------------------------------

    def action_station(self) -> None:
        row = self.cursor_row("unstaffed")
        self._load_station(getattr(row, "id", None))

    @work(**FLOW)  # type: ignore[call-overload]
    def _load_station(self, enterprise_id: int | None) -> None:
        def load(session: Any) -> tuple[list[CadreChoice], EnterpriseChoice | None]:
            preset = enterprises_by_id(session, ids=[enterprise_id]) if enterprise_id is not None else []
            return cadre_choices(session), (preset[0] if preset else None)

        self.post_message(self.StationData(*self.ctx.run(load)))

    @on(StationData)
    def _station_data(self, message: StationData) -> None:
        preset = message.preset
        cadres = [(c, f"{c.name} · {c.unit}" if c.unit else c.name, c.search_key) for c in message.cadres]

        def cadre_picked(cadre: Any) -> None:
            if cadre is None:
                return
            if preset is not None:
                self._station_from(cadre, preset, clock.today().isoformat())
                return
            self._load_enterprises(t("Station {cadre} at which enterprise?", cadre=cadre.name),
                                   lambda ent: self._station_from(cadre, ent, clock.today().isoformat()))

        title = t("Station which cadre at {where}?", where=preset.label) if preset else t("Station which cadre?")
        self._push(ChoiceDialog(title, cadres), cadre_picked)

    def _ask_date(self, title: str, prompt: str, value: str, then: Callable[[date, str], None]) -> None:
        def given(text: Any) -> None:
            if text is None:
                return
            try:
                day = parse_day(text, field="day")
            except ValueError:
                self.notify(t("Enter a date as YYYY-MM-DD"), severity="error", markup=False)
                self._ask_date(title, prompt, text, then)
                return
            then(day, text)

        self._push(ReasonDialog(title, prompt, value=value), given)

    def _station_from(self, cadre: CadreChoice, enterprise: EnterpriseChoice, value: str) -> None:
        actor = self.ctx.actor
        title = t("Station {cadre} at {where}", cadre=cadre.name, where=enterprise.label)

        def save(day: date, typed: str) -> None:
            def call(session: Any) -> Saved:
                station(session, actor=actor, cadre_id=cadre.id, enterprise_id=enterprise.id, start=day)
                return Saved(t("{cadre} is stationed at {where} from {day}", cadre=cadre.name, where=enterprise.label,
                               day=day.isoformat()))

            self._run(call, retry=lambda: self._station_from(cadre, enterprise, typed))

        self._ask_date(title, t("From which day? (YYYY-MM-DD)"), value, save)

    def action_end_station(self, value: str = "") -> None:
        row: AssignmentRow | None = self.cursor_row("assignments")
        if row is None:
            return
        actor = self.ctx.actor

        def save(day: date, typed: str) -> None:
            def call(session: Any) -> Saved:
                end_station(session, actor=actor, assignment_id=row.id, expected_version=row.version, end=day)
                return Saved(t("The stationing of {cadre} at {where} ends on {day}", cadre=row.cadre,
                               where=row.enterprise, day=day.isoformat()))

            self._run(call, retry=lambda: self.action_end_station(typed))

        self._ask_date(t("End the stationing of {cadre} at {where}", cadre=row.cadre, where=row.enterprise),
                       t("Last day on site (YYYY-MM-DD)"), value or clock.today().isoformat(), save)
