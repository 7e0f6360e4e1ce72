"""Four days of work on the functional directory, for the dashboard's tests and snapshots; changes
made from another process; and the dashboard read off the screen.

Built through the services on the pinned clock, each step at the time it happened; the clock is
put back at the case's moment (Monday 3 February 2020, 07:50) at the end. The figures the
dashboard must show are worked out by hand below, next to the timeline they come from.

Makers (all in the directory of conftest.py):
  A  茶园康护 (南岸区)               disposable masks 50,000/day (directory), surgical masks 100,000/day
  B  重庆渝北防护用品有限公司 (渝北区)   protective suits 2,000/day          not resumed -> resumed
  C  重庆江北医疗器械有限公司 (江北区)   medical gloves 30,000/day
  D  重庆渝北医疗器械有限公司 (渝北区)   resumed -> stopped

Timeline:
  31 Jan 09:00  products of A, B, C; 10:00 S1: A short of labour (high), needed by 1 Feb
        20:00   A reports 31 Jan: surgical 80,000 made, 12,000 in stock
  1 Feb 08:00   S1 escalated to city level (so it is overdue, not due for escalation)
        09:00   S2: C short of transport (medium), at district level
        20:00   A reports 1 Feb: disposable 45,000 / 18,000; B: suits 1,500 / 700
  2 Feb 14:00   S4: C short of electricity (low)
        20:00   A reports 2 Feb: disposable 48,000 / 20,000, surgical 90,000 / 15,000; C: gloves 25,000 / 9,000
        20:00   王芳 (stationed at B) checks in at B
  3 Feb 02:00   王芳 checks out (across midnight: the real time and a reason)
        06:50   李强 (stationed at A) checks in at A, and stays
        07:00   S3: A short of melt-blown fabric (critical), needed by 5 Feb
        07:20   A full load, B resumed, D stopped
        07:30   S4 resolved; C reports 3 Feb: gloves 3,000 / 8,000 (today: counts for "reported", not for output)
  3 Feb 07:50   now

Expected at 07:50 (output and stock are yesterday's, 2 February):
  surgical mask ★   capacity 100,000  output 90,000  stock 15,000  demand 400,000
  protective suit ★ capacity   2,000  output      0  stock    700 (B's latest, 1 Feb)  demand 12,000
  disposable mask   capacity  50,000  output 48,000  stock 20,000  demand 600,000
  medical gloves    capacity  30,000  output 25,000  stock  9,000 (not today's 8,000)  demand 150,000
  enterprises 61: full load 1, resumed 15 (+B -D), not resumed 44, stopped 1; not reported today 2 (A, B)
  open shortages 3 (S1 high, S2 medium, S3 critical): overdue 1 (S1), due for escalation 1 (S2),
  opened today 1 (S3), solved today 1 (S4); the oldest open is S1 (A, labour, 69 h 50 min: "2 days")
  on site now 1 (李强), checked in today 1 (李强; 王芳 came on 2 Feb), hours this week 2 (王芳 from Monday
  00:00) + 1 (李强) = 3, unstaffed 61 - 2 = 59, not in today 1 (王芳)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import select

from .conftest import CASE_TIME, SAMPLE_NAME

B_NAME = "重庆渝北防护用品有限公司"
C_NAME = "重庆江北医疗器械有限公司"
D_NAME = "重庆渝北医疗器械有限公司"

#: the figures lines as the dashboard must show them (whitespace aside), worked out above
FIGURES_EN = (
    "Enterprises 61 · Full load 1 · Resumed 15 · Not resumed 44 · Stopped 1 · not reported today 2 [r]",
    "Open shortages 3 · Critical 1 [c] · High 1 · Medium 1 · Low 0",
    "overdue 1 [!] · due for escalation 1 [^] · opened today 1 · solved today 1",
    "Oldest open: 茶园康护 Labour High for 2 days [o]",
    "Open by kind: Labour 1 · Raw material 1 · Transport 1",
    "On site now 1 [p] · checked in today 1 [m] · hours this week 3 · unstaffed 59 [u]",
)
FIGURES_ZH = (
    "企业名录 61 · 满负荷 1 · 已复工 15 · 未复工 44 · 停产 1 · 今日未报 2 [r]",
    "未解决短缺 3 · 特急 1 [c] · 高 1 · 中 1 · 低 0",
    "逾期 1 [!] · 待升级 1 [^] · 今日新增 1 · 今日解决 1",
    "最久未解决：茶园康护 劳动力 高 已 2 天 [o]",
    "未解决（按类别）：劳动力 1 · 原材料 1 · 运输 1",
    "当前在岗 1 [p] · 今日签到 1 [m] · 本周工时 3 · 无人驻厂 59 [u]",
)
#: (item as shown, capacity, output, stock, demand) in the order of the table: severely short first,
#: then the largest gap between demand and output
#: every output below its demand carries the mark ↓ (as well as the colour)
SUPPLY_EN = (
    ("★Surgical mask", "100k", "↓90k", "15k", "400k"),
    ("★Protective (N95) mask", "0", "↓0", "0", "60k"),
    ("★Test reagents", "0", "↓0", "0", "20k"),
    ("★Protective suit", "2,000", "↓0", "700", "12k"),
    ("★Thermometers", "0", "↓0", "0", "3,000"),
    ("Disposable medical mask", "50k", "↓48k", "20k", "600k"),
    ("Medical gloves", "30k", "↓25k", "9,000", "150k"),
    ("Drugs", "0", "↓0", "0", "50k"),
    ("Medical devices", "0", "↓0", "0", "500"),
)
SUPPLY_ZH = (
    ("★医用外科口罩", "10万", "↓9万", "1.5万", "40万"),
    ("★医用防护口罩", "0", "↓0", "0", "6万"),
    ("★检测试剂", "0", "↓0", "0", "2万"),
    ("★医用防护服", "2,000", "↓0", "700", "1.2万"),
    ("★测温仪", "0", "↓0", "0", "3,000"),
    ("一次性使用医用口罩", "5万", "↓4.8万", "2万", "60万"),
    ("医用手套", "3万", "↓2.5万", "9,000", "15万"),
    ("药品", "0", "↓0", "0", "5万"),
    ("医疗器械", "0", "↓0", "0", "500"),
)


@dataclass
class World:
    enterprises: dict[str, int] = field(default_factory=dict)
    shortages: dict[str, int] = field(default_factory=dict)
    items: dict[str, int] = field(default_factory=dict)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of the case: ``day`` of February, or of January from 20 on."""
    return datetime(2020, 2 if day < 20 else 1, day, hour, minute)


