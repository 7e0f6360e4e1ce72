"""A running app follows what happens to its database outside it: a file restored over or deleted
turns the header red at the next poll and every later write is refused; a role changed by another
session applies at the next poll, in the header, the keys offered and the services."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.db import Database, DatabaseReplaced
from models.enterprise import EnterpriseUpdate
from models.errors import PermissionDenied
from models.people import CadreCreate
from models.services.cadres import create_cadre, set_role
from models.services.enterprises import update_enterprise
from models.services.identity import resolve_actor

from .conftest import COORDINATOR, DB_NAME
from .test_live_updates import wait_until

__all__ = ["wait_until"]

#: a poll every second: the next one has come within this
NEXT_POLL_S = 2.0


def _move_another_file_over(directory_template: Path, how: str) -> None:
    """What ``supplydesk restore`` does to the file under a running session, or what ``rm`` does."""
    for suffix in ("-wal", "-shm"):
        Path(DB_NAME + suffix).unlink(missing_ok=True)
    if how == "deleted":
        Path(DB_NAME).unlink()
        return
    staged = Path(DB_NAME + ".restoring")
    staged.write_bytes(directory_template.read_bytes())
    os.replace(staged, DB_NAME)


@pytest.mark.parametrize("how", ["replaced", "deleted"])
async def test_a_replaced_or_deleted_file_turns_the_header_red_and_writes_are_refused(
        desk, directory_template, how) -> None:
    async with desk:
        await desk.wait_until(lambda: desk.app.data_marker is not None, NEXT_POLL_S)
        assert "restart" not in desk.text()
        _move_another_file_over(directory_template, how)
        await desk.wait_until(lambda: desk.app.connection.replaced, NEXT_POLL_S)
        await desk.settle()
        lines = desk.text().splitlines()
        assert lines[1].strip() == "Database file replaced or removed: nothing is saved; restart Supply Desk"
        header = desk.app.screen.query_one("AppHeader")
        assert header.has_class("-replaced")
        assert "offline" not in lines[0]
        # a save through the services, as the screens make it (in a worker thread)
        ctx = desk.app.ctx
        with pytest.raises(DatabaseReplaced):
            await asyncio.to_thread(ctx.run, lambda s: update_enterprise(
                s, actor=ctx.actor, enterprise_id=1, expected_version=1, data=EnterpriseUpdate(notes="丢失")))


async def test_the_replaced_banner_is_translated(desk_factory, directory_template) -> None:
    async with desk_factory(lang="zh") as desk:
        await desk.wait_until(lambda: desk.app.data_marker is not None, NEXT_POLL_S)
        _move_another_file_over(directory_template, "replaced")
        await desk.wait_until(lambda: desk.app.connection.replaced, NEXT_POLL_S)
        await desk.settle()
        assert "数据库文件已被替换或删除：修改不再保存，请重新启动物资保障台" in desk.text()


@pytest.fixture
def other_session(backend_url: str) -> Iterator[Database]:
    """Another session on the test's database: its own engine, its own connections."""
    database = Database.open(backend_url)
    try:
        yield database
    finally:
        database.dispose()


async def test_a_role_changed_by_another_session_applies_at_the_next_poll(backend_desk_factory,
                                                                          other_session) -> None:
    desk_db = other_session
    with desk_db.session() as session:
        coord = resolve_actor(session, login=COORDINATOR)
        create_cadre(session, actor=coord, data=CadreCreate(name="王芳", login="wangfang", role="coordinator"))
        lead = resolve_actor(session, login="wangfang")
    async with backend_desk_factory() as desk:
        await desk.open("shortages")  # a screen of another mode, in the background when the role changes
        await desk.open("enterprises")
        await desk.wait_until(lambda: desk.app.data_marker is not None, NEXT_POLL_S)
        assert "coord (coordinator)" in desk.header()
        assert "n New" in desk.footer()
        with desk_db.session() as session:
            set_role(session, actor=lead, cadre_id=coord.cadre_id, expected_version=1, role="field_cadre")
        await desk.wait_until(lambda: not desk.app.ctx.actor.is_coordinator, NEXT_POLL_S)
        await desk.settle()
        assert "coord (field cadre)" in desk.header()
        assert "New" not in desk.footer() and "e Edit" in desk.footer()
        await desk.open("shortages")
        assert "coord (field cadre)" in desk.header()
        await desk.open("enterprises")
        # deactivated: a viewer, with the read-only banner
        with desk_db.session() as session:
            set_role(session, actor=lead, cadre_id=coord.cadre_id, expected_version=2, role="field_cadre",
                     active=False)
        await desk.wait_until(lambda: not desk.app.ctx.actor.can_write, NEXT_POLL_S)
        await desk.settle()
        assert "coord (viewer)" in desk.header()
        assert "Read-only: login coord is not a cadre with write rights" in desk.text()
        assert "Edit" not in desk.footer()
        # the actor the session started with is refused by the services as well
        with pytest.raises(PermissionDenied):
            await asyncio.to_thread(desk.app.ctx.run, lambda s: update_enterprise(
                s, actor=coord, enterprise_id=1, expected_version=1, data=EnterpriseUpdate(notes="离岗后")))
