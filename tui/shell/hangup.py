"""The terminal's end, when no SIGHUP says so.

Over SSH the terminal is the session's controlling terminal: when the connection drops, the app
gets SIGHUP and ends (``SupplyDeskApp._catch_signals``). Started in a terminal that is not its
controlling one (under ``nohup`` or ``setsid``, by a supervisor, by a benchmark), it gets no signal:
its input reaches end of file, and Textual's input thread reads it again and again, 100 % of a core,
for as long as the process lives (Textual's linux driver loops on an empty read). On a shared server
such sessions would eat the machine one by one.

``Terminal(fd).gone()`` asks ``poll`` without waiting whether the terminal has hung up: the app asks
at its once-a-second tick. (A thread sleeping in ``poll`` would answer at once, but costs each
session about 0.6 MB, measured.)
"""

from __future__ import annotations

import os
import select

#: what poll says when the other end of the terminal is gone (or the descriptor closed)
ENDED = select.POLLHUP | select.POLLERR | select.POLLNVAL if hasattr(select, "poll") else 0


class Terminal:
    """The terminal on ``fd``, if it is one and the platform has ``poll``; else it is never gone."""

    def __init__(self, fd: int) -> None:
        self._poller = None
        if ENDED and os.isatty(fd):
            self._poller = select.poll()
            self._poller.register(fd, select.POLLHUP)  # no input event: a key typed is not an answer

    def gone(self) -> bool:
        return self._poller is not None and any(mask & ENDED for _, mask in self._poller.poll(0))
