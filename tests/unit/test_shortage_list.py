"""The shortage list as screens read it: order, filters, windows, marks, one shortage with its
timeline and suppliers, the pickers, and early warnings from reserves (confirm and dismiss)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from models.audit import AuditLog
from models.errors import ConflictError, NotFoundError, PermissionDenied, TransitionError, ValidationError
from models.history import ShortageEvent
from models.services import shortage_list as sl
from models.services import shortages as svc
from models.services.choices import (
    assignee_choices,
    enterprise_choice,
    filter_choices,
    report_choices,
    reportable_enterprises,
)
from models.services.enterprise_reserves import set_reserve
from models.services.paging import PageRequest
from models.services.shortage_detail import all_suppliers, shortage_detail, suppliers_for
from models.services.shortage_views import ShortageRow, WarningRow
from models.services.shortage_warnings import (
    confirm_warning,
    count_warnings,
    dismiss_warning,
    list_warnings,
    suggested_report,
)
from models.shortage import Shortage, ShortageCreate

MELT_BLOWN, NON_WOVEN = 2, 1  # seeded raw materials
SURGICAL_MASK, DISPOSABLE_MASK = 2, 1  # seeded catalogue items (surgical: severely short)
PRODUCTION = 3


@pytest.fixture(autouse=True)
def case_time(frozen_clock):
    return frozen_clock


def report(session, actor, enterprise_id: int, **fields) -> Shortage:
    values = {"kind": "raw_material", "material_id": MELT_BLOWN, "severity": "medium", **fields}
    return svc.report_shortage(session, actor=actor, data=ShortageCreate(enterprise_id=enterprise_id, **values))


def step(session, actor, shortage_id: int, action: str, note: str | None = "处理", **kwargs) -> None:
    session.rollback()
    version = session.get(Shortage, shortage_id, populate_existing=True).version
    svc.act(session, actor=actor, shortage_id=shortage_id, expected_version=version, action=action, note=note, **kwargs)


def rows(session, **request) -> list[ShortageRow]:
    session.rollback()
    return sl.list_shortages(session, request=PageRequest(limit=500, **request)).rows


def ids(session, **request) -> list[int]:
    return [row.id for row in rows(session, **request)]


@pytest.fixture
def spread(session, coordinator, enterprise, make, frozen_clock):
    """Six shortages over two days, in every status, at two enterprises: name -> id."""
    other = make.enterprise("重庆渝北防护用品有限公司", district="渝北区", park=None)
    made = {}
    frozen_clock.set(datetime(2020, 2, 1, 9, 0))
    made["old_medium"] = report(session, coordinator, enterprise.id, severity="medium").id
    frozen_clock.set(datetime(2020, 2, 1, 10, 0))
    made["old_critical"] = report(session, coordinator, other.id, severity="critical", kind="labour", material_id=None,
                                  quantity=30, unit="人").id
    frozen_clock.set(datetime(2020, 2, 2, 8, 0))
    made["new_critical"] = report(session, coordinator, enterprise.id, severity="critical", item_id=SURGICAL_MASK,
                                  material_id=None, need_by=date(2020, 2, 3), description="外科口罩告急").id
    made["resolved_critical"] = report(session, coordinator, other.id, severity="critical").id
    step(session, coordinator, made["resolved_critical"], "resolve", note="已到货")
    frozen_clock.set(datetime(2020, 2, 2, 20, 0))
    made["coordinating_low"] = report(session, coordinator, other.id, severity="low", material_id=NON_WOVEN).id
    step(session, coordinator, made["coordinating_low"], "coordinating", note=None)
    made["closed_high"] = report(session, coordinator, enterprise.id, severity="high").id
    step(session, coordinator, made["closed_high"], "close", note="企业停产")
    frozen_clock.set(datetime(2020, 2, 3, 7, 50))
    return made


# --- the list -------------------------------------------------------------------------------------


def test_the_default_order_is_unsolved_first_then_severity_then_oldest(session, spread) -> None:
    expected = ["old_critical", "new_critical", "old_medium", "coordinating_low", "resolved_critical", "closed_high"]
    assert ids(session) == [spread[name] for name in expected]
    assert ids(session, sort="default", descending=True) == [spread[name] for name in reversed(expected)]


@pytest.mark.parametrize(("sort", "first"), [
    ("age", "coordinating_low"), ("reported", "old_medium"), ("severity", "old_critical"), ("status", "old_critical"),
    ("need_by", "new_critical"), ("id", "old_medium"),
])
def test_each_sort_key_orders_all_rows(session, spread, sort, first) -> None:
    forward, backward = ids(session, sort=sort), ids(session, sort=sort, descending=True)
    assert sorted(forward) == sorted(spread.values()) == sorted(backward)
    assert forward[0] == spread[first]
    assert backward[-1] == spread[first]


@pytest.mark.parametrize("sort", ["enterprise", "district", "kind", "level", "group", "unknown"])
def test_the_other_sort_keys_return_every_row(session, spread, sort) -> None:
    assert sorted(ids(session, sort=sort)) == sorted(spread.values())


@pytest.mark.parametrize(("filters", "expected"), [
    ({"status": "active"}, {"old_medium", "old_critical", "new_critical", "coordinating_low"}),
    ({"status": "done"}, {"resolved_critical", "closed_high"}),
    ({"status": "coordinating"}, {"coordinating_low"}),
    ({"kind": "labour"}, {"old_critical"}),
    ({"severity": "critical"}, {"old_critical", "new_critical", "resolved_critical"}),
    ({"severely_short": True}, {"new_critical"}),
    ({"level": "city"}, set()),
    ({"status": "active", "severity": "critical"}, {"old_critical", "new_critical"}),
])
def test_quick_filters_and_the_count_agree(session, spread, filters, expected) -> None:
    assert set(ids(session, filters=filters)) == {spread[name] for name in expected}
    assert sl.count_shortages(session, request=PageRequest(filters=filters)) == len(expected)


def test_filters_by_district_group_assignee_and_reporter(session, spread, coordinator, enterprise, make) -> None:
    cadre = make.cadre("wangfang", name="王芳")
    step(session, coordinator, spread["old_medium"], "assign", note=None,
         group_id=PRODUCTION, assignee_id=cadre.cadre_id)
    assert ids(session, filters={"group_id": PRODUCTION}) == [spread["old_medium"]]
    assert ids(session, filters={"assignee_id": cadre.cadre_id}) == [spread["old_medium"]]
    assert len(ids(session, filters={"reported_by": coordinator.login})) == 6
    assert ids(session, filters={"reported_by": "nobody"}) == []
    nanan = set(ids(session, filters={"district_id": enterprise.district_id}))
    assert nanan == {spread["old_medium"], spread["new_critical"], spread["closed_high"]}
    assert set(ids(session, filters={"enterprise_id": enterprise.id})) == nanan


@pytest.mark.parametrize(("query", "expected"), [
    ("茶园", {"old_medium", "new_critical", "closed_high"}),
    ("cykh", {"old_medium", "new_critical", "closed_high"}),
    ("外科", {"new_critical"}),  # the item's name
    ("告急", {"new_critical"}),  # the description
    ("熔喷布", {"old_medium", "resolved_critical", "closed_high"}),
    ("melt-blown", {"old_medium", "resolved_critical", "closed_high"}),
    ("yubei 防护", {"old_critical", "resolved_critical", "coordinating_low"}),
    ("100%_", set()),
    # materials, items and kinds as the directory finds names: pinyin, initials, English, other words
    ("rpb", {"old_medium", "resolved_critical", "closed_high"}),
    ("rongpenbu", {"old_medium", "resolved_critical", "closed_high"}),
    ("wkkz", {"new_critical"}),
    ("surgical", {"new_critical"}),
    ("ldl", {"old_critical"}),
    ("laodongli", {"old_critical"}),
    ("labour", {"old_critical"}),
    ("用工", {"old_critical"}),
    ("劳动力 yubei", {"old_critical"}),
    ("yuancailiao", {"old_medium", "new_critical", "resolved_critical", "closed_high", "coordinating_low"}),
])
def test_the_text_filter(session, spread, query, expected) -> None:
    assert set(ids(session, query=query)) == {spread[name] for name in expected}
    assert sl.count_shortages(session, request=PageRequest(query=query)) == len(expected)


def test_typing_a_filter_compiles_one_statement_per_number_of_terms(db, session, spread) -> None:
    """Each key typed matches other words of the vocabulary, but the statement stays the one of its
    number of terms: the engine keeps every statement it compiled (about 38 KB each)."""
    kept = db.engine._compiled_cache  # SQLAlchemy's cache of compiled statements
    for query in ("r", "ro", "ron", "rong", "rongp"):  # a word typed: the first key compiles
        ids(session, query=query)
        sl.count_shortages(session, request=PageRequest(query=query))
        if query == "r":
            after_first_key = len(kept)
    assert len(kept) == after_first_key
    ids(session, query="rong yubei")  # two terms: statements of their own
    assert len(kept) > after_first_key


def test_every_kind_is_found_by_its_labels_in_both_languages() -> None:
    """The search words of a kind hold what the list shows for it, in Chinese and in English."""
    from models.base import ShortageKind
    from tui.i18n import in_language

    for kind in ShortageKind:
        for language in ("zh", "en"):
            label = in_language(language).pgettext("shortage kind", kind.value).lower()
            assert label in sl.KIND_WORDS[kind.value], (kind, language, label)


def test_windows_page_through_the_same_order(session, spread) -> None:
    whole = ids(session)
    paged = [row.id for offset in range(0, 6, 4) for row in
             sl.list_shortages(session, request=PageRequest(offset=offset, limit=4)).rows]
    assert paged == whole


def test_a_row_carries_what_the_list_shows(session, spread, enterprise) -> None:
    row = next(r for r in rows(session) if r.id == spread["new_critical"])
    assert (row.enterprise, row.enterprise_name, row.district) == ("茶园康护", enterprise.name, "南岸区")
    assert (row.kind, row.material, row.material_en, row.severely_short) == ("raw_material",
                                                                             "医用外科口罩", "Surgical mask", True)
    assert (row.status, row.level, row.severity, row.need_by, row.active) == ("open", "district",
                                                                              "critical", date(2020, 2, 3), True)
    labour = next(r for r in rows(session) if r.id == spread["old_critical"])
    assert (labour.material, labour.quantity, labour.unit) == ("", 30, "人")


# --- marks ----------------------------------------------------------------------------------------


def marks(session, shortage_id: int) -> tuple[bool, bool]:
    row = next(r for r in rows(session) if r.id == shortage_id)
    return row.escalation_due, row.overdue


def test_escalation_mark_after_24_hours_unsolved_at_district_level(session, coordinator,
                                                                   enterprise, frozen_clock) -> None:
    shortage = report(session, coordinator, enterprise.id)
    frozen_clock.advance(hours=24)
    assert marks(session, shortage.id) == (False, False)  # 24 hours exactly: not yet
    frozen_clock.advance(minutes=1)
    assert marks(session, shortage.id) == (True, False)
    assert ids(session, filters={"escalation_due": True}) == [shortage.id]
    step(session, coordinator, shortage.id, "coordinating", note=None)
    assert marks(session, shortage.id) == (True, False)  # coordinating is still unsolved
    step(session, coordinator, shortage.id, "escalate", note="区里无货源")
    assert marks(session, shortage.id) == (False, False)  # at city level: escalated
    assert ids(session, filters={"escalation_due": True}) == []


def test_no_escalation_mark_once_solved(session, coordinator, enterprise, frozen_clock) -> None:
    shortage = report(session, coordinator, enterprise.id)
    frozen_clock.advance(hours=30)
    step(session, coordinator, shortage.id, "resolve", note="已到货")
    assert marks(session, shortage.id) == (False, False)
    step(session, coordinator, shortage.id, "reopen", note="到货不合格")
    assert marks(session, shortage.id) == (True, False)


def test_overdue_mark_past_the_need_by_date(session, coordinator, enterprise, frozen_clock) -> None:
    shortage = report(session, coordinator, enterprise.id, need_by=date(2020, 2, 4))
    undated = report(session, coordinator, enterprise.id)
    frozen_clock.set(datetime(2020, 2, 4, 23, 59))
    assert marks(session, shortage.id)[1] is False  # the need-by day itself is not overdue
    frozen_clock.set(datetime(2020, 2, 5, 0, 0))
    assert marks(session, shortage.id)[1] is True
    assert marks(session, undated.id)[1] is False
    assert ids(session, filters={"overdue": True}) == [shortage.id]
    step(session, coordinator, shortage.id, "resolve", note="已到货")
    assert marks(session, shortage.id)[1] is False


# --- one shortage ---------------------------------------------------------------------------------


def test_the_detail_has_the_timeline_with_names_and_groups(session, coordinator, field_cadre,
                                                           enterprise, frozen_clock) -> None:
    shortage = report(session, field_cadre, enterprise.id, description="熔喷布仅够 2 天", severity="critical")
    frozen_clock.advance(minutes=20)
    step(session, coordinator, shortage.id, "assign", note=None, group_id=PRODUCTION, assignee_id=field_cadre.cadre_id)
    frozen_clock.advance(minutes=20)
    step(session, coordinator, shortage.id, "escalate", note="全市统筹")
    session.rollback()
    detail = shortage_detail(session, shortage_id=shortage.id)
    assert [(e.action, e.by, e.by_name) for e in detail.events] == [
        ("reported", "liqiang", "liqiang"), ("assign", "zhangwei", "zhangwei"), ("escalate", "zhangwei", "zhangwei")]
    assert detail.events[1].new_value == f"production/{field_cadre.name}"
    assert [e.at for e in detail.events] == [datetime(2020, 2, 3, 7, 50), datetime(2020, 2, 3, 8, 10),
                                             datetime(2020, 2, 3, 8, 30)]
    assert {g.code for g in detail.groups} == {"general", "procurement", "production", "allocation", "funding"}
    assert (detail.row.level, detail.row.group, detail.row.assignee) == ("city", "医疗物资生产组", field_cadre.name)
    assert (detail.park, detail.contact, detail.phone) == ("茶园新区", "刘敏", "13800000001")
    assert (detail.updated_by, detail.updated_at) == ("zhangwei", datetime(2020, 2, 3, 8, 30))
    assert detail.suppliers == [] and detail.reserve is None


def test_the_detail_of_an_unknown_shortage(session) -> None:
    with pytest.raises(NotFoundError):
        shortage_detail(session, shortage_id=999)


@pytest.fixture
def demo(db, coordinator, frozen_clock):
    """The demo data set (with its suppliers and reserve units) on the test's database."""
    from models.demo import load_demo

    load_demo(db, actor=coordinator, today=frozen_clock.today())
    return db


