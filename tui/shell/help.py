"""``?``: every key of the screen it was opened from, with what it does."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.i18n import t
from tui.shell.base import BaseModal

#: Textual's own keys that are not part of the app's keymap (copying, wide scrolling, its quit)
HIDDEN_KEYS = {"ctrl+c", "super+c", "ctrl+q", "ctrl+pageup", "ctrl+pagedown", "tab", "shift+tab"}
KEY_NAMES = {"question_mark": "?", "slash": "/", "exclamation_mark": "!", "circumflex_accent": "^", "escape": "esc",
             "enter": "enter", "ctrl+p": "ctrl+p"}


def key_label(key: str) -> str:
    return KEY_NAMES.get(key, key)


class HelpScreen(BaseModal):
    CSS_PATH = Path(__file__).with_name("help.tcss")
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help-close"),
        Binding("question_mark", "dismiss", "Close", show=False, id="help-close-2"),
        Binding("q", "dismiss", "Close", show=False, id="help-close-3"),
    ]

    def __init__(self, *, title: str, intro: str, bindings: dict[str, ActiveBinding]) -> None:
        super().__init__()
        self.title_text, self.intro, self.bindings = title, intro, bindings

    def compose(self) -> ComposeResult:
        lines = Text()
        if self.intro:
            lines.append(self.intro + "\n\n")
        rows = sorted(
            {(key_label(key), active.binding.description, active.tooltip) for key, active in self.bindings.items()
             if active.binding.description and not active.binding.system and key not in HIDDEN_KEYS},
            key=lambda r: (len(r[0]) > 1, r[0]),
        )
        for key, description, tooltip in rows:
            lines.append(f"{key:>13}  ", style="bold")
            lines.append(description)
            if tooltip and tooltip != description:
                lines.append(f" — {tooltip}", style="dim")
            lines.append("\n")
        scroll = VerticalScroll()
        scroll.border_title = self.title_text
        scroll.border_subtitle = t("escape closes")
        with scroll:
            yield Static(lines, id="help-text")
