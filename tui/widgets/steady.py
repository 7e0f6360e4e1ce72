"""A Static that changes only when its content does.

Every session on a screen reloads at every change anywhere (dozens of sessions, one change a
second), and most lines come back as they were: a Static's ``update`` lays the whole screen out again
and repaints it all the same. ``SteadyStatic.update`` with what it already shows does nothing.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.visual import VisualType
from textual.widgets import Static


def _key(content: Any) -> Any:
    """What decides how ``content`` looks: a string itself, a Text by its characters and styles;
    anything else (renderables compared by identity) is never taken for the same."""
    if isinstance(content, str):
        return ("str", content)
    if isinstance(content, Text):
        return ("text", content.plain, str(content.style), tuple(content.spans), content.justify, content.no_wrap)
    return ("other", id(content), object())


class SteadyStatic(Static):
    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if _key(content) == _key(self.content):
            return
        super().update(content, layout=layout)
