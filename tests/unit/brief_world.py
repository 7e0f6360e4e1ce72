"""A small working group for the daily-brief tests, built through the services on a moving clock.

The brief is asked as of AS_OF = 2020-02-03 12:00; its period starts at SINCE = 2020-02-02 12:00.
Things happen before SINCE, inside the period, and after AS_OF (which must not count). The
expected figures are worked out by hand in tests/unit/test_brief.py from the timeline below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pytest

from models.services.cadres import set_role
from models.services.checkins import check_in, check_out
from models.services.enterprise_licences import add_qualification
from models.services.enterprise_products import set_product
from models.services.enterprise_reports import ReportLine, submit_report
from models.services.enterprises import set_archived, set_status
from models.services.reference import catalogue, materials
from models.services.shortages import act, report_shortage
from models.shortage import ShortageCreate

AS_OF = datetime(2020, 2, 3, 12, 0)
SINCE = datetime(2020, 2, 2, 12, 0)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2020, 2, day, hour, minute)


@dataclass
class World:
    enterprises: dict[str, object] = field(default_factory=dict)
    shortages: dict[str, int] = field(default_factory=dict)
    items: dict[str, int] = field(default_factory=dict)


@pytest.fixture
def world(frozen_clock, request: pytest.FixtureRequest) -> World:
    """The timeline below on the test's database; the clock is left at 2020-02-04 09:00."""
    frozen_clock.set(datetime(2020, 2, 1, 8, 0))  # the coordinator's first login makes their cadre row now
    return build(frozen_clock, request.getfixturevalue("make"))


