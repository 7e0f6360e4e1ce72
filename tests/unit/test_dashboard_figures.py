"""The dashboard's figures on a small hand-built week, every one checked against hand arithmetic,
and the ones that lead to a list checked against that list's own count.

The week: now is Wednesday 5 February 2020, 15:00; Monday 00:00 is 3 February; the items are
shown for yesterday, Tuesday 4 February, with a trend from 29 January to 4 February.

Enterprises (南岸区 / 江北区) and what they make (daily capacity):
  甲 南岸 full_load    surgical mask 1000, gloves 500          cadre c1 stationed
  乙 南岸 resumed      surgical mask 2000                       cadre c2 stationed
  丙 江北 not_resumed  surgical mask 400, gloves 300 (stopped)  c3 stationed until 4 February
  丁 江北 stopped      nothing                                  nobody stationed (c5 visits)
  己 江北 resumed      gloves 700 (stopped)                     c4 stationed from 6 February
  戊 南岸 archived     surgical mask 9999                       (left out of everything)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from models.assignments import Assignment
from models.dashboard_view import TREND_DAYS
from models.enterprise import Product
from models.reference import CatalogueItem
from models.services import dashboard as dash
from models.services.cadres import end_station, station
from models.services.checkin_roster import count_on_site, count_unstaffed
from models.services.checkins import check_in, check_out
from models.services.enterprise_list import count_enterprises
from models.services.enterprise_products import ProductInput, set_product, set_products
from models.services.enterprise_reports import ReportLine, submit_report
from models.services.enterprises import set_archived
from models.services.paging import PageRequest
from models.services.shortage_list import count_shortages
from models.services.shortages import act, report_shortage
from models.services.timesheets import time_sheet
from models.shortage import Shortage, ShortageCreate
from models.supply import Material

NOW = datetime(2020, 2, 5, 15, 0)
YESTERDAY = date(2020, 2, 4)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time of the case: ``day`` of February 2020, or of January for days from the 20th on."""
    return datetime(2020, 2, day, hour, minute) if day < 20 else datetime(2020, 1, day, hour, minute)


def item(session, code: str) -> int:
    return session.exec(select(CatalogueItem.id).where(CatalogueItem.code == code)).one()


def step(session, actor, shortage_id: int, action: str, note: str | None = "处理") -> None:
    session.rollback()
    version = session.get(Shortage, shortage_id, populate_existing=True).version
    act(session, actor=actor, shortage_id=shortage_id, expected_version=version, action=action, note=note)


