"""Test data for the allocation commands: sites, stock built with the ledger, requests ready to allocate.

Stock is put in through the ledger functions themselves (``find_lot``, ``balance_for_update``,
``post``), as a receipt would. The clock is the case's (Monday 3 February 2020, 07:50).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import count

from sqlmodel import Session, col, func, select

from models import clock
from models.allocation import AllocationLine, AllocationOrder, AllocationPick
from models.delivery import Dispatch, DispatchLine
from models.lots import Lot
from models.reference import CatalogueItem
from models.requests import Request, RequestLine
from models.services import ledger
from models.services.allocations import issue_allocation
from models.services.common import Actor, create_row, write_transaction
from models.services.requests import RequestLineIn, approve_request, create_request
from models.sites import Site, SiteKind
from models.stock import EntryKind, StockBalance, StockEntry

TODAY = date(2020, 2, 3)
CONTACTS = {"receiver": "王医生", "receiver_phone": "13900000001", "sender": "刘仓管", "sender_phone": "023-63000000"}


@dataclass
class AllocWorld:
    session: Session
    actor: Actor
    serial: count = field(default_factory=lambda: count(1))
    items: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for item in self.session.exec(select(CatalogueItem)).all():
            self.items[item.code] = item.id  # type: ignore[assignment]
        self.session.rollback()
        self.warehouse = self.site(SiteKind.WAREHOUSE, "市储备库")
        self.hospital = self.site(SiteKind.HOSPITAL, "重医附二院", designated=True)
        self.unit = self.site(SiteKind.UNIT, "南岸区指挥部")

    def site(self, kind: SiteKind, name: str, *, designated: bool = False) -> int:
        n = next(self.serial)
        with write_transaction(self.session):
            row = create_row(self.session, Site(code=f"S{n:04d}", name=f"{name}{n}", kind=kind.value,
                                                designated=designated), actor=self.actor, at=clock.now())
            return row.id  # type: ignore[return-value]

    def stock(self, code: str, lot: str, quantity: int, *, expiry: date | None = None,
              grade: str | None = "medical_protective", quarantine: int = 0, site: int | None = None) -> int:
        """Receive ``quantity`` of lot ``lot`` of item ``code`` (and hold ``quarantine`` of it)."""
        at = clock.now()
        with write_transaction(self.session):
            row = ledger.find_lot(self.session, actor=self.actor, at=at, item_id=self.items[code], code=lot,
                                  expiry=expiry, grade=grade)
            balance = ledger.balance_for_update(self.session, site_id=site or self.warehouse,
                                                item_id=self.items[code], lot_id=row.id, create=True)  # type: ignore[arg-type]
            ledger.post(self.session, actor=self.actor, at=at, balance=balance, kind=EntryKind.IN, quantity=quantity,
                        reason="receipt")
            if quarantine:
                ledger.post(self.session, actor=self.actor, at=at, balance=balance, kind=EntryKind.HOLD,
                            quantity=quarantine, reason="quarantine")
            return row.id  # type: ignore[return-value]

    def request(self, lines: dict[str, int], *, site: int | None = None, approve: bool = True,
                approved: dict[str, int] | None = None) -> tuple[int, dict[str, int]]:
        """A request of ``site`` (the designated hospital) for ``lines``; approved as asked unless told."""
        request_id = create_request(self.session, actor=self.actor, site_id=site or self.hospital,
                                    lines=[RequestLineIn(item_id=self.items[c], requested=n) for c, n in lines.items()])
        ids = self.line_ids(request_id)
        if approve:
            want = approved or lines
            approve_request(self.session, actor=self.actor, request_id=request_id, version=self.version(request_id),
                            approved={ids[c]: want[c] for c in lines},
                            reasons={ids[c]: "库存不足" for c in lines if want[c] < lines[c]})
        return request_id, ids

    def line_ids(self, request_id: int) -> dict[str, int]:
        codes = {v: k for k, v in self.items.items()}
        rows = self.session.exec(select(RequestLine).where(RequestLine.request_id == request_id)).all()
        result = {codes[row.item_id]: row.id for row in rows}
        self.session.rollback()
        return result  # type: ignore[return-value]

    def issue(self, request_id: int, lines: dict[int, int], *, site: int | None = None, **kwargs: object) -> int:
        return issue_allocation(self.session, actor=self.actor, request_id=request_id,
                                from_site_id=site or self.warehouse, lines=lines, **{**CONTACTS, **kwargs})  # type: ignore[arg-type]

    # --- reads ------------------------------------------------------------------------------------

    def get(self, model: type, row_id: int):  # type: ignore[no-untyped-def]
        self.session.rollback()
        row = self.session.get(model, row_id, populate_existing=True)
        self.session.expunge(row)
        self.session.rollback()
        return row

    def version(self, request_id: int) -> int:
        return self.get(Request, request_id).version  # type: ignore[no-any-return]

    def order(self, order_id: int) -> AllocationOrder:
        return self.get(AllocationOrder, order_id)  # type: ignore[no-any-return]

    def dispatch_row(self, dispatch_id: int) -> Dispatch:
        return self.get(Dispatch, dispatch_id)  # type: ignore[no-any-return]

    def rows(self, query):  # type: ignore[no-untyped-def]
        self.session.rollback()
        result = list(self.session.exec(query.execution_options(populate_existing=True)).all())
        for row in result:
            if hasattr(row, "_sa_instance_state"):
                self.session.expunge(row)
        self.session.rollback()
        return result

    def balance(self, lot_id: int, *, site: int | None = None) -> StockBalance:
        (row,) = self.rows(select(StockBalance).where(StockBalance.lot_id == lot_id,
                                                      StockBalance.site_id == (site or self.warehouse)))
        return row  # type: ignore[no-any-return]

    def balances(self) -> list[StockBalance]:
        return self.rows(select(StockBalance))  # type: ignore[no-any-return]

    def request_lines(self, request_id: int) -> list[RequestLine]:
        return self.rows(select(RequestLine).where(RequestLine.request_id == request_id))  # type: ignore[no-any-return]

    def order_lines(self, order_id: int) -> list[AllocationLine]:
        return self.rows(select(AllocationLine).where(AllocationLine.order_id == order_id)  # type: ignore[no-any-return]
                         .order_by(col(AllocationLine.id)))

    def picks(self, order_id: int) -> list[tuple[AllocationPick, Lot]]:
        query = (select(AllocationPick, Lot).join(Lot, col(Lot.id) == AllocationPick.lot_id)
                 .join(AllocationLine, col(AllocationLine.id) == AllocationPick.line_id)
                 .where(AllocationLine.order_id == order_id).order_by(col(AllocationPick.id)))
        self.session.rollback()
        result = [(p, lot) for p, lot in self.session.exec(query).all()]
        self.session.expunge_all()
        self.session.rollback()
        return result

    def dispatch_lines(self, dispatch_id: int) -> list[DispatchLine]:
        return self.rows(select(DispatchLine).where(DispatchLine.dispatch_id == dispatch_id)  # type: ignore[no-any-return]
                         .order_by(col(DispatchLine.id)))

    def entries(self, **where: object) -> list[StockEntry]:
        query = select(StockEntry).order_by(col(StockEntry.id))
        for key, value in where.items():
            query = query.where(getattr(StockEntry, key) == value)
        return self.rows(query)  # type: ignore[no-any-return]

    def ledger_sum(self, lot_id: int, site: int | None = None) -> int:
        self.session.rollback()
        total = self.session.exec(select(func.coalesce(func.sum(StockEntry.quantity), 0)).where(
            StockEntry.lot_id == lot_id, StockEntry.site_id == (site or self.warehouse),
            col(StockEntry.kind).in_([EntryKind.IN.value, EntryKind.OUT.value, EntryKind.ADJ.value]))).one()
        self.session.rollback()
        return int(total)


def expiring(days: int) -> date:
    return TODAY + timedelta(days=days)