def test_suppliers_of_a_material_and_of_an_item(demo, session) -> None:
    melt_blown = suppliers_for(session, material_id=MELT_BLOWN)
    assert [s.name for s in melt_blown] == ["浙江恒远熔喷材料有限公司",
                                            "湖北仙桃宏达非织造布有限公司", "Nanyang Polymers Sdn Bhd"]
    assert [s.foreign for s in melt_blown] == [False, False, True]  # domestic first
    assert all(s.contact for s in melt_blown)  # each with its dedicated contact
    drugs = {s.name for s in suppliers_for(session, item_id=6)}
    assert {"重药集团", "桐君阁"} <= drugs
    assert suppliers_for(session) == []
    assert len(all_suppliers(session)) == 12


def test_the_reserve_step_offers_the_reserve_units(demo, session) -> None:
    """"Reserve unit notified" names a reserve unit (重药集团, 桐君阁), not any supplier; "supplier
    contacted" still offers every supplier, this material's first."""
    from tui.i18n import set_language
    from tui.shortages.facts import supplier_options

    set_language("en")  # what an earlier test left set is not this test's language
    everyone = all_suppliers(session)
    assert {s.name for s in everyone if s.reserve_unit} == {"重药集团", "桐君阁"}
    case = shortage_detail(session, shortage_id=1)  # melt-blown fabric
    reserve = [label for _, label, _ in supplier_options(case, everyone, reserve=True)]
    assert reserve[:-1] == ["重药集团 · Chongqing", "桐君阁 · Chongqing"]  # regions in the language shown (English)
    contacted = supplier_options(case, everyone)
    assert len(contacted) == len(everyone) + 1 and contacted[0][0] == case.suppliers[0].id