@pytest.fixture
def week(session, coordinator, make, frozen_clock):
    """The week above, built through the services with the clock set to each moment; names -> ids."""
    mask, gloves = item(session, "MASK-SURG"), item(session, "GLOVE")
    frozen_clock.set(at(27, 8))
    e = {
        "甲": make.enterprise("甲口罩厂", short_name="甲", status="full_load"),
        "乙": make.enterprise("乙口罩厂", status="resumed"),
        "丙": make.enterprise("丙医疗", district="江北区", park=None, status="not_resumed"),
        "丁": make.enterprise("丁防护", district="江北区", park=None, status="stopped"),
        "己": make.enterprise("己手套", district="江北区", park=None, status="resumed"),
        "戊": make.enterprise("戊已注销", status="full_load"),
    }
    ids = {name: ent.id for name, ent in e.items()}
    for name, code, capacity in (("甲", mask, 1000), ("甲", gloves, 500), ("乙", mask, 2000), ("丙", mask, 400),
                                 ("丙", gloves, 300), ("己", gloves, 700), ("戊", mask, 9999)):
        set_product(session, actor=coordinator, enterprise_id=ids[name], item_id=code, daily_capacity=capacity)
    for name, code in (("丙", gloves), ("己", gloves)):  # stopped product lines
        product = session.exec(select(Product).where(Product.enterprise_id == ids[name], Product.item_id == code)).one()
        set_products(session, actor=coordinator, enterprise_id=ids[name],
                     lines=[ProductInput(item_id=code, daily_capacity=None, expected_version=product.version)])
    set_archived(session, actor=coordinator, enterprise_id=ids["戊"], expected_version=e["戊"].version, archived=True,
                 reason="重复录入")

    cadres = {name: make.cadre(name) for name in ("c1", "c2", "c3", "c4", "c5")}  # c5 is stationed nowhere
    for name, where, start in (("c1", "甲", date(2020, 1, 24)), ("c2", "乙", date(2020, 1, 24)),
                               ("c3", "丙", date(2020, 1, 24)), ("c4", "己", date(2020, 2, 6))):
        station(session, actor=coordinator, cadre_id=cadres[name].cadre_id, enterprise_id=ids[where], start=start)
    c3_station = session.exec(select(Assignment).where(Assignment.cadre_id == cadres["c3"].cadre_id)).one()
    end_station(session, actor=coordinator, assignment_id=c3_station.id, expected_version=c3_station.version,
                end=date(2020, 2, 4))

    def visit(cadre: str, where: str, start: datetime, end: datetime | None = None, *, reason: str | None = None):
        frozen_clock.set(start)
        check_in(session, actor=cadres[cadre], enterprise_id=ids[where], reason=reason)
        if end is not None:
            frozen_clock.set(end)
            across = end.date() != start.date()  # a visit across midnight closes with its time and a reason
            check_out(session, actor=cadres[cadre], at=end if across else None, reason="忘记签退" if across else None)

    shortages = {}

    def report(name: str, when: datetime, where: str, **fields) -> None:
        frozen_clock.set(when)
        values = {"severity": "medium", **fields}
        shortages[name] = report_shortage(session, actor=coordinator,
                                          data=ShortageCreate(enterprise_id=ids[where], **values)).id

    def later(when: datetime, name: str, action: str, note: str | None = "处理") -> None:
        frozen_clock.set(when)
        step(session, coordinator, shortages[name], action, note)

    melt_blown = session.exec(select(Material.id).where(Material.code == "MELTBLOWN")).one()
    report("S5", at(1, 9), "乙", kind="water")
    visit("c5", "丁", at(1, 10), reason="走访")  # never checked out: open since last Saturday
    visit("c4", "己", at(2, 10), at(2, 18), reason="临时支援")
    visit("c1", "甲", at(2, 20), at(3, 1))
    report("S1", at(3, 9), "甲", kind="transport", severity="high")
    report("S2", at(3, 10), "乙", kind="raw_material", material_id=melt_blown, severity="critical",
           need_by=date(2020, 2, 4))
    later(at(3, 11), "S2", "escalate", "需市级协调")
    later(at(3, 12), "S2", "coordinating", None)
    visit("c1", "甲", at(3, 8), at(3, 18))
    report("S4", at(4, 9), "甲", kind="transport", severity="low")
    later(at(4, 12), "S5", "resolve", "已恢复供水")
    visit("c2", "乙", at(4, 9), at(4, 17, 30))
    report("S7", at(4, 16), "丁", kind="transport", severity="low", need_by=date(2020, 2, 5))
    visit("c4", "己", at(4, 6), reason="临时支援")  # never checked out
    visit("c3", "丙", at(5, 7), at(5, 7, 45), reason="交接")
    report("S3", at(5, 8), "丙", kind="labour", severity="high", need_by=date(2020, 2, 6))
    visit("c1", "甲", at(5, 8), at(5, 10))
    report("S6", at(5, 9), "丙", kind="other", severity="high")
    later(at(5, 10), "S4", "resolve", "车辆已到")
    visit("c1", "甲", at(5, 10, 30), at(5, 12))
    later(at(5, 11), "S6", "close", "企业自行解决")
    visit("c2", "乙", at(5, 13, 30))  # on site now

    frozen_clock.set(NOW)
    for where, code, day, output, stock in (
        ("乙", mask, date(2020, 1, 28), 1500, 300),
        ("丙", mask, date(2020, 1, 30), 200, 40),
        ("甲", mask, date(2020, 2, 2), 800, 100),
        ("甲", mask, date(2020, 2, 3), 900, 150),
        ("甲", gloves, date(2020, 2, 3), 400, 50),
        ("甲", mask, date(2020, 2, 4), 1000, 200),
        ("乙", mask, date(2020, 2, 4), 1800, 500),
        ("丙", gloves, date(2020, 2, 4), 100, 20),
        ("甲", mask, date(2020, 2, 5), 950, 210),  # today: after the day the items are shown for
    ):
        submit_report(session, actor=coordinator, enterprise_id=ids[where], report_date=day,
                      lines=[ReportLine(item_id=code, output=output, stock=stock)],
                      reason=None if day == NOW.date() else "补报")
    session.rollback()
    return {"enterprises": ids, "shortages": shortages, "mask": mask, "gloves": gloves}


