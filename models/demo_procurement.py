"""The demo's procurement: what the procurement group had bought and moved by the demo's moment.

- Keystone Medical Supply Inc. (USA): 20,000 protective masks through 重药集团, urgent, in dollars,
  customs pending; flown to 重庆江北机场, due there in six hours, then by road to the reserve;
- 广东粤安防护用品有限公司: 5,000 protective suits by road from Guangdong, overdue by three hours;
- Sakura Thermo K.K. (Japan): 500 thermometers, flown in and received three days after confirmation
  (the lead times tab has one figure), one carton of 20 rejected as damaged, still owed;
- Hanmi Protective (Korea): 3,000 suits, submitted, waiting for approval.

Every time is counted back from the demo's moment; the documents are written by the procurement
commands themselves, each in a savepoint of the demo's load transaction.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session

from models.procurement import PurchaseLine, PurchaseOrder
from models.services.common import commands_inside
from models.services.consignment_receiving import CountIn, receive_consignment
from models.services.consignments import LegIn, create_consignment, record_leg
from models.services.identity import current_actor
from models.services.purchase_orders import OrderHeader, OrderLineIn, create_order, step_order
from models.sites import Site
from models.supply import Supplier
from models.tables import CatalogueItem
from models.transport import Consignment, ConsignmentLine, Leg


def load_procurement(session: Session, *, login: str, as_of: datetime) -> int:
    """Four orders and three consignments; the number of orders written (0 when there already)."""
    if session.execute(select(PurchaseOrder.id)).first():
        return 0
    actor = current_actor(session, login=login)
    supplier = dict(session.execute(select(Supplier.name, Supplier.id)).all())
    item = dict(session.execute(select(CatalogueItem.code, CatalogueItem.id)).all())
    zy = session.execute(select(Site.id).where(Site.code == "CQ-ZY")).scalar_one_or_none()
    if zy is None or "Keystone Medical Supply Inc." not in supplier:
        return 0

    def ago(hours: float) -> datetime:
        return as_of - timedelta(hours=hours)

    def order(name: str, channel: str, code: str, quantity: int, price: int, at: datetime, steps: int,
              **header: object) -> int:
        order_id = create_order(session, actor=actor, at=at, header=OrderHeader(
            channel=channel, supplier_id=supplier[name], site_id=zy, reserve_unit_id=supplier.get("重药集团"),
            **header), lines=[OrderLineIn(item[code], quantity, unit_price_cents=price)])  # type: ignore[arg-type]
        for step in ("submit", "approve", "confirm")[:steps]:
            version = session.get(PurchaseOrder, order_id, populate_existing=True).version  # type: ignore[union-attr]
            step_order(session, actor=actor, order_id=order_id, version=version, step=step, at=at)
        return order_id

    def ship(order_id: int, legs: list[LegIn], at: datetime, left: datetime) -> int:
        line = session.execute(select(PurchaseLine).where(PurchaseLine.order_id == order_id)).scalar_one()
        consignment = create_consignment(session, actor=actor, site_id=zy, lines={line.id or 0: line.quantity},
                                         legs=legs, at=at)
        first = session.execute(select(Leg).where(Leg.consignment_id == consignment, Leg.seq == 1)).scalar_one()
        record_leg(session, actor=actor, leg_id=first.id or 0, version=first.version, departed_at=left, at=left)
        return consignment

    today: date = as_of.date()
    with commands_inside(session, source="demo"):
        masks = order("Keystone Medical Supply Inc.", "overseas", "MASK-N95", 20_000, 120, ago(96), 3,
                      need_by=today + timedelta(days=2), urgent=True, contract_no="ZY-2020-0131", currency="USD",
                      rate=6.98, contract_date=today - timedelta(days=4))
        ship(masks, [LegIn("air", "Los Angeles", "重庆江北机场", "国航货运", "999-60211342", "CA988",
                           planned_departure=ago(20), eta=as_of + timedelta(hours=6), loaded=400),
                     LegIn("road", "重庆江北机场", "重药集团市级医用物资储备库", "重庆渝运物流", None, "渝A·3K219",
                           "何师傅", "13983000021", "渝疫绿通-0204-031", eta=as_of + timedelta(hours=9), loaded=400)],
             ago(22), ago(20))
        suits = order("广东粤安防护用品有限公司", "out_of_city", "SUIT", 5_000, 9_500, ago(72), 3,
                      need_by=today, contract_no="ZY-2020-0128")
        ship(suits, [LegIn("road", "广州", "重药集团市级医用物资储备库", "粤安物流", "YA-0201-77", "粤A·7F310",
                           "黄师傅", "13902000017", "粤渝绿通-0202-009", planned_departure=ago(50), eta=ago(3),
                           loaded=250)],
             ago(50), ago(48))
        thermo = order("Sakura Thermo K.K.", "overseas", "THERMO", 500, 8_000, ago(120), 3, currency="JPY",
                       rate=0.064, contract_no="ZY-2020-0127")
        consignment = ship(thermo, [LegIn("air", "大阪", "重庆江北机场", "国航货运", "999-60110021", "CA936",
                                          planned_departure=ago(60), eta=ago(50), loaded=25)], ago(62), ago(60))
        leg = session.execute(select(Leg).where(Leg.consignment_id == consignment)).scalar_one()
        record_leg(session, actor=actor, leg_id=leg.id or 0, version=leg.version, arrived_at=ago(50), damaged=1,
                   at=ago(50))
        line = session.execute(select(ConsignmentLine).where(ConsignmentLine.consignment_id == consignment)
                               ).scalar_one()
        version = session.get(Consignment, consignment, populate_existing=True).version  # type: ignore[union-attr]
        receive_consignment(session, actor=actor, consignment_id=consignment, version=version,
                            voucher_no="999-60110021", received_by="李强", at=ago(48), counts=[
                                CountIn(line.id or 0, 480, 20, "一箱外包装破损、受潮", "ST-20200128")])
        order("Hanmi Protective Co., Ltd.", "overseas", "SUIT", 3_000, 1_100, ago(10), 1, currency="USD", rate=6.98)
    session.flush()
    return 4
