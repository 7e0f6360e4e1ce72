"""Commands inside a caller's write transaction (the demo's load, an import's batch): each in a
savepoint of it, nothing committed before the caller commits, every audit row naming the source."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from models.audit import AuditLog
from models.errors import ValidationError
from models.services.common import _BATCH, batch, commands_inside, write_transaction
from models.services.sites import SiteInput, create_site
from models.sites import Site


def site(make, code: str) -> SiteInput:  # type: ignore[no-untyped-def]
    return SiteInput(code=code, name=f"储备库{code}", kind="warehouse", district_id=make.district_id("渝中区"))


def test_the_callers_rollback_takes_back_every_command(session, coordinator, make) -> None:
    data = site(make, "W1"), site(make, "W2")

    def load() -> None:
        with write_transaction(session), commands_inside(session, source="demo"):
            for one in data:
                create_site(session, actor=coordinator, data=one)
            assert len(session.exec(select(Site)).all()) == 2  # written, in the caller's transaction
            raise RuntimeError("the caller fails after its commands")

    with pytest.raises(RuntimeError):
        load()
    assert session.exec(select(Site)).all() == [] and _BATCH not in session.info


def test_a_refused_command_takes_back_only_its_own_changes(session, coordinator, make) -> None:
    with write_transaction(session), commands_inside(session, source="demo"):
        create_site(session, actor=coordinator, data=site(make, "W1"))
        with pytest.raises(ValidationError):
            create_site(session, actor=coordinator, data=site(make, "W1"))  # the same code again
        create_site(session, actor=coordinator, data=site(make, "W2"))
    session.rollback()  # committed by the caller: a new transaction reads them
    assert sorted(s.code for s in session.exec(select(Site))) == ["W1", "W2"]
    sources = {json.loads(row.changes).get("source") for row in session.exec(
        select(AuditLog).where(AuditLog.table_name == "site"))}
    assert sources == {"demo"}


def test_a_batch_inside_names_its_own_source_then_the_outer_one_again(session, coordinator, make) -> None:
    with write_transaction(session), commands_inside(session, source="demo"):
        with batch(session, source="sites.xlsx"):
            create_site(session, actor=coordinator, data=site(make, "W1"))
        assert session.info[_BATCH] == "demo"
        create_site(session, actor=coordinator, data=site(make, "W2"))
    by_code = {s.id: s.code for s in session.exec(select(Site))}
    sources = {by_code[row.row_id]: json.loads(row.changes)["source"] for row in session.exec(
        select(AuditLog).where(AuditLog.table_name == "site"))}
    assert sources == {"W1": "sites.xlsx", "W2": "demo"}