def build_world(db, coord, clock) -> World:  # type: ignore[no-untyped-def]
    """The timeline above on ``db`` (the functional directory); ``clock`` is the pinned clock."""
    from models.enterprise import Enterprise
    from models.people import CadreCreate
    from models.reference import CatalogueItem
    from models.services import enterprises as svc
    from models.services.cadres import create_cadre, station
    from models.services.checkins import check_in, check_out
    from models.services.enterprise_products import set_product
    from models.services.enterprise_reports import ReportLine, submit_report
    from models.services.identity import resolve_actor
    from models.services.shortages import act, report_shortage
    from models.shortage import Shortage, ShortageCreate
    from models.supply import Material

    world = World()
    with db.session() as s:
        ids = dict(s.exec(select(Enterprise.name, Enterprise.id)).all())
        e = world.enterprises
        e.update(A=ids[SAMPLE_NAME], B=ids[B_NAME], C=ids[C_NAME], D=ids[D_NAME])
        world.items = dict(s.exec(select(CatalogueItem.code, CatalogueItem.id)).all())
        item = world.items
        meltblown = s.exec(select(Material.id).where(Material.code == "MELTBLOWN")).one()

        def report(name: str, day: date, *lines: tuple[str, int, int]) -> None:
            figures = [ReportLine(item_id=item[code], output=out, stock=stock) for code, out, stock in lines]
            submit_report(s, actor=coord, enterprise_id=e[name], report_date=day, lines=figures)

        def shortage(name: str, kind: str, severity: str, **extra) -> int:  # type: ignore[no-untyped-def]
            data = ShortageCreate(enterprise_id=e[name], kind=kind, severity=severity, **extra)
            return report_shortage(s, actor=coord, data=data).id  # type: ignore[return-value]

        def step(key: str, action: str, note: str) -> None:
            s.expire_all()
            version = s.get(Shortage, world.shortages[key]).version
            act(s, actor=coord, shortage_id=world.shortages[key], expected_version=version, action=action, note=note)

        def status(name: str, value: str) -> None:
            s.expire_all()
            svc.set_status(s, actor=coord, enterprise_id=e[name], expected_version=s.get(Enterprise, e[name]).version,
                           status=value)

        clock.set(at(31, 9))
        for name, code, capacity in (("A", "MASK-SURG", 100_000), ("B", "SUIT", 2_000), ("C", "GLOVE", 30_000)):
            set_product(s, actor=coord, enterprise_id=e[name], item_id=item[code], daily_capacity=capacity)
        for login, name, where in (("liqiang", "李强", "A"), ("wangfang", "王芳", "B")):
            create_cadre(s, actor=coord, data=CadreCreate(name=name, login=login, role="field_cadre"))
            station(s, actor=coord, cadre_id=resolve_actor(s, login=login).cadre_id, enterprise_id=e[where],
                    start=date(2020, 1, 24))
        clock.set(at(31, 10))
        world.shortages["S1"] = shortage("A", "labour", "high", quantity=30, unit="人", need_by=date(2020, 2, 1),
                                         description="缺熟练工人30名")
        clock.set(at(31, 20))
        report("A", date(2020, 1, 31), ("MASK-SURG", 80_000, 12_000))

        clock.set(at(1, 8))
        step("S1", "escalate", "区级无法解决，提请市级协调")
        clock.set(at(1, 9))
        world.shortages["S2"] = shortage("C", "transport", "medium", description="原料运输受阻")
        clock.set(at(1, 20))
        report("A", date(2020, 2, 1), ("MASK-DISP", 45_000, 18_000))
        report("B", date(2020, 2, 1), ("SUIT", 1_500, 700))

        clock.set(at(2, 14))
        world.shortages["S4"] = shortage("C", "electricity", "low", description="厂区停电")
        clock.set(at(2, 20))
        report("A", date(2020, 2, 2), ("MASK-DISP", 48_000, 20_000), ("MASK-SURG", 90_000, 15_000))
        report("C", date(2020, 2, 2), ("GLOVE", 25_000, 9_000))
        wangfang = resolve_actor(s, login="wangfang")
        check_in(s, actor=wangfang, enterprise_id=e["B"])

        clock.set(at(3, 2))
        check_out(s, actor=wangfang, at=at(3, 2), reason="夜班跨零点", note="协调防护服原料")
        clock.set(at(3, 6, 50))
        check_in(s, actor=resolve_actor(s, login="liqiang"), enterprise_id=e["A"])
        clock.set(at(3, 7))
        world.shortages["S3"] = shortage("A", "raw_material", "critical", material_id=meltblown, quantity=5, unit="吨",
                                         need_by=date(2020, 2, 5), description="熔喷布库存仅够2天生产")
        clock.set(at(3, 7, 20))
        status("A", "full_load")
        status("B", "resumed")
        status("D", "stopped")
        clock.set(at(3, 7, 30))
        step("S4", "resolve", "已恢复供电")
        report("C", date(2020, 2, 3), ("GLOVE", 3_000, 8_000))
    clock.set(CASE_TIME)
    assert CASE_TIME - at(31, 10) == timedelta(hours=69, minutes=50)
    return world


