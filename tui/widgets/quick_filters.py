"""Quick filters (``f``): which ones a list offers, the values of each, what typing in their dialogs
matches, and the line that says which ones are on.

A list declares its filters as data (``QuickFilter``); ``QuickFilters`` answers from the filters of
the list's request, so the table's request stays the one truth. What typing matches is the value's
code and the label as shown, with its pinyin and initials when it is Chinese (kept for the
catalogue's labels, ``tui.i18n.label_keys``; stored with a name loaded from the database), never
typed by hand. Plain state, no I/O, no widget: the screen shows the dialogs and applies the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from models.search import joined_keys
from tui.i18n import pt, t
from tui.i18n.label_keys import label_key

#: the entry of the first dialog that turns every filter off
CLEAR = "clear"


@dataclass(frozen=True)
class Choice:
    """A value of a filter: ``label`` as shown (translated already, or a name from the database);
    ``key``, what typing matches besides the label (a stored search key), else computed."""

    value: Any
    label: str
    key: str = ""


@dataclass(frozen=True)
class QuickFilter:
    """One quick filter. A yes/no one sets ``on``; a valued one offers ``values`` (value, msgid) or,
    with ``loaded``, the choices the screen gives ``QuickFilters.load`` (districts, groups…)."""

    name: str
    #: msgid: the entry in the first dialog, and what the summary says of a yes/no filter
    label: str
    values: tuple[tuple[Any, str], ...] = ()
    loaded: bool = False
    #: msgid: the title of the dialog of values (default: the label)
    title: str = ""
    #: msgid: the first value, which turns the filter off
    off: str = "Any"
    #: the value a yes/no filter sets
    on: Any = True
    #: the summary of a value from its label (default "Title: label")
    shown: Callable[[Any, str], str] | None = None
    #: the request filters a value sets, and the value read back from them (one filter may set two)
    keys: tuple[str, ...] = ()
    encode: Callable[[Any], dict[str, Any]] | None = None
    decode: Callable[[Mapping[str, Any]], Any] | None = None
    #: the translation context of the values that are codes (a shortage kind, an enterprise status)
    context: str = ""

    def value_label(self, value: Any, label: str) -> str:
        """A code shown in its context ("open" as a shortage status), any other label as a msgid."""
        return pt(self.context, label) if self.context and label == value else t(label)

    @property
    def valued(self) -> bool:
        return bool(self.values) or self.loaded

    @property
    def request_keys(self) -> tuple[str, ...]:
        return self.keys or (self.name,)

    def value_in(self, filters: Mapping[str, Any]) -> Any:
        """The value this filter has in the request's ``filters`` (None when off)."""
        return self.decode(filters) if self.decode is not None else filters.get(self.name)

    def setting(self, value: Any) -> dict[str, Any]:
        """The request filters ``value`` sets (None for those it drops)."""
        return self.encode(value) if self.encode is not None else {self.name: value}


@dataclass
class QuickFilters:
    """The quick filters of one list, and the choices loaded for the valued ones."""

    filters: Sequence[QuickFilter]
    loaded: dict[str, list[Choice]] = field(default_factory=dict)
    #: what typing matches, by (code, label as shown)
    _keys: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    def __getitem__(self, name: str) -> QuickFilter:
        return next(f for f in self.filters if f.name == name)

    def load(self, **choices: Iterable[Choice]) -> None:
        """The choices of the ``loaded`` filters, by name (when the reference data has come), with the
        keys stored with their names."""
        self.loaded.update({name: list(values) for name, values in choices.items()})

    def _key(self, code: str, label: str) -> str:
        key = self._keys.get((code, label))
        if key is None:
            key = self._keys[code, label] = joined_keys([code.strip().lower(), label_key(label)])
        return key

    # ---- the dialogs -------------------------------------------------------------------------------

    def menu(self, active: Mapping[str, Any]) -> list[tuple[str, str, str]]:
        """The first dialog: (name, label, what typing matches), ✓ marking the ones on; then "clear"."""
        options = [(spec.name, ("✓ " if self.is_on(spec, active) else "  ") + t(spec.label),
                    self._key(spec.name, t(spec.label))) for spec in self.filters]
        if any(self.is_on(spec, active) for spec in self.filters):
            options.append((CLEAR, t("Clear all filters"), self._key(CLEAR, t("Clear all filters"))))
        return options

    def choices(self, name: str) -> list[Choice]:
        """The values of a valued filter, without the one that turns it off."""
        spec = self[name]
        if spec.loaded:
            return self.loaded.get(name, [])
        return [Choice(value, spec.value_label(value, label), self._key(str(value), spec.value_label(value, label)))
                for value, label in spec.values]

    def options(self, name: str) -> list[tuple[Any, str, str]]:
        """The second dialog: (value, label, what typing matches); first the value that turns it off."""
        off = t(self[name].off)
        return [("", off, self._key("", off))] + [(c.value, c.label, c.key or self._key(str(c.value), c.label))
                                                  for c in self.choices(name)]

    def title(self, name: str) -> str:
        spec = self[name]
        return t(spec.title or spec.label)

    # ---- reading and changing the request's filters ---------------------------------------------

    def is_on(self, spec: QuickFilter, active: Mapping[str, Any]) -> bool:
        return spec.value_in(active) not in (None, False, "")

    def picked(self, name: str, value: Any) -> dict[str, Any]:
        """The change to the request's filters when ``value`` is picked for ``name`` ("" turns it off)."""
        return self[name].setting(None if value == "" else value)

    def toggled(self, name: str, active: Mapping[str, Any]) -> dict[str, Any]:
        """The change that switches the yes/no filter ``name``."""
        spec = self[name]
        return spec.setting(None if self.is_on(spec, active) else spec.on)

    def cleared(self, active: Mapping[str, Any]) -> dict[str, Any]:
        """The change that turns every filter off."""
        return dict.fromkeys(active)

    def summary(self, active: Mapping[str, Any]) -> list[str]:
        """What is on, in the order it was turned on: "Kind: Labour", "Overdue (!)"…"""
        parts: list[str] = []
        seen: set[str] = set()
        for key in active:
            spec = next((f for f in self.filters if key in f.request_keys), None)
            if spec is None or spec.name in seen or not self.is_on(spec, active):
                continue
            seen.add(spec.name)
            value = spec.value_in(active)
            if not spec.valued:
                parts.append(t(spec.label))
                continue
            label = next((c.label for c in self.choices(spec.name) if c.value == value), str(value))
            parts.append(spec.shown(value, label) if spec.shown is not None else f"{self.title(spec.name)}: {label}")
        return parts
