"""One donation in full, and what a coordinator does with it: vet it (``v``: into vetting, then the
decision, the KN95 case refused against the catalogue's grade), decline it (``x``, with the reason),
receive what was accepted (``r``, into any warehouse, as often as it comes), redirect a directed gift
with the donor's consent (``d``), issue the donor's certificate (``c``). Keys are offered only where
the donation's state allows the step; the services refuse anyway."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from models.donations import DonationStatus
from models.services.allocation_detail import site_choices
from models.services.certificates import issue_certificate
from models.services.donation_offers import decline_donation, start_vetting
from models.services.donation_views import DonationDetail, donation_detail
from tui.donations import forms
from tui.donations.render import render_donation
from tui.i18n import format as fmt
from tui.i18n import t
from tui.i18n.safe import for_tui
from tui.shell.base import BaseScreen
from tui.shell.dialogs import ReasonDialog

UNDECIDED = (DonationStatus.OFFERED.value, DonationStatus.VETTING.value)
#: action -> whether the donation's state allows it
STEPS: dict[str, Any] = {
    "vet": lambda d: d.row.status in UNDECIDED,
    "decline": lambda d: d.row.status in UNDECIDED,
    "receive": lambda d: d.row.status == DonationStatus.ACCEPTED.value
    and any((line.accepted or 0) > line.received for line in d.lines),
    "redirect": lambda d: d.row.status == DonationStatus.ACCEPTED.value and d.row.directed,
    "certificate": lambda d: d.row.status == DonationStatus.ACCEPTED.value and d.row.received > 0
    and not d.row.certificate and bool(d.row.donor),
}


class DonationDetailScreen(BaseScreen):
    HELP = ("A donation in full: the donor, the channel, the direction, each line offered, accepted and "
            "received, refusals with their reason. Coordinators: v vets (into vetting, then the decision: a "
            "line below the catalogue's grade is refused), x declines, r receives into a warehouse, d redirects "
            "a directed gift with the donor's consent, c issues the certificate. escape goes back.")
    BINDINGS = [
        Binding("v", "vet", "Vet", tooltip="Into vetting; again: decide, line by line", id="donations-vet"),
        Binding("x", "decline", "Decline", tooltip="Decline the offer, with the reason", id="donations-decline"),
        Binding("r", "receive", "Receive", tooltip="Receive into a warehouse against a voucher",
                id="donations-receive"),
        Binding("d", "redirect", "Redirect", tooltip="Another recipient, with the donor's consent",
                id="donations-redirect"),
        Binding("c", "certificate", "Certificate", tooltip="Issue the donor's numbered certificate",
                id="donations-certificate"),
        Binding("escape", "back", "Back", id="donations-back"),
    ]

    def __init__(self, donation_id: int) -> None:
        super().__init__()
        self.donation_id = donation_id
        self.detail: DonationDetail | None = None

    def body(self) -> ComposeResult:
        with VerticalScroll(id="donation-detail"):
            yield Static(t("Loading…"), id="donation-detail-text")

    def on_mount(self) -> None:
        self.sub_title = t("Donations")
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(exclusive=True, group="donation-detail", exit_on_error=False)
    async def _load(self) -> None:
        donation_id = self.donation_id
        self.detail = await self.read(lambda s: donation_detail(s, donation_id=donation_id))
        self.query_one("#donation-detail-text", Static).update(render_donation(self.detail))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in STEPS:
            return True
        return (self.ctx.actor.is_coordinator and not self.ctx.read_only and self.detail is not None
                and bool(STEPS[action](self.detail)))

    def _can(self, action: str) -> DonationDetail | None:
        return self.detail if self.check_action(action, ()) else None

    @work(exclusive=True, group="donation-step", exit_on_error=False)
    async def action_vet(self) -> None:
        detail = self._can("vet")
        if detail is None:
            return
        actor, version, donation_id = self.ctx.actor, detail.version, detail.row.id
        if detail.row.status == DonationStatus.OFFERED.value:
            await self.command(lambda s: start_vetting(s, actor=actor, donation_id=donation_id, version=version))
            self.notify(t("In vetting: v again decides"), markup=False)
            return
        refusals = await self.app.push_screen_wait(forms.vet(actor, detail))
        if refusals is None:
            return
        self.notify(t("Vetted: {n} line(s) refused", n=len(refusals)) if refusals else t("Vetted: accepted"),
                    severity="warning" if refusals else "information", markup=False)

    @work(exclusive=True, group="donation-step", exit_on_error=False)
    async def action_decline(self) -> None:
        detail = self._can("decline")
        if detail is None:
            return
        reason = await self.app.push_screen_wait(ReasonDialog(
            t("Decline {number}", number=detail.row.number), t("Why? (the donor is told this)")))
        if reason:
            actor, version = self.ctx.actor, detail.version
            await self.command(lambda s: decline_donation(s, actor=actor, donation_id=detail.row.id, version=version,
                                                          reason=reason))
            self.notify(t("Declined"), markup=False)

    @work(exclusive=True, group="donation-step", exit_on_error=False)
    async def action_receive(self) -> None:
        detail = self._can("receive")
        if detail is None:
            return
        choices = await self.read(lambda s: site_choices(s, warehouses=True, limit=200))
        warehouses = [(str(c.id), for_tui(fmt.local_name(c.name, c.alt)), c.key) for c in choices]
        if not warehouses:
            self.notify(t("No warehouse yet: add one first"), severity="warning", markup=False)
            return
        if await self.app.push_screen_wait(forms.receive(self.ctx.actor, detail, warehouses)) is not None:
            self.notify(t("Received"), markup=False)

    @work(exclusive=True, group="donation-step", exit_on_error=False)
    async def action_redirect(self) -> None:
        detail = self._can("redirect")
        if detail is not None and await self.app.push_screen_wait(forms.redirect(self.ctx.actor, detail)) is not None:
            self.notify(t("Redirection recorded"), markup=False)

    @work(exclusive=True, group="donation-step", exit_on_error=False)
    async def action_certificate(self) -> None:
        detail = self._can("certificate")
        if detail is None:
            return
        actor = self.ctx.actor
        number = await self.command(lambda s: issue_certificate(s, actor=actor, donation_id=detail.row.id))
        self.notify(t("Certificate {number} issued", number=number), markup=False, timeout=10)

    def action_back(self) -> None:
        self.app.pop_screen()
