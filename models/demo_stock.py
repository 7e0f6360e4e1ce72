"""The demo's stock: Chongqing's reserve as it stood in the first week of February 2020.

City reserve warehouses run by the reserve units (重药集团 and 桐君阁, suppliers flagged
``reserve_unit``), a few district depots, the city's designated hospital 重庆市公共卫生医疗救治中心
with district designated hospitals and fever clinics, and front-line units. A week of movements:
central allocations and local makers' output received in lots (one near expiry, one quarantined,
one KN95 lot graded non-medical, which the designated hospitals never get), requests approved
(one cut), allocation orders issued, dispatched and signed for; at the end some requests are open,
one order is reserved and not yet sent, one delivery has been on the road for more than 24 hours
and one verbal order (先行调拨) still owes its written order.

Every time is counted back from the demo's moment (``as_of``), so nothing lies in the future and
the late delivery is late whenever the demo is loaded. The documents are written by the stock
commands themselves (``models.demo_books``), each in a savepoint of the demo's load transaction.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from models.demo_books import Books, Sides
from models.reference import District
from models.services.common import commands_inside, create_row, row_id
from models.services.identity import current_actor
from models.services.receipts import ReceiptLineIn
from models.services.sites import site_keys
from models.sites import Site
from models.stock import StockEntry
from models.supply import Supplier
from models.tables import CatalogueItem, Enterprise

#: code|name|kind|district|operator (reserve unit)|flags (d designated, f fever clinic)|capacity|English name
SITES = """CQ-ZY|重药集团市级医用物资储备库|warehouse|渝北区|重药集团||1200|Chongqing Pharma city reserve warehouse
CQ-TJG|桐君阁市级医用物资储备库|warehouse|九龙坡区|桐君阁||600|Tongjunge city reserve warehouse
NA-DEPOT|南岸区应急物资中转库|warehouse|南岸区|||200|Nan'an emergency supplies depot
WZ-DEPOT|万州区应急物资中转库|warehouse|万州区|||150|Wanzhou emergency supplies depot
GW|重庆市公共卫生医疗救治中心|hospital|沙坪坝区||d||Chongqing Public Health Medical Center
SX|重庆三峡中心医院|hospital|万州区||d||Chongqing Three Gorges Central Hospital
YC|永川区人民医院|hospital|永川区||d||Yongchuan District People's Hospital
NA-FC|南岸区人民医院发热门诊|hospital|南岸区||f||Nan'an People's Hospital fever clinic
YZ-FC|渝中区人民医院发热门诊|hospital|渝中区||f||Yuzhong People's Hospital fever clinic
NA-CMD|南岸区疫情防控指挥部|unit|南岸区||||Nan'an epidemic command
YB-CMD|渝北区疫情防控指挥部|unit|渝北区||||Yubei epidemic command
JB-AIR|江北国际机场入境检疫点|unit|渝北区||||Jiangbei Airport entry checkpoint"""

CONTACTS = Sides(receiver="王芳", receiver_phone="13983000001", sender="李强", sender_phone="13983000002")
DRIVERS = ("张师傅", "刘师傅", "陈师傅", "杨师傅")


def load_stock(session: Session, *, login: str, as_of: datetime, today: date) -> int:
    """Sites, lots and a week of stock documents; returns the number of ledger entries written.
    Nothing is added when the sites are there already (a demo loaded twice)."""
    if session.execute(select(Site.id).where(Site.code == "CQ-ZY")).first():
        return 0
    with commands_inside(session, source="demo"):
        story = _Story(session, login, as_of, today)
        story.sites()
        story.receipts()
        story.allocations()
    session.flush()
    return story.entries


def _lot(item_id: int, code: str, quantity: int, expiry: date | None, grade: str | None, maker: str,
         quarantine: bool = False) -> ReceiptLineIn:
    """A receipt line accepted in full (the story's lines are short)."""
    return ReceiptLineIn(item_id, code, quantity, expiry=expiry, grade=grade, maker_name=maker, quarantine=quarantine)


class _Story:
    def __init__(self, session: Session, login: str, as_of: datetime, today: date) -> None:
        self.s, self.as_of, self.today = session, as_of, today
        self.actor = current_actor(session, login=login)
        self.books = Books(session, self.actor)
        codes = session.execute(select(CatalogueItem.code, CatalogueItem.id))
        self.items: dict[str, int] = {row.code: row.id for row in codes}
        self.site: dict[str, int] = {}
        self.entries = 0

    def ago(self, days: float, hours: float = 0) -> datetime:
        """A moment ``days`` and ``hours`` before the demo's moment."""
        return self.as_of - timedelta(days=days, hours=hours)

    def sites(self) -> None:
        districts = dict(self.s.execute(select(District.name, District.id)).all())
        reserve = dict(self.s.execute(select(Supplier.name, Supplier.id).where(Supplier.reserve_unit == True)  # noqa: E712
                                      ).all())
        for line in SITES.splitlines():
            code, name, kind, district, operator, flags, capacity, name_en = line.split("|")
            values: dict[str, Any] = {"code": code, "name": name, "name_en": name_en, "kind": kind,
                      "district_id": districts.get(district), "operator_id": reserve.get(operator),
                      "designated": "d" in flags,
                      "fever_clinic": "f" in flags, "capacity": int(capacity) if capacity else None,
                      "contact_person": "王芳" if kind != "warehouse" else "李强"}
            site = create_row(self.s, Site(**values, **site_keys(self.s, values)), actor=self.actor,
                              at=self.ago(8))
            self.site[code] = row_id(site)

    def receipts(self) -> None:
        """Central allocations and local output into the city warehouses, and donations into the depots."""
        i, today = self.items, self.today
        zy, tjg = self.site["CQ-ZY"], self.site["CQ-TJG"]
        reserve = dict(self.s.execute(select(Supplier.name, Supplier.id)).all())
        self.books.receive(site_id=zy, at=self.ago(6, 3), voucher_no="国疫物〔2020〕3号", source="central",
                           supplier_id=reserve.get("重药集团"), delivered_by="国家医疗物资调拨车队", received_by="李强",
                           lines=[
            _lot(i["MASK-N95"], "N95-20191102", 180_000, today + timedelta(days=60), "medical_protective", "3M"),
            _lot(i["MASK-N95"], "N95-20200115", 240_000, today + timedelta(days=700), "medical_protective", "3M"),
            _lot(i["MASK-N95"], "KN95-20200120", 80_000, today + timedelta(days=700), "non_medical", "某劳保公司"),
            _lot(i["SUIT"], "FHF-20200110", 36_000, today + timedelta(days=200), "medical_protective", "稳健医疗"),
            _lot(i["SUIT"], "FHF-20200125", 6_000, today + timedelta(days=700), "medical_protective", "待检厂家",
                 quarantine=True),
            _lot(i["MASK-SURG"], "WK-20200105", 1_200_000, today + timedelta(days=700), "surgical", "稳健医疗"),
        ])
        self.books.receive(site_id=tjg, at=self.ago(5, 2), voucher_no="渝经信〔2020〕11号", source="central",
                           supplier_id=reserve.get("桐君阁"), delivered_by="市物资储备车队", received_by="赵敏", lines=[
            _lot(i["MASK-DISP"], "YC-20200108", 2_400_000, today + timedelta(days=500), "general", "恒安卫材"),
            _lot(i["THERMO"], "CW-20200112", 9_000, None, None, "南山医设"),
            _lot(i["DRUG"], "LH-20200103", 120_000, today + timedelta(days=400), None, "神农药业"),
        ])
        maker = self.s.execute(select(Enterprise.id).where(Enterprise.name == "茶园康护医疗用品有限公司")).scalar()
        for day in range(5, 0, -1):  # the local maker's output bought up every day (兜底收储)
            self.books.receive(site_id=tjg, at=self.ago(day, 5), voucher_no=f"CYKH-SH-{6 - day:03d}",
                               source="local_maker", enterprise_id=maker, delivered_by="茶园康护物流",
                               received_by="赵敏",
                               lines=[_lot(i["MASK-DISP"], f"CYKH-{(today - timedelta(days=day)):%Y%m%d}", 180_000,
                                           today + timedelta(days=730), "general", "茶园康护")])
        self.books.receive(site_id=self.site["NA-DEPOT"], at=self.ago(4, 1), voucher_no="JZ-0203-01",
                           source="donation", delivered_by="南岸区红十字会", received_by="周强", lines=[
            _lot(i["MASK-SURG"], "JZ-WK-01", 50_000, today + timedelta(days=300), "surgical", "捐赠")])
        self.books.receive(site_id=self.site["WZ-DEPOT"], at=self.ago(3, 2), voucher_no="JZ-0204-02",
                           source="donation", delivered_by="万州区慈善会", received_by="吴静", lines=[
            _lot(i["MASK-DISP"], "JZ-YC-02", 80_000, today + timedelta(days=300), "general", "捐赠")])

    def allocations(self) -> None:
        """A week of requests, orders, dispatches and signatures, ending with work in hand."""
        i, b, site = self.items, self.books, self.site
        zy, tjg = site["CQ-ZY"], site["CQ-TJG"]
        # delivered and signed for, earlier in the week
        for k, (who, lines, source) in enumerate([
            ("GW", {i["MASK-N95"]: 60_000, i["SUIT"]: 8_000}, zy),
            ("SX", {i["MASK-N95"]: 30_000, i["SUIT"]: 4_000}, zy),
            ("NA-FC", {i["MASK-SURG"]: 150_000, i["THERMO"]: 600}, None),
            ("YC", {i["MASK-N95"]: 20_000, i["SUIT"]: 2_500}, zy),
            ("YB-CMD", {i["MASK-DISP"]: 300_000, i["MASK-SURG"]: 100_000}, None),
        ]):
            start = 5.5 - k * 0.8
            request = b.request(site_id=site[who], at=self.ago(start), lines=lines, priority="urgent",
                                contact="王芳", phone="13983000001")
            b.approve(request, at=self.ago(start, -1))
            for offset, warehouse in enumerate((source,) if source else (zy, tjg)):
                order = b.allocate(request, from_site_id=warehouse, at=self.ago(start, -2 - offset), sides=CONTACTS)
                dispatch = b.dispatch(order, at=self.ago(start, -3 - offset), delivered_by=DRIVERS[k % 4],
                                      vehicle=f"渝A{k + 1}23{k}5", phone="13983000010")
                b.sign(dispatch, at=self.ago(start, -8 - offset), received_by="王芳")
        # on the road for more than 24 hours, not signed
        late = b.request(site_id=site["SX"], at=self.ago(1, 6), lines={i["MASK-N95"]: 15_000}, priority="emergency")
        b.approve(late, at=self.ago(1, 5))
        order = b.allocate(late, from_site_id=zy, at=self.ago(1, 4), sides=CONTACTS)
        b.dispatch(order, at=self.ago(1, 3), delivered_by="杨师傅", vehicle="渝F3K721", phone="13983000011")
        # a verbal order by phone (先行调拨) three days ago: dispatched and signed, its written order overdue
        verbal = b.request(site_id=site["JB-AIR"], at=self.ago(3, 4), lines={i["MASK-N95"]: 5_000},
                           priority="emergency", contact="孙伟", phone="13983000020", verbal=True)
        b.approve(verbal, at=self.ago(3, 4))
        order = b.allocate(verbal, from_site_id=zy, at=self.ago(3, 4), verbal=True, sides=CONTACTS)
        dispatch = b.dispatch(order, at=self.ago(3, 3), delivered_by="刘师傅", phone="13983000012")
        b.sign(dispatch, at=self.ago(3, 1), received_by="孙伟")
        # a verbal order with its written order recorded
        paper = b.request(site_id=site["NA-CMD"], at=self.ago(2, 2), lines={i["MASK-SURG"]: 40_000},
                          priority="urgent", verbal=True)
        b.approve(paper, at=self.ago(2, 2))
        order = b.allocate(paper, from_site_id=zy, at=self.ago(2, 2), verbal=True, sides=CONTACTS)
        b.sign(b.dispatch(order, at=self.ago(2, 1), delivered_by="陈师傅"), at=self.ago(1, 20), received_by="周强")
        b.paper(order, at=self.ago(1, 2), paper_no="渝防指物〔2020〕27号")
        # this morning: in transit (not yet late), reserved and not sent, approved and waiting, submitted
        today = b.request(site_id=site["GW"], at=self.ago(0, 5), lines={i["MASK-N95"]: 40_000, i["SUIT"]: 6_000},
                          priority="emergency")
        b.approve(today, at=self.ago(0, 4.5), cut={i["SUIT"]: 4_000})
        order = b.allocate(today, from_site_id=zy, at=self.ago(0, 4), sides=CONTACTS)
        b.dispatch(order, at=self.ago(0, 3), delivered_by="张师傅", vehicle="渝A9Q231")
        reserved = b.request(site_id=site["YZ-FC"], at=self.ago(0, 4), lines={i["MASK-SURG"]: 80_000})
        b.approve(reserved, at=self.ago(0, 3))
        b.allocate(reserved, from_site_id=zy, at=self.ago(0, 2), sides=CONTACTS)
        waiting = b.request(site_id=site["WZ-DEPOT"], at=self.ago(1, 1), lines={i["MASK-N95"]: 20_000})
        b.approve(waiting, at=self.ago(0, 6))
        b.request(site_id=site["NA-FC"], at=self.ago(0, 1), lines={i["MASK-SURG"]: 60_000, i["THERMO"]: 300})
        self.entries = self.s.execute(select(func.count()).select_from(StockEntry)).scalar_one()


__all__ = ["SITES", "load_stock"]
