"""The stock figures of the dashboard and the brief, as of a moment: one family of functions for both.

A figure as of ``T`` counts what was true at ``T``, whatever was recorded afterwards:

- on hand and quarantined are rebuilt from the ledger (``StockEntry`` rows with ``at <= T``): on hand
  is the sum of the signed IN/OUT/ADJ quantities, quarantine the HOLDs less the RELEASEs. For now
  (``as_of=None``) the dashboard reads ``StockBalance``, which the ledger functions keep equal.
- reserved at ``T`` is what the picks of the orders live then had set aside and had not yet sent:
  pick quantities of orders issued by ``T`` and not cancelled then, less the dispatch lines sent by
  ``T`` (reservations are not ledger entries; an order's status then comes from the audit log).
- available = on hand − quarantine − reserved, nothing of a lot expired by ``T``'s day
  (``models.stock.available``, the rule every screen uses).
- days of supply = available ÷ the catalogue's daily demand in force and known at ``T``
  (``catalogue.demand_as_of``). "With deliveries expected" adds the goods on their way INTO the
  city's stock at ``T``: ``expected`` is the purchased goods in transit then
  (``goods_on_the_way``, the procurement figures' own in-transit); allocation orders issued but not
  signed move stock between sites and add nothing.
- the pipeline, late deliveries, verbal orders and the oldest request: ``models.services.stock_pipeline``.
- movements over a period (the brief's 入库 / 出库·调拨 / 结存) are sums of the ledger entries in it,
  by the daily close's definition (``models.stock.book_sql``: returns lessen 出库, not add to 入库).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session, col

from models import clock
from models.allocation import AllocationLine, AllocationPick
from models.delivery import Dispatch, DispatchLine
from models.lots import Lot
from models.reference import CatalogueItem
from models.services.catalogue import demand_as_of
from models.services.goods_on_the_way import in_transit_by_item
from models.services.stock_pipeline import (
    LateDelivery,
    OldestRequest,
    PaperOwed,
    Pipeline,
    late_deliveries,
    live_orders,
    oldest_unfilled,
    paper_owed,
    pipeline,
)
from models.stock import ON_HAND_KINDS, EntryKind, StockBalance, StockEntry, available, book_sql, moves_on_hand


@dataclass(frozen=True)
class ItemStock:
    """One catalogue item over every warehouse, as of a moment."""

    item_id: int
    code: str
    name: str
    name_en: str
    unit: str
    on_hand: int
    reserved: int
    quarantine: int
    #: on hand less quarantine and reserved, nothing of an expired lot
    available: int
    daily_demand: float
    #: available ÷ daily demand; None without a demand
    days_of_supply: float | None
    #: goods expected into the city's stock: purchased goods in transit (``goods_on_the_way``)
    expected: int = 0
    expected_recorded: bool = True

    @property
    def days_with_expected(self) -> float | None:
        """Days of supply counting the deliveries expected (the goods in transit)."""
        return (self.available + self.expected) / self.daily_demand if self.daily_demand > 0 else None


@dataclass(frozen=True)
class ItemMovement:
    """An item's book over a period (入库 / 出库·调拨 / 结存): opening + received − issued + adjusted = closing."""

    item_id: int
    code: str
    name: str
    name_en: str
    unit: str
    opening: int
    received: int
    issued: int
    adjusted: int
    closing: int


# --- per lot, then per item ----------------------------------------------------------------------


def _lots_now(session: Session) -> dict[tuple[int, int], list[int]]:
    """{(item, lot): [on hand, quarantine, reserved]} over every site, from the balances."""
    rows = session.execute(
        select(StockBalance.item_id, StockBalance.lot_id, func.sum(StockBalance.on_hand),
               func.sum(StockBalance.quarantine), func.sum(StockBalance.reserved))
        .group_by(StockBalance.item_id, StockBalance.lot_id))
    return {(item, lot): [int(h or 0), int(q or 0), int(r or 0)] for item, lot, h, q, r in rows}


def _lots_then(session: Session, moment: datetime) -> dict[tuple[int, int], list[int]]:
    """The same as of ``moment``, rebuilt from the ledger and the picks."""
    on_hand = func.sum(moves_on_hand())
    held = func.sum(case((StockEntry.kind == EntryKind.HOLD.value, StockEntry.quantity),
                         (StockEntry.kind == EntryKind.RELEASE.value, -col(StockEntry.quantity)), else_=0))
    lots: dict[tuple[int, int], list[int]] = {
        (item, lot): [int(h or 0), int(q or 0), 0] for item, lot, h, q in session.execute(
            select(StockEntry.item_id, StockEntry.lot_id, on_hand, held).where(StockEntry.at <= moment)
            .group_by(StockEntry.item_id, StockEntry.lot_id))}
    for item, lot, quantity in reserved_then(session, moment):
        lots.setdefault((item, lot), [0, 0, 0])[2] += quantity
    return lots


