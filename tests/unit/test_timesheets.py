"""Time sheets, the cadre's status and week, the roster and the headcount: what the check-in screen
and the morning brief read. Visits are made through the check-in services with the clock moved by
hand, so every figure here comes from data the guards accepted."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from models.errors import NotFoundError, PermissionDenied, ValidationError
from models.history import ShortageEvent
from models.people import CadreCreate
from models.services import checkin_roster as roster
from models.services import timesheets as ts
from models.services.cadres import create_cadre, end_station, station
from models.services.checkin_match import match_enterprises
from models.services.checkins import check_in, check_out
from models.services.choices import assigned_choices, cadre_choices, shortages_at
from models.services.identity import resolve_actor
from models.services.paging import PageRequest
from models.services.reference import groups, units
from models.shortage import Shortage, ShortageCreate

MONDAY = date(2020, 2, 3)


@pytest.fixture(autouse=True)
def case_time(frozen_clock):
    return frozen_clock


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(hour=hh, minute=mm)


def visit(session, clock, actor, enterprise_id: int, start: datetime, end: datetime | None, **out) -> None:
    """A visit as the cadre makes it: check in at ``start``, check out at ``end`` (the real time and a
    reason when the guards ask for them, i.e. across midnight)."""
    clock.set(start)
    check_in(session, actor=actor, enterprise_id=enterprise_id)
    if end is None:
        return
    if end.date() != start.date():
        clock.set(end + timedelta(minutes=30))
        check_out(session, actor=actor, at=end, reason="忘记签退", **out)
    else:
        clock.set(end)
        check_out(session, actor=actor, **out)


def cadre(session, coordinator, login: str, name: str, *, unit: int | None = None, group: int | None = None):
    create_cadre(session, actor=coordinator, data=CadreCreate(name=name, login=login, unit_id=unit, group_id=group))
    return resolve_actor(session, login=login)


def page(request: PageRequest | None = None, **filters) -> PageRequest:
    return PageRequest(limit=100, filters=filters) if request is None else request


# --- the cadre's week (scenario 1) --------------------------------------------------------------------


@pytest.fixture
def scenario_week(session, field_cadre, enterprise, frozen_clock):
    """李强's week to Monday 3 February: 07:50 every day, 23:55 on Sunday, on site again since 07:50."""
    for back in range(6, 0, -1):
        day = MONDAY - timedelta(days=back)
        finish = at(day, 23, 55) if back == 1 else at(day, 18, 0)
        visit(session, frozen_clock, field_cadre, enterprise.id, at(day, 7, 50), finish,
              note="外科口罩注册证获批" if back == 1 else None,
              categories=["licence", "production"] if back == 1 else None)
    visit(session, frozen_clock, field_cadre, enterprise.id, at(MONDAY, 7, 50), None)
    frozen_clock.set(at(MONDAY, 14, 2))
    return field_cadre


def test_the_week_of_scenario_one(session, scenario_week) -> None:
    week = ts.week(session, cadre_id=scenario_week.cadre_id)
    assert (week.start, week.end) == (date(2020, 1, 28), MONDAY)
    assert week.days_on_site == 7
    assert week.streak == 7
    assert week.latest_finish == at(MONDAY - timedelta(days=1), 23, 55)
    assert [line.minutes for line in week.days] == [610] * 5 + [965, 372]
    sunday, today = week.days[-2], week.days[-1]
    assert (sunday.first_in, sunday.last_out, sunday.categories) == (at(sunday.day, 7, 50), at(sunday.day, 23, 55),
                                                                      ("licence", "production"))
    assert (today.first_in, today.last_out, today.open, today.flagged) == (at(MONDAY, 7, 50), None, True, False)
    assert today.enterprises == ("茶园康护",)
    assert week.minutes == 5 * 610 + 965 + 372


