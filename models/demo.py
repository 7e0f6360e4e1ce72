"""Demo data: a week in the life of the Chongqing working group, or a large synthetic directory.

``load_demo(db, actor=...)`` fills a migrated database with the case of February 2020: parks, 138
cadres of the 9 member units and 5 special groups, 80 makers with products, daily reports,
raw-material reserves, licences, holiday plans and stationed cadres, a week of check-ins, 40
shortages with their history, and the suppliers to call. 茶园康护 (南岸区, 茶园新区) always comes
first: a mask maker whose surgical-mask and glove licences are in the green channel, with melt-blown
fabric for exactly 2 days and an open critical shortage of it.

``scale=N`` builds N synthetic enterprises (after 茶园康护) with proportional cadres, check-ins,
reports and shortages, for load tests; ``days=D`` gives them D days of daily reports (the history the
figures must not grow with: 78 days at 100,000 enterprises are about 10,000,000 report lines), the
demo week of status changes, check-ins and shortages at its end. Rows go in by driver-level
``executemany`` in chunks, in one transaction, with the ids of referenced rows allocated up front:
ORM objects, or even Core's per-row parameter processing, cost several times more. Names are
composed from a small vocabulary so that their pinyin is joined from cached parts (pypinyin takes
~0.5 ms per new name).

One seeded ``random.Random`` drives everything: the same input gives the same data. The data
stands as of 12:00 on ``today`` (the hour of the daily brief), or as of now when that is earlier,
so nothing lies in the future.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import islice
from time import perf_counter
from typing import Any, TypeAlias, TypeVar

from sqlalchemy import Table, func, inspect, or_, select, text
from sqlmodel import Session, SQLModel

from models import clock
from models.audit import AuditLog
from models.audit_chain import chain
from models.db import Database, driver_connection
from models.errors import DatabaseError, PermissionDenied
from models.search import pinyin, search_key
from models.seed import DISTRICTS, GROUPS, UNITS
from models.services.common import Actor, write_transaction
from models.tables import (
    Assignment,
    Cadre,
    CatalogueItem,
    CheckIn,
    DailyReport,
    District,
    Enterprise,
    EnterpriseStatusChange,
    HolidayPlan,
    Material,
    MaterialReserve,
    Park,
    Product,
    Qualification,
    Shortage,
    ShortageEvent,
    SpecialGroup,
    Supplier,
    SupplierItem,
    Unit,
)
from models.validation import CREDIT_ALPHABET, credit_check_char

SEED = 20200203
BY = "demo"
CHUNK = 5000
DAYS = 7
Progress = Callable[[str, int, int], None]
T = TypeVar("T")
#: a row for ``_Demo.insert``: its values in the order of the columns named there
_Row: TypeAlias = tuple[object, ...]
#: the bookkeeping columns of a Tracked row: version, created_at, created_by, updated_at, updated_by
_Stamp: TypeAlias = tuple[int, datetime, str, datetime, str]
#: a status change of an enterprise: old status, new status, when, why
_Step: TypeAlias = tuple[str | None, str, datetime, str]
#: a shortage event: shortage id, action, at, by, note, old value, new value
_Event: TypeAlias = tuple[int, str, datetime, str, str | None, str | None, str | None]


def _core_table(model: type[SQLModel]) -> Table:
    """The Core table of a table model (SQLModel does not declare ``__table__`` to type checkers)."""
    table = inspect(model).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table


def _table(spec: str) -> dict[str, list[str]]:
    """``"key:a,b key2:c"`` → ``{"key": ["a", "b"], "key2": ["c"]}``."""
    return {k: v.split(",") for k, v in (entry.split(":") for entry in spec.split())}


# --- vocabulary --------------------------------------------------------------------------------
#: administrative codes (500xxx) in the order of models.seed.DISTRICTS, for credit codes
DISTRICT_CODES = dict(zip((name for name, _ in DISTRICTS), (
    "101 114 102 103 104 105 106 107 108 109 110 111 112 113 115 116 117 118 119 120 151 152 153 154 155 156 "
    "229 230 231 233 235 236 237 238 240 241 242 243").split(), strict=True))
PARKS = _table("南岸区:茶园新区,南岸经开区 渝北区:两江新区,空港工业园区 "
               "沙坪坝区:西永综保区,青凤高科产业园 九龙坡区:西彭工业园 巴南区:巴南经开区 "
               "江津区:双福工业园 璧山区:璧山高新区 长寿区:长寿经开区 涪陵区:涪陵高新区 "
               "永川区:永川高新区 荣昌区:荣昌高新区 万州区:万州经开区")
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓彭蒋蔡余杜叶程苏魏吕丁任沈姚"
            "卢姜崔钟谭陆汪范金廖贾夏付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵钱严武戴莫孔向汤")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲芬燕鹏辉波宁建国峰俊斌晨欣琳"
         "婷雪亮浩宇凯帆晓文林彬颖慧佳鑫坤毅")
CORES = (
    "康护 康宁 华康 瑞康 安泰 恒安 佳禾 博奥 天成 永辉 金鼎 海鹰 嘉陵 山城 渝康 巴渝 三峡 鼎盛 宏达 信达 "
    "联创 正邦 博瑞 瑞丰 润康 康健 健民 民康 益康 福安 泰康 国信 科瑞 圣元 九州 百川 中德 华邦 华美 亚泰 "
    "同心 德康 永安 安康 慧康 万通 恒瑞 新华 金诺 诺康 美康 卓越 立达 天宇 众信 明达 海川 汇通 凯丰 嘉华 "
    "天使 白云 蓝天 青松 红岩 缙云 南山 北辰 东方 西南 华夏 鑫源 正信 金利 瑞泰 宏远 远航 博康 安益 佑康 "
    "仁心 惠民 济民 维康 康源 源丰 丰泰 神农 本草 银河").split()
#: business line in a name → the catalogue items such a maker makes (the first always)
LINES = _table("医疗用品:MASK-DISP,MASK-SURG 卫生材料:MASK-DISP,GLOVE 防护用品:MASK-N95,SUIT "
               "服饰:SUIT 医疗器械:GLOVE,DEVICE 医疗设备:DEVICE,THERMO 药业:DRUG 制药:DRUG "
               "生物科技:REAGENT 生物医药:REAGENT,DRUG 电子科技:THERMO 仪器仪表:THERMO,DEVICE")
SUFFIXES = ("有限公司", "股份有限公司", "有限责任公司")
ROADS = ("工业园路", "科技大道", "创业路", "兴业大道", "经开大道", "高新二路", "滨江路", "物流大道")
CAPACITY = {"MASK-DISP": (50_000, 300_000), "MASK-SURG": (20_000, 200_000), "MASK-N95": (2_000, 30_000),
            "SUIT": (300, 3_000), "GLOVE": (10_000, 80_000), "DRUG": (1_000, 10_000), "DEVICE": (5, 60),
            "REAGENT": (1_000, 10_000), "THERMO": (100, 1_500)}
MASKS = ("MASK-DISP", "MASK-SURG", "MASK-N95")
#: raw material used per unit of output (material unit per item unit), by material and item ("mask": any mask)
USE = {("NONWOVEN", "mask"): 3e-6, ("MELTBLOWN", "mask"): 1e-6, ("NOSE-STRIP", "mask"): 1e-4,
       ("NONWOVEN", "SUIT"): 2.5e-4}
#: the hand-made makers of the default data, 茶园康护 first: name|short name|district|park|item:capacity ...
HAND = """茶园康护医疗用品有限公司|茶园康护|南岸区|茶园新区|MASK-DISP:250000
重庆两江瑞康防护用品有限公司|两江瑞康|渝北区|两江新区|MASK-N95:20000 SUIT:2000
重庆西永华美服饰有限公司|华美服饰|沙坪坝区|西永综保区|SUIT:1500
重庆恒安卫生材料股份有限公司|恒安卫材|涪陵区|涪陵高新区|MASK-DISP:300000 GLOVE:50000
重庆渝康生物科技有限公司|渝康生物|渝北区|空港工业园区|REAGENT:8000
重庆南山医用设备有限公司|南山医设|南岸区|南岸经开区|THERMO:1200 DEVICE:40
重庆神农药业有限公司|神农药业|长寿区|长寿经开区|DRUG:9000
重庆双福医疗用品有限公司|双福医疗|江津区|双福工业园|MASK-SURG:150000 MASK-DISP:100000
重庆璧山佳禾卫生材料有限公司|佳禾卫材|璧山区|璧山高新区|MASK-DISP:80000
重庆永川天宇电子科技有限公司|天宇电子|永川区|永川高新区|THERMO:900"""
#: name|origin|reserve unit|region|notes|item or material codes
SUPPLIERS = """重药集团|local|1|重庆|储备任务单位，已通知采购|DRUG MASK-SURG MASK-N95 SUIT
桐君阁|local|1|重庆|储备任务单位，已通知采购|DRUG MASK-DISP THERMO
浙江恒远熔喷材料有限公司|out_of_city|0|浙江|熔喷布每日可供2吨|MELTBLOWN
湖北仙桃宏达非织造布有限公司|out_of_city|0|湖北|无纺布、熔喷布|NONWOVEN MELTBLOWN
江苏扬帆医用材料有限公司|out_of_city|0|江苏|鼻梁条、无纺布|NOSE-STRIP NONWOVEN
广东粤安防护用品有限公司|out_of_city|0|广东|防护服、N95成品|SUIT MASK-N95
四川蜀康生物科技有限公司|out_of_city|0|四川|检测试剂|REAGENT
Nanyang Polymers Sdn Bhd|overseas|0|马来西亚|熔喷布，需空运|MELTBLOWN
Kölner Vliesstoff GmbH|overseas|0|德国|无纺布|NONWOVEN
Keystone Medical Supply Inc.|overseas|0|美国|N95口罩、手套，需出口许可|MASK-N95 GLOVE
Hanmi Protective Co., Ltd.|overseas|0|韩国|防护服|SUIT
Sakura Thermo K.K.|overseas|0|日本|红外测温仪|THERMO"""
#: enterprise statuses, each as often as it should be drawn
STATUSES = ["full_load"] * 35 + ["resumed"] * 45 + ["not_resumed"] * 12 + ["stopped"] * 8
SHORTAGE_STATUS = {"open": 30, "coordinating": 30, "resolved": 30, "closed_unresolved": 10}
#: shortage kind → (weight, special group that takes it, description)
KINDS = {
    "raw_material": (35, "production", "{m}库存不足，需协调采购"),
    "labour": (12, "general", "缺熟练工人{q}名，影响满负荷生产"),
    "transport": (10, "allocation", "原料运输车辆需办理通行证"), "logistics": (8, "allocation", "成品调拨物流运力不足"),
    "licence": (8, "general", "{i}注册申报，申请走绿色通道"), "funding": (8, "funding", "流动资金缺口约{q}万元"),
    "electricity": (6, "production", "扩产后用电增容，需协调供电"),
    "water": (4, "production", "园区管网检修，供水不足"),
    "gas": (4, "production", "灭菌用蒸汽、天然气供应不足"),
    "other": (5, "procurement", "员工防护物资（消毒液、测温枪）不足")}
CATEGORIES = ("production", "production", "production,raw_materials", "raw_materials", "labour", "transport",
              "production,labour", "licence", "funding", "procurement", "other")
NOTES = ("核对当日产量和库存", "协调原料到厂", "督促满负荷生产", "协调工人返岗", "协调物流车辆通行",
         "跟进资质申报", "检查防疫措施",
         "对接调拨任务")


@dataclass
class DemoSummary:
    """How many rows of each kind ``load_demo`` inserted, whether ``login`` was linked, and the time taken."""

    parks: int = 0
    cadres: int = 0
    enterprises: int = 0
    status_changes: int = 0
    products: int = 0
    daily_reports: int = 0
    reserves: int = 0
    qualifications: int = 0
    holiday_plans: int = 0
    assignments: int = 0
    checkins: int = 0
    shortages: int = 0
    shortage_events: int = 0
    suppliers: int = 0
    supplier_items: int = 0
    #: ledger entries of the demo's stock (``models.demo_stock``)
    stock_entries: int = 0
    #: fund requests of the demo's funds (``models.demo_funds``)
    fund_requests: int = 0
    #: purchase orders of the demo's procurement (``models.demo_procurement``)
    purchase_orders: int = 0
    #: ``login`` belongs to a coordinator after the load (the demo coordinator, or the cadre that had it)
    login_linked: bool = False
    seconds: float = 0.0


def load_demo(
    db: Database, *, actor: Actor, scale: int | None = None, force: bool = False, today: date | None = None,
    progress: Progress | None = None, days: int | None = None,
) -> DemoSummary:
    """Fill ``db`` with demo data, in one transaction, and make the actor's login the demo coordinator.

    Adding a whole data set is a coordinator's act (on a new database the first login is one).

    Args:
        db: a database migrated to head (reference data present).
        actor: who loads it; its login becomes the demo coordinator 演示协调员's, or a cadre that has
            it already (the first login's own cadre on a new database) stands in for the demo
            coordinator instead.
        scale: None for the realistic case; N for N synthetic enterprises (load tests).
        force: add the demo even when the database already holds enterprises or cadres (other
            than the cadre of ``login``).
        today: the last day of the demo week; default the local date.
        progress: called as ``progress(stage, done, total)`` after each chunk of rows; stages are
            the field names of :class:`DemoSummary`.
        days: with ``scale``, the days of daily reports up to ``today`` (default and least: the demo
            week); the enterprises were entered in the directory the day before the first.

    Raises:
        PermissionDenied: the actor is not a coordinator.
        DatabaseError: the database holds data (and not ``force``) or lacks reference data.
    """
    if scale is not None and scale < 1:
        raise ValueError("scale must be at least 1")
    if days is not None and (scale is None or days < DAYS):
        raise ValueError(f"days needs scale and must be at least {DAYS}")
    if not actor.is_coordinator:
        raise PermissionDenied("Only a coordinator may load the demo; {login} is not one", login=actor.login)
    login = actor.login
    started = perf_counter()
    today = today or clock.today()
    as_of = datetime.combine(today, time(12))
    if clock.today() == today:
        as_of = min(as_of, clock.now())
    with db.session() as session, write_transaction(session):
        others = select(Cadre.id).where(or_(Cadre.login.is_(None), Cadre.login != (login or ""))).limit(1)
        if not force and (session.execute(select(Enterprise.id).limit(1)).first() or session.execute(others).first()):
            raise DatabaseError("The database already holds data; use --force to add the demo anyway")
        summary = _Demo(session, login=login, today=today, as_of=as_of, scale=scale, progress=progress,
                        history=days or DAYS).run()
        from models.maintained import rebuild_all

        rebuild_all(session)  # the history went in in bulk: the maintained figures, from it
        summary.seconds = round(perf_counter() - started, 2)
        session.flush()
        entry = AuditLog(at=clock.now(), login=login or BY, table_name="demo", row_id=0, action="demo_load",
                         changes=json.dumps(asdict(summary) | {"scale": scale, "today": today.isoformat()}))
        chain(session, entry)
        session.add(entry)
    return summary


class _Memo(dict[object, object]):
    """A bind processor with memory: dates and times repeat a lot."""

    def __init__(self, process: Callable[[Any], Any]) -> None:
        super().__init__()
        self.process = process

    def __missing__(self, value: object) -> object:
        self[value] = result = self.process(value)
        return result


@dataclass(slots=True, eq=False)  # eq=False: firms are told apart by identity (``f is firms[0]``)
class _Firm:
    """What the generators need to know of one enterprise; plan_status and run() fill in the rest."""

    id: int
    name: tuple[str, ...]  # the parts the full name is joined from
    short: tuple[str, ...]
    district: str
    park: str | None
    products: list[tuple[str, int]]  # (catalogue item code, daily capacity)
    status: str = ""
    steps: list[_Step] = field(default_factory=list)  # the status history, oldest first
    loads: list[float] = field(default_factory=list)  # the load factor of each demo day
    cadres: tuple[int, int] = (0, 0)  # the cadre there every day, the one every other day
    reserves: dict[str, int] = field(default_factory=dict)  # material code → reserve id


class _Demo:
    """One demo load inside the caller's write transaction."""

    def __init__(self, session: Session, *, login: str, today: date, as_of: datetime, scale: int | None,
                 progress: Progress | None, history: int = DAYS) -> None:
        self.s, self.login, self.today, self.as_of, self.scale = session, login or None, today, as_of, scale
        self.progress = progress or (lambda stage, done, total: None)
        self.rng = random.Random(SEED)
        self.days = [today - timedelta(days=DAYS - 1 - i) for i in range(DAYS)]
        #: the days of daily reports: the demo week, or a longer history ending with it
        self.history = [today - timedelta(days=history - 1 - i) for i in range(history)]
        self.start = datetime.combine(today - timedelta(days=history + 1), time(9))  # when the directory was set up
        self.summary = DemoSummary()
        self.conn = session.connection()
        self.dialect = self.conn.dialect

        # the reference data, by name or code (SQLModel types the rows of Session.execute as Any)
        self.districts: dict[str, int] = dict(session.execute(select(District.name, District.id)).all())
        self.units: dict[str, int] = dict(session.execute(select(Unit.name, Unit.id)).all())
        self.groups: dict[str, int] = dict(session.execute(select(SpecialGroup.code, SpecialGroup.id)).all())
        self.items: dict[str, tuple[int, str, str]] = {c: (i, n, e) for c, i, n, e in session.execute(
            select(CatalogueItem.code, CatalogueItem.id, CatalogueItem.name, CatalogueItem.name_en))}  # (id, name, en)
        self.materials: dict[str, tuple[int, str, str]] = {c: (i, n, u) for c, i, n, u in session.execute(
            select(Material.code, Material.id, Material.name, Material.unit))}  # (id, name, unit)
        if not (set(CAPACITY) <= set(self.items) and set(DISTRICT_CODES) <= set(self.districts)
                and {u for u, _ in UNITS} <= set(self.units) and {g for g, _, _ in GROUPS} <= set(self.groups)
                and {m for m, _ in USE} <= set(self.materials)):
            raise DatabaseError("The reference data is missing; migrate the database first")
        if self.dialect.name == "postgresql":  # ids are taken below: keep other writers out until commit
            session.execute(text("LOCK TABLE park, cadre, enterprise, materialreserve, shortage, supplier "
                                 "IN EXCLUSIVE MODE"))
        self.next_id: dict[type[SQLModel], int] = {
            model: (session.execute(select(func.max(_core_table(model).c.id))).scalar() or 0) + 1
            for model in (Park, Cadre, Enterprise, MaterialReserve, Shortage, Supplier)}

    # --- helpers ---------------------------------------------------------------------------
    def ids(self, model: type[SQLModel], count: int) -> int:
        """Take ``count`` ids of ``model``'s table; returns the first."""
        first = self.next_id[model]
        self.next_id[model] += count
        return first

    def insert(self, stage: str, model: type[SQLModel], columns: str, rows: Iterable[_Row], total: int) -> None:
        """executemany ``rows``: tuples in ``columns`` order, then the Tracked columns if the table has them."""
        table = _core_table(model)
        names = columns.split() + (["version", "created_at", "created_by", "updated_at", "updated_by"]
                                   if "version" in table.c else [])
        quote, mark = self.dialect.identifier_preparer.quote, "?" if self.dialect.paramstyle == "qmark" else "%s"
        target = f"{quote(table.name)} ({', '.join(map(quote, names))})"
        sql = f"INSERT INTO {target} VALUES ({', '.join([mark] * len(names))})"
        # the driver's form of dates, times and booleans (SQLite stores them as text and integers)
        convert: list[tuple[int, _Memo]] = []
        for i, name in enumerate(names):
            process = table.c[name].type.dialect_impl(self.dialect).bind_processor(self.dialect)
            if process and table.c[name].type.python_type in (datetime, date, bool):
                convert.append((i, _Memo(process)))
        done, it = 0, iter(rows)
        while chunk := list(islice(it, CHUNK)):
            if convert:
                columns_ = list(zip(*chunk, strict=True))
                for i, memo in convert:
                    columns_[i] = tuple(map(memo.__getitem__, columns_[i]))
                chunk = list(zip(*columns_, strict=True))
            if self.dialect.driver == "psycopg":  # COPY: a third faster than executemany there
                driver = driver_connection(self.conn.connection)
                with driver.cursor() as cursor, cursor.copy(f"COPY {target} FROM STDIN") as copy:
                    for row in chunk:
                        copy.write_row(row)
            else:
                self.conn.exec_driver_sql(sql, chunk)
            done += len(chunk)
            self.progress(stage, done, max(done, total))
        if done != total:
            self.progress(stage, done, done)
        setattr(self.summary, stage, getattr(self.summary, stage) + done)

    @staticmethod
    def tracked(created: datetime, updated: datetime | None = None) -> _Stamp:
        return 1, created, BY, updated or created, BY

    def pick(self, seq: Sequence[T]) -> T:
        """``rng.choice``, 5 times cheaper (it matters for millions of rows)."""
        return seq[int(self.rng.random() * len(seq))]

    def person(self) -> tuple[str, ...]:
        """A name as (surname, given-name characters...)."""
        pick = self.pick
        return (pick(SURNAMES), pick(GIVEN), pick(GIVEN)) if self.rng.random() < 0.6 else (pick(SURNAMES), pick(GIVEN))

    def mobile(self) -> str:
        return f"1{self.pick('35789')}{int(self.rng.random() * 1e9):09d}"

    def at(self, day: date, earliest: int, latest: int) -> datetime:
        """A moment on ``day`` between two minutes of the day."""
        minutes = earliest + int(self.rng.random() * (latest - earliest + 1))
        return datetime.combine(day, time()) + timedelta(minutes=minutes)

    # --- the load ---------------------------------------------------------------------------
    def run(self) -> DemoSummary:
        sqlite = self.dialect.name == "sqlite"
        if sqlite:  # a bigger page cache for this connection: index pages stay in memory
            cache = int(self.conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
            self.conn.exec_driver_sql("PRAGMA cache_size = -262144")
        try:
            n = self.scale or 80
            parks = self.load_parks()
            firms = self.make_firms(n)
            on_site = self.load_cadres(n, 138 if self.scale is None else max(10, round(n * 1.7)))
            for i, firm in enumerate(firms):  # one cadre every day, a second one every other day for two firms
                firm.cadres = (on_site[i % len(on_site)], on_site[(n + i // 2) % len(on_site)])
            self.load_enterprises(firms, parks)
            self.load_operations(firms)
            self.load_people(firms)
            self.load_shortages(firms, 40 if self.scale is None else max(1, n // 2))
            self.load_suppliers()
            if self.scale is None:  # the stock of the realistic case; load tests leave it out
                from models.demo_stock import load_stock

                self.summary.stock_entries = load_stock(self.s, login=self.coordinators[0][1], as_of=self.as_of,
                                                        today=self.today)
                from models.demo_procurement import load_procurement

                self.summary.purchase_orders = load_procurement(self.s, login=self.coordinators[0][1],
                                                                as_of=self.as_of)

                from models.demo_donations import load_donations

                load_donations(self.s, login=self.coordinators[0][1], as_of=self.as_of, today=self.today)
        finally:
            if sqlite:
                self.conn.exec_driver_sql(f"PRAGMA cache_size = {cache}")
        if self.dialect.name == "postgresql":  # explicit ids leave the sequences behind
            for table in map(_core_table, self.next_id):
                self.s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), MAX(id)) "
                                    f"FROM {table.name}"))
        if self.scale is None:  # after the sequences: the funds report a shortage through its command
            from models.demo_funds import load_funds

            self.summary.fund_requests = load_funds(self.s, login=self.coordinators[0][1], as_of=self.as_of)
            if self.summary.fund_requests:  # the funds' first load reports the shortage their grant answers
                self.summary.shortages += 1
        return self.summary

    def load_parks(self) -> dict[tuple[str, str], int]:
        """The demo parks, reusing those already there; returns {(district, park): id}."""
        have = {(d, p): i for d, p, i in self.s.execute(
            select(District.name, Park.name, Park.id).join(District, District.id == Park.district_id)).all()}
        new = [(d, p) for d, ps in PARKS.items() for p in ps if (d, p) not in have]
        first = self.ids(Park, len(new))
        rows = [(first + k, self.districts[d], p, False, search_key([p]), *self.tracked(self.start))
                for k, (d, p) in enumerate(new)]
        self.insert("parks", Park, "id district_id name archived search_key", rows, len(rows))
        return have | {dp: first + k for k, dp in enumerate(new)}

    def make_firms(self, n: int) -> list[_Firm]:
        """The hand-made makers (only 茶园康护 when scaled), then distinct names drawn from the vocabulary."""
        rng, first = self.rng, self.ids(Enterprise, n)
        firms: list[_Firm] = []
        for k, hand in enumerate(HAND.splitlines()[: 1 if self.scale else n]):
            full, short, district, park, capacities = hand.split("|")
            firms.append(_Firm(first + k, (full,), (short,), district, park,
                               [(c, int(q)) for c, q in (p.split(":") for p in capacities.split())]))
        places = [""] + [d[:2] if "自治县" in d else d if len(d) == 2 else d[:-1] for d, _ in DISTRICTS]
        lines = list(LINES)
        combos, count = len(places) * len(CORES) * len(lines) * len(SUFFIXES), n - len(firms)
        picks = rng.sample(range(combos), count) if count <= combos else [rng.randrange(combos) for _ in range(count)]
        for k, pick in enumerate(picks, start=len(firms)):
            rest, suffix = divmod(pick, len(SUFFIXES))  # pick: a number in mixed radix, one digit a part
            rest, line_no = divmod(rest, len(lines))
            place, core_no = divmod(rest, len(CORES))
            stem, core, line = places[place], CORES[core_no], lines[line_no]
            district = DISTRICTS[place - 1][0] if stem else rng.choice(DISTRICTS)[0]
            in_park = rng.choice(PARKS[district]) if district in PARKS and rng.random() < 0.7 else None
            codes = LINES[line][:1] + [c for c in LINES[line][1:] if rng.random() < 0.5]
            name = ("重庆", stem, core, line, SUFFIXES[suffix]) if stem else ("重庆", core, line, SUFFIXES[suffix])
            products = [(c, self.capacity(c)) for c in codes]
            firms.append(_Firm(first + k, name, (core, line[:2]), district, in_park, products))
        for firm in firms:
            self.plan_status(firm, firm is firms[0])
        return firms

    def capacity(self, code: str) -> int:
        value = self.rng.randint(*CAPACITY[code])
        return round(value, -2) if value > 10_000 else value

    def plan_status(self, firm: _Firm, chayuan: bool) -> None:
        """Pick the status, the steps that led to it and the load factor of each demo day."""
        rng = self.rng
        status = "full_load" if chayuan else self.pick(STATUSES)
        steps: list[tuple[str | None, str, datetime, str]] = [(None, "not_resumed", self.start, "录入名录")]
        loads = [0.0] * DAYS
        if status != "not_resumed":
            begin = 0 if chayuan else rng.randint(0, 4)
            steps.append(("not_resumed", "resumed", self.at(self.days[begin], 480, 600), "复工复产审批通过"))
            loads[begin:] = [rng.uniform(0.55, 0.85) for _ in range(begin, DAYS)]
            if status != "resumed":
                then = 2 if chayuan else rng.randint(begin + 1, DAYS - 1)
                reason = "满负荷生产" if status == "full_load" else rng.choice(("原料断供，停产待料", "设备检修"))
                steps.append(("resumed", status, min(self.as_of, self.at(self.days[then], 480, 690)), reason))
                loads[then:] = [rng.uniform(0.95, 1.0) if status == "full_load" else 0.0 for _ in range(then, DAYS)]
        firm.status, firm.steps, firm.loads = status, steps, loads

    def load_cadres(self, n: int, total: int) -> list[int]:
        """The demo coordinator, coordinators, viewers, then field cadres; returns the field cadres' ids.

        The demo coordinator 演示协调员 gets ``login``; if a cadre has that login already (as the first
        login of a new database does), that cadre stands in for the demo coordinator instead.
        """
        rng, units, codes = self.rng, [u for u, _ in UNITS], [g for g, _, _ in GROUPS]
        field_groups = [g for g, weight in zip(codes, (10, 15, 55, 15, 5), strict=True) for _ in range(weight)]
        taken = set(self.s.execute(select(Cadre.login).where(Cadre.login.is_not(None))).scalars())
        mine = (self.s.execute(select(Cadre.id, Cadre.role).where(Cadre.login == self.login)).first()
                if self.login else None)
        self.summary.login_linked = bool(self.login) and (mine is None or mine.role == "coordinator")
        taken.add(self.login)
        viewers = max(1, total // 60)
        coordinators = max(1, total - viewers - (n + (n + 1) // 2))
        first, width, serial = self.ids(Cadre, total - bool(mine)) - bool(mine), max(3, len(str(total))), 0
        self.login_of: dict[int, str] = {}
        self.coordinators: list[tuple[int, str, str]] = []  # (id, login, group code)
        field_cadres: list[int] = []

        def rows() -> Iterator[_Row]:
            nonlocal serial
            for k in range(total):
                cid, name = first + k, self.person()
                if k == 0 and self.login:
                    login = self.login
                else:
                    serial += 1
                    while (login := f"cadre{serial:0{width}d}") in taken:
                        serial += 1
                if k < coordinators:
                    role, group = "coordinator", codes[k % 5]
                    unit = units[0] if rng.random() < 0.7 else self.pick(units)
                    if k == 0:
                        cid, name = (mine.id, name) if mine else (cid, ("演示协调员",))
                    self.coordinators.append((cid, login, group))
                elif k < coordinators + viewers:
                    role, unit, group = "viewer", self.pick(units), None
                else:
                    role, unit = "field_cadre", units[0] if rng.random() < 0.6 else self.pick(units)
                    group = self.pick(field_groups)
                    field_cadres.append(cid)
                self.login_of[cid] = login
                phone = self.mobile()
                if not (k == 0 and mine):
                    yield (cid, "".join(name), self.units[unit], self.groups[group] if group else None, phone, login,
                           role, True, search_key([name, login]), "".join(pinyin(part)[0] for part in name),
                           *self.tracked(self.start))

        self.insert("cadres", Cadre, "id name unit_id group_id phone login role active search_key sort_key", rows(),
                    total - bool(mine))
        return field_cadres

    def load_enterprises(self, firms: list[_Firm], parks: dict[tuple[str, str], int]) -> None:
        """The enterprises with their search and sort keys, and their status history."""
        rng = self.rng

        def rows() -> Iterator[_Row]:
            for f in firms:
                code, changed = self.credit_code(f.id, f.district), f.steps[-1][2]
                key = search_key([f.name, f.short, code, f.district, f.park,
                                  *(name for c, _ in f.products for name in self.items[c][1:])])
                sort = "".join(pinyin(c.lower())[0] for c in f.name)
                address = f"{f.district}{f.park or ''}{self.pick(ROADS)}{1 + int(rng.random() * 300)}号"
                notes = "绿色通道：医用外科口罩、医用手套注册申报中" if f is firms[0] else None
                yield (f.id, "".join(f.name), "".join(f.short), code, self.districts[f.district],
                       parks.get((f.district, f.park or "")), address, "".join(self.person()), self.mobile(), notes,
                       f.status, changed, False, None, key, sort, *self.tracked(self.start, changed))

        self.insert("enterprises", Enterprise, "id name short_name credit_code district_id park_id address "
                    "contact_person phone notes status status_changed_at archived archived_reason search_key sort_key",
                    rows(), len(firms))
        self.insert("status_changes", EnterpriseStatusChange,
                    "enterprise_id old_status new_status changed_at changed_by reason",
                    ((f.id, old, new, at, self.login_of[f.cadres[0]] if old else BY, why)
                     for f in firms for old, new, at, why in f.steps), sum(len(f.steps) for f in firms))

    @staticmethod
    def credit_code(fid: int, district: str) -> str:
        """A valid code, distinct for each enterprise id: 91 500xxx MA + 7 characters + check character."""
        value, org = (fid * 7_368_787 + 2_718_281) % 31**7, ""  # a bijection: the multiplier is prime to 31
        for _ in range(7):
            value, digit = divmod(value, 31)
            org = CREDIT_ALPHABET[digit] + org
        first17 = f"91500{DISTRICT_CODES[district]}MA{org}"
        return first17 + credit_check_char(first17)

    def load_operations(self, firms: list[_Firm]) -> None:
        """Products, daily reports, raw-material reserves, licences and holiday plans."""
        rng, today, start, realistic = self.rng, self.today, self.start, self.scale is None
        products = sum(len(f.products) for f in firms)
        self.insert("products", Product, "enterprise_id item_id daily_capacity archived",
                    ((f.id, self.items[c][0], float(cap), False, *self.tracked(start))
                     for f in firms for c, cap in f.products), products)

        history, early = self.history, len(self.history) - DAYS  # the days of reports; those before the week
        stamps = [datetime.combine(day, time(20)) for day in history[:-1]] + [datetime.combine(today, time(11))]
        stamped = [(day, stamp, self.tracked(stamp)) for day, stamp in zip(history, stamps, strict=True)]
        uniform = rng.uniform

        def reports() -> Iterator[_Row]:
            for f in firms:
                days = len(history) - (realistic and f is not firms[0] and rng.random() < 0.2)  # a fifth not in today
                # before the demo week every enterprise was not resumed (its status history says so): no output
                loads = [0.0] * early + f.loads
                for code, cap in f.products:
                    item, stock = self.items[code][0], round(cap * uniform(0.2, 1.5))
                    for d in range(days):
                        output = round(cap * loads[d])
                        shipped = min(stock + output, round(output * uniform(0.8, 1.05)))
                        stock += output - shipped
                        day, stamp, tracked = stamped[d]
                        if stamp <= self.as_of:
                            yield (f.id, item, day, float(output), float(stock), float(shipped), None, *tracked)

        self.insert("daily_reports", DailyReport, "enterprise_id item_id report_date output stock shipped "
                    "late_reason", reports(), products * len(history))
        morning = min(self.as_of, datetime.combine(today, time(9)))

        needs = []  # per firm: {material: daily use at full load}
        for f in firms:
            need: dict[str, float] = {}
            for code, cap in f.products:
                for (material, maker), use in USE.items():
                    if maker == ("mask" if code in MASKS else code):
                        need[material] = need.get(material, 0) + cap * use
            needs.append(need)

        def reserves() -> Iterator[_Row]:
            for f, need in zip(firms, needs, strict=True):
                for material, full_load in need.items():
                    use = max(0.01, round(full_load, 2))
                    quantity = round(use * (rng.uniform(0.5, 3) if rng.random() < 0.2 else rng.uniform(3, 20)), 2)
                    if f is firms[0] and material == "MELTBLOWN":
                        use, quantity = 0.25, 0.5  # exactly 2 days of cover
                    f.reserves[material] = rid = self.ids(MaterialReserve, 1)
                    yield (rid, f.id, self.materials[material][0], quantity, use, *self.tracked(start, morning))

        self.insert("reserves", MaterialReserve, "id enterprise_id material_id quantity daily_use",
                    reserves(), sum(map(len, needs)))

        def licences() -> Iterator[_Row]:
            for f in firms:
                for code, _ in f.products if realistic else f.products[:1]:  # held since 2019
                    applied = date(2019, rng.randint(1, 9), rng.randint(1, 28))
                    kind, number = (("药品生产许可证", f"渝20190{rng.randint(100, 999)}") if code == "DRUG" else
                                    ("医疗器械注册证", f"渝械注准2019{rng.randint(2_000_000, 2_999_999)}"))
                    yield (f.id, self.items[code][0], kind, number, "held", applied,
                           applied + timedelta(days=rng.randint(40, 120)), *self.tracked(start))
                new = [c for c in (*MASKS, "SUIT", "GLOVE") if c not in dict(f.products)]  # applications these days
                if f is firms[0]:
                    extra = [("MASK-SURG", "green_channel"), ("GLOVE", "green_channel")]
                elif new and rng.random() < 0.15:
                    extra = [(rng.choice(new), rng.choices(("applying", "green_channel", "held", "refused"),
                                                           (40, 35, 15, 10))[0])]
                else:
                    extra = []
                for code, status in extra:
                    applied = today - timedelta(days=3 if f is firms[0] else rng.randint(2, 6))
                    granted = applied + timedelta(days=rng.randint(1, 2)) if status == "held" else None
                    at = datetime.combine(applied, time(10))
                    yield (f.id, self.items[code][0], "医疗器械注册证（应急审批）", f"渝械注准20202140{f.id % 1000:03d}"
                           if granted else None, status, applied, granted,
                           *self.tracked(at, datetime.combine(granted, time(16)) if granted else at))

        self.insert("qualifications", Qualification, "enterprise_id item_id kind number status applied_on "
                    "granted_on", licences(), products if realistic else len(firms))

        def plans() -> Iterator[_Row]:
            for f in firms:
                if rng.random() < 0.6 or f is firms[0]:
                    shifts = rng.randint(1, 3)
                    yield (f.id, today - timedelta(days=9), today + timedelta(days=rng.randint(3, 10)), shifts,
                           rng.randint(20, 150) * shifts,
                           "春节假期连续生产，三班倒" if shifts == 3 else "春节假期正常生产",
                           *self.tracked(start))

        self.insert("holiday_plans", HolidayPlan, "enterprise_id start_date end_date shifts workers notes",
                    plans(), len(firms) * 6 // 10)

    def load_people(self, firms: list[_Firm]) -> None:
        """Stationing (assignments) and a week of check-ins: the first cadre daily, the second every other day."""
        rng, as_of, first = self.rng, self.as_of, firms[0].id
        self.insert("assignments", Assignment, "cadre_id enterprise_id start_date end_date",
                    ((c, f.id, self.start.date(), None, *self.tracked(self.start))
                     for f in firms for c in dict.fromkeys(f.cadres)), len(firms) * 2)

        def checkins() -> Iterator[_Row]:
            for f in firms:
                primary, second = f.cadres
                days = [(primary, d) for d in range(DAYS)]
                days += [(second, d) for d in range((f.id - first) % 2, DAYS - 1, 2)]
                for cadre, d in days:
                    day, note, categories = self.days[d], None, self.pick(CATEGORIES)
                    if f.id == first and cadre == primary:  # scenario 1: 07:50 every day, 23:55 yesterday
                        start_at = datetime.combine(day, time(7, 50))
                        end_at = start_at + timedelta(hours=10, minutes=int(rng.random() * 30))
                        if d == DAYS - 2:
                            end_at, categories = datetime.combine(day, time(23, 55)), "licence,production"
                            note = "医用外科口罩、医用手套注册申报走绿色通道，药监局已受理"
                    else:
                        start_at = self.at(day, 450, 510)
                        end_at = (self.at(day, 1230, 1415) if rng.random() < 0.1
                                  else start_at + timedelta(minutes=580 + int(rng.random() * 40)))
                    if start_at <= as_of:
                        note = note or (self.pick(NOTES) if rng.random() < 0.4 else None)
                        check_out = end_at if end_at <= as_of else None
                        yield (cadre, f.id, start_at, check_out, categories, note, None, False,
                               *self.tracked(start_at, check_out))

        self.insert("checkins", CheckIn, "cadre_id enterprise_id check_in check_out categories note reason "
                    "corrected", checkins(), len(firms) * 10)

    def load_shortages(self, firms: list[_Firm], count: int) -> None:
        """Shortages in every status, kind, level and severity, each with its event history."""
        rng, first, kinds = self.rng, self.ids(Shortage, count), list(KINDS)
        window = datetime.combine(self.days[0], time(8))
        events: list[_Event] = []

        def rows() -> Iterator[_Row]:
            for k in range(count):
                sid = first + k
                if k == 0:  # scenario 2: 茶园康护 has melt-blown fabric for 2 days
                    f, at = firms[0], min(self.as_of - timedelta(hours=1), datetime.combine(self.today, time(9, 10)))
                    at = max(window, at)
                    meltblown, reporter = self.materials["MELTBLOWN"], self.login_of[firms[0].cadres[0]]
                    description = "熔喷布库存仅够2天生产，需紧急协调采购"
                    events.append((sid, "reported", at, reporter, description, None, "open"))
                    yield (sid, f.id, "raw_material", meltblown[0], None, 5.0, meltblown[2], "critical",
                           self.today + timedelta(days=2), description, "district", None, None, "open", at, reporter,
                           None, None, f.reserves["MELTBLOWN"], *self.tracked(at))
                    continue
                f = firms[rng.randrange(1, len(firms))] if len(firms) > 1 else firms[0]
                kind = kinds[k - 1] if k <= len(kinds) else rng.choices(kinds, [w for w, _, _ in KINDS.values()])[0]
                statuses = list(SHORTAGE_STATUS)
                status = statuses[k % 4] if k <= 4 else rng.choices(statuses, list(SHORTAGE_STATUS.values()))[0]
                severity = rng.choices(("low", "medium", "high", "critical"),
                                       (1, 3, 3, 2) if kind == "raw_material" else (3, 4, 2, 1))[0]
                level = "city" if rng.random() < 0.35 else "district"
                material: tuple[int, str, str] | None = None
                item: tuple[int, str, str] | None = None
                quantity: float | None = None
                unit: str | None = None
                reserve: int | None = None
                if kind == "raw_material":
                    code = rng.choice(sorted(f.reserves) or ["MELTBLOWN", "NONWOVEN"])
                    material, reserve = self.materials[code], f.reserves.get(code)
                    quantity, unit = round(rng.uniform(1, 20), 1), material[2]
                elif kind in ("labour", "funding"):
                    labour = kind == "labour"
                    quantity = float(rng.randint(10, 80) if labour else rng.randint(50, 2000))
                    unit = "人" if labour else "万元"
                elif kind == "licence":
                    item = self.items[rng.choice((*MASKS, "GLOVE", "SUIT"))]
                _, group, template = KINDS[kind]
                description = template.format(
                    m=material[1] if material else "", q=int(quantity or 0), i=item[1] if item else "")
                at = self.at(rng.choice(self.days), 480, 1320)
                at = at if at < self.as_of else max(window, self.as_of - timedelta(minutes=rng.randint(10, 300)))
                reporter, coordinator = self.login_of[f.cadres[0]], rng.choice(self.coordinators)
                story = self.story(sid, status, level, at, reporter, coordinator[1], group, description)
                events.extend(story)
                assigned = any(e[1] == "assign" for e in story)
                ended = story[-1][2] if status in ("resolved", "closed_unresolved") else None
                yield (sid, f.id, kind, material[0] if material else None, item[0] if item else None, quantity, unit,
                       severity, at.date() + timedelta(days=rng.randint(1, 5)), description, level,
                       self.groups[group] if assigned else None, coordinator[0] if assigned else None, status, at,
                       reporter, ended, story[-1][4] if ended else None, reserve, *self.tracked(at, story[-1][2]))

        self.insert("shortages", Shortage, "id enterprise_id kind material_id item_id quantity unit severity "
                    "need_by description level group_id assignee_id status reported_at reported_by resolved_at "
                    "resolution reserve_id", rows(), count)
        self.insert("shortage_events", ShortageEvent, "shortage_id action at by note old_value new_value",
                    events, len(events))

    def story(self, sid: int, status: str, level: str, at: datetime, reporter: str, coordinator: str, group: str,
              description: str) -> list[_Event]:
        """The events that took a shortage reported at ``at`` to ``status`` (assign, escalate, resolve, ...)."""
        rng = self.rng
        events: list[_Event] = [(sid, "reported", at, reporter, description, None, "open")]

        def step(action: str, by: str, note: str | None, old: str | None = None, new: str | None = None) -> None:
            moment = min(self.as_of, events[-1][2] + timedelta(minutes=rng.randint(15, 480)))
            events.append((sid, action, moment, by, note, old, new))

        if status != "open" or rng.random() < 0.4:
            step("assign", coordinator, None, "/", f"{group}/")
        if level == "city":
            step("escalate", coordinator, "区级协调不了，升级至市级", "district", "city")
        if status != "open":
            step("coordinating", coordinator,
                 rng.choice(("已联系供应商", "已与区经信委对接", "专人跟进中")), "open", "coordinating")
        if rng.random() < 0.3:
            step("note", reporter, rng.choice(NOTES))
        if status == "resolved":
            if rng.random() < 0.15:
                step("resolve", coordinator, "供应商已发货", "coordinating", "resolved")
                step("reopen", coordinator, "到货数量不足", "resolved", "open")
            step("resolve", coordinator,
                 rng.choice(("供应商已到货", "重药集团调拨解决", "已协调解决", "绿色通道审批通过")),
                 "coordinating", "resolved")
        elif status == "closed_unresolved":
            step("close", coordinator, rng.choice(("企业停产，需求取消", "暂无货源，转市级统筹")),
                 "coordinating", "closed_unresolved")
        return events

    def load_suppliers(self) -> None:
        """Suppliers at home and abroad (reserve units 重药集团 and 桐君阁 among them), each with a contact cadre."""
        have = set(self.s.execute(select(Supplier.name)).scalars())
        lines = [line.split("|") for line in SUPPLIERS.splitlines() if line.split("|")[0] not in have]
        first = self.ids(Supplier, len(lines))
        contacts = [c for c in self.coordinators if c[2] == "procurement"] or self.coordinators
        rows, items = [], []
        for k, (name, origin, reserve, region, notes, codes) in enumerate(lines):
            rows.append((first + k, name, origin, reserve == "1", region, self.rng.choice(contacts)[0], notes, False,
                         search_key([name, region]), *self.tracked(self.start)))
            items += [(first + k, self.items[c][0] if c in self.items else None,
                       self.materials[c][0] if c in self.materials else None) for c in codes.split()]
        self.insert("suppliers", Supplier,
                    "id name origin reserve_unit region contact_cadre_id notes archived search_key", rows, len(rows))
        self.insert("supplier_items", SupplierItem, "supplier_id item_id material_id", items, len(items))
