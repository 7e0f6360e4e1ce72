"""Keys typed before the first paint (type-ahead over a slow line) reach what they were typed for.

The real app in a pseudo-terminal at 80×24: ``/cykh`` written at once, before anything is drawn.
Textual would focus the first focusable widget of the list screen, the filter box, until the list
takes the cursor: ``/`` then went into the box as text and the filter read ``/cykh``.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

from .directory import DB_NAME

ROOT = Path(__file__).resolve().parents[2]
ALTERNATE_SCREEN = b"\x1b[?1049h"  # the app's screen starts here (before it: the terminal's echo)
AFTER_S = 2.0  # read on this long once the box shows the text (the app repaints its clock each second)
DEADLINE_S = 60.0


def run_typing_ahead(cwd: Path, typed: bytes) -> bytes:
    """What the app wrote to its terminal, from its start until it settled after ``typed``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "SUPPLYDESK_LOG_DIR": str(cwd),
           "SUPPLYDESK_DATA_DIR": str(cwd / "data"), "SUPPLYDESK_LANG": "en"}
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(cwd)
        os.execvpe(sys.executable, [sys.executable, "-m", "tui.cli", "--db", DB_NAME], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    os.write(fd, typed)
    output, until = b"", time.monotonic() + DEADLINE_S
    try:
        while time.monotonic() < until:
            if b"cykh" in output.partition(ALTERNATE_SCREEN)[2]:
                until = min(until, time.monotonic() + AFTER_S)
            ready, _, _ = select.select([fd], [], [], max(0.0, until - time.monotonic()))
            if not ready:
                break
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return output.partition(ALTERNATE_SCREEN)[2]


def test_a_filter_typed_before_the_first_paint_filters_the_list(desk_url: str, tmp_path: Path) -> None:
    output = run_typing_ahead(tmp_path, b"/cykh")
    assert b"cykh" in output and b"/cykh" not in output