def test_a_day_off_breaks_the_run_and_today_without_a_visit_yet_does_not(session, field_cadre, enterprise,
                                                                          frozen_clock) -> None:
    for day in (date(2020, 1, 29), date(2020, 1, 31), date(2020, 2, 1), date(2020, 2, 2)):
        visit(session, frozen_clock, field_cadre, enterprise.id, at(day, 8), at(day, 18))
    frozen_clock.set(at(MONDAY, 7, 0))
    week = ts.week(session, cadre_id=field_cadre.cadre_id)
    assert week.days_on_site == 4
    assert week.streak == 3  # Fri, Sat, Sun: today has no visit yet, Thursday was a day off
    assert ts.week(session, cadre_id=field_cadre.cadre_id, end=date(2020, 1, 30)).streak == 0


def test_the_week_pages_back(session, scenario_week) -> None:
    earlier = ts.week(session, cadre_id=scenario_week.cadre_id, end=date(2020, 1, 27))
    assert earlier.days_on_site == 0 and earlier.minutes == 0 and earlier.latest_finish is None
    assert len(earlier.days) == 7


# --- across midnight ------------------------------------------------------------------------------------


@pytest.fixture
def overnight(session, field_cadre, enterprise, frozen_clock):
    """In at 20:00 on Saturday 1 February, out at 02:00 on Sunday (closed with the real time and a reason)."""
    visit(session, frozen_clock, field_cadre, enterprise.id, at(date(2020, 2, 1), 20), at(date(2020, 2, 2), 2))
    frozen_clock.set(at(MONDAY, 9))
    return field_cadre


def test_a_visit_across_midnight_is_split_between_its_days(session, overnight) -> None:
    sheet = ts.cadre_days(session, cadre_id=overnight.cadre_id, start=date(2020, 2, 1), end=date(2020, 2, 2))
    saturday, sunday = sheet.days
    assert (saturday.minutes, saturday.first_in, saturday.last_out, saturday.continues) == (
        240, at(saturday.day, 20), None, True)
    assert (sunday.minutes, sunday.first_in, sunday.last_out, sunday.continues) == (120, None, at(sunday.day, 2), False)
    assert (saturday.visits, sunday.visits) == (1, 0)
    assert saturday.corrected and sunday.corrected
    assert sheet.latest_finish == at(sunday.day, 2)  # 02:00 the next morning is later than any evening


@pytest.mark.parametrize(
    ("start", "end", "minutes", "days", "visits"),
    [
        (date(2020, 2, 1), date(2020, 2, 1), 240, 1, 1),
        (date(2020, 2, 2), date(2020, 2, 2), 120, 1, 0),
        (date(2020, 2, 1), date(2020, 2, 2), 360, 2, 1),
        (date(2020, 2, 3), date(2020, 2, 3), 0, 0, 0),
    ],
    ids=["first-day", "second-day", "both", "after"],
)
def test_a_time_sheet_counts_only_the_hours_inside_its_range(session, overnight, start, end, minutes, days,
                                                             visits) -> None:
    sheet = ts.time_sheet(session, start=start, end=end)
    assert (sheet.total.minutes, sheet.total.days, sheet.total.visits) == (minutes, days, visits)
    assert [row.id for row in sheet.rows] == ([overnight.cadre_id] if minutes else [])


def test_an_open_visit_counts_until_now_but_never_more_than_16_hours(session, field_cadre, enterprise,
                                                                    frozen_clock) -> None:
    visit(session, frozen_clock, field_cadre, enterprise.id, at(date(2020, 2, 1), 7, 50), None)  # forgotten
    frozen_clock.set(at(MONDAY, 9))
    sheet = ts.time_sheet(session, start=date(2020, 2, 1), end=MONDAY)
    assert (sheet.total.minutes, sheet.total.days, sheet.total.open) == (16 * 60, 1, 1)
    line = ts.cadre_days(session, cadre_id=field_cadre.cadre_id, start=date(2020, 2, 1), end=date(2020, 2, 1)).days[0]
    assert (line.open, line.flagged) == (True, True)


# --- the cadre's status ---------------------------------------------------------------------------------


def test_status_of_a_cadre_not_checked_in(session, field_cadre, enterprise) -> None:
    status = ts.cadre_status(session, cadre_id=field_cadre.cadre_id)
    assert not status.on_site and status.enterprise is None and status.minutes == 0
    assert [e.id for e in status.assigned] == [enterprise.id]
    assert status.assigned[0].label == "茶园康护"