# --- changes made by another process --------------------------------------------------------------

#: Runs in a separate Python process, as another user's session would: the operations given as JSON
#: in argv[2], each through the services, each in its own transaction, at the case's moment.
ELSEWHERE = """
import json, sys
from datetime import date, datetime
from sqlmodel import select
from models import clock
clock.now = lambda: datetime(2020, 2, 3, 7, 50)
from models.db import Database
from models.enterprise import Enterprise
from models.reference import CatalogueItem
from models.services import enterprises as svc
from models.services.enterprise_reports import ReportLine, submit_report
from models.services.identity import resolve_actor
from models.services.shortages import report_shortage
from models.shortage import ShortageCreate
db = Database.open(sys.argv[1])
try:
    with db.session() as s:
        actor = resolve_actor(s, login="coord")
        for op, name, *args in json.loads(sys.argv[2]):
            s.expire_all()
            e = s.exec(select(Enterprise).where(Enterprise.name == name)).one()
            if op == "status":
                svc.set_status(s, actor=actor, enterprise_id=e.id, expected_version=e.version, status=args[0])
            elif op == "shortage":
                report_shortage(s, actor=actor, data=ShortageCreate(enterprise_id=e.id, kind=args[0], severity=args[1]))
            elif op == "report":
                code, day, output, stock = args
                item = s.exec(select(CatalogueItem.id).where(CatalogueItem.code == code)).one()
                submit_report(s, actor=actor, enterprise_id=e.id, report_date=date.fromisoformat(day),
                              lines=[ReportLine(item_id=item, output=output, stock=stock)], reason="补报")
finally:
    db.dispose()
"""


