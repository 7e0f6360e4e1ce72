"""The flows of the check-in screen: check in (``i``, ``I`` for an earlier time), check out (``o``),
station a cadre (``n``) and end a stationing (``e``).

Each flow is one exclusive async worker read top to bottom: ``self.read`` what it needs, ask with
``push_screen_wait``, write with ``self.command``. A refused write is shown by the one policy of
``ServiceCalls``; where the user typed something (a reason, a date), the same dialog opens again with
what they typed. The screen reloads through the app once a write is done (``changed_here``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work

from models import clock
from models.services.cadres import end_station, station
from models.services.checkin_roster import AssignmentRow
from models.services.checkins import check_in, check_out
from models.services.choices import (
    CadreChoice,
    EnterpriseChoice,
    ShortageChoice,
    cadre_choices,
    enterprise_choices,
    enterprises_by_id,
    shortages_at,
)
from models.services.timesheets import CadreStatus, cadre_status, minutes
from tui.checkins.dialogs import CheckOutDialog, Saved, TimeReasonDialog
from tui.i18n import format as fmt
from tui.i18n import t
from tui.i18n.parse import parse_day
from tui.i18n.safe import for_tui
from tui.shell.base import BaseScreen
from tui.shell.calls import Refused
from tui.shell.dialogs import ChoiceDialog, ReasonDialog

if TYPE_CHECKING:
    from sqlmodel import Session

OTHER = "other-enterprise"
#: the most enterprises one picker lists; a bigger directory is narrowed by typing first
PICK_LIMIT = 1000
#: one flow at a time: a flow key pressed while another flow reads replaces it
FLOW = "checkin-flow"


def _enterprise_options(choices: Sequence[EnterpriseChoice]) -> list[tuple[Any, str, str]]:
    return [(c, f"{c.label} · {c.district}" if c.district else c.label, c.search_key) for c in choices]


def _checkout_data(session: Session, *, cadre_id: int) -> tuple[CadreStatus, list[ShortageChoice]]:
    status = cadre_status(session, cadre_id=cadre_id)
    shortages = shortages_at(session, enterprise_id=status.enterprise.id) if status.enterprise else []
    return status, shortages


def _station_data(session: Session, *, enterprise_id: int | None) -> tuple[list[CadreChoice], EnterpriseChoice | None]:
    preset = enterprises_by_id(session, ids=[enterprise_id]) if enterprise_id is not None else []
    return cadre_choices(session), (preset[0] if preset else None)


def _cadre_label(cadre: CadreChoice) -> str:
    """``李强 · 市卫健委`` / ``李强 · Municipal Health Commission``: the unit in the language shown."""
    unit = fmt.local_name(cadre.unit, cadre.unit_en)
    return f"{cadre.name} · {unit}" if unit else cadre.name


class CheckInFlows(BaseScreen):
    """The base of the check-in screen: its flows. The screen provides ``cursor_row``."""

    def cursor_row(self, tab: str) -> Any | None:  # pragma: no cover - the screen's
        raise NotImplementedError

    # ---- shared steps ------------------------------------------------------------------------------

    async def _save(self, call: Callable[[Session], Saved]) -> bool:
        """Write through ``call`` and say what was saved; False when refused (the policy said why).

        Shielded: once a write has started it happens (a thread cannot be stopped), so a newer flow
        replacing this one must not swallow its notice and its reload."""
        return await asyncio.shield(asyncio.ensure_future(self._write(call)))

    async def _write(self, call: Callable[[Session], Saved]) -> bool:
        try:
            saved = await self.command(call)
        except Refused:
            return False
        self.notify(for_tui(saved.message, lines=True), title=t("Saved"), markup=False)  # quotes stored names
        return True

    async def _form(self, form: CheckOutDialog | TimeReasonDialog) -> None:
        """A form that writes by itself: wait for it, then say what it saved."""
        generation = self.app.data_generation
        saved = await self.app.push_screen_wait(form)
        if not isinstance(saved, Saved):
            return
        self.notify(for_tui(saved.message, lines=True), title=t("Saved"), markup=False)  # quotes stored names
        if self.app.data_generation == generation:  # the form did not tell the app of its change
            await self.app.changed_here()

    async def _text(self, dialog: ReasonDialog) -> str | None:
        """What was typed in ``dialog``; None on escape."""
        answer = await self.app.push_screen_wait(dialog)
        return answer if isinstance(answer, str) else None

    async def _pick_enterprise(self, title: str) -> EnterpriseChoice | None:
        """A picker over the enterprises; a directory too big for one list is narrowed by typing first."""
        query = ""
        while True:
            choices = await self.read(partial(enterprise_choices, query=query, limit=PICK_LIMIT + 1))
            if choices and len(choices) <= PICK_LIMIT:
                picked = await self.app.push_screen_wait(ChoiceDialog(title, _enterprise_options(choices)))
                return picked if isinstance(picked, EnterpriseChoice) else None
            prompt = (t("No enterprise matches {query}", query=query) if not choices
                      else t("Type part of the name, pinyin or initials (there are many enterprises)"))
            typed = await self._text(ReasonDialog(title, prompt, value=query))
            if typed is None:
                return None
            query = typed

    async def _ask_date(self, title: str, prompt: str, value: str) -> tuple[date, str] | None:
        """A day typed as YYYY-MM-DD (asked again, with what was typed, until it is one); and the text."""
        while True:
            typed = await self._text(ReasonDialog(title, prompt, value=value))
            if typed is None:
                return None
            try:
                return parse_day(typed, field="day"), typed
            except ValueError:
                self.notify(t("Enter a date as YYYY-MM-DD"), severity="error", markup=False)
                value = typed

    # ---- check in --------------------------------------------------------------------------------

    def action_check_in(self) -> None:
        self._check_in(earlier=False)

    def action_check_in_earlier(self) -> None:
        self._check_in(earlier=True)

    @work(exclusive=True, group=FLOW, exit_on_error=False)
    async def _check_in(self, *, earlier: bool) -> None:
        cadre_id = self.ctx.actor.cadre_id
        if cadre_id is None:  # the key is not offered then
            return
        status = await self.read(partial(cadre_status, cadre_id=cadre_id))
        if status.on_site:
            self.notify(t("You are already checked in; check out first"), severity="warning", markup=False)
            return
        where: EnterpriseChoice | None = status.assigned[0] if len(status.assigned) == 1 else None
        if len(status.assigned) > 1:
            options = [*_enterprise_options(status.assigned), (OTHER, t("Another enterprise…"), "")]
            picked = await self.app.push_screen_wait(ChoiceDialog(t("Check in at"), options))
            if picked is None:
                return
            where = picked if isinstance(picked, EnterpriseChoice) else None
        other = where is None
        if where is None:
            where = await self._pick_enterprise(t("Check in at which enterprise?"))
            if where is None:
                return
        if earlier:
            await self._form(TimeReasonDialog(
                t("Check in earlier at {where}", where=where.label),
                t("When did you arrive? The time is kept as corrected, with your reason."),
                partial(self._check_in_call, where)))
        elif other:  # not stationed there: a reason, asked again with what was typed if refused
            reason: str | None = ""
            while True:
                reason = await self._text(ReasonDialog(
                    t("Check in at {where}", where=where.label), t("You are not stationed here: why are you there?"),
                    value=reason or ""))
                if not reason or await self._save(self._check_in_call(where, reason=reason)):
                    return
        else:
            await self._save(self._check_in_call(where))

    def _check_in_call(self, enterprise: EnterpriseChoice, at: datetime | None = None,
                       reason: str | None = None) -> Callable[[Session], Saved]:
        actor = self.ctx.actor

        def call(session: Session) -> Saved:
            row = check_in(session, actor=actor, enterprise_id=enterprise.id, at=at, reason=reason)
            return Saved(t("Checked in at {where} at {time}", where=enterprise.label, time=clock.fmt(row.check_in)))

        return call

    # ---- check out -------------------------------------------------------------------------------

    def action_check_out(self) -> None:
        self._check_out()

    @work(exclusive=True, group=FLOW, exit_on_error=False)
    async def _check_out(self) -> None:
        cadre_id = self.ctx.actor.cadre_id
        if cadre_id is None:  # the key is not offered then
            return
        status, shortages = await self.read(partial(_checkout_data, cadre_id=cadre_id))
        if not status.on_site:
            self.notify(t("You are not checked in"), severity="warning", markup=False)
            return
        where = status.enterprise.label if status.enterprise else ""
        await self._form(CheckOutDialog(status, shortages, partial(self._check_out_call, where)))

    def _check_out_call(self, where: str, **fields: Any) -> Callable[[Session], Saved]:
        actor = self.ctx.actor

        def call(session: Session) -> Saved:
            row = check_out(session, actor=actor, **fields)
            assert row.check_out is not None  # just checked out
            return Saved(t("Checked out of {where} at {time} ({duration})", where=where, time=clock.fmt(row.check_out),
                           duration=fmt.duration(minutes(row.check_out - row.check_in))))

        return call

    # ---- stationing (coordinators) --------------------------------------------------------------------

    def action_station(self) -> None:
        self._station(getattr(self.cursor_row("unstaffed"), "id", None))

    @work(exclusive=True, group=FLOW, exit_on_error=False)
    async def _station(self, enterprise_id: int | None) -> None:
        cadres, preset = await self.read(partial(_station_data, enterprise_id=enterprise_id))
        options = [(c, _cadre_label(c), c.search_key) for c in cadres]
        title = t("Station which cadre at {where}?", where=preset.label) if preset else t("Station which cadre?")
        cadre = await self.app.push_screen_wait(ChoiceDialog(title, options))
        if not isinstance(cadre, CadreChoice):
            return
        where = preset or await self._pick_enterprise(t("Station {cadre} at which enterprise?", cadre=cadre.name))
        if where is None:
            return
        typed = clock.today().isoformat()
        while True:
            answer = await self._ask_date(t("Station {cadre} at {where}", cadre=cadre.name, where=where.label),
                                          t("From which day? (YYYY-MM-DD)"), typed)
            if answer is None:
                return
            day, typed = answer
            if await self._save(partial(self._station_call, cadre, where, day)):
                return

    def _station_call(self, cadre: CadreChoice, where: EnterpriseChoice, day: date, session: Session) -> Saved:
        station(session, actor=self.ctx.actor, cadre_id=cadre.id, enterprise_id=where.id, start=day)
        return Saved(t("{cadre} is stationed at {where} from {day}", cadre=cadre.name, where=where.label,
                       day=day.isoformat()))

    def action_end_station(self) -> None:
        row: AssignmentRow | None = self.cursor_row("assignments")
        if row is not None:
            self._end_station(row)

    @work(exclusive=True, group=FLOW, exit_on_error=False)
    async def _end_station(self, row: AssignmentRow) -> None:
        typed = clock.today().isoformat()
        while True:
            answer = await self._ask_date(t("End the stationing of {cadre} at {where}", cadre=row.cadre,
                                            where=row.enterprise), t("Last day on site (YYYY-MM-DD)"), typed)
            if answer is None:
                return
            day, typed = answer
            if await self._save(partial(self._end_station_call, row, day)):
                return

    def _end_station_call(self, row: AssignmentRow, day: date, session: Session) -> Saved:
        end_station(session, actor=self.ctx.actor, assignment_id=row.id, expected_version=row.version, end=day)
        return Saved(t("The stationing of {cadre} at {where} ends on {day}", cadre=row.cadre, where=row.enterprise,
                       day=day.isoformat()))