def test_the_detail_of_the_case_shortage_lists_its_suppliers_and_reserve(demo, session) -> None:
    first = shortage_detail(session, shortage_id=1)  # scenario 2: 茶园康护, melt-blown for 2 days
    assert (first.row.enterprise, first.row.material, first.row.severity) == ("茶园康护", "熔喷布", "critical")
    assert len(first.suppliers) == 3
    assert first.reserve is not None and first.reserve.cover_days == 2.0
    labour = next(r for r in rows(session, filters={"kind": "labour"}))
    assert shortage_detail(session, shortage_id=labour.id).suppliers == []


def test_the_demo_list_has_every_status_and_the_case_first_among_its_peers(demo, session) -> None:
    everything = rows(session)
    assert len(everything) == 41  # 40 of the demo's shortages, and the funding shortage its funds answer
    assert {r.status for r in everything} == {"open", "coordinating", "resolved", "closed_unresolved"}
    statuses = [r.active for r in everything]
    assert statuses == sorted(statuses, reverse=True)  # unsolved first


# --- pickers --------------------------------------------------------------------------------------


def test_enterprise_choices_for_a_field_cadre_are_where_they_are_stationed(session, coordinator, field_cadre,
                                                                          enterprise, make) -> None:
    make.enterprise("重庆渝北防护用品有限公司", district="渝北区", park=None)
    assert [c.id for c in reportable_enterprises(session, actor=field_cadre)] == [enterprise.id]
    assert [c.name for c in reportable_enterprises(session, actor=coordinator,
                                                  query="yubei")] == ["重庆渝北防护用品有限公司"]
    assert len(reportable_enterprises(session, actor=coordinator)) == 2
    assert reportable_enterprises(session, actor=make.viewer()) == []
    assert enterprise_choice(session, enterprise_id=enterprise.id).alt == "茶园康护"
    with pytest.raises(NotFoundError):
        enterprise_choice(session, enterprise_id=999)


