"""The stock ledger (台账): ledger entries and the balance each entry keeps, per lot (models.lots).

One append-only ledger per warehouse × item × lot: every receipt, dispatch, return and adjustment is
an entry with its document, the balance after it, who and when; an entry is never changed or
deleted, a correction is a reversing entry. ``StockBalance`` holds the figures every screen reads
(on hand, reserved, quarantined) and is kept in the transaction that appends the entry
(``models.services.ledger``), so no screen sums the ledger; ``supplydesk stock --check`` proves the
two agree.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, UniqueConstraint, and_, case
from sqlmodel import Field, col

from models.base import Model, Tracked, local_time
from models.lots import Lot


class EntryKind(StrEnum):
    IN = "in"  # 入库: a receipt, a return from a delivery
    OUT = "out"  # 出库: a dispatch
    ADJ = "adj"  # 调整: a count's variance, a write-off, a reversal
    HOLD = "hold"  # into quarantine (on hand unchanged)
    RELEASE = "release"  # out of quarantine (on hand unchanged)


#: the reason of an IN entry that brings back goods refused at delivery (not a receipt)
RETURN = "return"

#: the kinds that move on hand (HOLD and RELEASE move only the quarantined part of it)
ON_HAND_KINDS = (EntryKind.IN.value, EntryKind.OUT.value, EntryKind.ADJ.value)


class StockEntry(Model, table=True):
    """One line of the ledger. ``quantity`` is signed for on hand (IN > 0, OUT < 0, ADJ either);
    HOLD and RELEASE move ``quarantine`` (their ``quantity`` is the quantity held or released) and
    leave on hand as it was. ``balance_after`` is on hand after the entry; ``reverses_id`` names the
    entry a reversal undoes. ``doc_kind``/``doc_id``/``doc_no`` name the voucher (入库单, 出库单…)."""

    __table_args__ = (
        Index("ix_stockentry_card", "site_id", "item_id", "at", "id"),  # the card's order (stock_card)
        Index("ix_stockentry_at", "at"),
        Index("ix_stockentry_doc", "doc_kind", "doc_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id")
    item_id: int = Field(foreign_key="catalogueitem.id")
    lot_id: int = Field(foreign_key="lot.id", index=True)
    kind: str = Field(max_length=8)  # EntryKind
    quantity: int = Field(sa_column=Column(BigInteger, nullable=False))
    balance_after: int = Field(sa_column=Column(BigInteger, nullable=False))
    reason: str = Field(max_length=32)  # receipt / dispatch / return / count / write_off / reversal…
    note: str | None = Field(default=None, max_length=500)
    doc_kind: str | None = Field(default=None, max_length=16)
    doc_id: int | None = Field(default=None)
    doc_no: str | None = Field(default=None, max_length=32)
    reverses_id: int | None = Field(default=None, foreign_key="stockentry.id")
    at: datetime = local_time()
    login: str = Field(max_length=64)


class StockBalance(Tracked, table=True):
    """What a warehouse holds of one lot, kept with every ledger entry.

    ``on_hand`` is physically there (quarantined included); ``quarantine`` and ``reserved`` are parts
    of it; available = on_hand − quarantine − reserved (and nothing of an expired lot: ``available``
    and ``available_sql`` below, the one rule every figure uses). The checks
    make a negative figure or an over-reservation impossible whatever writes the row.
    """

    __table_args__ = (
        UniqueConstraint("site_id", "item_id", "lot_id", name="uq_stockbalance_site_item_lot"),
        Index("ix_stockbalance_item_site", "item_id", "site_id"),
        CheckConstraint("on_hand >= 0", name="ck_stockbalance_on_hand"),
        CheckConstraint("reserved >= 0", name="ck_stockbalance_reserved"),
        CheckConstraint("quarantine >= 0", name="ck_stockbalance_quarantine"),
        CheckConstraint("reserved + quarantine <= on_hand", name="ck_stockbalance_parts"),
    )
    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id")
    item_id: int = Field(foreign_key="catalogueitem.id")
    lot_id: int = Field(foreign_key="lot.id")
    on_hand: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    reserved: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    quarantine: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    last_entry_id: int | None = Field(default=None)


class StockClose(Model, table=True):
    """The daily close (扎账) of one warehouse and item: 期初 + 入 − 出 ± 调整 = 结存 for ``day``,
    written when a coordinator closes the day; ``variance`` and its ``reason`` when the count
    differed. A closed day's entries are final: a later correction is an entry of a later day."""

    __table_args__ = (UniqueConstraint("site_id", "item_id", "day", name="uq_stockclose_site_item_day"),)
    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id")
    item_id: int = Field(foreign_key="catalogueitem.id")
    day: date
    opening: int = Field(sa_column=Column(BigInteger, nullable=False))
    received: int = Field(sa_column=Column(BigInteger, nullable=False))
    issued: int = Field(sa_column=Column(BigInteger, nullable=False))
    adjusted: int = Field(sa_column=Column(BigInteger, nullable=False))
    closing: int = Field(sa_column=Column(BigInteger, nullable=False))
    variance: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    reason: str | None = Field(default=None, max_length=500)
    closed_at: datetime = local_time()
    closed_by: str = Field(max_length=64)


