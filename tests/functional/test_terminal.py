"""The real app in a pseudo-terminal of 80x24: what a terminal over SSH receives (no Pilot).

Mouse reporting off unless asked for, and never every motion; colours as the terminal says; an
idle screen sends (almost) nothing. The app's clock is pinned in the child, so the header's minute
cannot change while idleness is measured.
"""

from __future__ import annotations

import fcntl
import os
import re
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
#: the app with its clock pinned (07:50 on a demo day), started as ``supplydesk`` would be
START = ("import datetime, sys; from models import clock; "
         "clock.now = lambda: datetime.datetime(2020, 2, 3, 7, 50); "
         "from tui.cli import main; sys.exit(main(sys.argv[1:]))")
#: an answer has ended when nothing came for this long
QUIET_S = 1.0
#: colour codes of any kind: 16 colours (30-37, 40-47, 90-97, 100-107), 256 or truecolor (38/48)
COLOUR = re.compile(rb"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("wire") / "demo.db"
    subprocess.run([sys.executable, "-m", "tui.cli", "demo", "--db", str(path)], check=True, cwd=ROOT,
                   capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return path


class Terminal:
    def __init__(self, db: Path, **env: str) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        environ = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "SUPPLYDESK_MOUSE")}
        environ.update({"TERM": "xterm-256color", "SUPPLYDESK_LANG": "en", "PYTHONPATH": str(ROOT), **env})
        self.process = subprocess.Popen([sys.executable, "-c", START, "--db", str(db)], stdin=slave, stdout=slave,
                                        stderr=slave, env=environ, cwd=ROOT, start_new_session=True)
        os.close(slave)
        self.fd = master

    def read(self, *, until_quiet: float = QUIET_S, within: float = 60.0) -> bytes:
        """What arrives until nothing has come for ``until_quiet`` seconds (and something came)."""
        got = b""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], until_quiet)
            if not ready:
                if got:
                    return got
                continue
            got += os.read(self.fd, 65536)
        raise AssertionError("the app never went quiet")

    def read_for(self, seconds: float) -> bytes:
        """Everything that arrives in the next ``seconds``: the window is the measure of idleness."""
        got = b""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                got += os.read(self.fd, 65536)
        return got

    def close(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=10)
        os.close(self.fd)


def first_paint(db: Path, **env: str) -> bytes:
    term = Terminal(db, **env)
    try:
        return term.read()
    finally:
        term.close()


def test_no_mouse_reporting_unless_asked_for_and_then_clicks_only(demo: Path) -> None:
    assert not re.search(rb"\x1b\[\?10(00|02|03)h", first_paint(demo))
    asked = first_paint(demo, SUPPLYDESK_MOUSE="1")
    assert b"\x1b[?1000h" in asked and b"\x1b[?1003h" not in asked


@pytest.mark.parametrize("term", ["linux", "vt100"])
def test_a_console_gets_16_colours_whatever_colorterm_says(demo: Path, term: str) -> None:
    painted = first_paint(demo, TERM=term, COLORTERM="truecolor")
    assert COLOUR.search(painted)  # still in colour
    assert b"38;5;" not in painted and b"38;2;" not in painted and b"48;2;" not in painted


def test_no_color_sends_no_colour_codes(demo: Path) -> None:
    painted = first_paint(demo, NO_COLOR="1")
    assert b"Supply Desk" in painted
    assert not COLOUR.search(painted)
    assert b"\x1b[7m" in painted or b";7m" in painted or b"[7;" in painted  # the cursor row, reversed


def test_an_idle_screen_sends_almost_nothing(demo: Path) -> None:
    term = Terminal(demo)
    try:
        # the first paint, the rows, their count, and the scrollbar drawn once more about 2 s later
        term.read(until_quiet=2.5, within=30.0)
        idle = term.read_for(3.0)
    finally:
        term.close()
    assert len(idle) <= 150, idle[:300]  # was a full screen every second (about 8 KB)


def test_ctrl_l_sends_the_whole_screen_again(demo: Path) -> None:
    """Only changed cells go out; a screen garbled on the way is mended by Ctrl+L, as in a shell."""
    term = Terminal(demo)
    try:
        term.read(until_quiet=2.5, within=30.0)
        os.write(term.fd, b"\x0c")
        again = term.read(until_quiet=1.5, within=30.0)
    finally:
        term.close()
    assert b"Supply Desk" in again and len(again) > 2000, again[:300]


def test_enter_in_a_forms_open_list_picks_the_option(demo: Path) -> None:
    """A form's Enter moves to the next field; in an open list (Space opens it) it picks the option under
    the cursor first, as a keyboard user expects (found in a real terminal: it closed the list unpicked).
    The arrows and Enter come in one write, as a fast typist's keys or a slow link's do: Enter used to
    pick before the arrows ahead of it had moved the list (the form's own Enter ran as it arrived)."""
    term = Terminal(demo)
    try:
        term.read(until_quiet=2.5, within=30.0)
        for key in (b"6", b"v", b"\t", b"\t", b"\t", b"\t", b" "):
            os.write(term.fd, key)
            term.read(until_quiet=0.7, within=30.0)
        os.write(term.fd, b"\x1b[B\x1b[B\r")
        after = term.read(until_quiet=1.0, within=30.0)
    finally:
        term.close()
    assert b"Drugs" in after, after[:400]
    assert b"Medical devices" not in after  # the list closed, the option below "—" not shown again