def test_supply_by_item_sums_capacity_output_latest_stock_and_the_trend(session, week) -> None:
    items = {s.item_id: s for s in dash.supply_by_item(session, day=YESTERDAY)}
    mask, gloves = items[week["mask"]], items[week["gloves"]]
    # capacity: 甲 1000 + 乙 2000 + 丙 400 (戊's 9999: archived enterprise) = 3400
    assert mask.capacity == 3400
    # output on 4 Feb: 甲 1000 + 乙 1800 = 2800 (甲's 950 is today's)
    assert mask.output == 2800
    # stock, latest report up to 4 Feb: 甲 200 (4 Feb) + 乙 500 (4 Feb) + 丙 40 (30 Jan) = 740
    assert mask.stock == 740
    assert mask.demand == 400_000 and mask.severely_short and mask.unit == "只" and mask.name == "医用外科口罩"
    # 29 Jan .. 4 Feb; 乙's 1500 of 28 Jan is before the window
    assert mask.trend == (0, 200, 0, 0, 800, 900, 2800)
    # gloves: capacity 甲 500 (丙's 300 and 己's 700 stopped); output 丙 100; stock 甲 50 (3 Feb) + 丙 20 = 70
    assert (gloves.capacity, gloves.output, gloves.stock, gloves.demand) == (500, 100, 70, 150_000)
    assert gloves.trend == (0, 0, 0, 0, 0, 400, 100)
    # an item nobody makes
    drugs = next(s for s in items.values() if s.name_en == "Drugs")
    assert (drugs.capacity, drugs.output, drugs.stock, drugs.trend) == (0, 0, 0, (0,) * TREND_DAYS)


def test_items_are_severely_short_first_then_by_the_largest_gap(session, week) -> None:
    order = [s.name_en for s in dash.supply_by_item(session, day=YESTERDAY)]
    # severely short, gap = demand - output: surgical 400000-2800, N95 60000, reagents 20000, suits 12000,
    # thermometers 3000; then disposable 600000, gloves 150000-100, drugs 50000, devices 500
    assert order == ["Surgical mask", "Protective (N95) mask", "Test reagents", "Protective suit", "Thermometers",
                     "Disposable medical mask", "Medical gloves", "Drugs", "Medical devices"]


def test_the_supply_of_an_earlier_day(session, week) -> None:
    mask = next(s for s in dash.supply_by_item(session, day=date(2020, 2, 3)) if s.item_id == week["mask"])
    # output on 3 Feb: 甲 900; stock: 甲 150 (3 Feb) + 乙 300 (28 Jan) + 丙 40 (30 Jan) = 490
    assert (mask.output, mask.stock) == (900, 490)
    assert mask.trend == (1500, 0, 200, 0, 0, 800, 900)  # 28 Jan (乙) .. 3 Feb


def test_enterprise_figures(session, week, frozen_clock) -> None:
    figures = dash.enterprise_figures(session, today=NOW.date())
    # 戊 is archived: 甲 full_load, 乙 and 己 resumed, 丙 not_resumed, 丁 stopped
    assert figures.by_status == {"not_resumed": 1, "resumed": 2, "full_load": 1, "stopped": 1}
    assert figures.total == 5
    # 江北: 丙 丁 己 (3) before 南岸: 甲 乙 (2)
    assert [(d.name, d.counts, d.total) for d in figures.by_district] == [
        ("江北区", {"not_resumed": 1, "stopped": 1, "resumed": 1}, 3),
        ("南岸区", {"full_load": 1, "resumed": 1}, 2),
    ]
    # making something and no report today: 乙 and 丙 (甲 reported; 丁 makes nothing; 己's line is stopped)
    assert figures.not_reported_today == 2
    assert figures.not_reported_today == count_enterprises(session, request=PageRequest(filters={"not_reported": True}))


def test_shortage_figures(session, week) -> None:
    figures = dash.shortage_figures(session, now=NOW)
    s = week["shortages"]
    # unsolved: S1 transport high, S2 raw_material critical (coordinating), S3 labour high, S7 transport low
    assert figures.open_total == 4
    assert figures.open_by_kind == {"transport": 2, "raw_material": 1, "labour": 1}
    assert figures.open_by_severity == {"low": 1, "medium": 0, "high": 2, "critical": 1}
    assert figures.oldest == dash.OldestShortage(shortage_id=s["S1"], enterprise="甲", kind="transport",
                                                 severity="high", reported_at=at(3, 9))
    # reported since 00:00: S3 (08:00) and S6 (09:00, closed since)
    assert figures.opened_today == 2
    # resolved since 00:00: S4 (10:00); S6 was closed unresolved, S5 resolved yesterday
    assert figures.solved_today == 1
    # need-by before today: S2 (4 Feb); S7's is today
    assert figures.overdue == 1
    # district level and reported before Tue 15:00: S1 (Mon 09:00); S2 is at city level, S7 is 23 h old
    assert figures.escalation_due == 1


