"""A session whose terminal goes away ends, even when no SIGHUP says so: a real app in a
pseudo-terminal that is not its controlling terminal (as under ``nohup`` or ``setsid``), the
terminal's other end closed once the list is painted. Textual's input thread would otherwise read
the ended input in a loop, 100 % of a core, for as long as the process lived."""

from __future__ import annotations

import os

from .pty_session import checkout_path, start, wait_painted


def test_a_session_ends_when_its_terminal_goes_away(desk_url: str) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "SUPPLYDESK_LANG": "en", "PYTHONPATH": checkout_path()}
    process, master = start(desk_url, env)
    try:
        wait_painted(master)
        os.close(master)
        master = -1
        assert process.wait(timeout=60) == 128 + 1  # as SIGHUP ends it
    finally:
        if master >= 0:
            os.close(master)
        if process.poll() is None:
            process.kill()
            process.wait()
