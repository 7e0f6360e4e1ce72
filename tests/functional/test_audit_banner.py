"""The app checks the newest part of the audit chain at start: a coordinator sees a red line naming
the row where it breaks; a login that only reads sees its own banner, and an intact chain none."""

from __future__ import annotations

import sqlite3

from models.db import Database

from .conftest import DB_NAME

BANNER = "The audit log was altered: its chain breaks at row {id} (supplydesk audit verify)"


def _change_the_last_audit_row() -> int:
    """What someone with write access to the file can do with ``sqlite3``."""
    with sqlite3.connect(DB_NAME) as conn:
        last = conn.execute("SELECT max(id) FROM auditlog").fetchone()[0]
        conn.execute("UPDATE auditlog SET login = 'nobody' WHERE id = ?", (last,))
    return int(last)


async def test_an_intact_chain_shows_no_line(desk, desk_db: Database) -> None:
    async with desk:
        assert "audit log was altered" not in desk.text()


async def test_a_coordinator_sees_the_broken_chain_in_red(desk_factory, desk_db: Database) -> None:
    row = _change_the_last_audit_row()
    async with desk_factory() as desk:
        lines = desk.text().splitlines()
        assert lines[1].strip() == BANNER.format(id=row)
        assert desk.app.screen.query_one("#audit-broken") is not None


async def test_the_line_is_translated(desk_factory, desk_db: Database) -> None:
    row = _change_the_last_audit_row()
    async with desk_factory(lang="zh") as desk:
        assert f"审计日志被改动过：其链在第 {row} 行断开" in desk.text()


async def test_a_reader_is_not_shown_it(desk_factory, desk_db: Database) -> None:
    _change_the_last_audit_row()
    async with desk_factory(login="somebody") as desk:
        text = desk.text()
        assert "audit log was altered" not in text
        assert "Read-only" in text


async def test_a_planted_trigger_is_named_to_a_coordinator(desk_factory, desk_db: Database) -> None:
    with sqlite3.connect(DB_NAME) as conn:
        conn.execute("CREATE TRIGGER quiet AFTER INSERT ON auditlog BEGIN DELETE FROM auditlog WHERE id = new.id; END")
    async with desk_factory() as desk:
        assert desk.text().splitlines()[1].strip() == \
            "Not made by Supply Desk: trigger quiet (supplydesk audit verify)"
    async with desk_factory(lang="zh") as desk:
        assert "并非物资保障台所建：触发器 quiet" in desk.text()
