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

Fitting lays the keys out at full size, then compact, restyling every key each time: the first
footer of a screen pays that (a few tens of ms at 80 columns), the next one does not. A fit is kept
by what decides it (the screen's class, the width, the language and the keys shown, with where each
comes from), and a footer showing the same again (a card opened again, a screen shown at a width it
had) takes it at once: its keys mount in their final size, laid out once, none restyled.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: the app's keys kept longest, by binding id: quit last of all
APP_KEEP = ("help", "quit")
#: fits worked out, by what decides them (``AppFooter._fit_key``): compact or not, and the positions of
#: the keys hidden; the oldest go first past ``FITS_KEPT`` (a few per screen and width)
_FITS: dict[tuple[Any, ...], tuple[bool, frozenset[int]]] = {}
FITS_KEPT = 128


class AppFooter(Footer):
    _shown: tuple[Any, ...] | None = None
    #: what decides the fit of the keys shown now (None: unknown, the width not yet)
    _fit_key: tuple[Any, ...] | None = None

    def _showing(self) -> tuple[Any, ...]:
        """What the footer would show now: each shown key, its label, tooltip, whether it is enabled, and
        what ranks it when keys must go (its id and whether the app, the screen or a widget binds it)."""
        app, screen = self.app, self.screen
        keys = tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip, binding.group, binding.id,
             2 if node is app else 1 if node is screen else 0)
            for node, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show
        )
        return keys, self.show_command_palette, app.ENABLE_COMMAND_PALETTE

    def _key_of(self, showing: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
        width = self.size.width
        if showing is None or not width:
            return None
        language = getattr(getattr(self.app, "translator", None), "language", "")
        return type(self.screen), width, language, showing

    async def recompose(self) -> None:
        if not self._bindings_ready or not self.is_attached:
            await super().recompose()
            self._refit()
            return
        stack = self.app.screen_stack
        if stack and stack[-1] is not self.screen and not stack[-1].is_modal:
            # covered by another screen (a card over its list, or being closed): its keys are looked at
            # again when it shows (Textual refreshes a screen's bindings as it resumes)
            return
        showing = self._showing()
        if showing == self._shown:
            return
        self._shown = showing
        self._fit_key = self._key_of(showing)
        await super().recompose()
        self._refit()

    def compose(self) -> ComposeResult:
        """Textual's keys, each made in the footer's size before it mounts (as it comes, a key mounts
        compact, Textual's default, then takes the footer's size: restyled twice)."""
        fit = _FITS.get(self._fit_key) if self._fit_key is not None else None
        if fit is not None:
            self._set_compact(fit[0])  # the old keys are gone: only the footer is restyled
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # the palette's key is bound to nothing: compact, as Textual leaves it
                compact = True if widget.has_class("-command-palette") else self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    def on_resize(self) -> None:
        self._fit_key = self._key_of(self._shown)
        self._refit()

    # ---- fitting the width ---------------------------------------------------------------------------

    def _keys(self) -> list[Widget]:
        """The footer's keys but the palette's (docked on the right, always shown)."""
        return [key for key in self.query("FooterKey") if not key.has_class("-command-palette")]

    def _set_compact(self, compact: bool) -> None:
        """The footer and its keys compact or not, restyled in one pass (Textual restyles the footer
        and its keys, then each key again as its own ``compact`` follows the footer's)."""
        if self.compact == compact:
            return
        self.set_reactive(Footer.compact, compact)
        self.set_class(compact, "-compact", update=False)
        for key in self._keys():
            key.set_reactive(FooterKey.compact, compact)
            key.set_class(compact, "-compact", update=False)
        self.update_node_styles(animate=False)
        self.refresh(layout=True)

    def _refit(self) -> None:
        """The fit kept for these keys at this width; else every key at full size and, once laid out,
        made to fit if it does not."""
        key = self._fit_key
        fit = _FITS.get(key) if key is not None else None
        if fit is not None:
            compact, hidden = fit
            self._set_compact(compact)
            for n, widget in enumerate(self._keys()):
                widget.display = n not in hidden
            return
        self._set_compact(False)
        for widget in self._keys():
            widget.display = True
        self.call_after_refresh(self._fit, compacted=False, key=key)

    def _fit(self, *, compacted: bool, key: tuple[Any, ...] | None = None) -> None:
        if not self.is_attached or key != self._fit_key:  # gone, or another fit since (new keys, a resize)
            return
        keys = self._keys()
        if any(not widget.outer_size.width for widget in keys):  # not laid out yet
            self.call_after_refresh(self._fit, compacted=compacted, key=key)
            return
        widths = {widget: widget.outer_size.width + widget.styles.margin.width for widget in keys}
        room = self.size.width - sum(widget.outer_size.width for widget in self.query("FooterKey.-command-palette"))
        total = sum(widths.values())
        if total <= room:
            self._keep(key, hidden=frozenset())
            return
        if not compacted:
            self._set_compact(True)  # measured again once laid out compact
            self.call_after_refresh(self._fit, compacted=True, key=key)
            return
        try:
            order = sorted(keys, key=self._rank(keys))
        except NoMatches:  # the screen is being taken down (the app quits): its lists are gone already
            return
        hidden: set[int] = set()
        for widget in order:
            if total <= room:
                break
            widget.display = False
            hidden.add(keys.index(widget))
            total -= widths[widget]
        self._keep(key, hidden=frozenset(hidden))

    def _keep(self, key: tuple[Any, ...] | None, *, hidden: frozenset[int]) -> None:
        """Keep the fit just made for ``key``, unless what it fitted changed meanwhile."""
        if key is None or key[1] != self.size.width:
            return
        if len(_FITS) >= FITS_KEPT:
            del _FITS[next(iter(_FITS))]
        _FITS[key] = (self.compact, hidden)

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
