"""``supplydesk stock --check``: the balances every screen reads agree with the ledger they come from.

For every warehouse × item × lot: on hand is the sum of its IN, OUT and ADJ entries, quarantine
the sum of HOLD less RELEASE; each entry's stored ``balance_after`` is the running sum of the
entries up to it in the order they were appended (the stock card shows the same running sum in the
order of the movements' times: ``stock_views.stock_card``); every daily close satisfies 期初 + 入 − 出 ± 调整 = 结存.
Each test is one SQL statement over the whole ledger, so a million entries take seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, literal, select, union_all
from sqlmodel import Session, col

from models.stock import StockBalance, StockClose, StockEntry, moves_on_hand

#: at most this many differences of each kind are reported: one is enough to stop the books
LIMIT = 100


@dataclass(frozen=True)
class LedgerDifference:
    """One place where the books disagree: ``what`` ("on_hand", "quarantine", "balance_after",
    "close"), where, the figure the ledger gives and the one stored."""

    what: str
    site_id: int
    item_id: int
    lot_id: int | None
    entry_id: int | None
    ledger: int
    stored: int


def check_ledger(session: Session) -> list[LedgerDifference]:
    """Every difference between the balances, the ledger and the daily closes (none: the books hold)."""
    return [*_balances(session), *_chain(session), *_closes(session)]


def _balances(session: Session) -> list[LedgerDifference]:
    held = case((StockEntry.kind == "hold", StockEntry.quantity), (StockEntry.kind == "release", -StockEntry.quantity),
                else_=0)
    sums = (select(StockEntry.site_id, StockEntry.item_id, StockEntry.lot_id,
                   func.sum(moves_on_hand()).label("on_hand"), func.sum(held).label("quarantine"))
            .group_by(col(StockEntry.site_id), col(StockEntry.item_id), col(StockEntry.lot_id))
            .cte("ledger_sums"))  # read by both sides of the union: summed once
    # both sides of an outer join: a balance without entries, and entries without a balance
    joined = (StockBalance.site_id == sums.c.site_id) & (StockBalance.item_id == sums.c.item_id) & \
        (StockBalance.lot_id == sums.c.lot_id)
    left = (select(StockBalance.site_id, StockBalance.item_id, StockBalance.lot_id, StockBalance.on_hand,
                   StockBalance.quarantine, func.coalesce(sums.c.on_hand, 0), func.coalesce(sums.c.quarantine, 0))
            .select_from(StockBalance).outerjoin(sums, joined))
    right = (select(sums.c.site_id, sums.c.item_id, sums.c.lot_id, literal(0), literal(0), sums.c.on_hand,
                    sums.c.quarantine)
             .select_from(sums).outerjoin(StockBalance, joined).where(col(StockBalance.id).is_(None)))
    both = union_all(left, right).subquery()
    c = list(both.c)
    rows = session.execute(select(*c).where((c[3] != c[5]) | (c[4] != c[6])).limit(LIMIT)).all()
    found: list[LedgerDifference] = []
    for site_id, item_id, lot_id, on_hand, quarantine, ledger_on_hand, ledger_quarantine in rows:
        if on_hand != ledger_on_hand:
            found.append(LedgerDifference("on_hand", site_id, item_id, lot_id, None, int(ledger_on_hand),
                                          int(on_hand)))
        if quarantine != ledger_quarantine:
            found.append(LedgerDifference("quarantine", site_id, item_id, lot_id, None, int(ledger_quarantine),
                                          int(quarantine)))
    return found


def _chain(session: Session) -> list[LedgerDifference]:
    """Entries whose ``balance_after`` is not the running sum of their lot's ledger up to them."""
    running = func.sum(moves_on_hand()).over(
        partition_by=(StockEntry.site_id, StockEntry.item_id, StockEntry.lot_id), order_by=col(StockEntry.id))
    chain = select(StockEntry.id, StockEntry.site_id, StockEntry.item_id, StockEntry.lot_id,
                   StockEntry.balance_after, running.label("running")).subquery()
    rows = session.execute(select(chain).where(chain.c.balance_after != chain.c.running)
                           .order_by(chain.c.id).limit(LIMIT)).all()
    return [LedgerDifference("balance_after", site_id, item_id, lot_id, entry_id, int(total), int(after))
            for entry_id, site_id, item_id, lot_id, after, total in rows]


def _closes(session: Session) -> list[LedgerDifference]:
    """Daily closes whose figures break 期初 + 入 − 出 ± 调整 = 结存."""
    rows = session.execute(select(StockClose.site_id, StockClose.item_id, StockClose.opening, StockClose.received,
                                  StockClose.issued, StockClose.adjusted, StockClose.closing)
                           .where(StockClose.opening + StockClose.received - StockClose.issued + StockClose.adjusted
                                  != StockClose.closing).limit(LIMIT)).all()
    return [LedgerDifference("close", site_id, item_id, None, None, int(o + r - i + a), int(closing))
            for site_id, item_id, o, r, i, a, closing in rows]
