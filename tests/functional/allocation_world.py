"""Stock and requests for the allocation screen's tests, built through the services on the pinned clock.

Sites: 市级储备一号库 (a warehouse, 南岸区) holding 10,000 surgical masks (lot SM-01) and 2,000
protective masks (lot N95-01, medical-protective grade); 重庆市公共卫生医疗救治中心 (a designated
hospital) and 南岸区疫情防控指挥部 (a front-line unit). Requests, at 07:00, 07:10 and 07:20 on
3 February: the hospital asks 500 protective masks (urgent), the unit 3,000 surgical masks and 200
protective masks (emergency), the unit 1,000 surgical masks (routine). Nothing approved yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from models.reference import CatalogueItem, District
from models.services import ledger
from models.services.common import write_transaction
from models.services.requests import RequestLineIn, create_request
from models.sites import Site, SiteKind
from models.stock import EntryKind

WAREHOUSE, HOSPITAL, UNIT = "市级储备一号库", "重庆市公共卫生医疗救治中心", "南岸区疫情防控指挥部"
WAREHOUSE_EN, HOSPITAL_EN, UNIT_EN = "City reserve depot 1", "Public Health Treatment Centre", "Nan'an command"


@dataclass(frozen=True)
class World:
    warehouse: int
    hospital: int
    unit: int
    surgical: int
    n95: int
    hospital_request: int
    unit_request: int
    routine_request: int


def _item(session: Session, code: str) -> int:
    return int(session.exec(select(CatalogueItem.id).where(CatalogueItem.code == code)).one() or 0)


def _site(session: Session, code: str, name: str, name_en: str, kind: SiteKind, **more: Any) -> int:
    district = session.exec(select(District.id).where(District.name == "南岸区")).first()
    site = Site(code=code, name=name, name_en=name_en, kind=kind.value, district_id=district, **more)
    session.add(site)
    session.flush()
    return int(site.id or 0)


def build(session: Session, actor: Any) -> World:
    at = datetime(2020, 2, 3, 6, 0)
    with write_transaction(session):
        warehouse = _site(session, "WH-1", WAREHOUSE, WAREHOUSE_EN, SiteKind.WAREHOUSE, contact_person="陈刚",
                          phone="13900000001")
        hospital = _site(session, "H-1", HOSPITAL, HOSPITAL_EN, SiteKind.HOSPITAL, designated=True)
        unit = _site(session, "U-1", UNIT, UNIT_EN, SiteKind.UNIT)
        surgical, n95 = _item(session, "MASK-SURG"), _item(session, "MASK-N95")
        for item, code, grade, quantity in ((surgical, "SM-01", "surgical", 10_000),
                                            (n95, "N95-01", "medical_protective", 2_000)):
            lot = ledger.find_lot(session, actor=actor, at=at, item_id=item, code=code, expiry=date(2022, 1, 1),
                                  grade=grade)
            balance = ledger.balance_for_update(session, site_id=warehouse, item_id=item, lot_id=int(lot.id or 0),
                                                create=True)
            ledger.post(session, actor=actor, at=at, balance=balance, kind=EntryKind.IN, quantity=quantity,
                        reason="receipt")
    first = create_request(session, actor=actor, site_id=hospital, lines=[RequestLineIn(n95, 500)], priority="urgent",
                           contact_person="周医生", phone="13800000002", at=datetime(2020, 2, 3, 7, 0))
    second = create_request(session, actor=actor, site_id=unit,
                            lines=[RequestLineIn(surgical, 3_000), RequestLineIn(n95, 200)], priority="emergency",
                            contact_person="何主任", phone="13800000003", at=datetime(2020, 2, 3, 7, 10))
    third = create_request(session, actor=actor, site_id=unit, lines=[RequestLineIn(surgical, 1_000)],
                           at=datetime(2020, 2, 3, 7, 20))
    return World(warehouse, hospital, unit, surgical, n95, first, second, third)
