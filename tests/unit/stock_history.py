"""A small stock history for the stock-figure tests: a warehouse, a designated hospital and a unit,
receipts, requests, allocation orders, dispatches and a signature at known times (February 2020).

At AS_OF (02-03 12:00) the N95 masks stand at 21,000 on hand, 5,000 of them quarantined, nothing
reserved: 16,000 available (the non-medical KN95 lot included; it may go to the unit, never to the
hospital). The hospital's dispatch is signed; the unit's, sent 02-02 11:30, is not (late); its order
was verbal, its paper due 02-04 11:00. The unit's request of 02-03 08:00 waits for approval.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from models.demo_books import Books, Sides
from models.services.receipts import ReceiptLineIn
from models.services.reference import catalogue
from models.services.sites import SiteInput, create_site

AS_OF = datetime(2020, 2, 3, 12, 0)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2020, 2, day, hour, minute)


@dataclass
class StockWorld:
    books: Books
    items: dict[str, int] = field(default_factory=dict)
    sites: dict[str, int] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)


def contacts() -> Sides:
    return Sides(receiver="王护士长", receiver_phone="13800000001", sender="李库管", sender_phone="13800000002")


def build_stock_world(session, coordinator, make) -> StockWorld:  # type: ignore[no-untyped-def]
    """The history above, written by the commands at its own times (the clock stays where the test put it)."""
    items = {i.code: i.id for i in catalogue(session)}
    sites = {
        "W1": create_site(session, actor=coordinator, data=SiteInput(
            code="W1", name="市级储备一库", kind="warehouse", district_id=make.district_id("渝中区"))),
        "H1": create_site(session, actor=coordinator, data=SiteInput(
            code="H1", name="重庆市公共卫生医疗救治中心", kind="hospital", designated=True,
            district_id=make.district_id("南岸区"))),
        "U1": create_site(session, actor=coordinator, data=SiteInput(
            code="U1", name="渝中区疫情防控指挥部", kind="unit", district_id=make.district_id("渝中区"))),
    }
    books = Books(session, coordinator)
    world = StockWorld(books, items, sites)
    n95 = items["MASK-N95"]
    world.ids["receipt"] = books.receive(site_id=sites["W1"], at=at(1, 9), voucher_no="SH-001", lines=[
        ReceiptLineIn(n95, "A", 10_000, expiry=date(2020, 4, 1), grade="medical_protective"),
        ReceiptLineIn(n95, "B", 20_000, expiry=date(2022, 1, 1), grade="medical_protective"),
        ReceiptLineIn(n95, "Q", 5_000, expiry=date(2022, 1, 1), grade="medical_protective", quarantine=True),
        ReceiptLineIn(n95, "K", 3_000, grade="non_medical"),
    ])
    r1 = books.request(site_id=sites["H1"], at=at(1, 10), lines={n95: 12_000}, priority="urgent")
    books.approve(r1, at=at(1, 11))
    o1 = books.allocate(r1, from_site_id=sites["W1"], at=at(1, 12), sides=contacts())
    d1 = books.dispatch(o1, at=at(1, 14), delivered_by="张师傅")
    books.sign(d1, at=at(2, 9), received_by="王护士长")
    r2 = books.request(site_id=sites["U1"], at=at(2, 10), lines={n95: 6_000})
    books.approve(r2, at=at(2, 10, 30), cut={n95: 5_000})
    o2 = books.allocate(r2, from_site_id=sites["W1"], at=at(2, 11), verbal=True, sides=contacts())
    d2 = books.dispatch(o2, at=at(2, 11, 30), delivered_by="赵师傅", phone="13900000003")
    r3 = books.request(site_id=sites["U1"], at=at(3, 8), lines={n95: 2_000})
    world.ids.update(r1=r1, o1=o1, d1=d1, r2=r2, o2=o2, d2=d2, r3=r3)
    return world