def test_the_reference_pickers(session, coordinator, field_cadre) -> None:
    choices = report_choices(session)
    assert [m.name for m in choices.materials] == ["无纺布", "熔喷布", "铝条/鼻梁条"]
    assert SURGICAL_MASK in choices.severely_short and DISPOSABLE_MASK not in choices.severely_short
    assert len(filter_choices(session).districts) == 38
    assert [c.name for c in assignee_choices(session)] == ["liqiang", "zhangwei"]


# --- early warnings -------------------------------------------------------------------------------


def reserve(session, actor, enterprise_id: int, quantity: float, daily_use: float, material_id: int = MELT_BLOWN):
    return set_reserve(session, actor=actor, enterprise_id=enterprise_id, material_id=material_id, quantity=quantity,
                       daily_use=daily_use, expected_version=None)


def warnings(session, days: float | None = None) -> list[WarningRow]:
    session.rollback()
    request = PageRequest(filters={"days": days} if days else {})
    return list_warnings(session, request=request).rows


def test_reserves_under_three_days_of_cover_are_suggested(session, coordinator, enterprise, make) -> None:
    other = make.enterprise("重庆渝北防护用品有限公司", district="渝北区", park=None)
    two_days = reserve(session, coordinator, enterprise.id, 0.5, 0.25)
    reserve(session, coordinator, enterprise.id, 3.0, 1.0, material_id=NON_WOVEN)  # exactly 3 days: not under
    reserve(session, coordinator, other.id, 5, 0)  # not used: no cover to speak of
    half_day = reserve(session, coordinator, other.id, 0.1, 0.2)
    found = warnings(session)
    assert [w.id for w in found] == [half_day.id, two_days.id]  # least cover first
    assert (found[1].cover_days, found[1].material, found[1].enterprise,
            found[1].unit) == (2.0, "熔喷布", "茶园康护", "吨")
    assert count_warnings(session) == 2
    assert [w.id for w in warnings(session, days=1)] == [half_day.id]  # the threshold is configurable
    assert count_warnings(session, threshold_days=3.5) == 3
    assert [w.id for w in list_warnings(session, request=PageRequest(query="yubei")).rows] == [half_day.id]


