"""The terminfo reader answers as curses does (``tui.shell.terminfo``: the app reads the ``bce`` flag
without loading curses), for every terminal whose entry is installed among the common ones, and for
none; a session does not import curses. Curses reads terminfo once per process: each terminal is
asked of a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.shell.terminfo import BOOLEANS, entry, flag, folders

ROOT = Path(__file__).resolve().parents[2]
COMMON = ("xterm", "xterm-256color", "xterm-color", "xterm-mono", "screen", "screen-256color", "screen-bce",
          "tmux", "tmux-256color", "linux", "vt100", "vt220", "rxvt", "rxvt-unicode", "putty", "ansi", "dumb", "sun")
CURSES = """
import curses, json, sys
answers = {}
for name in json.loads(sys.argv[1]):
    curses.setupterm(sys.argv[2], -1)
    answers[name] = curses.tigetflag(name) == 1
print(json.dumps(answers))
"""


def installed() -> list[str]:
    return [term for term in COMMON if entry(term, os.environ) is not None]


@pytest.mark.parametrize("term", installed() or [pytest.param("xterm", marks=pytest.mark.skip("no terminfo"))])
def test_every_flag_is_read_as_curses_reads_it(term: str) -> None:
    pytest.importorskip("curses")
    asked = subprocess.run([sys.executable, "-c", CURSES, json.dumps(BOOLEANS), term], check=True,
                           capture_output=True, text=True, env={**os.environ, "TERM": term})
    assert {name: flag(term, name, os.environ) for name in BOOLEANS} == json.loads(asked.stdout)


def test_no_entry_no_answer(tmp_path: Path) -> None:
    assert flag("no-such-terminal", "bce", {}) is None
    assert flag("../x", "bce", {}) is None and flag("", "bce", {}) is None
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "xbroken").write_bytes(b"\x1a\x01\x05")  # cut short
    assert flag("xbroken", "bce", {"TERMINFO": str(tmp_path)}) is None


def test_the_users_entries_come_first(tmp_path: Path) -> None:
    """$TERMINFO, then ~/.terminfo, then $TERMINFO_DIRS (an empty part: the system's), then the system's."""
    environ = {"TERMINFO": "/a", "HOME": "/home/u", "TERMINFO_DIRS": "/b::/c"}
    assert [str(folder) for folder in folders(environ)][:5] == ["/a", "/home/u/.terminfo", "/b", "/etc/terminfo",
                                                               "/lib/terminfo"]
    (tmp_path / "78").mkdir()  # by the code of its first letter, as on macOS
    name_section = b"xmine\x00"
    booleans = bytes([0] * 28 + [1])
    (tmp_path / "78" / "xmine").write_bytes(bytes.fromhex("1a01") + len(name_section).to_bytes(2, "little")
                                            + len(booleans).to_bytes(2, "little") + bytes(6) + name_section + booleans)
    assert flag("xmine", "bce", {"TERMINFO": str(tmp_path)}) is True
    assert flag("xmine", "am", {"TERMINFO": str(tmp_path)}) is False
