"""``?``: every key of the screen it was opened from, with what it does.

The keys stand in a column of their own and what each does in the next, so that a description too
long for one line goes on under its own text, not under the keys. Keys said in words are named in the
current language ("enter" is 回车 in Chinese). Lines break as the brief's do (``tui.i18n.lines``): in
Chinese after a phrase, and no line starts with a colon or other closing punctuation.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.i18n import n_, t
from tui.i18n.lines import Wrapped
from tui.shell.base import BaseModal

#: Textual's own keys that are not part of the app's keymap (copying, wide scrolling, its quit)
HIDDEN_KEYS = {"ctrl+c", "super+c", "ctrl+q", "ctrl+pageup", "ctrl+pagedown", "tab", "shift+tab"}
#: keys shown by their sign or by the name on their cap, the same in every language
KEY_SIGNS = {"question_mark": "?", "slash": "/", "exclamation_mark": "!", "circumflex_accent": "^", "up": "↑",
             "down": "↓", "left": "←", "right": "→", "home": "Home", "end": "End", "pageup": "PgUp",
             "pagedown": "PgDn", "left_square_bracket": "[", "right_square_bracket": "]"}
#: keys and modifiers said in words: msgids, named in the current language
KEY_WORDS = {"escape": n_("esc"), "enter": n_("enter"), "space": n_("space"), "tab": n_("tab"),
             "delete": n_("delete"), "backspace": n_("backspace"), "ctrl": n_("ctrl"), "shift": n_("shift"),
             "alt": n_("alt")}
#: the width of the column of keys
KEY_WIDTH = 13


def key_label(key: str) -> str:
    """``key`` as the help names it: a sign, or words in the current language (``ctrl+p``, 回车)."""
    if key in KEY_SIGNS:
        return KEY_SIGNS[key]
    return "+".join(t(KEY_WORDS[part]) if part in KEY_WORDS else KEY_SIGNS.get(part, part)
                    for part in key.split("+"))


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
        rows = sorted(
            {(key_label(key), active.binding.description, active.tooltip) for key, active in self.bindings.items()
             if active.binding.description and not active.binding.system and key not in HIDDEN_KEYS},
            key=lambda r: (len(r[0]) > 1, r[0]),
        )
        keys = Table.grid(padding=(0, 2, 0, 0))
        keys.add_column(justify="right", width=KEY_WIDTH, no_wrap=True, style="bold")
        keys.add_column(ratio=1)
        for key, description, tooltip in rows:
            what = Text(description)
            if tooltip and tooltip != description:
                what.append(f" — {tooltip}", style="dim")
            keys.add_row(key, Wrapped(what))
        scroll = VerticalScroll()
        scroll.border_title = self.title_text
        scroll.border_subtitle = t("escape closes")
        with scroll:
            yield Static(Group(Wrapped(self.intro + "\n"), keys) if self.intro else keys, id="help-text")
