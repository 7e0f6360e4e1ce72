"""The log file: where it is, who may read it, what ``--debug`` changes, and what the domain writes to
it (slow queries, the database opened, backups)."""

from __future__ import annotations

import logging
import stat
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from sqlalchemy import text

import models.db
from models.backup import backup
from models.db import Database
from tui.cli import main
from tui.logs import log_file, setup_logging


def test_the_command_logs_at_info_and_with_debug_at_debug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPLYDESK_LOG_DIR", str(tmp_path / "logs"))
    assert main(["demo", "--scale", "0"]) == 2  # refused before it opens a database
    assert logging.getLogger().level == logging.INFO
    assert main(["--debug", "demo", "--scale", "0"]) == 2
    assert logging.getLogger().level == logging.DEBUG
    path = log_file()
    assert path == tmp_path / "logs" / "supplydesk.log"
    assert [h for h in logging.getLogger().handlers if getattr(h, "baseFilename", None) == str(path)] != []
    assert path.read_text(encoding="utf-8").count("started: demo") == 2  # one handler, not two


def test_log_files_and_their_folder_are_private_also_after_rotation(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPLYDESK_LOG_DIR", str(tmp_path / "logs"))
    path = setup_logging()
    assert path is not None
    logging.getLogger("tui.test").warning("before the rotation")
    [handler] = [h for h in logging.getLogger().handlers if isinstance(h, RotatingFileHandler)]
    handler.doRollover()
    logging.getLogger("tui.test").warning("after the rotation")
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for file in (path, path.with_name("supplydesk.log.1")):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_the_log_folder_follows_the_data_folder_when_only_that_is_set(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.logs import log_dir

    monkeypatch.delenv("SUPPLYDESK_LOG_DIR")
    monkeypatch.setenv("SUPPLYDESK_DATA_DIR", str(tmp_path / "data"))
    assert log_dir() == tmp_path / "data" / "logs"


def test_a_slow_query_is_logged_with_its_time_and_sql(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="models")
    db = Database.open(f"sqlite:///{tmp_path / 'slow.db'}")
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1 AS fast"))
            monkeypatch.setattr(models.db, "SLOW_QUERY_S", 0.0)
            conn.execute(text("SELECT 2 AS slow"))
    finally:
        db.dispose()
    messages = [r.getMessage() for r in caplog.records if r.name == "models.db"]
    assert any(m.startswith("database opened: ") for m in messages)
    slow = [m for m in messages if m.startswith("slow query")]
    assert slow and all("SELECT 2 AS slow" in m for m in slow)
    assert not any("fast" in m for m in slow)


def test_a_backup_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import sqlite3

    source = tmp_path / "desk.db"
    sqlite3.connect(source).close()
    caplog.set_level(logging.INFO, logger="models")
    target = backup(f"sqlite:///{source}", tmp_path / "copy.db")
    assert f"backup of {source} written to {target}" in caplog.text