def test_a_reserve_with_an_unsolved_shortage_is_not_suggested_again(session, coordinator, enterprise) -> None:
    low = reserve(session, coordinator, enterprise.id, 0.5, 0.25)
    shortage = report(session, coordinator, enterprise.id)  # the same material, not linked
    assert warnings(session) == []
    step(session, coordinator, shortage.id, "resolve", note="已到货")
    assert [w.id for w in warnings(session)] == [low.id]  # solved, and still low: suggested again


def test_confirming_reports_a_shortage_linked_to_the_reserve(session, field_cadre, enterprise, frozen_clock) -> None:
    low = reserve(session, field_cadre, enterprise.id, 0.5, 0.25)
    [warning] = warnings(session)
    shortage = confirm_warning(session, actor=field_cadre, reserve_id=warning.id, expected_version=warning.version,
                                  description="熔喷布仅够 2 天")
    session.rollback()
    row = session.get(Shortage, shortage.id)
    assert (row.reserve_id, row.enterprise_id, row.kind, row.material_id) == (low.id,
                                                                              enterprise.id, "raw_material", MELT_BLOWN)
    assert (row.severity, row.need_by, row.quantity, row.unit) == ("critical", date(2020, 2, 5), 1.25, "吨")
    assert (row.reported_by, row.status, row.description) == (field_cadre.login, "open", "熔喷布仅够 2 天")
    events = session.exec(select(ShortageEvent).where(ShortageEvent.shortage_id == row.id))
    assert [e.action for e in events] == ["reported"]
    assert warnings(session) == []


