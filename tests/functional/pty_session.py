"""A real ``supplydesk`` (``python -m tui.cli``) in a pseudo-terminal of 80×24 that does not control it
(a session of its own, as under ``nohup`` or ``setsid``), read until its header is painted."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

#: the checkout these tests run from
ROOT = Path(__file__).resolve().parents[2]


def checkout_path() -> str:
    """``PYTHONPATH`` for a session of this checkout: it first, then what the tests were given (no
    empty entry, which would put the working directory on the path)."""
    return os.pathsep.join([str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])


def start(desk_url: str, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    """The session on ``desk_url`` and the terminal's other end (the caller closes it)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "tui.cli", "--db", desk_url],
                               stdin=slave, stdout=slave, stderr=slave, env=env, cwd=Path.cwd(),
                               start_new_session=True)  # a session of its own: the pty never controls it
    os.close(slave)
    return process, master


def wait_painted(master: int, within: float = 120.0) -> bytes:
    """What the session wrote up to its header (``Supply Desk``); fails after ``within`` seconds without it."""
    shown = b""
    deadline = time.monotonic() + within
    while b"Supply Desk" not in shown and time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1.0)
        if ready:
            shown += os.read(master, 65536)
    assert b"Supply Desk" in shown, shown[-2000:]
    return shown
