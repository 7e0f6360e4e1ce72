"""The footer of every screen: Textual's, rebuilt only when the keys it shows change.

Textual's footer removes and mounts all its keys whenever the screen's bindings may have changed
(focus moves, a screen refreshes its bindings): six times before the first rows are painted, and
again on keys that change nothing it shows. Each rebuild restyles every key.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


class AppFooter(Footer):
    _shown: tuple[Any, ...] | None = None

    def _showing(self) -> tuple[Any, ...]:
        """What the footer would show now: each shown key, its label, tooltip and whether it is enabled."""
        keys = tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip, binding.group)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )
        return keys, self.show_command_palette, self.app.ENABLE_COMMAND_PALETTE

    async def recompose(self) -> None:
        if not self._bindings_ready or not self.is_attached:
            await super().recompose()
            return
        showing = self._showing()
        if showing == self._shown:
            return
        self._shown = showing
        await super().recompose()