@pytest.mark.parametrize(
    ("now", "flagged", "correction"),
    [
        (at(MONDAY, 14, 2), False, False),
        (at(MONDAY, 23, 51), True, False),  # 16 h 01 min: flagged, still closed as is (scenario 1 ends 23:55)
        (at(MONDAY, 23, 59), True, False),
        (at(MONDAY + timedelta(days=1), 0, 5), True, True),  # across midnight
    ],
    ids=["6h", "16h01", "16h09", "next-day"],
)
def test_status_flags_a_long_check_in(session, field_cadre, enterprise, frozen_clock, now, flagged, correction) -> None:
    check_in(session, actor=field_cadre, enterprise_id=enterprise.id)  # 07:50
    frozen_clock.set(now)
    status = ts.cadre_status(session, cadre_id=field_cadre.cadre_id)
    assert status.on_site and status.since == at(MONDAY, 7, 50)
    assert status.enterprise.id == enterprise.id
    assert status.minutes == int((now - at(MONDAY, 7, 50)).total_seconds() // 60)
    assert (status.flagged, status.needs_correction) == (flagged, correction)


# --- time sheets by cadre, unit and special group --------------------------------------------------------


@pytest.fixture
def team(session, coordinator, enterprise, frozen_clock):
    """Three cadres: two of the first unit (in two groups), one of the second unit without a group."""
    unit1, unit2 = (u.id for u in units(session)[:2])
    group1, group2 = (g.id for g in groups(session)[:2])
    people = {
        "wangfang": cadre(session, coordinator, "wangfang", "王芳", unit=unit1, group=group1),
        "liuyang": cadre(session, coordinator, "liuyang", "刘洋", unit=unit1, group=group2),
        "zhaolei": cadre(session, coordinator, "zhaolei", "赵磊", unit=unit2),
    }
    for actor in people.values():
        station(session, actor=coordinator, cadre_id=actor.cadre_id,
                enterprise_id=enterprise.id, start=date(2020, 1, 24))
    for day in (date(2020, 2, 1), date(2020, 2, 2)):
        visit(session, frozen_clock, people["wangfang"], enterprise.id, at(day, 8), at(day, 18))
    visit(session, frozen_clock, people["liuyang"], enterprise.id,
          at(date(2020, 2, 2), 9), at(date(2020, 2, 2), 21, 30))
    visit(session, frozen_clock, people["zhaolei"], enterprise.id, at(date(2020, 2, 1), 7), at(date(2020, 2, 1), 12))
    frozen_clock.set(at(MONDAY, 9))
    return {"units": (unit1, unit2), "groups": (group1, group2), **people}


def test_time_sheet_by_cadre_with_totals(session, team) -> None:
    sheet = ts.time_sheet(session, start=date(2020, 2, 1), end=date(2020, 2, 2), by="cadre")
    assert [(r.label, r.days, r.minutes, r.visits) for r in sheet.rows] == [
        ("刘洋", 1, 750, 1), ("王芳", 2, 1200, 2), ("赵磊", 1, 300, 1)]  # by pinyin: liu, wang, zhao
    total = sheet.total
    assert (total.cadres, total.days, total.minutes, total.visits) == (3, 4, 2250, 4)
    assert total.latest_finish == at(date(2020, 2, 2), 21, 30)
    by_hours = ts.time_sheet(session, start=date(2020, 2, 1), end=date(2020, 2, 2), sort="hours", descending=True)
    assert [r.label for r in by_hours.rows] == ["王芳", "刘洋", "赵磊"]


def test_time_sheet_by_unit_and_by_group(session, team) -> None:
    unit1, unit2 = team["units"]
    by_unit = ts.time_sheet(session, start=date(2020, 2, 1), end=date(2020, 2, 2), by="unit")
    assert {r.id: (r.cadres, r.days, r.minutes) for r in by_unit.rows} == {unit1: (2, 3, 1950), unit2: (1, 1, 300)}
    group1, group2 = team["groups"]
    by_group = ts.time_sheet(session, start=date(2020, 2, 1), end=date(2020, 2, 2), by="group")
    # by the pinyin of the name: 医疗物资采购组 (yiliao…) before 综合协调组 (zonghe…); without a group last
    assert [(r.id, r.cadres, r.minutes) for r in by_group.rows] == [(group2, 1, 750), (group1, 1, 1200), (None, 1, 300)]
    assert by_group.total.minutes == by_unit.total.minutes == 2250


@pytest.mark.parametrize(("query", "labels"), [("王芳", ["王芳"]), ("wangfang", ["王芳"]), ("zl", ["赵磊"]), ("x", [])])
def test_time_sheet_filters_cadres_by_name_pinyin_or_initials(session, team, query, labels) -> None:
    sheet = ts.time_sheet(session, start=date(2020, 2, 1), end=date(2020, 2, 2), query=query)
    assert [r.label for r in sheet.rows] == labels
    assert sheet.total.cadres == len(labels)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_station_picker_names_the_cadres_unit_in_the_language_shown(session, team, lang: str) -> None:
    from tui import i18n
    from tui.checkins.flows import _cadre_label

    unit = next(u for u in units(session) if u.id == team["units"][0])
    i18n.set_language(lang)
    try:
        labels = {c.login: _cadre_label(c) for c in cadre_choices(session)}
    finally:
        i18n.set_language("en")
    assert unit.alt and labels["wangfang"] == f"王芳 · {unit.alt if lang == 'en' else unit.name}"


def test_time_sheet_of_one_unit_or_of_those_without_a_group(session, team) -> None:
    unit1, _ = team["units"]
    of_unit = ts.time_sheet(session, start=date(2020, 2, 1), end=date(2020, 2, 2), unit_id=unit1)
    assert [r.label for r in of_unit.rows] == ["刘洋", "王芳"]
    no_group = ts.time_sheet(session, start=date(2020, 2, 1), end=date(2020, 2, 2), group_id=ts.NONE_ID)
    assert [r.label for r in no_group.rows] == ["赵磊"]


def test_time_sheet_pages_for_the_table(session, team) -> None:
    request = PageRequest(limit=2, sort="label",
                          filters={"start": date(2020, 2, 1), "end": date(2020, 2, 2), "by": "cadre"})
    assert ts.count_time_sheet(session, request=request) == 3
    assert [r.label for r in ts.list_time_sheet(session, request=request).rows] == ["刘洋", "王芳"]
    second = PageRequest(offset=2, limit=2, sort="label", filters=request.filters)
    assert [r.label for r in ts.list_time_sheet(session, request=second).rows] == ["赵磊"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"start": MONDAY, "end": MONDAY - timedelta(days=1)}, "end"),
     ({"start": MONDAY - timedelta(days=400), "end": MONDAY}, "end"),
     ({"start": MONDAY, "end": MONDAY, "by": "district"}, "by")],
    ids=["end-before-start", "too-long", "unknown-grouping"],
)
def test_time_sheet_refuses_a_bad_range(session, kwargs, field) -> None:
    with pytest.raises(ValidationError) as err:
        ts.time_sheet(session, **kwargs)
    assert err.value.field == field


