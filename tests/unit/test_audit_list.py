"""The audit log browser's query: coordinators only, filters by login, table, record and date."""

from __future__ import annotations

import pytest

from models.enterprise import EnterpriseUpdate
from models.errors import PermissionDenied, ValidationError
from models.services import enterprises as svc
from models.services.audit_list import count_audit, list_audit, parse_query
from models.services.paging import PageRequest
from tui.shell.audit import summary


def test_parse_query_splits_filters_from_words() -> None:
    assert parse_query("login:liqiang table:enterprise 口罩 row:3 x:y") == (
        {"login": "liqiang", "table": "enterprise", "row": "3"}, ["口罩", "x:y"])


def test_who_changed_this_and_from_what(frozen_clock, session, coordinator, field_cadre, enterprise) -> None:
    svc.update_enterprise(session, actor=field_cadre, enterprise_id=enterprise.id, expected_version=1,
                          data=EnterpriseUpdate(contact_person="王芳"))
    request = PageRequest(query=f"table:enterprise row:{enterprise.id} login:{field_cadre.login}")
    [row] = list_audit(session, actor=coordinator, request=request).rows
    assert (row.login, row.action, row.changes) == (field_cadre.login, "update", {"contact_person": ["刘敏", "王芳"]})
    assert summary(row) == "Contact person: 刘敏 → 王芳"  # the field by its name in the language shown
    assert count_audit(session, actor=coordinator, request=request) == 1
    day = frozen_clock.today().isoformat()
    assert count_audit(session, actor=coordinator, request=PageRequest(query=f"date:{day} table:enterprise")) == 2
    assert count_audit(session, actor=coordinator, request=PageRequest(query="date:2000-01-01")) == 0


def test_newest_first(session, coordinator, enterprise) -> None:
    rows = list_audit(session, actor=coordinator, request=PageRequest()).rows
    assert [r.id for r in rows] == sorted((r.id for r in rows), reverse=True)


@pytest.mark.parametrize("query", ["row:abc", "date:2020-02-30"])
def test_bad_filters_are_validation_errors(session, coordinator, query: str) -> None:
    with pytest.raises(ValidationError):
        count_audit(session, actor=coordinator, request=PageRequest(query=query))


def test_only_coordinators_read_the_log(session, field_cadre, viewer) -> None:
    for actor in (field_cadre, viewer):
        with pytest.raises(PermissionDenied):
            list_audit(session, actor=actor, request=PageRequest())
