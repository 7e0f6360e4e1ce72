"""Which lots an allocation takes: first expiry, first out (先进先出、出陈存新), and the grade rule.

The warehouse's balances of the item are locked in id order (every command locks balances so, and
two writers drawing on the same stock queue instead of deadlocking); then the lots are taken earliest
expiry first, lots without an expiry last, skipping expired and quarantined stock and what other
orders reserved.

The grade rule (``models.rules.grade_allowed``) applies to masks and protective suits, the items
that carry a protection grade (GB 19083 / YY 0469 masks, GB 19082 suits): a designated hospital takes
only medical-protective lots of them; the KN95-as-N95 error of 2020 and its twin, industrial suits
sent as medical ones, are the cases it stops. Drugs, devices, test kits and thermometers have no
protection grade, so the rule does not apply to them. A refused lot is skipped; when what is left is
not enough, the order is refused naming the refused lot and its grade.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from models.errors import ValidationError
from models.lots import Lot
from models.reference import CatalogueItem
from models.rules import grade_allowed
from models.services import ledger
from models.stock import StockBalance

#: the item categories whose lots the grade rule reads
GRADED_CATEGORIES = ("mask", "suit")


@dataclass(frozen=True)
class Pick:
    """A quantity of one lot, from its locked balance."""

    balance: StockBalance
    lot: Lot
    quantity: int


def grade_rule_applies(item: CatalogueItem) -> bool:
    return item.category in GRADED_CATEGORIES


def fefo_key(lot: Lot) -> tuple[bool, date, int]:
    """Earliest expiry first, no expiry last, then the older lot."""
    return (lot.expiry is None, lot.expiry or date.max, lot.id or 0)


def locked_stock(session: Session, *, site_id: int, item_ids: Iterable[int] | None = None,
                 lot_ids: Iterable[int] | None = None) -> list[tuple[StockBalance, Lot]]:
    """The balances of the items (or lots) at the warehouse with their lots, locked in balance id order."""
    query = (
        select(StockBalance, Lot).join(Lot, col(Lot.id) == StockBalance.lot_id)
        .where(StockBalance.site_id == site_id)
        .order_by(col(StockBalance.id))
        .with_for_update(of=StockBalance).execution_options(populate_existing=True)
    )
    if item_ids is not None:
        query = query.where(col(StockBalance.item_id).in_(sorted(set(item_ids))))
    if lot_ids is not None:
        query = query.where(col(StockBalance.lot_id).in_(sorted(set(lot_ids))))
    return [(balance, lot) for balance, lot in session.exec(query).all()]


def pick_lots(stock: Sequence[tuple[StockBalance, Lot]], *, item: CatalogueItem, quantity: int, designated: bool,
              today: date) -> list[Pick]:
    """The lots ``quantity`` of ``item`` is taken from (FEFO, grade rule) among the locked ``stock``;
    nothing is reserved yet (the caller reserves each pick before picking the next line)."""
    ordered = sorted((pair for pair in stock if pair[0].item_id == item.id), key=lambda pair: fefo_key(pair[1]))
    graded = designated and grade_rule_applies(item)
    picks: list[Pick] = []
    refused: Lot | None = None
    wanted = quantity
    for balance, lot in ordered:
        free = ledger.available(balance, lot, today)
        if free <= 0:
            continue
        if graded and not grade_allowed(lot.grade, designated=True):
            refused = refused or lot
            continue
        take = min(free, wanted)
        picks.append(Pick(balance=balance, lot=lot, quantity=take))
        wanted -= take
        if wanted == 0:
            return picks
    if refused is not None:
        raise ValidationError(
            "lines", "Lot {lot} of {item} is of grade {grade}: a designated hospital takes only medical-protective "
            "grade", lot=refused.code, item=item.name, grade=refused.grade or "unknown",
        )
    raise ValidationError("lines", "Not enough {item} at this warehouse: {available} available",
                          item=item.name, available=quantity - wanted)
