"""The card of one enterprise (``enter`` on the directory): identity and status history, production
against city demand, reserves, licences, holiday plan, people on site and open shortages.

Readable at 80×24 by scrolling; on a wide terminal the sections sit in two columns. The keys that
change the record are offered only to those who may write; a field cadre on an enterprise they are
not stationed at is told so instead of being shown a form the service would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from models.errors import ServiceError
from models.services.enterprise_card import EnterpriseCard, card
from tui.enterprises import sections as sections
from tui.enterprises.card_actions import CardActions
from tui.enterprises.shortage_link import ShortageLink
from tui.i18n import command_title, error_text, pt, t, tn
from tui.i18n.safe import for_tui

WIDE = 150


class EnterpriseCardScreen(CardActions):
    HELP = ("One enterprise: identity, production and people. escape goes back to the list. "
            "e edit · r today's report · p products · m reserves · l licences · h holiday plan · t status · "
            "a archive · n new shortage · tab then enter opens an open shortage.")
    CSS_PATH = Path(__file__).with_name("enterprises.tcss")
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="card-back"),
        Binding("slash", "app.list_filter('enterprises')", "Filter", tooltip="Filter the list of enterprises",
                show=False, priority=True, id="card-filter"),
        Binding("e", "edit", "Edit", tooltip="Edit the enterprise's identity", id="card-edit"),
        Binding("r", "report", "Report", tooltip="Today's output, stock and shipped", id="card-report"),
        Binding("p", "products", "Products", show=False, tooltip="What it makes and its daily capacity",
                id="card-products"),
        Binding("m", "reserves", "Reserves", show=False, tooltip="Raw-material stock and daily use",
                id="card-reserves"),
        Binding("l", "licences", "Licences", show=False, tooltip="Add a licence or move one a step on",
                id="card-licences"),
        Binding("h", "holiday", "Holiday plan", show=False, tooltip="The holiday production plan", id="card-holiday"),
        Binding("t", "status", "Status", show=False, tooltip="Resumed, full load or stopped", id="card-status"),
        Binding("a", "archive", "Archive", show=False, tooltip="Archive with a reason, or restore", id="card-archive"),
        Binding("n", "new_shortage", "New shortage", show=False, tooltip="Record a shortage of this enterprise",
                id="card-new-shortage"),
        Binding("enter", "open_shortage", "Open shortage", show=False, tooltip="Open the first open shortage",
                id="card-open-shortage"),
    ]

    def __init__(self, enterprise_id: int) -> None:
        super().__init__()
        self.enterprise_id = enterprise_id
        self.card = None
        self.hold_keys()  # from the start: a key read before the screen is even mounted is held too

    # ---- layout ------------------------------------------------------------------------------------

    def body(self) -> ComposeResult:
        yield Static(t("Loading…"), id="card-title")
        yield Static("", id="card-subtitle")
        with VerticalScroll(id="card-scroll"), Vertical(id="card-grid"):
            for key, title in (("identity", "Identity"), ("production", "Production"),
                               ("materials", "Raw materials"), ("licences", "Licences"),
                               ("holiday", "Holiday production plan"), ("people", "People"),
                               ("shortages", "Open shortages")):
                with Vertical(classes="card-section", id=f"section-{key}"):
                    yield Static(Text(t(title), style="bold"), classes="card-heading")
                    if key != "shortages":
                        yield Static("", id=f"card-{key}", classes="card-text")

    def on_mount(self) -> None:
        self.sub_title = t("Enterprises")
        self.query_one("#card-scroll").focus()
        self.load()

    def reload(self) -> None:
        """Someone changed data (this session or another): show the card as it is now."""
        if self.card is not None:
            self.load()

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE, "-wide")

    # ---- data ------------------------------------------------------------------------------------------

    @work(exclusive=True, group="card-load", exit_on_error=False)
    async def load(self) -> None:
        try:
            data = await self.read(lambda s: card(s, enterprise_id=self.enterprise_id))
        except ServiceError as error:  # gone (deleted meanwhile, or a wrong id): say so in its place
            self.notify(error_text(error), title=t("Error"), severity="error", markup=False)
            self.query_one("#card-title", Static).update(Text(error_text(error)))
            return
        finally:
            self.keys_ready()
        await self._show(data)

    async def _show(self, data: EnterpriseCard) -> None:
        self.card = data
        self.query_one("#card-title", Static).update(Text(for_tui(data.identity.name), style="bold"))
        self.query_one("#card-subtitle", Static).update(self._subtitle(data))
        for key, render in (("identity", sections.identity), ("production", sections.production),
                            ("materials", sections.materials), ("licences", sections.licences),
                            ("holiday", sections.holiday), ("people", sections.people)):
            self.query_one(f"#card-{key}", Static).update(render(data))
        box = self.query_one("#section-shortages", Vertical)
        focused = self.focused.shortage.id if isinstance(self.focused, ShortageLink) else None
        await box.query(ShortageLink).remove()
        await box.query(".card-none").remove()
        if data.shortages:
            await box.mount_all([ShortageLink(s) for s in data.shortages])
            if focused is not None:  # a reload keeps the shortage the user was on
                self.set_focus(next((w for w in box.query(ShortageLink) if w.shortage.id == focused),
                                    self.query_one("#card-scroll")))
        else:
            await box.mount(Static(Text(t("No open shortages."), style="dim"), classes="card-none card-text"))
        self.refresh_bindings()

    def _subtitle(self, data: EnterpriseCard) -> Text:
        ident = data.identity
        line = Text()
        if ident.archived:
            line.append(t("Archived"), style="bold yellow")
            line.append(" · ")
        line.append(pt("enterprise status", ident.status), style="bold")
        for part in (ident.district, ident.park):
            if part:
                line.append(" · ")
                line.append(part)
        if data.shortages:
            line.append(" · ")
            line.append(tn("{n} open shortage", "{n} open shortages", len(data.shortages)), style="bold red")
        if any(r.low for r in data.reserves):
            line.append(" · ")
            line.append(t("reserves under 3 days"), style="bold red")
        return line

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.ctx.read_only:
            return
        for action, title in (("edit", "edit"), ("report", "today's report"), ("products", "products"),
                              ("reserves", "reserves"),
                              ("licences", "licences"), ("holiday", "holiday plan"), ("status", "status"),
                              ("new_shortage", "new shortage")):
            yield SystemCommand(command_title("enterprise", title), t("On the card of this enterprise"),
                                getattr(self, f"action_{action}"))
        if self.ctx.actor.is_coordinator:
            yield SystemCommand(command_title("enterprise", "archive or restore"), t("On the card of this enterprise"),
                                self.action_archive)

    # ---- shortages ---------------------------------------------------------------------------------------

    @on(ShortageLink.Selected)
    def _open_link(self, event: ShortageLink.Selected) -> None:
        self.open_shortage(event.shortage_id)

    def action_open_shortage(self) -> None:
        focused = self.focused
        if isinstance(focused, ShortageLink):
            self.open_shortage(focused.shortage.id)
        elif self.card is not None and self.card.shortages:
            self.open_shortage(self.card.shortages[0].id)

    def open_shortage(self, shortage_id: int) -> None:
        try:
            from tui.shortages.detail import ShortageDetailScreen
        except ImportError:
            self.notify(t("The shortage screen is not available in this version"), severity="warning", markup=False)
            return
        self.app.push_screen(ShortageDetailScreen(shortage_id))

    def action_new_shortage(self) -> None:
        if not self.allowed():
            return
        try:
            from tui.shortages.form import ShortageFormScreen
        except ImportError:
            self.notify(t("The shortage screen is not available in this version"), severity="warning", markup=False)
            return
        self.app.push_screen(ShortageFormScreen(self.enterprise_id))
