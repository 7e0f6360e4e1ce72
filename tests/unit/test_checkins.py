"""Check-ins: arrival and departure of a field cadre, with the guards of a time sheet (one open visit,
reasons for another enterprise or a back-dated time, long or overnight visits closed by hand)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from models.audit import AuditLog
from models.checkin import CheckIn
from models.errors import ValidationError
from models.services import checkins

MORNING = datetime(2020, 2, 3, 7, 50)


@pytest.fixture(autouse=True)
def case_morning(frozen_clock):
    """Every test starts at 07:50 on 3 February 2020, with the clock in the test's hands."""
    return frozen_clock


def visits(session) -> list[CheckIn]:
    session.rollback()
    return list(session.exec(select(CheckIn).order_by(CheckIn.id)))


def refused(call, field: str) -> ValidationError:
    with pytest.raises(ValidationError) as err:
        call()
    assert err.value.field == field
    return err.value


def test_check_in_and_out(session, field_cadre, enterprise, frozen_clock) -> None:
    checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id)
    [visit] = visits(session)
    assert (visit.cadre_id, visit.enterprise_id, visit.check_in, visit.check_out) == (
        field_cadre.cadre_id, enterprise.id, MORNING, None)
    assert (visit.corrected, visit.reason, visit.created_by) == (False, None, field_cadre.login)
    assert checkins.open_checkin(session, cadre_id=field_cadre.cadre_id).id == visit.id

    evening = frozen_clock.set(datetime(2020, 2, 3, 21, 30))
    checkins.check_out(session, actor=field_cadre, note="外科口罩注册证获批", categories=["licence", "production"])
    [visit] = visits(session)
    assert (visit.check_out, visit.note, visit.categories) == (evening, "外科口罩注册证获批", "licence,production")
    assert (visit.corrected, visit.version, visit.updated_by) == (False, 2, field_cadre.login)
    assert checkins.open_checkin(session, cadre_id=field_cadre.cadre_id) is None
    actions = session.exec(select(AuditLog.action).where(AuditLog.table_name == "checkin").order_by(AuditLog.id)).all()
    assert actions == ["check_in", "check_out"]
    last = session.exec(select(AuditLog).where(AuditLog.action == "check_out")).one()
    assert json.loads(last.changes)["check_out"] == [None, "2020-02-03 21:30"]


def test_a_second_open_check_in_is_refused(session, make, field_cadre, enterprise, frozen_clock) -> None:
    other = make.enterprise("渝北防护服厂", district="渝北区", park=None)
    checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id)
    frozen_clock.advance(hours=1)
    for target, reason in ((enterprise.id, None), (other.id, "临时支援")):
        err = refused(lambda target=target, reason=reason: checkins.check_in(
            session, actor=field_cadre, enterprise_id=target, reason=reason), "enterprise_id")
        assert err.message == "You are already checked in; check out first"
    assert len(visits(session)) == 1


def test_check_out_without_a_check_in_is_refused(session, field_cadre, row_counts) -> None:
    before = row_counts()
    err = refused(lambda: checkins.check_out(session, actor=field_cadre), "check_out")
    assert err.message == "You are not checked in"
    assert row_counts() == before


def test_check_out_before_the_check_in_is_refused(session, field_cadre, enterprise, frozen_clock) -> None:
    checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id)
    frozen_clock.advance(hours=2)
    for moment in (MORNING, MORNING - timedelta(minutes=1)):
        err = refused(lambda moment=moment: checkins.check_out(session, actor=field_cadre, at=moment, reason="记错了"),
                      "at")
        assert err.message == "Check-out must be after check-in ({since})"
    [visit] = visits(session)
    assert (visit.check_out, visit.version) == (None, 1)


def test_another_enterprise_needs_a_reason(session, make, field_cadre) -> None:
    other = make.enterprise("渝北防护服厂", district="渝北区", park=None)
    err = refused(lambda: checkins.check_in(session, actor=field_cadre, enterprise_id=other.id), "reason")
    assert err.message == "You are not stationed here; give a reason"
    assert visits(session) == []
    checkins.check_in(session, actor=field_cadre, enterprise_id=other.id, reason="协调熔喷布调拨")
    [visit] = visits(session)
    assert (visit.enterprise_id, visit.reason, visit.corrected) == (other.id, "协调熔喷布调拨", False)


def test_a_back_dated_check_in_needs_a_reason_and_is_marked_corrected(session, field_cadre,
                                                                      enterprise, frozen_clock) -> None:
    frozen_clock.set(datetime(2020, 2, 3, 10, 0))
    err = refused(lambda: checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id, at=MORNING),
                  "reason")
    assert err.message == "A back-dated check-in needs a reason"
    assert visits(session) == []
    checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id, at=MORNING, reason="到厂时终端未开")
    [visit] = visits(session)
    assert (visit.check_in, visit.corrected, visit.reason) == (MORNING, True, "到厂时终端未开")


def test_a_few_minutes_late_is_not_back_dated(session, field_cadre, enterprise, frozen_clock) -> None:
    frozen_clock.advance(minutes=10)
    checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id, at=MORNING)
    [visit] = visits(session)
    assert (visit.check_in, visit.corrected) == (MORNING, False)


def test_a_check_in_in_the_future_is_refused(session, field_cadre, enterprise) -> None:
    refused(lambda: checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id,
                                      at=MORNING + timedelta(hours=1), reason="提前"), "at")
    assert visits(session) == []