# --- the one definition of the derived figures ---------------------------------------------------
#
# Each rule is written once here, in Python for a row in hand and in SQL for a query, side by side;
# a test holds the two renderings equal. Every screen, command and figure uses these.


def expired(expiry: date | None, today: date) -> bool:
    """A lot is expired from the day after its expiry date: nothing of it is available."""
    return expiry is not None and expiry < today


def available(*, on_hand: int, quarantine: int, reserved: int, expiry: date | None, today: date) -> int:
    """What may still be allocated: on hand less quarantined and reserved (never below 0), nothing
    of an expired lot. The SQL of the same rule: ``available_sql``."""
    if expired(expiry, today):
        return 0
    return max(0, on_hand - quarantine - reserved)


def available_sql(today: date, *, on_hand: Any = None, quarantine: Any = None, reserved: Any = None,
                  expiry: Any = None) -> Any:
    """SQL of ``available`` for one lot's row; by default over ``StockBalance`` joined to ``Lot``
    (other columns, e.g. a subquery's figures as of a moment, may be given instead)."""
    on_hand = StockBalance.on_hand if on_hand is None else on_hand
    quarantine = StockBalance.quarantine if quarantine is None else quarantine
    reserved = StockBalance.reserved if reserved is None else reserved
    expiry = col(Lot.expiry) if expiry is None else expiry
    free = on_hand - quarantine - reserved
    return case((and_(expiry.is_not(None), expiry < today), 0), (free < 0, 0), else_=free)


def moves_on_hand() -> Any:
    """SQL: what an entry moves on hand (its signed quantity for IN, OUT and ADJ, else 0)."""
    return case((col(StockEntry.kind).in_(ON_HAND_KINDS), StockEntry.quantity), else_=0)


def book_sql() -> tuple[Any, Any, Any]:
    """SQL of what one entry adds to a book's 入 (received), 出 (issued, positive) and 调整
    (adjusted), the daily close's and the brief's alike: received is what receipts brought in;
    goods refused at delivery and brought back (an IN whose reason is ``RETURN``) lessen issued,
    they were never received; HOLD and RELEASE move none of them. So for any period
    opening + received − issued + adjusted = closing, the on hand moved by the entries."""
    kind, quantity = col(StockEntry.kind), col(StockEntry.quantity)
    is_return = and_(kind == EntryKind.IN.value, StockEntry.reason == RETURN)
    received = case((and_(kind == EntryKind.IN.value, StockEntry.reason != RETURN), quantity), else_=0)
    issued = case((kind == EntryKind.OUT.value, -quantity), (is_return, -quantity), else_=0)
    adjusted = case((kind == EntryKind.ADJ.value, quantity), else_=0)
    return received, issued, adjusted
