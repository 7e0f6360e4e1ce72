"""The keymap checked before the app starts: every id names a binding, every key is a key, and no
key is given to two bindings where both would be live.

Textual applies a keymap quietly: an id nobody has is ignored, and a key already bound elsewhere
takes that binding's place (``App.handle_bindings_clash`` hears of it only within one widget, and
only when a key is pressed). The command line refuses such a keymap at start, naming the file and
line of each entry at fault; what only a running screen can see is left to the app's notice.

Where a key is live, as Textual looks it up: the focused widget, then the screen, then the app; a
modal screen hides the app's keys except those with priority. So a screen is checked together with
the app's keys, and so is each of the app's widgets (a focused table would take the key first).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, key_to_character
from textual.screen import ModalScreen

from models.settings import Settings, SettingsError

_KEY_NAMES = {key.value for key in Keys}


def keymap_errors(settings: Settings, app: type[App[Any]]) -> list[SettingsError]:
    """What is wrong with the keymap of ``settings`` for ``app``; empty when nothing is."""
    keymap = settings.keymap
    if not keymap:
        return []
    errors: list[SettingsError] = []
    classes = _binding_classes()
    known = {binding.id for cls in classes for binding in _bindings(cls) if binding.id}
    for binding_id, keys in keymap.items():
        where = settings.source(f"keymap.{binding_id}")
        if binding_id not in known:
            errors.append(SettingsError("Keymap: no binding has the id {key}", where=where, key=binding_id))
        for key in _keys(keys):
            if not _is_key(key):
                errors.append(SettingsError("Keymap: {key} is not a key Supply Desk knows", where=where, key=key))
    normalized = App._normalize_keymap(dict(keymap))
    told: set[tuple[str, ...]] = set()
    for scope, bindings in _scopes(app, classes):
        for key, ids in _clashes(bindings, normalized):
            if ids in told:
                continue
            told.add(ids)
            remapped = next(binding_id for binding_id in ids if binding_id in keymap)
            errors.append(SettingsError("Keymap: {key} would be both {ids} on {scope}",
                                        where=settings.source(f"keymap.{remapped}"), key=key,
                                        ids=" / ".join(ids), scope=scope))
    return errors


def _binding_classes() -> list[type[DOMNode]]:
    """Every widget, screen and app class of Supply Desk (each module imported, so none is missed)."""
    import tui

    for module in pkgutil.walk_packages(tui.__path__, "tui."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    found: list[type[DOMNode]] = []
    todo: list[type[DOMNode]] = [DOMNode]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in ("tui", "textual"):
            found.append(cls)
    return found


def _bindings(cls: type[DOMNode]) -> list[Binding]:
    return [binding for bindings in cls._merge_bindings().key_to_bindings.values() for binding in bindings]


def _scopes(app: type[App[Any]], classes: list[type[DOMNode]]) -> Iterator[tuple[str, list[Binding]]]:
    """Each set of bindings live at once: the app's, and each screen's or widget's with the app's."""
    own = _bindings(app)
    yield app.__name__, own
    for cls in classes:
        if not cls.__module__.startswith("tui.") or issubclass(cls, App):
            continue
        above = [binding for binding in own if binding.priority] if issubclass(cls, ModalScreen) else own
        yield cls.__name__, _bindings(cls) + above


def _clashes(bindings: list[Binding], keymap: Mapping[str, str]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Keys given to two bindings after the keymap, where the keymap gave at least one of them."""
    by_key: dict[str, set[str]] = {}
    for binding in bindings:
        name = binding.id or binding.action
        keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
        for key in _keys(keys):
            by_key.setdefault(key, set()).add(name)
    for key, names in by_key.items():
        if len(names) > 1 and names & keymap.keys():
            yield key, tuple(sorted(names))


def _keys(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]


def _is_key(key: str) -> bool:
    """A key Textual can report: a named key (``f3``, ``pageup``), a character, each with modifiers."""
    base = key.split("+")[-1] if len(key) > 1 else key
    return key in _KEY_NAMES or base in _KEY_NAMES or len(base) == 1 or key_to_character(base) is not None


__all__ = ["keymap_errors"]
