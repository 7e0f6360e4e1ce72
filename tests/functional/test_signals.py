"""SIGTERM and SIGHUP end the app as ``q`` does: the terminal is left as it was found (main screen,
no mouse reporting, cursor shown), promptly, with the exit code of the signal.

The real command runs in a pseudo-terminal, as in a terminal window; the test reads what it writes
and waits for the screen to be drawn (by reading, never by sleeping) before sending the signal.
"""

from __future__ import annotations

import errno
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: what Textual's driver writes when it stops: main screen, mouse reporting off, cursor shown
RESTORED = (b"\x1b[?1049l", b"\x1b[?1000l", b"\x1b[?1006l", b"\x1b[?25h")
#: start-up on a busy machine takes seconds; the exit after the signal must not
DRAWN_WITHIN_S = 60.0
EXIT_WITHIN_S = 5.0


def _read_until(fd: int, done: bytes | None, seconds: float) -> tuple[bytes, bool]:
    """Read the terminal until ``done`` shows (None: until the other side closes); (bytes, finished)."""
    out = b""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError as error:  # the last holder of the other side closed it
            if error.errno != errno.EIO:
                raise
            return out, done is None
        if not chunk:
            return out, done is None
        out += chunk
        if done is not None and done in out:
            return out, True
    return out, False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_leaves_the_terminal_as_it_was(directory_template: Path, tmp_path: Path, signum: int) -> None:
    db = tmp_path / "supplydesk.db"
    db.write_bytes(directory_template.read_bytes())
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT), "SUPPLYDESK_LANG": "en",
           "SUPPLYDESK_MOUSE": "1"}  # mouse reporting on (off by default), for the signal to undo
    env.pop("TEXTUAL", None)
    child = subprocess.Popen([sys.executable, "-m", "tui.cli", "--db", str(db)], stdin=slave, stdout=slave,
                             stderr=slave, env=env, cwd=tmp_path, start_new_session=True)
    os.close(slave)
    try:
        drawn, ok = _read_until(master, b"Supply Desk", DRAWN_WITHIN_S)
        assert ok, drawn[-2000:]
        assert b"\x1b[?1049h" in drawn and b"\x1b[?1000h" in drawn  # what the signal must undo
        sent = time.monotonic()
        child.send_signal(signum)
        rest, closed = _read_until(master, None, EXIT_WITHIN_S)
        assert closed, rest[-2000:]
        code = child.wait(timeout=EXIT_WITHIN_S)
        took = time.monotonic() - sent
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(master)
    missing = [seq for seq in RESTORED if seq not in rest]
    assert missing == [], rest[-2000:]
    assert rest.rindex(b"\x1b[?1049l") > rest.rfind(b"\x1b[?1049h")  # left last, not entered again
    assert code == 128 + signum
    assert took < EXIT_WITHIN_S