# --- headcount ------------------------------------------------------------------------------------------


def test_headcount_counts_distinct_cadres_by_unit_and_group(session, team) -> None:
    unit1, unit2 = team["units"]
    group1, group2 = team["groups"]
    count = roster.headcount(session, since=date(2020, 1, 24), as_of=at(MONDAY, 12))
    assert count.total == 3  # 王芳 came twice, counted once
    assert {line.id: line.count for line in count.by_unit if line.count} == {unit1: 2, unit2: 1}
    assert len([line for line in count.by_unit if line.id is not None]) == len(units(session))  # every unit listed
    assert {line.id: line.count for line in count.by_group if line.count} == {group1: 1, group2: 1, None: 1}
    assert count.by_group[-1].id is None


@pytest.mark.parametrize(
    ("since", "as_of", "total"),
    [
        (date(2020, 2, 2), at(MONDAY, 12), 2),  # 赵磊 came only on the 1st
        (date(2020, 2, 1), at(date(2020, 2, 1), 12), 2),  # as of noon on the 1st: 赵磊 and 王芳
        (date(2020, 2, 1), at(date(2020, 2, 1), 7, 30), 1),  # 07:30: only 赵磊 (since 07:00)
        (date(2020, 2, 3), at(MONDAY, 12), 0),
    ],
)
def test_headcount_as_of_a_time(session, team, since, as_of, total) -> None:
    assert roster.headcount(session, since=since, as_of=as_of).total == total


