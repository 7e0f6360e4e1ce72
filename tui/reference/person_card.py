"""A person's card (``enter`` on People): phone, unit, special group, login, role and whether
active; where they are stationed; their last check-ins. Coordinators edit (``e``) and deactivate or
reactivate (``d``) from here too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from models.errors import ServiceError
from models.services.person_card import PersonCard, person_card
from tui.i18n import error_text, pt, t
from tui.i18n import format as fmt
from tui.i18n.safe import for_tui
from tui.shell.base import BaseScreen
from tui.shell.calls import Refused, ServiceCalls


def toggle_active(node: ServiceCalls, cadre_id: int, version: int, name: str, active: bool) -> None:
    """``d``: deactivate (asking first) or make active again; the login's rights follow in every
    running session at its next poll."""
    from models.services.cadres import set_active
    from tui.shell.dialogs import ConfirmDialog

    async def flow() -> None:
        if active:
            question = t("Deactivate {name}? Their login will only read; their history stays.", name=for_tui(name))
            if not await node.app.push_screen_wait(ConfirmDialog(question, yes="Deactivate", no="Keep")):
                return
        actor = node.ctx.actor
        try:
            await node.command(lambda s: set_active(s, actor=actor, cadre_id=cadre_id, expected_version=version,
                                                    active=not active))
        except Refused:
            return
        node.app.notify(t("{name} is active again", name=name) if not active else t("{name} deactivated", name=name),
                        markup=False)

    node.app.run_worker(flow(), group="people-deactivate", exclusive=True, exit_on_error=False)


class PersonCardScreen(BaseScreen):
    HELP = ("One person: who they are, where they are stationed and their last check-ins. "
            "escape goes back; coordinators edit (e) and deactivate or reactivate (d).")
    CSS_PATH = Path(__file__).with_name("reference.tcss")
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="person-back"),
        Binding("e", "edit", "Edit", tooltip="Edit this person", id="person-edit"),
        Binding("d", "deactivate", "Deactivate", tooltip="Deactivate this person, or make them active again",
                id="person-deactivate"),
    ]

    def __init__(self, cadre_id: int) -> None:
        super().__init__()
        self.cadre_id = cadre_id
        self.card: PersonCard | None = None

    def body(self) -> ComposeResult:
        with VerticalScroll(id="person-scroll"):
            yield Static(t("Loading…"), id="person-card")

    def on_mount(self) -> None:
        self.sub_title = t("People")
        self.query_one("#person-scroll").focus()
        self.load()

    def reload(self) -> None:
        self.load()

    @work(exclusive=True, group="person-load", exit_on_error=False)
    async def load(self) -> None:
        try:
            self.card = await self.read(lambda s: person_card(s, cadre_id=self.cadre_id))
        except ServiceError as error:
            self.query_one("#person-card", Static).update(Text(error_text(error)))
            return
        self.query_one("#person-card", Static).update(render(self.card))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "deactivate"):
            return self.ctx.actor.is_coordinator and not self.ctx.read_only and self.card is not None
        return True

    def action_edit(self) -> None:
        from tui.reference.person_form import PersonFormScreen

        self.app.push_screen(PersonFormScreen(self.cadre_id))

    def action_deactivate(self) -> None:
        if self.card is not None:
            toggle_active(self, self.cadre_id, self.card.version, self.card.name, self.card.active)


def render(card: PersonCard) -> Text:
    text = Text()
    text.append(for_tui(card.name), style="bold")
    if not card.active:
        text.append("  " + t("inactive"), style="bold red")
    text.append("\n\n")
    for label, value in (("Phone", card.phone), ("Unit", fmt.local_name(card.unit, card.unit_en)),
                         ("Special group", fmt.local_name(card.group, card.group_en)), ("Login", card.login),
                         ("Role", pt("role", card.role)), ("Active", t("yes") if card.active else t("no")),
                         ("Changed", f"{fmt.moment(card.updated_at)} {card.updated_by}".strip())):
        _line(text, t(label), value)
    text.append("\n")
    text.append(t("Stationed at"), style="bold")
    text.append("\n")
    if not card.stationings:
        text.append("  " + t("none") + "\n", style="dim")
    for s in card.stationings:
        until = fmt.day(s.end) if s.end else t("now")
        text.append(f"  {for_tui(s.enterprise)}  {fmt.day(s.start)} – {until}\n", style="dim" if s.end else "")
    text.append("\n")
    text.append(t("Last check-ins"), style="bold")
    text.append("\n")
    if not card.checkins:
        text.append("  " + t("none") + "\n", style="dim")
    for v in card.checkins:
        out = fmt.hhmm(v.check_out) if v.check_out else t("on site")
        text.append(f"  {fmt.moment(v.check_in)} – {out}  {for_tui(v.enterprise)}\n")
    return text


def _line(text: Text, label: str, value: Any) -> None:
    text.append(f"{label}: ", style="bold")
    text.append(for_tui(str(value)) if value else "—")
    text.append("\n")
