"""Paths the command line prints back (a backup written, a restore) may hold any character a file
name can: they are printed escaped, so a file named with an OSC sequence does not retitle the
terminal of whoever runs the command."""

from __future__ import annotations

from pathlib import Path

import pytest

import tui.cli as cli
from models.db import Database
from tui.i18n.safe import unsafe_codes

NAME = "backup\x1b]2;pwned\x07\u202e.db"


def test_the_backup_path_is_printed_escaped(sqlite_db: Database, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / NAME
    assert cli.main(["backup", str(target), "--db", sqlite_db.url]) == 0
    out = capsys.readouterr().out
    assert target.exists()
    assert "backup\\x1b]2;pwned\\x07\\u202e.db" in out
    assert not [c for c in out if ord(c) in unsafe_codes() and c != "\n"]
