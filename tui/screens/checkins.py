"""Screen: Check-ins (list)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from tui.i18n import t
from tui.screens.base import BaseScreen


class CheckInScreen(BaseScreen):
    HELP = "Check-ins"

    def body(self) -> ComposeResult:
        yield Static(t("Check-ins"))
