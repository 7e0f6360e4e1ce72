"""A session whose terminal goes away ends, even when no SIGHUP says so: a real app in a
pseudo-terminal that is not its controlling terminal (as under ``nohup`` or ``setsid``), the
terminal's other end closed once the list is painted. Textual's input thread would otherwise read
the ended input in a loop, 100 % of a core, for as long as the process lived."""

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

ROOT = Path(__file__).resolve().parents[2]


def test_a_session_ends_when_its_terminal_goes_away(desk_url: str) -> None:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "SUPPLYDESK_LANG": "en",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen([sys.executable, "-m", "tui.cli", "--db", desk_url],
                               stdin=slave, stdout=slave, stderr=slave, env=env, cwd=Path.cwd(),
                               start_new_session=True)  # a session of its own: the pty never controls it
    os.close(slave)
    try:
        shown = b""
        deadline = time.monotonic() + 120
        while b"Supply Desk" not in shown and time.monotonic() < deadline:  # the header, painted
            ready, _, _ = select.select([master], [], [], 1.0)
            if ready:
                shown += os.read(master, 65536)
        assert b"Supply Desk" in shown, shown[-2000:]
        os.close(master)
        master = -1
        assert process.wait(timeout=60) == 128 + 1  # as SIGHUP ends it
    finally:
        if master >= 0:
            os.close(master)
        if process.poll() is None:
            process.kill()
            process.wait()
