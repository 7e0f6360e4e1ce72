"""Messages that several screens understand."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DataChanged(Message):
    """Someone (this session or another) changed data: visible lists and figures reload, keeping
    the cursor, open forms and whatever the user is typing."""

    generation: int
