"""One open shortage on an enterprise card: a focusable line; ``enter`` asks to open its detail."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from models.services.enterprise_card import ShortageLine
from tui.enterprises.sections import when
from tui.i18n import format as fmt
from tui.i18n import pt

SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}


class ShortageLink(Static, can_focus=True):
    BINDINGS = [Binding("enter", "open", "Open shortage", tooltip="Open this shortage's detail",
                        id="shortage-link-open")]

    @dataclass
    class Selected(Message):
        link: ShortageLink
        shortage_id: int

        @property
        def control(self) -> ShortageLink:
            return self.link

    def __init__(self, shortage: ShortageLine) -> None:
        super().__init__(id=f"shortage-{shortage.id}", classes="shortage-link")
        self.shortage = shortage

    def on_mount(self) -> None:
        s = self.shortage
        line = Text()  # Text(text, style=...) would style every part appended after it
        line.append(f"#{s.id} ", style="dim")
        line.append("● " + pt("severity", s.severity), style=SEVERITY_STYLE.get(s.severity, ""))
        line.append("  ")
        line.append(pt("shortage kind", s.kind), style="bold")
        if s.what:
            line.append(" ")
            line.append(fmt.local_name(s.what, s.what_en), style="bold")
        line.append(f"  {pt('shortage status', s.status)} · {pt('level', s.level)} · {when(s.reported_at)}",
                    style="dim")
        if s.description:
            line.append("\n  ")
            line.append(s.description)
        self.update(line)

    def action_open(self) -> None:
        self.post_message(self.Selected(self, self.shortage.id))

    def on_click(self) -> None:
        self.action_open()