def test_a_second_confirmation_sees_the_first(session, coordinator, enterprise, make) -> None:
    reserve(session, coordinator, enterprise.id, 0.5, 0.25)
    [warning] = warnings(session)
    other = make.cadre("wangfang", role="coordinator")
    first = confirm_warning(session, actor=coordinator, reserve_id=warning.id, expected_version=warning.version)
    with pytest.raises(TransitionError) as err:
        confirm_warning(session, actor=other, reserve_id=warning.id, expected_version=warning.version)
    assert err.value.params == {"id": first.id, "login": coordinator.login}
    session.rollback()
    assert len(session.exec(select(Shortage)).all()) == 1


def test_a_confirmation_of_a_changed_reserve_is_a_conflict(session, coordinator, enterprise, frozen_clock) -> None:
    reserve(session, coordinator, enterprise.id, 0.5, 0.25)
    [warning] = warnings(session)
    frozen_clock.advance(minutes=5)
    updated = set_reserve(session, actor=coordinator, enterprise_id=enterprise.id, material_id=MELT_BLOWN,
                          quantity=0.6, daily_use=0.25, expected_version=warning.version)
    with pytest.raises(ConflictError) as err:
        confirm_warning(session, actor=coordinator, reserve_id=warning.id, expected_version=warning.version)
    assert (err.value.current["quantity"], err.value.current["version"]) == (0.6, updated.version)
    session.rollback()
    assert session.exec(select(Shortage)).all() == []