def build(clock, make) -> World:  # type: ignore[no-untyped-def]
    """The timeline (every step at the time the clock shows). ``clock`` is the frozen clock,
    ``make`` the factory; the coordinator (zhangwei) was made on 1 February at 08:00."""
    session, boss, world = make.session, make.coordinator, World()
    world.items = {item.code: item.id for item in catalogue(session)}
    meltblown = next(m.id for m in materials(session) if m.code == "MELTBLOWN")

    # --- 1 February: the directory, the people, a first day of work -------------------------------------
    clock.set(at(1, 8, 5))
    e = world.enterprises
    e["E1"] = make.enterprise("茶园康护医疗用品有限公司", short_name="茶园康护")      # not resumed
    e["E2"] = make.enterprise("渝南防护用品有限公司", short_name="渝南防护")          # not resumed
    e["E3"] = make.enterprise("两江医疗器械有限公司", short_name="两江医械", status="resumed")
    e["E4"] = make.enterprise("巴南卫材有限公司", short_name="巴南卫材")              # not resumed
    e["E7"] = make.enterprise("已撤销企业有限公司", short_name="已撤销", status="resumed")
    e["E8"] = make.enterprise("停产企业有限公司", short_name="停产企业", status="stopped")
    make.cadre("wangfang", role="coordinator")
    liqiang = make.field_cadre("liqiang", at=e["E1"])
    zhaolei = make.field_cadre("zhaolei", at=e["E2"])
    chenjing = make.field_cadre("chenjing", at=e["E3"])
    sunli = make.field_cadre("sunli", at=e["E4"])
    make.cadre("guest", role="viewer")
    retired = make.cadre("retired")  # a field cadre, deactivated: not taking part
    set_role(session, actor=boss, cadre_id=retired.cadre_id, expected_version=1, role="field_cadre", active=False)

    def status(name: str, value: str) -> None:
        set_status(session, actor=boss, enterprise_id=e[name].id, expected_version=e[name].version, status=value)

    def report(name: str, kind: str, severity: str = "medium", **extra) -> int:  # type: ignore[no-untyped-def]
        data = ShortageCreate(enterprise_id=e[name].id, kind=kind, severity=severity, description=kind, **extra)
        return report_shortage(session, actor=boss, data=data).id  # type: ignore[return-value]

    def step(key: str, action: str) -> None:
        from models.shortage import Shortage

        row = session.get(Shortage, world.shortages[key])
        act(session, actor=boss, shortage_id=row.id, expected_version=row.version, action=action, note=action)

    for name, code, capacity in (("E1", "MASK-SURG", 100_000), ("E2", "MASK-SURG", 50_000), ("E2", "SUIT", 1_000)):
        set_product(session, actor=boss, enterprise_id=e[name].id, item_id=world.items[code], daily_capacity=capacity)
    add_qualification(session, actor=boss, enterprise_id=e["E1"].id, kind="医疗器械注册证", status="held",
                      applied_on=date(2020, 1, 28), granted_on=date(2020, 1, 30))                    # Q1
    add_qualification(session, actor=boss, enterprise_id=e["E4"].id, kind="生产许可证", status="held",
                      applied_on=date(2020, 1, 29), granted_on=date(2020, 2, 1))                     # Q5
    add_qualification(session, actor=boss, enterprise_id=e["E3"].id, kind="生产许可证")              # Q4: applying
    clock.set(at(1, 9))
    check_in(session, actor=chenjing, enterprise_id=e["E3"].id)
    clock.set(at(1, 10))
    status("E1", "resumed")
    world.shortages["S1"] = report("E1", "raw_material", "critical", material_id=meltblown)
    clock.set(at(1, 11))
    world.shortages["S2"] = report("E2", "labour")
    clock.set(at(1, 12))
    world.shortages["S10"] = report("E3", "transport")
    clock.set(at(1, 15))
    step("S10", "resolve")
    clock.set(at(1, 17))
    check_out(session, actor=chenjing, note="第一天")
    clock.set(at(1, 20))
    submit_report(session, actor=boss, enterprise_id=e["E1"].id, report_date=date(2020, 2, 1),
                  lines=[ReportLine(world.items["MASK-SURG"], 70_000, 20_000)])
    submit_report(session, actor=boss, enterprise_id=e["E2"].id, report_date=date(2020, 2, 1),
                  lines=[ReportLine(world.items["MASK-SURG"], 40_000, 10_000)])

    # --- 2 February: before and after SINCE (12:00) ---------------------------------------------------
    clock.set(at(2, 8))
    check_in(session, actor=liqiang, enterprise_id=e["E1"].id)
    clock.set(at(2, 9))
    world.shortages["S3"] = report("E3", "water")
    set_archived(session, actor=boss, enterprise_id=e["E7"].id, expected_version=e["E7"].version, archived=True,
                 reason="并入其他企业")
    clock.set(at(2, 10))
    step("S2", "resolve")
    clock.set(at(2, 13))
    world.shortages["S4"] = report("E1", "transport")
    clock.set(at(2, 14))
    step("S3", "resolve")
    clock.set(at(2, 15))
    status("E1", "full_load")
    add_qualification(session, actor=boss, enterprise_id=e["E1"].id, kind="医用外科口罩注册证", status="held",
                      applied_on=date(2020, 1, 31), granted_on=date(2020, 2, 2))                     # Q2
    clock.set(at(2, 16))
    world.shortages["S5"] = report("E2", "funding")
    clock.set(at(2, 18))
    check_out(session, actor=liqiang, note="协调熔喷布")
    clock.set(at(2, 20))
    e["E5"] = make.enterprise("新开防护有限公司", short_name="新开防护", status="resumed")
    submit_report(session, actor=boss, enterprise_id=e["E1"].id, report_date=date(2020, 2, 2),
                  lines=[ReportLine(world.items["MASK-SURG"], 80_000, 30_000)])
    submit_report(session, actor=boss, enterprise_id=e["E2"].id, report_date=date(2020, 2, 2),
                  lines=[ReportLine(world.items["SUIT"], 800, 300)])

    # --- 3 February: the morning up to AS_OF (12:00) ------------------------------------------------------
    clock.set(at(3, 8))
    step("S3", "reopen")
    clock.set(at(3, 9))
    check_in(session, actor=sunli, enterprise_id=e["E4"].id)  # still on site
    status("E2", "resumed")
    world.shortages["S6"] = report("E4", "electricity")
    clock.set(at(3, 10))
    step("S5", "close")
    add_qualification(session, actor=boss, enterprise_id=e["E2"].id, kind="生产许可证", status="held",
                      applied_on=date(2020, 2, 1), granted_on=date(2020, 2, 3))                      # Q3
    clock.set(at(3, 10, 30))
    world.shortages["S7"] = report("E5", "gas")
    clock.set(at(3, 11))
    check_in(session, actor=zhaolei, enterprise_id=e["E2"].id)
    world.shortages["S8"] = report("E8", "other")
    submit_report(session, actor=boss, enterprise_id=e["E2"].id, report_date=date(2020, 2, 3),
                  lines=[ReportLine(world.items["SUIT"], 500, 600)])

    # --- after AS_OF: none of this may count -------------------------------------------------------------
    clock.set(at(3, 12, 30))
    check_in(session, actor=chenjing, enterprise_id=e["E3"].id)
    clock.set(at(3, 13))
    check_out(session, actor=zhaolei, note="下午")
    status("E3", "full_load")
    e["E6"] = make.enterprise("午后新增有限公司", short_name="午后新增", status="full_load")
    world.shortages["S9"] = report("E6", "other")
    clock.set(at(3, 14))
    step("S10", "reopen")
    status("E4", "resumed")
    make.cadre("latecomer")
    clock.set(at(3, 15))
    step("S4", "resolve")
    set_archived(session, actor=boss, enterprise_id=e["E8"].id, expected_version=e["E8"].version, archived=True,
                 reason="停产注销")
    clock.set(at(4, 9))
    add_qualification(session, actor=boss, enterprise_id=e["E4"].id, kind="医疗器械注册证", status="held",
                      applied_on=date(2020, 2, 2), granted_on=date(2020, 2, 4))                      # Q6
    return world
