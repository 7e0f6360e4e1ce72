"""The terminal's end, when no SIGHUP says so.

Over SSH the terminal is the session's controlling terminal: when the connection drops, the app
gets SIGHUP and ends (``SupplyDeskApp._catch_signals``). Started in a terminal that is not its
controlling one (under ``nohup`` or ``setsid``, by a supervisor, by a benchmark), it gets no signal:
its input reaches end of file, and Textual's input thread reads it again and again, 100 % of a core,
for as long as the process lives (Textual's linux driver loops on an empty read). On a shared server
such sessions would eat the machine one by one.

``watch(fd, hung_up)`` starts a thread that sleeps in ``poll`` until the terminal hangs up (it asks
for no input event: no key wakes it) and then calls ``hung_up`` once.
"""

from __future__ import annotations

import os
import select
import threading
from collections.abc import Callable

#: what poll says when the other end of the terminal is gone (or the descriptor closed)
ENDED = select.POLLHUP | select.POLLERR | select.POLLNVAL if hasattr(select, "poll") else 0


def watch(fd: int, hung_up: Callable[[], None]) -> threading.Thread | None:
    """Call ``hung_up`` from a thread of its own when the terminal on ``fd`` hangs up. Nothing (None)
    when ``fd`` is not a terminal or the platform has no ``poll``."""
    if not ENDED or not os.isatty(fd):
        return None
    poller = select.poll()
    poller.register(fd, select.POLLHUP)

    def wait() -> None:
        while not any(mask & ENDED for _, mask in poller.poll()):
            pass
        hung_up()

    thread = threading.Thread(target=wait, name="terminal-hangup", daemon=True)
    thread.start()
    return thread