def test_dismissing_needs_a_reason_and_hides_until_the_reserve_changes(session, coordinator, enterprise, frozen_clock,
                                                                        row_counts) -> None:
    reserve(session, coordinator, enterprise.id, 0.5, 0.25)
    [warning] = warnings(session)
    before = row_counts()
    for reason in ("", "   ", None):
        with pytest.raises(ValidationError) as err:
            dismiss_warning(session, actor=coordinator, reserve_id=warning.id, expected_version=warning.version,
                               reason=reason)  # type: ignore[arg-type]
        assert err.value.field == "reason"
    assert row_counts() == before
    frozen_clock.advance(minutes=1)
    dismiss_warning(session, actor=coordinator, reserve_id=warning.id, expected_version=warning.version,
                       reason="明日到货 2 吨")
    after = row_counts()
    assert {k: after[k] - before[k] for k in after if after[k] != before[k]} == {"auditlog": 1}
    session.rollback()
    log = session.exec(select(AuditLog).where(AuditLog.action == "warning_dismissed")).one()
    assert (log.table_name, log.row_id, log.login) == ("materialreserve", warning.id, coordinator.login)
    assert json.loads(log.changes)["reason"] == [None, "明日到货 2 吨"]
    assert warnings(session) == []
    with pytest.raises(TransitionError) as err:  # someone confirming after the dismissal sees it
        confirm_warning(session, actor=coordinator, reserve_id=warning.id, expected_version=warning.version)
    assert err.value.params["reason"] == "明日到货 2 吨"
    frozen_clock.advance(hours=12)
    set_reserve(session, actor=coordinator, enterprise_id=enterprise.id, material_id=MELT_BLOWN, quantity=0.3,
                daily_use=0.25, expected_version=warning.version)
    assert [w.id for w in warnings(session)] == [warning.id]  # updated and still low: suggested again


def test_only_writers_with_access_confirm_or_dismiss(session, coordinator, enterprise, make, row_counts) -> None:
    other = make.enterprise("重庆渝北防护用品有限公司", district="渝北区", park=None)
    reserve(session, coordinator, other.id, 0.5, 0.25)
    [warning] = warnings(session)
    stranger = make.field_cadre("zhaolei", at=enterprise)  # stationed elsewhere
    before = row_counts()
    for actor in (make.viewer(), stranger):
        with pytest.raises(PermissionDenied):
            confirm_warning(session, actor=actor, reserve_id=warning.id, expected_version=warning.version)
        with pytest.raises(PermissionDenied):
            dismiss_warning(session, actor=actor, reserve_id=warning.id,
                               expected_version=warning.version, reason="无需")
    with pytest.raises(NotFoundError):
        confirm_warning(session, actor=coordinator, reserve_id=999, expected_version=1)
    assert row_counts() == before


def test_suggested_report_scales_with_cover(session, coordinator, enterprise) -> None:
    low = reserve(session, coordinator, enterprise.id, 2.5, 1.0)
    from models.supply import Material

    suggestion = suggested_report(low, session.get(Material, MELT_BLOWN), today=date(2020, 2, 3))
    assert suggestion == {"quantity": 4.5, "unit": "吨", "severity": "high", "need_by": date(2020, 2, 5)}


def test_need_by_is_today_when_cover_is_under_a_day(session, coordinator, enterprise) -> None:
    low = reserve(session, coordinator, enterprise.id, 0.1, 1.0)
    from models.supply import Material

    suggestion = suggested_report(low, session.get(Material, MELT_BLOWN), today=date(2020, 2, 3))
    assert (suggestion["severity"], suggestion["need_by"]) == ("critical", date(2020, 2, 3))
    assert date(2020, 2, 3) + timedelta(days=0) == suggestion["need_by"]
