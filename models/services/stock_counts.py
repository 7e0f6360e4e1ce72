"""Counts (盘点) and the daily close (扎账): the shelves against the books, and the day's books shut.

A count records, per lot, what the books said when it was taken and what was found; a difference
needs a reason, and posting appends one ADJ entry per difference. The daily close writes, per item
of a warehouse, 期初 + 入 − 出 ± 调整 = 结存 over that day's entries (入, 出 and 调整 as the brief
counts them: ``models.stock.book_sql``, goods refused at delivery lessen 出); a day is closed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, case, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from models import clock
from models.counts import StockCount, StockCountLine
from models.errors import NotFoundError, TransitionError, ValidationError
from models.lots import Lot
from models.reference import CatalogueItem
from models.services.common import (
    Actor,
    check_version,
    create_row,
    get_for_update,
    require_coordinator,
    row_id,
    update_row,
    write_transaction,
)
from models.services.ledger import balance_for_update, post
from models.services.numbering import COUNT, next_number
from models.sites import Site
from models.stock import ON_HAND_KINDS, EntryKind, StockClose, StockEntry, book_sql, moves_on_hand


@dataclass(frozen=True)
class CountLineIn:
    """One lot as counted; ``reason`` is required when the count differs from the books."""

    lot_id: int
    counted: int
    reason: str | None = None


def create_count(
    session: Session, *, actor: Actor, site_id: int, counted_by: str, lines: Sequence[CountLineIn],
    counted_at: datetime | None = None, notes: str | None = None, post_now: bool = False,
    at: datetime | None = None,
) -> int:
    """Record a count of a warehouse (booked = on hand now, per lot); posted at once with ``post_now``."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        if session.get(Site, site_id) is None:
            raise ValidationError("site_id", "Pick the warehouse that was counted")
        if not counted_by.strip():
            raise ValidationError("counted_by", "Say who counted (at least two people count together)")
        if not lines:
            raise ValidationError("lines", "A count needs at least one line")
        rows: list[StockCountLine] = []
        for number, line in enumerate(lines, start=1):
            lot = session.get(Lot, line.lot_id)
            if lot is None:
                raise ValidationError("lines", "Line {line}: no such lot", line=number)
            if line.counted < 0:
                raise ValidationError("lines", "Line {line}: quantities cannot be negative", line=number)
            balance = balance_for_update(session, site_id=site_id, item_id=lot.item_id, lot_id=line.lot_id,
                                         create=True)
            reason = (line.reason or "").strip() or None
            if line.counted != balance.on_hand and reason is None:
                raise ValidationError("lines", "Line {line}: counted {counted}, the books say {booked}: say why",
                                      line=number, counted=line.counted, booked=balance.on_hand)
            rows.append(StockCountLine(count_id=0, item_id=lot.item_id, lot_id=line.lot_id, booked=balance.on_hand,
                                       counted=line.counted, reason=reason))
        count = _insert_numbered(session, actor=actor, at=at, site_id=site_id, counted_by=counted_by.strip(),
                                 counted_at=counted_at or at, notes=(notes or "").strip() or None)
        for row in rows:
            row.count_id = row_id(count)
            session.add(row)
        session.flush()
        if post_now:
            _post(session, actor=actor, at=at, count=count)
        return row_id(count)


def _insert_numbered(session: Session, *, actor: Actor, at: datetime, **fields: object) -> StockCount:
    for _ in range(5):
        count = StockCount(number=next_number(session, StockCount, COUNT, at.date()), **fields)  # type: ignore[arg-type]
        try:
            with session.begin_nested():
                create_row(session, count, actor=actor, at=at)
            return count
        except IntegrityError:
            continue
    raise TransitionError("Could not number the count; try again")


def post_count(session: Session, *, actor: Actor, count_id: int, version: int, at: datetime | None = None) -> None:
    """Post a count: each difference becomes an ADJ entry (counted − booked) with the line's reason."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        count = get_for_update(session, StockCount, count_id)
        check_version(count, version)
        _post(session, actor=actor, at=at, count=count)


def _post(session: Session, *, actor: Actor, at: datetime, count: StockCount) -> None:
    if count.posted:
        raise TransitionError("Count {number} is posted already", number=count.number)
    lines = session.exec(select(StockCountLine).where(StockCountLine.count_id == count.id)
                         .order_by(col(StockCountLine.id))).all()
    for line in lines:
        variance = line.counted - line.booked
        if variance == 0:
            continue
        balance = balance_for_update(session, site_id=count.site_id, item_id=line.item_id, lot_id=line.lot_id,
                                     create=False)
        post(session, actor=actor, at=at, balance=balance, kind=EntryKind.ADJ, quantity=variance, reason="count",
             note=line.reason, doc_kind="count", doc_id=row_id(count), doc_no=count.number)
    update_row(session, count, {"posted": True}, actor=actor, at=at, action="post")


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min)


@dataclass(frozen=True)
class SheetLine:
    """One item of a day's sheet: 期初 + 入 − 出 ± 调整 = 结存; ``books`` is on hand by the ledger at
    the day's end (equal to ``closing`` when the books hold), ``variance`` what counts adjusted and
    ``notes`` the counts' reasons."""

    item_id: int
    item_code: str
    item_name: str
    item_name_en: str
    unit: str
    opening: int
    received: int
    issued: int
    adjusted: int
    closing: int
    books: int
    variance: int
    notes: tuple[str, ...]