def test_headcount_counts_a_cadre_on_site_across_the_start(session, field_cadre, enterprise, frozen_clock) -> None:
    visit(session, frozen_clock, field_cadre, enterprise.id, at(date(2020, 2, 2), 20), None)
    frozen_clock.set(at(MONDAY, 1))
    assert roster.headcount(session, since=MONDAY).total == 1
    assert roster.first_checkin_day(session) == date(2020, 2, 2)


def test_headcount_refuses_a_time_before_the_start(session) -> None:
    with pytest.raises(ValidationError):
        roster.headcount(session, since=MONDAY, as_of=at(MONDAY - timedelta(days=1), 12))


# --- the roster -------------------------------------------------------------------------------------------


@pytest.fixture
def floor(session, make, coordinator, enterprise, frozen_clock):
    """茶园康护 with 李强 (on site since 07:50) and 王芳 (stationed, not in yet); 渝北防护 with 赵磊 (open since
    yesterday 20:00); 万州敷料 with nobody."""
    yubei = make.enterprise("渝北防护用品有限公司", short_name="渝北防护", district="渝北区", park=None)
    wanzhou = make.enterprise("万州医用敷料有限公司", district="万州区", park=None)
    people = {login: make.field_cadre(login, at=ent) for login, ent in
              (("liqiang", enterprise), ("wangfang", enterprise), ("zhaolei", yubei))}
    visit(session, frozen_clock, people["zhaolei"], yubei.id, at(date(2020, 2, 2), 20), None)
    visit(session, frozen_clock, people["liqiang"], enterprise.id, at(MONDAY, 7, 50), None)
    frozen_clock.set(at(MONDAY, 9))
    return {"yubei": yubei, "wanzhou": wanzhou, "chayuan": enterprise, **people}


def test_on_site_now_by_district_and_enterprise(session, floor) -> None:
    rows = roster.list_on_site(session, request=PageRequest(sort="district")).rows
    assert [(r.cadre, r.enterprise, r.district) for r in rows] == [("liqiang", "茶园康护", "南岸区"),
                                                                   ("zhaolei", "渝北防护", "渝北区")]
    assert [r.flagged for r in rows] == [False, True]  # 赵磊: open since yesterday
    assert [r.needs_correction for r in rows] == [False, True]
    assert rows[0].minutes == 70
    assert roster.count_on_site(session, request=PageRequest()) == 2
    assert [r.cadre for r in roster.list_on_site(session, request=PageRequest(sort="since")).rows] == ["zhaolei",
                                                                                                       "liqiang"]


@pytest.mark.parametrize(("query", "cadres"), [("茶园", ["liqiang"]), ("yubei", ["zhaolei"]), ("ybfh", ["zhaolei"]),
                                               ("zhaolei", ["zhaolei"]), ("nowhere", [])])
def test_on_site_filters_by_enterprise_or_cadre(session, floor, query, cadres) -> None:
    request = PageRequest(query=query, sort="district")
    assert [r.cadre for r in roster.list_on_site(session, request=request).rows] == cadres
    assert roster.count_on_site(session, request=request) == len(cadres)


def test_stationed_cadres_not_checked_in_today(session, floor, coordinator, frozen_clock) -> None:
    rows = roster.list_absent(session, request=PageRequest(sort="cadre")).rows
    assert [(r.cadre, r.enterprise) for r in rows] == [("wangfang", "茶园康护")]  # 赵磊 is on site from yesterday
    check_in(session, actor=floor["wangfang"], enterprise_id=floor["chayuan"].id)
    frozen_clock.advance(hours=1)
    check_out(session, actor=floor["wangfang"], note="巡查")  # came and went: not absent
    assert roster.count_absent(session, request=PageRequest()) == 0


