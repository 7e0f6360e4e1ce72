"""The lots of one item at one warehouse, as a count and the quarantine dialogs start from them:
each lot's code, expiry and grade beside its balance (on hand, reserved, quarantined), first expiry
first. Read from ``StockBalance``, like every stock figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from models.lots import Lot
from models.stock import StockBalance


@dataclass(frozen=True)
class LotStock:
    """One lot's balance at a warehouse; ``free`` is what may still be put on hold."""

    lot_id: int
    code: str
    expiry: date | None
    grade: str | None
    on_hand: int
    reserved: int
    quarantine: int

    @property
    def free(self) -> int:
        return self.on_hand - self.reserved - self.quarantine


def lots_at(session: Session, *, site_id: int, item_id: int, held_only: bool = True) -> list[LotStock]:
    """The lots of ``item_id`` at ``site_id`` (those with stock on hand unless ``held_only`` is False),
    first expiry first (no expiry last), then by code."""
    query = (select(Lot.id, Lot.code, Lot.expiry, Lot.grade, StockBalance.on_hand, StockBalance.reserved,
                    StockBalance.quarantine)
             .join(StockBalance, col(StockBalance.lot_id) == Lot.id)
             .where(StockBalance.site_id == site_id, StockBalance.item_id == item_id)
             .order_by(col(Lot.expiry).is_(None), col(Lot.expiry), col(Lot.code)))
    if held_only:
        query = query.where(StockBalance.on_hand > 0)
    return [LotStock(lot_id=int(id_), code=code, expiry=expiry, grade=grade, on_hand=int(on_hand),
                     reserved=int(reserved), quarantine=int(quarantine))
            for id_, code, expiry, grade, on_hand, reserved, quarantine in session.execute(query).all()]
