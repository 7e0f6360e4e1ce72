"""Screen: Shortages (list)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from tui.i18n import t
from tui.screens.base import BaseScreen


class ShortageListScreen(BaseScreen):
    HELP = "Shortages"

    def body(self) -> ComposeResult:
        yield Static(t("Shortages"))