def test_an_ended_stationing_is_not_expected_in(session, floor, coordinator) -> None:
    [row] = roster.list_absent(session, request=PageRequest()).rows
    end_station(session, actor=coordinator, assignment_id=row.id, expected_version=1, end=MONDAY - timedelta(days=1))
    assert roster.list_absent(session, request=PageRequest()).rows == []


def test_enterprises_with_nobody_stationed(session, floor, coordinator) -> None:
    rows = roster.list_unstaffed(session, request=PageRequest(sort="name")).rows
    assert [r.id for r in rows] == [floor["wanzhou"].id]
    assert rows[0].last_visit is None
    [stationing] = [r for r in roster.list_assignments(session, request=PageRequest()).rows if r.cadre == "zhaolei"]
    end_station(session, actor=coordinator, assignment_id=stationing.id, expected_version=stationing.version,
                end=MONDAY - timedelta(days=1))
    rows = roster.list_unstaffed(session, request=PageRequest(sort="name")).rows
    assert {r.id for r in rows} == {floor["wanzhou"].id, floor["yubei"].id}
    assert next(r for r in rows if r.id == floor["yubei"].id).last_visit == at(date(2020, 2, 2), 20)
    station(session, actor=coordinator, cadre_id=floor["zhaolei"].cadre_id, enterprise_id=floor["wanzhou"].id)
    assert [r.id for r in roster.list_unstaffed(session, request=PageRequest()).rows] == [floor["yubei"].id]


def test_stationing_list_current_and_ended(session, floor, coordinator) -> None:
    rows = roster.list_assignments(session, request=PageRequest(sort="cadre")).rows
    assert [(r.cadre, r.enterprise, r.start_date, r.end_date) for r in rows] == [
        ("liqiang", "茶园康护", date(2020, 1, 24), None), ("wangfang", "茶园康护", date(2020, 1, 24), None),
        ("zhaolei", "渝北防护", date(2020, 1, 24), None)]
    end_station(session, actor=coordinator, assignment_id=rows[0].id, expected_version=rows[0].version,
                end=MONDAY - timedelta(days=1))
    assert roster.count_assignments(session, request=PageRequest()) == 2
    assert roster.count_assignments(session, request=PageRequest(filters={"ended": True})) == 3
    assert [r.cadre for r in roster.list_assignments(session, request=PageRequest(query="wang")).rows] == ["wangfang"]


# --- permissions ------------------------------------------------------------------------------------------


def test_a_viewer_may_not_check_in_or_out(session, viewer, enterprise, row_counts) -> None:
    before = row_counts()
    with pytest.raises(PermissionDenied):
        check_in(session, actor=viewer, enterprise_id=enterprise.id, reason="路过")
    with pytest.raises(PermissionDenied):
        check_out(session, actor=viewer, note="x")
    assert row_counts() == before


def test_a_field_cadre_may_not_station_anyone(session, field_cadre, enterprise, row_counts) -> None:
    before = row_counts()
    with pytest.raises(PermissionDenied):
        station(session, actor=field_cadre, cadre_id=field_cadre.cadre_id, enterprise_id=enterprise.id)
    [row] = roster.list_assignments(session, request=PageRequest()).rows
    with pytest.raises(PermissionDenied):
        end_station(session, actor=field_cadre, assignment_id=row.id, expected_version=row.version)
    assert row_counts() == before


def test_a_coordinator_without_a_stationing_checks_in_with_a_reason(session, coordinator, enterprise) -> None:
    with pytest.raises(ValidationError):
        check_in(session, actor=coordinator, enterprise_id=enterprise.id)
    check_in(session, actor=coordinator, enterprise_id=enterprise.id, reason="督导检查")
    assert ts.cadre_status(session, cadre_id=coordinator.cadre_id).on_site


# --- shortages handled at check-out --------------------------------------------------------------------------


@pytest.fixture
def melt_blown(session, field_cadre, enterprise):
    from models.services.shortages import report_shortage

    return report_shortage(session, actor=field_cadre, data=ShortageCreate(
        enterprise_id=enterprise.id, kind="raw_material", material_id=2,
        severity="critical", description="熔喷布仅够2天"))