def reserved_then(session: Session, moment: datetime) -> list[tuple[int, int, int]]:
    """(item, lot, quantity) still reserved at ``moment``: the picks of live orders less what they had sent."""
    orders = live_orders(session, moment)
    if not orders:
        return []
    sent = (select(DispatchLine.pick_id, func.sum(DispatchLine.shipped).label("shipped"))
            .join(Dispatch, col(Dispatch.id) == DispatchLine.dispatch_id)
            .where(Dispatch.dispatched_at <= moment).group_by(DispatchLine.pick_id).subquery())
    rows = session.execute(
        select(AllocationLine.item_id, AllocationPick.lot_id,
               func.sum(AllocationPick.quantity - func.coalesce(sent.c.shipped, 0)))
        .join(AllocationLine, col(AllocationLine.id) == AllocationPick.line_id)
        .outerjoin(sent, sent.c.pick_id == AllocationPick.id)
        .where(col(AllocationLine.order_id).in_(orders))
        .group_by(AllocationLine.item_id, AllocationPick.lot_id))
    return [(item, lot, int(q)) for item, lot, q in rows if q]


def _catalogue(session: Session) -> list[Any]:
    return list(session.execute(select(CatalogueItem.id, CatalogueItem.code, CatalogueItem.name,
                                       CatalogueItem.name_en, CatalogueItem.unit).order_by(CatalogueItem.id)))


def item_stock(session: Session, *, as_of: datetime | None = None) -> list[ItemStock]:
    """Every catalogue item with stock or a demand at ``as_of`` (None: now, from the balances), the
    fewest days of supply first (items without a demand last, by code)."""
    moment = as_of or clock.now()
    lots = _lots_now(session) if as_of is None else _lots_then(session, as_of)
    expiry: dict[int, date] = {lot: day for lot, day in session.execute(
        select(Lot.id, Lot.expiry).where(col(Lot.expiry).is_not(None))) if day is not None}
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for (item, lot), (on_hand, quarantine, reserved) in lots.items():
        total = totals[item]
        total[0] += on_hand
        total[1] += quarantine
        total[2] += reserved
        total[3] += available(on_hand=on_hand, quarantine=quarantine, reserved=reserved, expiry=expiry.get(lot),
                              today=moment.date())
    demand = demand_as_of(session, moment)
    coming = in_transit_by_item(session, as_of=as_of)
    rows = []
    for item_id, code, name, name_en, unit in _catalogue(session):
        daily = demand.get(item_id, 0.0)
        if item_id not in totals and not daily:
            continue
        on_hand, quarantine, reserved, free = totals[item_id]
        moves = coming.get(item_id)
        rows.append(ItemStock(
            item_id=item_id, code=code, name=name, name_en=name_en, unit=unit, on_hand=on_hand,
            reserved=reserved, quarantine=quarantine, available=free, daily_demand=daily,
            days_of_supply=free / daily if daily > 0 else None, expected=moves.in_transit if moves else 0))
    return sorted(rows, key=lambda r: (r.days_of_supply is None, r.days_of_supply or 0.0, r.code))


def movements(session: Session, *, since: datetime, until: datetime) -> list[ItemMovement]:
    """Each item's 入库 (receipts), 出库·调拨 (dispatches less what came back refused at delivery),
    adjustments and 结存 over ``(since, until]``, from the ledger: opening is on hand at ``since``,
    closing on hand at ``until``. Items without stock or movement are left out."""
    in_period = and_(StockEntry.at > since, StockEntry.at <= until)

    def summed(condition: Any, value: Any) -> Any:
        return func.coalesce(func.sum(case((condition, value), else_=0)), 0)

    received, issued, adjusted = book_sql()  # the daily close's definition (stock_counts.day_sheet)
    rows = session.execute(
        select(StockEntry.item_id, summed(StockEntry.at <= since, moves_on_hand()), summed(in_period, received),
               summed(in_period, issued), summed(in_period, adjusted))
        .where(StockEntry.at <= until, or_(col(StockEntry.kind).in_(ON_HAND_KINDS)))
        .group_by(StockEntry.item_id))
    book = {item: tuple(int(v) for v in values) for item, *values in rows}
    out = []
    for item_id, code, name, name_en, unit in _catalogue(session):
        if item_id not in book:
            continue
        opening, received, issued, adjusted = book[item_id]
        closing = opening + received - issued + adjusted
        if opening or received or issued or adjusted:
            out.append(ItemMovement(item_id, code, name, name_en, unit, opening, received, issued, adjusted, closing))
    return out


@dataclass(frozen=True)
class StockFigures:
    """Everything the dashboard's stock panel shows, as of ``as_of``."""

    as_of: datetime
    items: tuple[ItemStock, ...]
    districts: tuple[Pipeline, ...]
    hospitals: tuple[Pipeline, ...]
    late: tuple[LateDelivery, ...]
    paper: tuple[PaperOwed, ...]
    oldest: OldestRequest | None


def stock_figures(session: Session, *, as_of: datetime | None = None) -> StockFigures:
    """The stock panel's figures now (stock from the balances) or as of a past moment (from the ledger)."""
    moment = as_of or clock.now()
    districts, hospitals = pipeline(session, as_of=moment)
    return StockFigures(
        as_of=moment, items=tuple(item_stock(session, as_of=as_of)), districts=tuple(districts),
        hospitals=tuple(hospitals), late=tuple(late_deliveries(session, as_of=moment)),
        paper=tuple(paper_owed(session, as_of=moment)), oldest=oldest_unfilled(session, as_of=moment))


__all__ = ["ItemMovement", "ItemStock", "StockFigures", "item_stock", "movements", "reserved_then", "stock_figures"]
