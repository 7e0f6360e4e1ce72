"""Keys as a slow line delivers them: ``Esc`` and the key after it, arriving in one burst, are two keys.

A terminal sends ``Esc`` as one byte, and Alt+key as the same byte followed by the key. Textual
reads an ``Esc`` followed within its escape delay (``ESCDELAY``, 100 ms) by another byte as Alt+key
(or as a readline word motion: ``Esc b`` is Ctrl+Left), and some pairs as nothing at all (``Esc /``
loses the slash). Over a line with 80 ms of latency keys arrive bunched, so ``Esc`` then ``2`` typed
a moment apart reach the app in one read. The desk binds no Alt keys: an ``Esc`` followed at once by
a byte that cannot start an escape sequence is the ``Esc`` key, then that key.

The bytes that may follow ``Esc`` in a sequence a terminal sends (cursor keys, function keys, mouse,
focus, replies to queries) are ``[`` (CSI), ``O`` (SS3), ``]`` (OSC), ``P`` (DCS), ``_``, ``^``,
``\\`` and ``Esc`` itself; those are left to Textual's parser.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from textual._xterm_parser import XTermParser
from textual.message import Message

ESC = "\x1b"
#: what may follow ``Esc`` inside a sequence a terminal sends
SEQUENCE_STARTS = frozenset("[O]P_^\\" + ESC)


def pieces(data: str, *, after_escape: bool = False) -> Iterator[tuple[str, bool]]:
    """``data`` cut after each lone ``Esc`` that a key follows; each piece with whether the parser
    must end the ``Esc`` there (as its escape delay would). ``after_escape``: the data before
    ended with a lone ``Esc``."""
    start = 0
    if after_escape and data and data[0] not in SEQUENCE_STARTS:
        yield "", True
    for index, char in enumerate(data[:-1]):
        if char == ESC and data[index + 1] not in SEQUENCE_STARTS and (index == 0 or data[index - 1] != ESC):
            yield data[start:index + 1], True
            start = index + 1
    yield data[start:], False


class BunchedKeysParser(XTermParser):
    """Textual's parser, with an ``Esc`` that a key follows in the same burst ended at once."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._lone_escape = False

    def feed(self, data: str) -> Iterable[Message]:
        if not data:
            yield from super().feed(data)
            return
        for piece, end_escape in pieces(data, after_escape=self._lone_escape):
            if piece:
                yield from super().feed(piece)
            if end_escape:
                yield from self._end_escape()
        self._lone_escape = data.endswith(ESC) and not data.endswith(ESC + ESC)

    def _end_escape(self) -> Iterable[Message]:
        """What the escape delay running out does (``tick`` after the deadline), now."""
        if self._timeout_time is not None:
            self._timeout_time = float("-inf")
            yield from self.tick()


def install() -> None:
    """Make the terminal drivers read keys with ``BunchedKeysParser`` (they name the parser class
    when their input thread starts, so this is done before the app runs)."""
    from textual.drivers import linux_driver

    vars(linux_driver)["XTermParser"] = BunchedKeysParser


__all__ = ["SEQUENCE_STARTS", "BunchedKeysParser", "install", "pieces"]