def elsewhere(url: str, *operations: tuple) -> None:  # type: ignore[type-arg]
    """Make ``operations`` (``("status", name, value)``, ``("shortage", name, kind, severity)``,
    ``("report", name, item code, ISO date, output, stock)``) from another process, and wait for it."""
    import json
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", ELSEWHERE, url, json.dumps(operations)], check=True)


# --- reading the dashboard off the screen ---------------------------------------------------------


def squash(text: str) -> str:
    """``text`` without whitespace and the " · " between figures: the figures read the same however
    they are packed into lines (a new line takes the place of a separator)."""
    return "".join(text.replace("·", " ").split())


def supply_lines(text: str) -> list[str]:
    """The screen lines of the supply table: its header, then one line per catalogue item."""
    lines = text.splitlines()
    top = next(i for i, line in enumerate(lines) if "Capacity" in line or "日产能" in line)
    return lines[top:top + 1 + len(SUPPLY_EN)]


def suit_row(text: str) -> list[str]:
    """The protective suits' line of the supply table, split at whitespace (English)."""
    return next(line.split() for line in supply_lines(text) if "Protective suit" in line)


async def a_change_elsewhere_shows_on_the_dashboard(app, url: str) -> float:  # type: ignore[no-untyped-def]
    """Another process reports B's suits for yesterday and a critical shortage at C; the dashboard at
    80×24 shows both within 2 seconds, and the supply table's cursor stays on the suits' row.
    Returns the seconds from the other process's end to the figures on screen."""
    from textual.widgets import DataTable

    from .conftest import screen_text
    from .test_live_updates import wait_until

    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        supply = app.screen.query_one("#supply", DataTable)
        await pilot.press("down", "down", "down")
        suit_key = supply.coordinate_to_cell_key(supply.cursor_coordinate).row_key
        assert supply.cursor_row == 3 and suit_row(screen_text(app))[2:5] == ["2,000", "↓0", "700"]
        await wait_until(pilot, lambda: app.data_marker is not None, 2)
        elsewhere(url, ("report", B_NAME, "SUIT", "2020-02-02", 1_800, 900), ("shortage", C_NAME, "water", "critical"))

        def arrived() -> bool:
            text = screen_text(app)
            return (squash("Open shortages 4 · Critical 2 [c]") in squash(text)
                    and suit_row(text)[2:5] == ["2,000", "↓1,800", "900"])

        took = await wait_until(pilot, arrived, 2.5)
        text = squash(screen_text(app))
        assert squash("Open by kind: Labour 1 · Raw material 1 · Transport 1 · Water 1") in text
        assert squash("opened today 2") in text  # reported at 07:50, the case's moment
        # the cursor did not move: same row, same item, and the table still has the focus
        assert supply.cursor_row == 3
        assert supply.coordinate_to_cell_key(supply.cursor_coordinate).row_key == suit_key
        assert app.focused is supply
    return took


async def shown(pilot) -> None:  # type: ignore[no-untyped-def]
    """Workers done, and the screen painted as it will stay: DataTable measures its columns when
    idle and repaints after that, so wait until two looks a moment apart agree."""
    from .conftest import screen_text, settle

    await settle(pilot)
    looks = [screen_text(pilot.app)]
    for _ in range(40):
        await pilot.pause(0.05)
        looks.append(screen_text(pilot.app))
        if len(set(looks[-3:])) == 1 and len(looks) >= 3:
            return
    raise AssertionError("the screen kept changing")
