"""The card's keys that change the enterprise: the forms (edit, report, reserves, licence, holiday
plan), and the steps that need only a pick and a reason (status, archive, a licence's next stage).

A step runs in a worker with the version the card was read at; if someone changed the record in
the meantime the service refuses it, the card says so and shows the record as it is now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message

from models.base import EnterpriseStatus, LicenceStatus
from models.errors import ConflictError, ServiceError
from models.services.enterprise_licences import LICENCE_STEPS, advance_qualification
from models.services.enterprises import set_archived, set_status
from tui.i18n import error_text, pt, t
from tui.shell.dialogs import ChoiceDialog, ConfirmDialog, ReasonDialog

if TYPE_CHECKING:
    from sqlmodel import Session

    from models.services.enterprise_card import EnterpriseCard, LicenceLine

ADD_LICENCE = -1


@dataclass
class CardStepDone(Message):
    notice: str


@dataclass
class CardStepFailed(Message):
    error: ServiceError


class CardActions:
    """Mixed into EnterpriseCardScreen (which provides ``card``, ``enterprise_id``, ``allowed``, ``load``).
    Its messages are module-level and handled by name (``on_card_step_done``): ``@on`` needs the
    message pump's metaclass, which a plain mixin does not have."""

    card: EnterpriseCard | None
    enterprise_id: int

    # ---- forms ---------------------------------------------------------------------------------------

    def _form(self, screen: Any) -> None:
        if self.allowed():  # type: ignore[attr-defined]
            self.app.push_screen(screen)  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        from tui.enterprises.form import EnterpriseFormScreen

        self._form(EnterpriseFormScreen(self.enterprise_id))

    def action_report(self) -> None:
        from tui.enterprises.report import ReportFormScreen

        self._form(ReportFormScreen(self.enterprise_id))

    def action_products(self) -> None:
        from tui.enterprises.products import ProductsFormScreen

        self._form(ProductsFormScreen(self.enterprise_id))

    def action_reserves(self) -> None:
        from tui.enterprises.reserves import ReservesFormScreen

        self._form(ReservesFormScreen(self.enterprise_id))

    def action_holiday(self) -> None:
        from tui.enterprises.holiday import HolidayPlanFormScreen

        self._form(HolidayPlanFormScreen(self.enterprise_id))

    # ---- steps ---------------------------------------------------------------------------------------

    def action_status(self) -> None:
        if not self.allowed() or self.card is None:  # type: ignore[attr-defined]
            return
        ident = self.card.identity
        options = [(s.value, pt("enterprise status", s.value), s.value) for s in EnterpriseStatus]

        def picked(status: str | None) -> None:
            if status is None or status == ident.status:
                return

            def reasoned(reason: str | None) -> None:
                if reason is not None:
                    self.step(lambda s, actor: set_status(
                        s, actor=actor, enterprise_id=ident.id, expected_version=ident.version, status=status,
                        reason=reason or None), t("Status: {status}", status=pt("enterprise status", status)))

            self.app.push_screen(ReasonDialog(t("Status: {status}", status=pt("enterprise status", status)),  # type: ignore[attr-defined]
                                              t("Why (optional)"), required=False), reasoned)

        self.app.push_screen(ChoiceDialog(t("Status"), options, current=ident.status), picked)  # type: ignore[attr-defined]

    def action_archive(self) -> None:
        if self.card is None:
            return
        ident = self.card.identity
        if ident.archived:
            def restore(yes: bool | None) -> None:
                if yes:
                    self.step(lambda s, actor: set_archived(s, actor=actor, enterprise_id=ident.id,
                                                            expected_version=ident.version, archived=False), t("Restored"))

            self.app.push_screen(ConfirmDialog(t("Bring {name} back into the lists?", name=ident.name)), restore)  # type: ignore[attr-defined]
            return

        def archive(reason: str | None) -> None:
            if reason:
                self.step(lambda s, actor: set_archived(s, actor=actor, enterprise_id=ident.id,
                                                        expected_version=ident.version, archived=True, reason=reason),
                          t("Archived: it leaves the lists until restored"))

        self.app.push_screen(ReasonDialog(t("Archive {name}", name=ident.name),  # type: ignore[attr-defined]
                                          t("Why is it archived? (it can be restored)")), archive)

    def action_licences(self) -> None:
        if not self.allowed() or self.card is None:  # type: ignore[attr-defined]
            return
        options: list[tuple[Any, str, str]] = [
            (lic.id, f"{lic.item or '—'} · {lic.kind} · {pt('licence status', lic.status)}", lic.status) for lic in self.card.licences
            if LICENCE_STEPS.get(lic.status)
        ]
        options.append((ADD_LICENCE, t("Add a licence…"), "add new xin"))

        def picked(value: int | None) -> None:
            if value == ADD_LICENCE:
                from tui.enterprises.licence import LicenceFormScreen

                self.app.push_screen(LicenceFormScreen(self.enterprise_id))  # type: ignore[attr-defined]
            elif value is not None and self.card is not None:
                self._licence_step(next(lic for lic in self.card.licences if lic.id == value))

        self.app.push_screen(ChoiceDialog(t("Licences"), options), picked)  # type: ignore[attr-defined]

    def _licence_step(self, lic: LicenceLine) -> None:
        options = [(s, pt("licence status", s), s) for s in LICENCE_STEPS[lic.status]]

        def save(status: str, number: str | None = None) -> None:
            self.step(lambda s, actor: advance_qualification(
                s, actor=actor, qualification_id=lic.id, expected_version=lic.version, status=status,
                number=number or None), t("Licence: {status}", status=pt("licence status", status)))

        def picked(status: str | None) -> None:
            if status == LicenceStatus.HELD:
                self.app.push_screen(ReasonDialog(t("Licence held"), t("Licence number (optional)"),  # type: ignore[attr-defined]
                                                  required=False, value=lic.number, max_len=64),
                                     lambda number: None if number is None else save(status, number))
            elif status is not None:
                save(status)

        title = f"{lic.item or lic.kind}: {pt('licence status', lic.status)} →"
        self.app.push_screen(ChoiceDialog(title, options), picked)  # type: ignore[attr-defined]

    def step(self, command: Callable[[Session, Any], Any], notice: str) -> None:
        self._run_step(command, notice)

    @work(thread=True, exclusive=True, group="card-step", exit_on_error=False)
    def _run_step(self, command: Callable[[Session, Any], Any], notice: str) -> None:
        actor = self.ctx.actor  # type: ignore[attr-defined]
        try:
            self.ctx.run(lambda s: command(s, actor))  # type: ignore[attr-defined]
        except ServiceError as error:
            self.post_message(CardStepFailed(error))  # type: ignore[attr-defined]
            return
        self.post_message(CardStepDone(notice))  # type: ignore[attr-defined]

    def on_card_step_done(self, message: CardStepDone) -> None:
        self.notify(message.notice, markup=False)  # type: ignore[attr-defined]
        self.load()  # type: ignore[attr-defined]

    def on_card_step_failed(self, message: CardStepFailed) -> None:
        text = error_text(message.error)
        if isinstance(message.error, ConflictError):
            text = t("Someone else changed this enterprise meanwhile; nothing was saved. Here it is as it is now.")
        self.notify(text, title=t("Nothing saved"), severity="error", timeout=8, markup=False)  # type: ignore[attr-defined]
        self.load()  # type: ignore[attr-defined]
