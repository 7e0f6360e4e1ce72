"""Goods on the way (在途) as of a moment, per consignment and per item: the one computation of "in
transit" that the procurement figures, the stock figures (``ItemStock.expected``) and the brief use.

A consignment was on the way at ``T`` when it was recorded by ``T``, its first leg had departed by
``T`` (the departure as it stood then: a time recorded or changed later is taken back through the
audit log) and it was not received in full by ``T`` (``received_at``, set when its last part is
counted). What it still carried at ``T`` is what was loaded less what its receipts (入库单 whose
``source_ref`` is its number) had counted in, accepted or rejected, by ``T``. Its ETA at ``T`` is
the one on record then; it was overdue when that ETA had passed ``T``.

For now (``as_of=None``) the same is read from the columns the commands keep (the consignment's
status, its lines' counted sums), which the tests hold equal to the rebuilt figures.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from models import clock
from models.audit import AuditLog
from models.procurement import PurchaseOrder
from models.receipts import Receipt, ReceiptLine, ReceiptSource, ReceiptStatus
from models.services import as_of as then
from models.transport import ON_THE_WAY, Consignment, ConsignmentLine, ConsignmentStatus, Leg

#: the window of "arriving this week": ETA within this many days of the moment
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Moving:
    """One consignment on the way at a moment, as it stood then."""

    id: int
    number: str
    site_id: int
    status: str  # in transit, or partially received
    departed_at: datetime | None
    eta: datetime | None
    #: item -> loaded less counted in
    left: dict[int, int] = field(default_factory=dict)
    version: int = 0  # now only (0 for a past moment: nothing is written from it)

    @property
    def quantity(self) -> int:
        return sum(self.left.values())


@dataclass(frozen=True)
class ItemTransit:
    in_transit: int = 0
    this_week: int = 0  # ETA within a week of the moment (the overdue included)
    overdue: int = 0  # ETA passed


def _loaded(session: Session, ids: Iterable[int]) -> dict[int, dict[int, int]]:
    """{consignment: {item: loaded}}."""
    out: dict[int, dict[int, int]] = defaultdict(dict)
    wanted = list(ids)
    if wanted:
        for cid, item, quantity in session.execute(
                select(ConsignmentLine.consignment_id, ConsignmentLine.item_id, func.sum(ConsignmentLine.quantity))
                .where(col(ConsignmentLine.consignment_id).in_(wanted))
                .group_by(col(ConsignmentLine.consignment_id), col(ConsignmentLine.item_id))):
            out[cid][item] = int(quantity or 0)
    return out


def _moving_now(session: Session) -> list[Moving]:
    rows = session.execute(select(Consignment).where(col(Consignment.status).in_(ON_THE_WAY))
                           .order_by(col(Consignment.id))).scalars().all()
    left: dict[int, dict[int, int]] = defaultdict(dict)
    if rows:
        for cid, item, quantity in session.execute(
                select(ConsignmentLine.consignment_id, ConsignmentLine.item_id,
                       func.sum(ConsignmentLine.quantity - ConsignmentLine.accepted - ConsignmentLine.rejected))
                .where(col(ConsignmentLine.consignment_id).in_([c.id for c in rows]))
                .group_by(col(ConsignmentLine.consignment_id), col(ConsignmentLine.item_id))):
            left[cid][item] = int(quantity or 0)
    return [Moving(c.id or 0, c.number, c.site_id, c.status, c.departed_at, c.eta, dict(left[c.id or 0]), c.version)
            for c in rows]


def departed_by(session: Session, moment: datetime) -> dict[int, datetime]:
    """{consignment recorded by ``moment``: its first leg's departure} for those that had left by then."""
    changed = {lid: then.parse_time(values["departed_at"]) for lid, values in
               then.rewound(session, Leg, moment, ("departed_at",)).items()}
    touched = set(session.execute(select(Leg.consignment_id).where(col(Leg.id).in_(list(changed)))).scalars()) \
        if changed else set()
    ids = session.execute(select(Consignment.id).where(
        then.known(Consignment, moment),
        or_(col(Consignment.departed_at) <= moment, col(Consignment.id).in_(list(touched))))).scalars().all()
    first: dict[int, tuple[int, datetime | None]] = {}
    if ids:
        for lid, cid, departed in session.execute(
                select(Leg.id, Leg.consignment_id, Leg.departed_at)
                .where(col(Leg.consignment_id).in_(list(ids)), then.known(Leg, moment)).order_by(col(Leg.seq))):
            if cid not in first:
                first[cid] = (lid, changed.get(lid, departed))
    return {cid: at for cid, (_, at) in first.items() if at is not None and at <= moment}


def counted_by(session: Session, numbers: Iterable[str], moment: datetime) -> dict[str, dict[int, int]]:
    """{consignment number: {item: accepted + rejected}} on its receipts received by ``moment``."""
    out: dict[str, dict[int, int]] = defaultdict(dict)
    wanted = list(numbers)
    if wanted:
        for ref, item, quantity in session.execute(
                select(Receipt.source_ref, ReceiptLine.item_id, func.sum(ReceiptLine.accepted + ReceiptLine.rejected))
                .join(Receipt, col(Receipt.id) == ReceiptLine.receipt_id)
                .where(Receipt.source == ReceiptSource.PURCHASE.value, col(Receipt.source_ref).in_(wanted),
                       Receipt.status != ReceiptStatus.CANCELLED.value, col(Receipt.received_at) <= moment,
                       then.known(Receipt, moment))
                .group_by(col(Receipt.source_ref), col(ReceiptLine.item_id))):
            out[ref or ""][item] = int(quantity or 0)
    return out


def _moving_then(session: Session, moment: datetime) -> list[Moving]:
    departed = departed_by(session, moment)
    if not departed:
        return []
    rows = session.execute(select(Consignment).where(
        col(Consignment.id).in_(list(departed)),
        or_(col(Consignment.finished).is_(False), col(Consignment.received_at).is_(None),
            col(Consignment.received_at) > moment)).order_by(col(Consignment.id))).scalars().all()
    etas = then.rewound(session, Consignment, moment, ("eta",))
    loaded = _loaded(session, (c.id or 0 for c in rows))
    counted = counted_by(session, (c.number for c in rows), moment)
    out = []
    for c in rows:
        cid = c.id or 0
        done = counted.get(c.number, {})
        left = {item: quantity - done.get(item, 0) for item, quantity in loaded[cid].items()}
        eta = then.parse_time(etas[cid]["eta"]) if "eta" in etas.get(cid, {}) else c.eta
        status = ConsignmentStatus.PARTIAL.value if any(done.values()) else ConsignmentStatus.IN_TRANSIT.value
        out.append(Moving(cid, c.number, c.site_id, status, departed[cid], eta, left))  # no version: a past state
    return out


def moving(session: Session, *, as_of: datetime | None = None) -> list[Moving]:
    """The consignments on the way at ``as_of`` (None: now), by id."""
    return _moving_now(session) if as_of is None else _moving_then(session, as_of)


def by_item(rows: Iterable[Moving], moment: datetime) -> dict[int, ItemTransit]:
    """Per item: in transit, arriving within a week of ``moment``, overdue at ``moment``."""
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        for item, quantity in row.left.items():
            total = sums[item]
            total[0] += quantity
            if row.eta is not None and row.eta <= moment + WEEK:
                total[1] += quantity
            if row.eta is not None and row.eta < moment:
                total[2] += quantity
    return {item: ItemTransit(*values) for item, values in sums.items() if values[0]}


def in_transit_by_item(session: Session, *, as_of: datetime | None = None) -> dict[int, ItemTransit]:
    """Per item, the goods on the way at ``as_of`` (None: now)."""
    return by_item(moving(session, as_of=as_of), as_of or clock.now())


def cancelled_then(session: Session, moment: datetime) -> dict[int, int]:
    """{order line: its cancelled quantity at ``moment``} for the lines whose cancelled part changed since."""
    out: dict[int, int] = {}
    for (changes,) in session.execute(
            select(AuditLog.changes).where(AuditLog.table_name == PurchaseOrder.__tablename__,
                                           AuditLog.action == "cancel_quantity", AuditLog.at > moment)
            .order_by(col(AuditLog.id))):
        diff = json.loads(changes)
        if "line" in diff and "cancelled" in diff:
            out.setdefault(int(diff["line"]), int(diff["cancelled"][0]))
    return out


__all__ = ["WEEK", "ItemTransit", "Moving", "by_item", "cancelled_then", "counted_by", "departed_by",
           "in_transit_by_item", "moving"]
