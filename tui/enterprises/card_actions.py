"""The card's keys that change the enterprise: who may use them, the forms (edit, report, products,
reserves, licence, holiday plan), and the steps that need only a pick and a reason (status, archive,
a licence's next stage).

Each step is one flow, top to bottom in a worker: pick, give a reason, write with the version the
card was read at. The write goes through ``command``: done, the card reloads once (the app's reload
rule); refused because someone changed the record meanwhile, the card says so and shows the record
as it is now.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.screen import Screen

from models.base import EnterpriseStatus, LicenceStatus
from models.errors import ConflictError, ServiceError
from models.services.enterprise_licences import LICENCE_STEPS, advance_qualification
from models.services.enterprises import set_archived, set_status
from tui.i18n import error_text, pt, t
from tui.i18n import format as fmt
from tui.i18n.safe import for_tui
from tui.shell.base import BaseScreen
from tui.shell.dialogs import ChoiceDialog, ConfirmDialog, ReasonDialog

if TYPE_CHECKING:
    from sqlmodel import Session

    from models.services.enterprise_card import EnterpriseCard, LicenceLine

ADD_LICENCE = -1
#: actions that change the record: hidden from viewers; refused with a message for cadres elsewhere
WRITES = {"edit", "report", "products", "reserves", "licences", "holiday", "status", "new_shortage"}
COORDINATOR_ONLY = {"archive"}


def _item(lic: LicenceLine) -> str:
    """The licensed item in the language shown (blank: a licence of no one item)."""
    return for_tui(fmt.local_name(lic.item, lic.item_en))


class CardActions(BaseScreen):
    """The writing half of EnterpriseCardScreen, which reads ``card`` and shows it."""

    card: EnterpriseCard | None = None
    enterprise_id: int

    # ---- who may do what -----------------------------------------------------------------------------

    @property
    def may_write(self) -> bool:
        """Coordinators anywhere; field cadres where they are stationed (the services check again)."""
        actor = self.ctx.actor
        if not actor.can_write or self.card is None:
            return False
        return actor.is_coordinator or actor.cadre_id in self.card.stationed_ids

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITES and self.ctx.read_only:
            return False
        if action in COORDINATOR_ONLY and not self.ctx.actor.is_coordinator:
            return False
        return True

    def allowed(self) -> bool:
        """May the actor change this enterprise? Says why not when they may not."""
        if self.card is None:
            return False
        if not self.may_write:
            self.notify(t("You are not stationed at this enterprise"), title=t("Not allowed"), severity="error",
                        markup=False)
            return False
        return True

    # ---- forms: each saves through its own command, and the card reloads when it shows again -------

    def _form(self, screen: Screen[Any]) -> None:
        if self.allowed():
            self.app.push_screen(screen)

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

    @work(exclusive=True, group="card-step", exit_on_error=False)
    async def action_status(self) -> None:
        if not self.allowed() or self.card is None:
            return
        ident = self.card.identity
        options = [(s.value, pt("enterprise status", s.value), s.value) for s in EnterpriseStatus]
        status = await self.app.push_screen_wait(ChoiceDialog(t("Status"), options, current=ident.status))
        if status is None or status == ident.status:
            return
        title = t("Status: {status}", status=pt("enterprise status", status))
        reason = await self.app.push_screen_wait(ReasonDialog(title, t("Why (optional)"), required=False))
        if reason is None:
            return
        await self.step(lambda s: set_status(s, actor=self.ctx.actor, enterprise_id=ident.id,
                                             expected_version=ident.version, status=status, reason=reason or None),
                        title)

    @work(exclusive=True, group="card-step", exit_on_error=False)
    async def action_archive(self) -> None:
        if self.card is None:
            return
        ident = self.card.identity
        if ident.archived:
            if await self.app.push_screen_wait(ConfirmDialog(t("Bring {name} back into the lists?", name=ident.name))):
                await self.step(lambda s: set_archived(s, actor=self.ctx.actor, enterprise_id=ident.id,
                                                       expected_version=ident.version, archived=False), t("Restored"))
            return
        reason = await self.app.push_screen_wait(ReasonDialog(t("Archive {name}", name=ident.name),
                                                              t("Why is it archived? (it can be restored)")))
        if reason:
            await self.step(lambda s: set_archived(s, actor=self.ctx.actor, enterprise_id=ident.id,
                                                   expected_version=ident.version, archived=True, reason=reason),
                            t("Archived: it leaves the lists until restored"))

    @work(exclusive=True, group="card-step", exit_on_error=False)
    async def action_licences(self) -> None:
        if not self.allowed() or self.card is None:
            return
        options: list[tuple[int, str, str]] = [
            (lic.id, f"{_item(lic) or '—'} · {for_tui(lic.kind)} · {pt('licence status', lic.status)}", lic.status)
            for lic in self.card.licences
            if LICENCE_STEPS.get(lic.status)
        ]
        options.append((ADD_LICENCE, t("Add a licence…"), "add new xin"))
        picked = await self.app.push_screen_wait(ChoiceDialog(t("Licences"), options))
        if picked == ADD_LICENCE:
            from tui.enterprises.licence import LicenceFormScreen

            self.app.push_screen(LicenceFormScreen(self.enterprise_id))
        elif picked is not None and self.card is not None:
            await self._licence_step(next(lic for lic in self.card.licences if lic.id == picked))

    async def _licence_step(self, lic: LicenceLine) -> None:
        options = [(s, pt("licence status", s), s) for s in LICENCE_STEPS[lic.status]]
        title = f"{_item(lic) or for_tui(lic.kind)}: {pt('licence status', lic.status)} →"
        status = await self.app.push_screen_wait(ChoiceDialog(title, options))
        if status is None:
            return
        number: str | None = None
        if status == LicenceStatus.HELD:
            number = await self.app.push_screen_wait(ReasonDialog(
                t("Licence held"), t("Licence number (optional)"), required=False, value=lic.number, max_len=64))
            if number is None:
                return
        await self.step(lambda s: advance_qualification(s, actor=self.ctx.actor, qualification_id=lic.id,
                                                        expected_version=lic.version, status=status,
                                                        number=number or None),
                        t("Licence: {status}", status=pt("licence status", status)))

    async def step(self, call: Callable[[Session], object], notice: str) -> None:
        """Write, then say what was done (the reload follows from the change)."""
        await self.command(call)
        self.notify(notice, markup=False)

    def refused(self, error: ServiceError) -> None:
        """A refused step: why, and the record as it is now (a conflict means it changed meanwhile)."""
        text = error_text(error)
        if isinstance(error, ConflictError):
            text = t("Someone else changed this enterprise meanwhile; nothing was saved. Here it is as it is now.")
        self.notify(text, title=t(self.REFUSED_TITLE), severity="error", timeout=8, markup=False)
        self.reload()