def test_check_out_notes_the_shortages_handled(session, field_cadre, enterprise, melt_blown, frozen_clock) -> None:
    assert [(s.id, s.what) for s in shortages_at(session, enterprise_id=enterprise.id)] == [(melt_blown.id, "熔喷布")]
    version = melt_blown.version
    check_in(session, actor=field_cadre, enterprise_id=enterprise.id)
    frozen_clock.advance(hours=10)
    check_out(session, actor=field_cadre, note="联系供应商，明日到货", categories=["raw_materials"],
              shortage_ids=[melt_blown.id])
    session.rollback()
    events = session.exec(select(ShortageEvent).where(ShortageEvent.shortage_id == melt_blown.id)
                          .order_by(ShortageEvent.id)).all()
    assert [(e.action, e.note, e.by) for e in events][-1] == ("note", "联系供应商，明日到货", "liqiang")
    assert session.get(Shortage, melt_blown.id).version == version + 1


@pytest.mark.parametrize(("lang", "name"), [("en", "Melt-blown fabric"), ("zh", "熔喷布")])
def test_the_check_out_dialog_names_the_material_in_the_language_shown(
        session, enterprise, melt_blown, lang: str, name: str) -> None:
    from tui import i18n
    from tui.checkins.dialogs import CheckOutDialog

    (choice,) = shortages_at(session, enterprise_id=enterprise.id)
    i18n.set_language(lang)
    try:
        label = CheckOutDialog._shortage_label(choice).plain
    finally:
        i18n.set_language("en")
    assert label.startswith(f"#{melt_blown.id} {name} "), label


def test_check_out_refuses_shortages_of_another_enterprise_and_keeps_the_check_in_open(
        session, make, field_cadre, enterprise, frozen_clock, row_counts) -> None:
    from models.services.shortages import report_shortage

    other = make.enterprise("渝北防护用品有限公司", district="渝北区", park=None)
    elsewhere = report_shortage(session, actor=make.coordinator, data=ShortageCreate(
        enterprise_id=other.id, kind="labour", description="缺工人"))
    check_in(session, actor=field_cadre, enterprise_id=enterprise.id)
    frozen_clock.advance(hours=9)
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        check_out(session, actor=field_cadre, note="协调", shortage_ids=[elsewhere.id])
    assert err.value.message == "Shortage {id} is not at this enterprise"
    with pytest.raises(NotFoundError):
        check_out(session, actor=field_cadre, note="协调", shortage_ids=[9999])
    with pytest.raises(ValidationError) as err:
        check_out(session, actor=field_cadre, shortage_ids=[elsewhere.id])
    assert err.value.field == "note"
    assert row_counts() == before
    assert ts.cadre_status(session, cadre_id=field_cadre.cadre_id).on_site


# --- matching an enterprise as typed ---------------------------------------------------------------------------


@pytest.fixture
def two_chayuan(make, enterprise):
    return make.enterprise("茶园康护二厂", district="南岸区")


@pytest.mark.parametrize("query", ["茶园康护医疗用品有限公司", "茶园康护", "chayuankanghuyiliao", "cykhyl"])
def test_match_finds_one_enterprise(session, two_chayuan, enterprise, query) -> None:
    match = match_enterprises(session, query=query)
    assert match.found is not None and match.found.id == enterprise.id


def test_an_ambiguous_match_lists_the_candidates(session, two_chayuan, enterprise) -> None:
    match = match_enterprises(session, query="cykh")
    assert match.found is None and match.total == 2
    assert {c.id for c in match.candidates} == {enterprise.id, two_chayuan.id}
    assert match_enterprises(session, query="xyzzy").total == 0


def test_a_credit_code_matches_exactly(session, enterprise) -> None:
    assert match_enterprises(session, query=enterprise.credit_code.lower()).found.id == enterprise.id


def test_assigned_choices_follow_the_stationing(session, field_cadre, enterprise, coordinator) -> None:
    assert [c.id for c in assigned_choices(session, cadre_id=field_cadre.cadre_id)] == [enterprise.id]
    [row] = roster.list_assignments(session, request=PageRequest()).rows
    end_station(session, actor=coordinator, assignment_id=row.id, expected_version=row.version,
                end=MONDAY - timedelta(days=1))
    assert assigned_choices(session, cadre_id=field_cadre.cadre_id) == []