@pytest.mark.parametrize(
    ("checked_in", "now"),
    [
        (datetime(2020, 2, 3, 20, 0), datetime(2020, 2, 4, 0, 30)),  # across midnight
        (datetime(2020, 2, 3, 0, 30), datetime(2020, 2, 3, 18, 31)),  # more than 18 hours
        (datetime(2020, 2, 3, 7, 50), datetime(2020, 2, 7, 9, 0)),  # forgotten for days
    ],
    ids=["across-midnight", "over-18-hours", "days-later"],
)
def test_a_long_visit_must_be_closed_with_the_real_time_and_a_reason(session, field_cadre, enterprise, frozen_clock,
                                                                    checked_in, now) -> None:
    frozen_clock.set(checked_in)
    checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id)
    frozen_clock.set(now)
    left = checked_in + timedelta(hours=3)
    for kwargs in ({}, {"at": left}, {"reason": "忘记签退"}, {"at": left, "reason": "  "}):
        err = refused(lambda kwargs=kwargs: checkins.check_out(session, actor=field_cadre, **kwargs), "at")
        assert err.message == "Checked in since {since}: enter the real time you left and a reason"
    [visit] = visits(session)
    assert (visit.check_out, visit.version) == (None, 1)

    checkins.check_out(session, actor=field_cadre, at=left, reason="忘记签退", categories=["production"])
    [visit] = visits(session)
    assert (visit.check_out, visit.reason, visit.corrected, visit.categories) == (left, "忘记签退", True, "production")


@pytest.mark.parametrize(
    ("checked_in", "now"),
    [
        (datetime(2020, 2, 3, 7, 50), datetime(2020, 2, 3, 23, 55)),  # scenario 1: 16 h 05 min, the same day
        (datetime(2020, 2, 3, 0, 30), datetime(2020, 2, 3, 18, 29)),  # just under 18 hours
    ],
    ids=["scenario-1", "under-18-hours"],
)
def test_over_16_hours_is_flagged_but_closes_without_a_correction(session, field_cadre, enterprise, frozen_clock,
                                                                  checked_in, now) -> None:
    """The rule decided for scenario 1: LONG_SHIFT (16 h) flags an open check-in; the real time and a
    reason are required only from an earlier day or after CORRECTION_AFTER (18 h)."""
    frozen_clock.set(checked_in)
    visit = checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id)
    frozen_clock.set(now)
    assert checkins.is_flagged(visit, now) and not checkins.needs_correction(visit, now)
    checkins.check_out(session, actor=field_cadre, note="外科口罩注册证获批", categories=["licence", "production"])
    [visit] = visits(session)
    assert (visit.check_out, visit.corrected, visit.reason) == (now, False, None)


def test_the_flag_and_the_correction_rule() -> None:
    since = datetime(2020, 2, 3, 7, 50)
    cases = {  # now: (flagged, needs correction)
        datetime(2020, 2, 3, 23, 50): (False, False),  # exactly 16 hours
        datetime(2020, 2, 3, 23, 51): (True, False),
        datetime(2020, 2, 4, 0, 0): (True, True),  # across midnight
    }
    for now, expected in cases.items():
        assert (checkins.is_flagged(since, now), checkins.needs_correction(since, now)) == expected, now
    night = datetime(2020, 2, 3, 0, 10)
    assert checkins.needs_correction(night, night + timedelta(hours=18, minutes=1))
    assert not checkins.needs_correction(night, night + timedelta(hours=18))


def test_sixteen_hours_on_the_same_day_closes_normally(session, field_cadre, enterprise, frozen_clock) -> None:
    frozen_clock.set(datetime(2020, 2, 3, 7, 0))
    checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id)
    frozen_clock.set(datetime(2020, 2, 3, 23, 0))
    checkins.check_out(session, actor=field_cadre)
    [visit] = visits(session)
    assert (visit.check_out, visit.corrected) == (datetime(2020, 2, 3, 23, 0), False)


def test_a_back_dated_check_out_needs_a_reason(session, field_cadre, enterprise, frozen_clock) -> None:
    checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id)
    frozen_clock.set(datetime(2020, 2, 3, 20, 0))
    left = datetime(2020, 2, 3, 18, 0)
    err = refused(lambda: checkins.check_out(session, actor=field_cadre, at=left), "reason")
    assert err.message == "A back-dated check-out needs a reason"
    checkins.check_out(session, actor=field_cadre, at=left, reason="离厂时忘记签退")
    [visit] = visits(session)
    assert (visit.check_out, visit.corrected, visit.reason) == (left, True, "离厂时忘记签退")


@pytest.mark.parametrize("categories", [["production", "flying"], ["PRODUCTION"], [""]])
def test_unknown_work_category_is_refused(session, field_cadre, enterprise, frozen_clock, categories) -> None:
    checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id)
    frozen_clock.advance(hours=8)
    err = refused(lambda: checkins.check_out(session, actor=field_cadre, categories=categories), "categories")
    assert err.message == "Unknown value {value}"
    [visit] = visits(session)
    assert (visit.check_out, visit.categories, visit.version) == (None, "", 1)


def test_a_back_dated_check_in_may_not_overlap_a_closed_visit(session, field_cadre, enterprise, frozen_clock) -> None:
    checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id)  # 07:50
    frozen_clock.set(datetime(2020, 2, 3, 12, 0))
    checkins.check_out(session, actor=field_cadre)  # 07:50 - 12:00
    frozen_clock.set(datetime(2020, 2, 3, 13, 0))
    with pytest.raises(ValidationError) as err:
        checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id, at=datetime(2020, 2, 3, 10, 0),
                          reason="补登")
    assert err.value.field == "at"
    assert len(visits(session)) == 1
