"""The catalogue as coordinators keep it: standards, grades, the severely-short flag, and the
history of the daily demand that a brief of a past moment reads."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import select

from models.audit import AuditLog
from models.catalogue_demand import CatalogueDemand
from models.errors import ConflictError, PermissionDenied, ValidationError
from models.services.catalogue import (
    ItemInput,
    create_item,
    demand_as_of,
    demand_history,
    item,
    list_items,
    update_item,
)
from models.services.dashboard import supply_by_item
from models.services.paging import PageRequest
from models.services.reference import catalogue


def _surgical(session):  # type: ignore[no-untyped-def]
    return next(i for i in catalogue(session) if i.code == "MASK-SURG")


def _input(row, **changes) -> ItemInput:  # type: ignore[no-untyped-def]
    kept = ("code", "name", "name_en", "unit", "category", "standard", "grade", "daily_demand", "severely_short",
            "short_since")
    values = {name: getattr(row, name) for name in kept} | {"short_reason": row.short_reason or ""}
    return ItemInput(**(values | changes))


def test_seeded_items_have_their_standards(session) -> None:
    row = item(session, item_id=_surgical(session).id)
    assert (row.standard, row.grade) == ("YY 0469", "surgical")
    n95 = list_items(session, request=PageRequest(query="19083")).rows
    assert [r.code for r in n95] == ["MASK-N95"]


def test_only_coordinators_write_the_catalogue(session, make, field_cadre, viewer) -> None:
    row = _surgical(session)
    for who in (field_cadre, viewer):
        with pytest.raises(PermissionDenied):
            update_item(session, actor=who, item_id=row.id, expected_version=row.version,
                        data=_input(row, daily_demand=1))
        with pytest.raises(PermissionDenied):
            create_item(session, actor=who, data=ItemInput(code="X", name="隔离衣", unit="件", category="suit"))


def test_an_edit_is_versioned_and_audited(session, coordinator) -> None:
    row = _surgical(session)
    before = row.version
    version = update_item(session, actor=coordinator, item_id=row.id, expected_version=before,
                          data=_input(row, standard="YY 0469-2011", short_reason="武汉调拨后库存告急"))
    assert version == before + 1
    with pytest.raises(ConflictError):
        update_item(session, actor=coordinator, item_id=row.id, expected_version=before,
                    data=_input(row, standard="stale"))
    last = session.exec(select(AuditLog).where(AuditLog.table_name == "catalogueitem")
                        .order_by(AuditLog.id.desc())).first()
    assert "YY 0469-2011" in last.changes and last.login == coordinator.login


def test_an_unflagged_item_forgets_why_it_was_short(session, coordinator, frozen_clock) -> None:
    row = _surgical(session)
    update_item(session, actor=coordinator, item_id=row.id, expected_version=row.version,
                data=_input(row, short_reason="告急"))
    flagged = item(session, item_id=row.id)
    assert flagged.short_since == frozen_clock.today() and flagged.short_reason == "告急"
    update_item(session, actor=coordinator, item_id=row.id, expected_version=flagged.version,
                data=_input(flagged, severely_short=False))
    clear = item(session, item_id=row.id)
    assert (clear.severely_short, clear.short_reason, clear.short_since) == (False, "", None)


def test_refusals_name_their_field(session, coordinator) -> None:
    row = _surgical(session)
    cases = {"code": _input(row, code="MASK-N95"), "daily_demand": _input(row, daily_demand=-1),
             "grade": _input(row, grade="military"), "demand_from": _input(row, demand_from=date(2099, 1, 1))}
    for field, data in cases.items():
        with pytest.raises(ValidationError) as refused:
            update_item(session, actor=coordinator, item_id=row.id, expected_version=row.version, data=data)
        assert refused.value.field == field


def test_demand_changes_are_kept_and_read_as_of_a_moment(session, coordinator, frozen_clock) -> None:
    """Seeded at 400,000 a day; raised to 500,000 from 5 Feb (recorded on the 6th at 09:00), then a
    back-dated correction recorded on the 8th: 450,000 from the 4th."""
    row = _surgical(session)
    frozen_clock.set(datetime(2020, 2, 6, 9, 0))
    update_item(session, actor=coordinator, item_id=row.id, expected_version=row.version,
                data=_input(row, daily_demand=500_000, demand_from=date(2020, 2, 5)))
    frozen_clock.set(datetime(2020, 2, 8, 9, 0))
    now = item(session, item_id=row.id)
    update_item(session, actor=coordinator, item_id=row.id, expected_version=now.version,
                data=_input(now, daily_demand=450_000, demand_from=date(2020, 2, 4)))

    def at(day: int, hour: int = 12) -> float:
        return demand_as_of(session, datetime(2020, 2, day, hour))[row.id]

    assert at(3) == 400_000                        # before any change: the seeded figure
    assert at(5) == 400_000 and at(6, 8) == 400_000  # the raise was not yet recorded
    assert at(6, 10) == 500_000 and at(7) == 500_000
    assert at(8, 10) == 500_000                    # the correction is for the 4th: the 5th's raise is later
    assert demand_as_of(session, datetime(2020, 2, 4, 12))[row.id] == 400_000  # the correction was not known yet
    history = demand_history(session, item_id=row.id)
    assert [(h.daily_demand, h.effective_from) for h in history] == [
        (500_000, date(2020, 2, 5)), (450_000, date(2020, 2, 4)), (400_000, date(2000, 1, 1))]
    current = item(session, item_id=row.id)
    assert (current.daily_demand, current.demand_from) == (500_000, date(2020, 2, 5))
    # the dashboard of the 3rd as of then reads the demand of then; today's reads today's
    then = {s.item_id: s.demand for s in supply_by_item(session, day=date(2020, 2, 3),
                                                        as_of=datetime(2020, 2, 3, 12))}
    assert then[row.id] == 400_000
    assert {s.item_id: s.demand for s in supply_by_item(session, day=date(2020, 2, 8))}[row.id] == 500_000


def test_a_new_item_has_no_demand_before_it_was_made(session, coordinator, frozen_clock) -> None:
    frozen_clock.set(datetime(2020, 2, 6, 9, 0))
    new = create_item(session, actor=coordinator,
                      data=ItemInput(code="gown", name="隔离衣", name_en="Isolation gown", unit="件", category="suit",
                                     grade="general", daily_demand="8,000"))
    assert item(session, item_id=new).code == "GOWN"
    assert demand_as_of(session, datetime(2020, 2, 5, 12))[new] == 0
    assert demand_as_of(session, datetime(2020, 2, 6, 10))[new] == 8_000
    assert session.exec(select(CatalogueDemand).where(CatalogueDemand.item_id == new)).one().recorded_by == "zhangwei"


def test_an_edit_that_leaves_the_demand_records_no_change(session, coordinator) -> None:
    row = _surgical(session)
    update_item(session, actor=coordinator, item_id=row.id, expected_version=row.version,
                data=_input(row, name_en="Surgical mask (YY 0469)"))
    assert demand_history(session, item_id=row.id) == []


def test_filters(session) -> None:
    short = list_items(session, request=PageRequest(filters={"severely_short": True})).rows
    assert {r.code for r in short} == {"MASK-SURG", "MASK-N95", "SUIT", "REAGENT", "THERMO"}
    assert [r.code for r in list_items(session, request=PageRequest(query="kouzhao", sort="code")).rows] == [
        "MASK-DISP", "MASK-N95", "MASK-SURG"]
    assert [r.code for r in list_items(session, request=PageRequest(filters={"grade": "medical_protective"})).rows] \
        == ["MASK-N95", "SUIT"]
