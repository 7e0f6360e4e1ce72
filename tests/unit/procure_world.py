"""Test data for the procurement commands: a reserve warehouse, an overseas supplier, a reserve unit,
and functions that take an order through its stages and a consignment onto the road."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from models import clock
from models.procurement import PurchaseLine, PurchaseOrder
from models.reference import CatalogueItem
from models.services.common import Actor, create_row, write_transaction
from models.services.consignment_receiving import CountIn, receive_consignment
from models.services.consignments import LegIn, create_consignment, record_leg
from models.services.order_closing import cancel_quantity
from models.services.purchase_orders import OrderHeader, OrderLineIn, create_order, step_order
from models.sites import Site, SiteKind
from models.stock import StockBalance
from models.supply import Supplier
from models.transport import Consignment, ConsignmentLine, Leg


@dataclass
class ProcureWorld:
    session: Session
    actor: Actor
    items: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for item in self.session.exec(select(CatalogueItem)).all():
            self.items[item.code] = item.id  # type: ignore[assignment]
        self.session.rollback()
        at = clock.now()
        with write_transaction(self.session):
            self.reserve = create_row(self.session, Supplier(name="重药集团", reserve_unit=True), actor=self.actor,
                                      at=at).id
            self.supplier = create_row(self.session, Supplier(name="Dräger Lübeck", origin="overseas",
                                                              region="Germany"), actor=self.actor, at=at).id
            self.warehouse = create_row(self.session, Site(code="WH-1", name="市储备一号库", kind=SiteKind.WAREHOUSE,
                                                           operator_id=self.reserve), actor=self.actor, at=at).id
            self.other = create_row(self.session, Site(code="WH-2", name="桐君阁库", kind=SiteKind.WAREHOUSE),
                                    actor=self.actor, at=at).id

    def header(self, **kw: object) -> OrderHeader:
        values: dict[str, object] = {"channel": "overseas", "supplier_id": self.supplier, "site_id": self.warehouse,
                                     "reserve_unit_id": self.reserve, "currency": "EUR", "rate": 7.8,
                                     "contract_no": "ZY-2020-017"}
        values.update(kw)
        return OrderHeader(**values)  # type: ignore[arg-type]

    def order(self, lines: dict[str, int], *, confirm: bool = True, **kw: object) -> int:
        order_id = create_order(self.session, actor=self.actor, header=self.header(**kw),
                                lines=[OrderLineIn(item_id=self.items[code], quantity=q) for code, q in lines.items()])
        if confirm:
            for step in ("submit", "approve", "confirm"):
                step_order(self.session, actor=self.actor, order_id=order_id, version=self.get(PurchaseOrder,
                           order_id).version, step=step)
        return order_id

    def get(self, model: type, row_id: int):  # type: ignore[no-untyped-def]
        self.session.rollback()
        return self.session.get(model, row_id, populate_existing=True)

    def lines(self, order_id: int) -> list[PurchaseLine]:
        self.session.rollback()
        return list(self.session.exec(select(PurchaseLine).where(PurchaseLine.order_id == order_id)
                                      .order_by(col(PurchaseLine.id))).all())

    def status(self, order_id: int) -> str:
        return str(self.get(PurchaseOrder, order_id).status)

    def ship(self, lines: dict[int, int], *, eta_hours: float = 10, depart: bool = True) -> int:
        """A consignment of these order lines: by air to Chongqing, then by road; departed now."""
        now = clock.now()
        consignment_id = create_consignment(self.session, actor=self.actor, site_id=self.warehouse, lines=lines, legs=[
            LegIn(mode="air", origin="Frankfurt", destination="重庆江北机场", carrier="国航货运",
                  waybill="999-12345675", vehicle="CA1048", planned_departure=now,
                  eta=now + timedelta(hours=eta_hours - 4), loaded=100),
            LegIn(mode="road", origin="重庆江北机场", destination="市储备一号库", carrier="重庆运输",
                  vehicle="渝A12345", driver="王师傅", driver_phone="13900000002", green_pass="渝绿通-0203-15",
                  eta=now + timedelta(hours=eta_hours), loaded=100)])
        if depart:
            self.depart(consignment_id, now)
        return consignment_id

    def legs(self, consignment_id: int) -> list[Leg]:
        self.session.rollback()
        return list(self.session.exec(select(Leg).where(Leg.consignment_id == consignment_id)
                                      .order_by(col(Leg.seq))).all())

    def depart(self, consignment_id: int, at: datetime) -> None:
        leg = self.legs(consignment_id)[0]
        record_leg(self.session, actor=self.actor, leg_id=leg.id, version=leg.version, departed_at=at)  # type: ignore[arg-type]

    def cons_lines(self, consignment_id: int) -> list[ConsignmentLine]:
        self.session.rollback()
        return list(self.session.exec(select(ConsignmentLine).where(ConsignmentLine.consignment_id == consignment_id)
                                      .order_by(col(ConsignmentLine.id))).all())

    def consignment(self, consignment_id: int) -> Consignment:
        return self.get(Consignment, consignment_id)  # type: ignore[no-any-return]

    def on_hand(self, code: str) -> int:
        self.session.rollback()
        rows = self.session.exec(select(StockBalance).where(StockBalance.site_id == self.warehouse,
                                                            StockBalance.item_id == self.items[code])).all()
        return sum(row.on_hand for row in rows)


def procurement_history(clock, session, actor) -> ProcureWorld:  # type: ignore[no-untyped-def]
    """Goods on the way inside the moments, written at their own times (the clock put back after):
    an order of 3,000 surgical masks and 500 thermometers confirmed on 02-01; 2,000 masks leave on
    02-01 at 10:00 due 02-02 10:00 (overdue after), 1,200 counted in with 10 rejected on 02-03 at
    18:00; the rest and the thermometers leave on 02-03 at 08:00 due 20:00; 100 thermometers
    cancelled at 09:00."""
    back = clock.moment
    clock.set(datetime(2020, 2, 1, 9))
    world = ProcureWorld(session, actor)
    order = world.order({"MASK-SURG": 3000, "THERMO": 600})
    masks, thermos = world.lines(order)
    clock.set(datetime(2020, 2, 1, 10))
    first = world.ship({masks.id: 2000}, eta_hours=24)  # type: ignore[dict-item]
    clock.set(datetime(2020, 2, 3, 8))
    world.ship({masks.id: 1000, thermos.id: 500}, eta_hours=12)  # type: ignore[dict-item]
    clock.set(datetime(2020, 2, 3, 9))
    cancel_quantity(session, actor=actor, order_id=order, version=world.get(PurchaseOrder, order).version,
                    line_id=thermos.id, cancelled=100)  # type: ignore[arg-type]
    clock.set(datetime(2020, 2, 3, 18))
    [line] = world.cons_lines(first)
    receive_consignment(session, actor=actor, consignment_id=first, version=world.consignment(first).version,
                        voucher_no="YS-0203", counts=[CountIn(line.id, 1190, 10, "一箱受潮")])  # type: ignore[arg-type]
    clock.set(back)
    return world