def test_shortage_marks_count_what_the_list_filters_show(session, week) -> None:
    figures = dash.shortage_figures(session, now=NOW)
    for name in ("overdue", "escalation_due"):
        assert getattr(figures, name) == count_shortages(session, request=PageRequest(filters={name: True}))


def test_people_figures(session, week) -> None:
    figures = dash.people_figures(session, now=NOW)
    # open: c2 since 13:30 today, c4 since Tue 06:00, c5 since last Saturday
    assert figures.on_site_now == 3
    # checked in today: c1 (08:00 and 10:30), c2 (13:30), c3 (07:00); c4's open visit began on Tuesday
    assert figures.checked_in_today == 3
    # since Mon 00:00: c1 Sun 20:00-Mon 01:00 -> 1, Mon 08-18 -> 10, Wed 08-10 -> 2, 10:30-12 -> 1.5;
    # c2 Tue 09:00-17:30 -> 8.5, open since 13:30 -> 1.5; c3 07:00-07:45 -> 0.75;
    # c4 open since Tue 06:00 -> capped at 16 h (LONG_SHIFT); c4 on Sunday -> 0;
    # c5 open since Sat 10:00 -> capped at Sun 02:00, before the week -> 0
    # 1 + 10 + 2 + 1.5 + 8.5 + 1.5 + 0.75 + 16 = 41.25
    assert figures.hours_this_week == pytest.approx(41.25)
    # nobody stationed today: 丙 (ended 4 Feb), 丁 (never), 己 (from 6 Feb); 戊 is archived
    assert figures.unstaffed == 3


def test_people_figures_agree_with_the_roster_and_the_time_sheet(session, week) -> None:
    figures = dash.people_figures(session, now=NOW)
    assert figures.on_site_now == count_on_site(session, request=PageRequest())
    assert figures.unstaffed == count_unstaffed(session, request=PageRequest())
    sheet = time_sheet(session, start=date(2020, 2, 3), end=NOW.date())
    assert figures.hours_this_week == pytest.approx(sheet.total.minutes / 60)


def test_hours_are_clipped_to_the_range_and_to_now(session, week) -> None:
    # from Wed 00:00 to 11:00: c3 0.75, c1 08-10 -> 2 and 10:30-11:00 -> 0.5, c4's open visit ended (capped)
    # on Tue 22:00 -> 0, c5's on Sun 02:00 -> 0; c2 arrives at 13:30 -> 0
    assert dash.hours_between(session, start=datetime(2020, 2, 5), now=at(5, 11)) == pytest.approx(3.25)


def test_the_dashboard_puts_it_together_as_of_now(session, week, frozen_clock) -> None:
    board = dash.dashboard(session)
    assert board.now == NOW
    assert board.items == dash.supply_by_item(session, day=YESTERDAY)
    assert board.enterprises == dash.enterprise_figures(session, today=NOW.date())
    assert board.shortages == dash.shortage_figures(session, now=NOW)
    assert board.people == dash.people_figures(session, now=NOW)
    frozen_clock.advance(days=1)  # Thursday: S3 (Wed 08:00) and S7 (Tue 16:00) are due too, 己 now has c4
    later = dash.dashboard(session, now=NOW + timedelta(days=1))
    assert later.shortages.escalation_due == 3
    assert later.people.unstaffed == 2
    assert later.shortages.opened_today == 0


def test_an_empty_database(session, frozen_clock) -> None:
    board = dash.dashboard(session)
    assert board.enterprises.by_status == {"not_resumed": 0, "resumed": 0, "full_load": 0, "stopped": 0}
    assert board.enterprises.by_district == () and board.enterprises.total == 0
    assert board.shortages.oldest is None and board.shortages.open_total == 0 and board.shortages.open_by_kind == {}
    assert board.people == dash.PeopleFigures(on_site_now=0, checked_in_today=0, hours_this_week=0.0, unstaffed=0)
    assert len(board.items) == 9 and all(s.output == 0 and s.trend == (0,) * 7 for s in board.items)
