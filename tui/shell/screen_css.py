"""A screen's own stylesheet, read when the screen is first shown, without restyling the whole app.

Textual reads a screen's ``CSS_PATH`` when the screen is first shown, then parses every stylesheet of
the app again and restyles every widget of every screen: a good part of a first show, and more with
each screen visited. Here the new stylesheet alone is parsed (the others come from the stylesheet's
cache of parsed sources) and only the widgets that one of its rules could style are restyled.
Textual itself tries only the rules whose last selector names one of a widget's types, classes or
its id (or ``*``): a widget that no new rule names that way keeps exactly the styles it has.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

#: what Textual's part-styles (a widget's component classes) answer to, besides their class
_PART_NAMES = frozenset({"*", "DOMNode"})


def load_screen_css(app: App[Any], screen: Screen[Any]) -> bool:
    """Read the stylesheets of ``screen`` not read yet and restyle what they may style; False where
    Textual's own way is left to do it: the first screen (its restyle of the whole app is the app's
    first), a screen with inline ``CSS``, stylesheets watched for edits."""
    if screen.CSS or app.css_monitor is not None or sum(map(len, app._screen_stacks.values())) <= 1:
        return False
    sheet = app.stylesheet
    paths = [str(path) for path in screen.css_path if not sheet.has_source(str(path), "")]
    if not paths:
        return True
    names: set[str] = set()
    try:
        for path in paths:
            sheet.read(path)
            key = (os.path.abspath(os.path.expanduser(path)), "")
            css, is_default, tie_breaker, scope = sheet.source[key]
            # parsed once: parse() below finds these rules in the cache
            for rule in sheet._parse_rules(css, key, is_default, tie_breaker, scope):
                names.update(rule.selector_names)
        sheet.parse()
    except Exception:
        sheet.reparse()  # Textual's way, which says what is wrong with the stylesheet
        sheet.update(app)
        return True
    sheet.update_nodes([node for node in app.walk_children(with_self=True) if node is screen or _named(node, names)])
    return True


def _named(node: DOMNode, names: set[str]) -> bool:
    """Whether a rule named by ``names`` may style ``node``, one of its parts or its scroll bars."""
    if not names.isdisjoint(node._selector_names):
        return True
    parts = node._get_component_classes()
    if parts and not names.isdisjoint(_PART_NAMES.union(f".{part}" for part in parts)):
        return True
    return isinstance(node, Widget) and any(
        bar is not None and not names.isdisjoint(bar._selector_names) for bar in _bars(node))


def _bars(widget: Widget) -> Iterable[DOMNode | None]:
    return widget._vertical_scrollbar, widget._horizontal_scrollbar, widget._scrollbar_corner