def day_sheet(session: Session, *, site_id: int, day: date, at: datetime | None = None) -> list[SheetLine]:
    """What closing ``day`` at a warehouse would write, per item it held; refused as ``close_day``
    refuses: a day that has not ended (today included) or a day closed already."""
    at = at or clock.now()
    if day >= at.date():
        raise ValidationError("day", "{day} has not ended yet", day=day.isoformat())
    if session.get(Site, site_id) is None:
        raise NotFoundError("No {table} with id {id}", table="site", id=site_id)
    closed = session.exec(select(StockClose.id).where(StockClose.site_id == site_id, StockClose.day == day)).first()
    if closed is not None:
        raise TransitionError("{day} is closed already", day=day.isoformat())
    start, end = _day_start(day), _day_start(day + timedelta(days=1))
    items = session.exec(select(CatalogueItem).join(StockEntry, col(StockEntry.item_id) == CatalogueItem.id)
                         .where(StockEntry.site_id == site_id, StockEntry.at < end).distinct()
                         .order_by(col(CatalogueItem.id))).all()
    lines: list[SheetLine] = []
    for item in items:
        item_id = row_id(item)
        opening = _opening(session, site_id=site_id, item_id=item_id, day=day)
        received, issued, adjusted, variance, notes = _day_figures(session, site_id=site_id, item_id=item_id,
                                                                   start=start, end=end)
        lines.append(SheetLine(item_id=item_id, item_code=item.code, item_name=item.name, item_name_en=item.name_en,
                               unit=item.unit, opening=opening, received=received, issued=issued, adjusted=adjusted,
                               closing=opening + received - issued + adjusted,
                               books=_books_at(session, site_id=site_id, item_id=item_id, end=end),
                               variance=variance, notes=tuple(notes)))
    return lines


def close_day(
    session: Session, *, actor: Actor, site_id: int, day: date, reasons: dict[int, str] | None = None,
    at: datetime | None = None,
) -> int:
    """Close ``day``'s books of a warehouse: one StockClose per item it held; how many were written.

    ``day`` must have ended (closing today would leave out what comes in after). Opening is the
    closing of the item's last close plus the entries after that day (or, never closed, every entry
    before ``day``); ``variance`` is what counts adjusted that day, and needs a reason
    (``reasons[item_id]``, else the counts' own)."""
    require_coordinator(actor)
    at = at or clock.now()
    reasons = reasons or {}
    with write_transaction(session):
        written = 0
        for line in day_sheet(session, site_id=site_id, day=day, at=at):
            if line.closing != line.books:
                raise ValidationError("day", "The books of item {item} do not add up: {closing} by the day's "
                                      "entries, {books} by the ledger", item=line.item_id, closing=line.closing,
                                      books=line.books)
            reason = (reasons.get(line.item_id) or "").strip() or "; ".join(line.notes) or None
            if line.variance and reason is None:
                raise ValidationError("reasons", "Item {item}: the count differed by {variance}: say why",
                                      item=line.item_id, variance=line.variance)
            session.add(StockClose(site_id=site_id, item_id=line.item_id, day=day, opening=line.opening,
                                   received=line.received, issued=line.issued, adjusted=line.adjusted,
                                   closing=line.closing, variance=line.variance,
                                   reason=reason if line.variance else None, closed_at=at, closed_by=actor.login))
            written += 1
        session.flush()
        return written


def _opening(session: Session, *, site_id: int, item_id: int, day: date) -> int:
    last = session.exec(select(StockClose).where(StockClose.site_id == site_id, StockClose.item_id == item_id,
                                                 StockClose.day < day).order_by(col(StockClose.day).desc())).first()
    since = _day_start(last.day + timedelta(days=1)) if last is not None else None
    query = select(func.coalesce(func.sum(StockEntry.quantity), 0)).where(
        StockEntry.site_id == site_id, StockEntry.item_id == item_id, col(StockEntry.kind).in_(ON_HAND_KINDS),
        StockEntry.at < _day_start(day))
    if since is not None:
        query = query.where(StockEntry.at >= since)
    after: int = session.exec(query).one()
    return (last.closing if last is not None else 0) + int(after)


def _day_figures(session: Session, *, site_id: int, item_id: int, start: datetime,
                 end: datetime) -> tuple[int, int, int, int, list[str]]:
    """Received, issued (positive), adjusted, the counts' variance, and the counts' reasons of a day."""
    received, issued, adjusted = (func.coalesce(func.sum(value), 0) for value in book_sql())
    counted = func.coalesce(func.sum(case((and_(StockEntry.kind == EntryKind.ADJ.value, StockEntry.reason == "count"),
                                           StockEntry.quantity), else_=0)), 0)
    where = (StockEntry.site_id == site_id, StockEntry.item_id == item_id, StockEntry.at >= start, StockEntry.at < end)
    received, issued, adjusted, variance = session.exec(
        select(received, issued, adjusted, counted).where(*where)).one()
    notes = session.exec(select(StockEntry.note).where(*where, StockEntry.reason == "count",
                                                       col(StockEntry.note).is_not(None)).distinct()).all()
    return int(received), int(issued), int(adjusted), int(variance), sorted(n for n in notes if n)


def _books_at(session: Session, *, site_id: int, item_id: int, end: datetime) -> int:
    """On hand by the ledger at ``end``: every entry that moved on hand before then, by its time
    (a back-dated entry counts on the day it is dated, as on the stock card). It differs from the
    sheet's closing only when an entry was dated into a day closed already."""
    books = session.exec(select(func.coalesce(func.sum(moves_on_hand()), 0)).where(
        StockEntry.site_id == site_id, StockEntry.item_id == item_id, StockEntry.at < end)).one()
    return int(books)
