"""A running session must not trust what it learnt at start-up: the database file it opened may be
restored over or deleted, and the role of its login may change. Either way a later write is refused
before it commits, never acknowledged and lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import event

from models.base import Role
from models.db import Database, DatabaseReplaced, sqlite_file
from models.enterprise import EnterpriseUpdate
from models.errors import PermissionDenied
from models.services import cadres, checkins, enterprises, identity, reference

REPLACED = "The database file {path} was replaced or removed; nothing more is saved: restart Supply Desk"


def _another_database(db: Database, sqlite_template: bytes, how: str) -> None:
    """What a restore does (a new file moved over the path) or what a careless ``rm`` does."""
    path = sqlite_file(db.url)
    assert path is not None
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if how == "deleted":
        path.unlink()
        return
    staged = path.with_name(path.name + ".restoring")
    staged.write_bytes(sqlite_template)
    os.replace(staged, path)


def _notes(path: Path) -> list[str | None]:
    """The notes of every enterprise in the file at ``path``, read by a fresh connection."""
    import sqlite3

    with sqlite3.connect(path) as raw:
        return [row[0] for row in raw.execute("SELECT notes FROM enterprise ORDER BY id")]


@pytest.mark.parametrize("how", ["replaced", "deleted"])
def test_a_write_after_the_file_was_replaced_or_deleted_is_refused(sqlite_db, sqlite_template, how) -> None:
    with sqlite_db.session() as session:
        coordinator = identity.resolve_actor(session, login="zhangwei")
        district = reference.district_by_name(session, "南岸区").id
        reference.add_park(session, actor=coordinator, district_id=district, name="茶园新区")
        assert sqlite_db.file is not None
        sqlite_db.file.check()  # untouched: no complaint
        _another_database(sqlite_db, sqlite_template, how)
        with pytest.raises(DatabaseReplaced) as refused:
            reference.add_park(session, actor=coordinator, district_id=district, name="长生桥园区")
    path = sqlite_file(sqlite_db.url)
    assert (refused.value.message, refused.value.params) == (REPLACED, {"path": str(path)})
    # a second write, in a fresh session, is refused too: the state is the file's, not the session's
    with sqlite_db.session() as session, pytest.raises(DatabaseReplaced):
        reference.add_park(session, actor=coordinator, district_id=district, name="迎龙园区")
    if how == "replaced":
        import sqlite3

        with sqlite3.connect(path) as raw:
            assert raw.execute("SELECT count(*) FROM park").fetchone() == (0,)
            assert raw.execute("SELECT count(*) FROM cadre").fetchone() == (0,)


def test_reads_still_work_on_a_replaced_file(sqlite_db, sqlite_template) -> None:
    """Only writes are refused: the screens keep showing data while the header says to restart."""
    _another_database(sqlite_db, sqlite_template, "replaced")
    with sqlite_db.session() as session:
        assert reference.district_by_name(session, "南岸区").name == "南岸区"


def test_a_database_opened_again_on_the_new_file_writes(sqlite_db, sqlite_template) -> None:
    """Restarting is the way out: a new Database on the path knows the new file."""
    _another_database(sqlite_db, sqlite_template, "replaced")
    again = Database.open(sqlite_db.url)
    try:
        with again.session() as session:
            actor = identity.resolve_actor(session, login="zhangwei")
            district = reference.district_by_name(session, "南岸区").id
            reference.add_park(session, actor=actor, district_id=district, name="茶园新区")
    finally:
        again.dispose()


# --- roles that change under a running session ----------------------------------------------------


def test_a_demoted_and_deactivated_coordinator_cannot_archive_with_a_stale_actor(
        session, coordinator, make, enterprise, row_counts) -> None:
    lead = make.cadre("wangfang", role="coordinator")
    assert lead.is_coordinator
    cadres.set_role(session, actor=coordinator, cadre_id=lead.cadre_id, expected_version=1,
                    role="field_cadre", active=False)
    before = row_counts()
    with pytest.raises(PermissionDenied) as refused:
        enterprises.set_archived(session, actor=lead, enterprise_id=enterprise.id, expected_version=1,
                                 archived=True, reason="停产")  # the actor object still says coordinator
    assert refused.value.message == "Your role is now {role}; this change was not saved"
    assert refused.value.params == {"role": "viewer"}
    assert row_counts() == before


def test_a_deactivated_field_cadre_cannot_check_in_with_a_stale_actor(
        session, coordinator, field_cadre, enterprise, row_counts) -> None:
    cadres.set_role(session, actor=coordinator, cadre_id=field_cadre.cadre_id, expected_version=1,
                    role="field_cadre", active=False)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id)
    with pytest.raises(PermissionDenied):
        enterprises.update_enterprise(session, actor=field_cadre, enterprise_id=enterprise.id,
                                      expected_version=1, data=EnterpriseUpdate(notes="离岗后修改"))
    assert row_counts() == before


def test_a_promoted_field_cadre_still_writes_with_its_older_actor(session, coordinator, field_cadre,
                                                                   enterprise) -> None:
    """More rights than the actor says: what was allowed stays allowed."""
    cadres.set_role(session, actor=coordinator, cadre_id=field_cadre.cadre_id, expected_version=1,
                    role="coordinator")
    enterprises.update_enterprise(session, actor=field_cadre, enterprise_id=enterprise.id, expected_version=1,
                                  data=EnterpriseUpdate(notes="升任后修改"))


def test_a_coordinator_may_hand_over_and_step_down(session, coordinator, make) -> None:
    """The write that changes the actor's own role was allowed when it began: it is saved."""
    make.cadre("wangfang", role="coordinator")
    cadres.set_role(session, actor=coordinator, cadre_id=coordinator.cadre_id, expected_version=1,
                    role="field_cadre")
    assert identity.resolve_actor(session, login=coordinator.login).role == Role.FIELD_CADRE


def test_the_role_is_read_once_per_write(db, session, coordinator, enterprise) -> None:
    """One small query per write transaction, however many audit rows it appends."""
    from sqlmodel import select

    from models.reference import CatalogueItem
    from models.services.enterprise_products import ProductInput, set_products

    items = session.exec(select(CatalogueItem.id).order_by(CatalogueItem.id).limit(3)).all()
    looked_up: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if "FROM cadre" in statement and "cadre.login" in statement:
            looked_up.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        set_products(session, actor=coordinator, enterprise_id=enterprise.id,
                     lines=[ProductInput(item_id=item, daily_capacity=100) for item in items])
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(looked_up) == 1
