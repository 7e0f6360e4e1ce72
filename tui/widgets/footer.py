"""The footer of every screen: Textual's, rebuilt only when the keys it shows change, and fitted to
the terminal's width so that ``q`` (quit) always shows.

Textual's footer removes and mounts all its keys whenever the screen's bindings may have changed
(focus moves, a screen refreshes its bindings): six times before the first rows are painted, and
again on keys that change nothing it shows. Each rebuild restyles every key.

Textual's footer also cuts whatever does not fit at the right edge, and the keys it lists last are
the app's: on a narrow terminal ``? Help`` and ``q Quit`` went first. Here, when the keys are wider
than the footer, they go compact (less padding), then the least important ones are hidden until the
rest fit: the focused widget's keys (a table's sort and open) first, then the screen's own from the
right, then the app's; the keys a screen names in ``FOOTER_KEEP`` after those, then help; quit never.
"""

from __future__ import annotations

from typing import Any

from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Footer

#: the app's keys kept longest, by binding id: quit last of all
APP_KEEP = ("help", "quit")


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
            self._refit()
            return
        showing = self._showing()
        if showing == self._shown:
            return
        self._shown = showing
        await super().recompose()
        self._refit()

    def on_resize(self) -> None:
        self._refit()

    # ---- fitting the width ---------------------------------------------------------------------------

    def _keys(self) -> list[Widget]:
        """The footer's keys but the palette's (docked on the right, always shown)."""
        return [key for key in self.query("FooterKey") if not key.has_class("-command-palette")]

    def _refit(self) -> None:
        """Every key at full size; once laid out, made to fit if it does not."""
        self.compact = False
        for key in self._keys():
            key.display = True
        self.call_after_refresh(self._fit, compacted=False)

    def _fit(self, *, compacted: bool) -> None:
        if not self.is_attached:
            return
        keys = self._keys()
        if any(not key.outer_size.width for key in keys):  # not laid out yet
            self.call_after_refresh(self._fit, compacted=compacted)
            return
        widths = {key: key.outer_size.width + key.styles.margin.width for key in keys}
        room = self.size.width - sum(key.outer_size.width for key in self.query("FooterKey.-command-palette"))
        total = sum(widths.values())
        if total <= room:
            return
        if not compacted:
            self.compact = True  # measured again once laid out compact
            self.call_after_refresh(self._fit, compacted=True)
            return
        try:
            order = sorted(keys, key=self._rank(keys))
        except NoMatches:  # the screen is being taken down (the app quits): its lists are gone already
            return
        for key in order:
            if total <= room:
                break
            key.display = False
            total -= widths[key]

    def _rank(self, keys: list[Widget]) -> Any:
        """The order keys are hidden in (lowest first), from where each binding comes."""
        bindings = self.screen.active_bindings
        keep: tuple[str, ...] = getattr(self.screen, "FOOTER_KEEP", ())  # modal screens have none

        def rank(key: Widget) -> tuple[int, int]:
            position = -keys.index(key)  # the rightmost of a tier first
            active = bindings.get(getattr(key, "key", ""))
            if active is None:
                return 0, position
            node, binding = active.node, active.binding
            if binding.id in APP_KEEP:
                return 4 + APP_KEEP.index(binding.id), position
            if binding.id in keep:
                return 3, position
            if node is self.app:
                return 2, position
            return (1 if node is self.screen else 0), position

        return rank
