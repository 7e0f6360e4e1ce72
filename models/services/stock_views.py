"""What the stock screen and the command line read: stock per warehouse × item, an item's totals,
and the stock card (the ledger of one item at one warehouse), the latest movement first.

Every figure comes from ``StockBalance`` (kept with each entry), never from summing the ledger: a
screen over a million entries reads a few hundred balance rows. Available leaves out what is
quarantined, reserved, or of an expired lot; near expiry is the earliest expiry of the lots still
held; days of supply is available ÷ the catalogue's daily demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlmodel import Session, col

from models import clock
from models.lots import Lot
from models.reference import CatalogueItem
from models.rules import expiry_mark
from models.search import like_pattern, query_terms
from models.services.common import row_id
from models.services.paging import Page
from models.sites import Site
from models.stock import ON_HAND_KINDS, StockBalance, StockEntry, available_sql, moves_on_hand


@dataclass(frozen=True)
class StockRow:
    """One warehouse's stock of one item (all its lots)."""

    site_id: int
    site_code: str
    site_name: str
    site_name_en: str
    item_id: int
    item_code: str
    item_name: str
    item_name_en: str
    unit: str
    on_hand: int
    reserved: int
    available: int
    quarantine: int
    #: the earliest expiry of the lots held, its days from today, and ``expiry_mark`` of it
    earliest_expiry: date | None
    expiry_days: int | None
    near_expiry: str | None
    daily_demand: float
    days_of_supply: float | None

    @property
    def id(self) -> tuple[int, int]:
        """What the table's cursor follows across reloads."""
        return (self.site_id, self.item_id)


@dataclass(frozen=True)
class ItemTotal:
    """An item summed over every warehouse."""

    item_id: int
    item_code: str
    item_name: str
    item_name_en: str
    unit: str
    on_hand: int
    reserved: int
    available: int
    quarantine: int
    daily_demand: float
    days_of_supply: float | None


@dataclass(frozen=True)
class CardRow:
    """One ledger entry as the stock card shows it."""

    id: int
    at: datetime
    kind: str
    quantity: int
    balance_after: int
    lot_code: str
    reason: str
    note: str | None
    doc_kind: str | None
    doc_no: str | None
    login: str
    reverses_id: int | None


def _sums(today: date) -> tuple[Any, ...]:
    held = StockBalance.on_hand > 0
    return (
        func.sum(StockBalance.on_hand).label("on_hand"),
        func.sum(StockBalance.reserved).label("reserved"),
        func.sum(available_sql(today)).label("available"),
        func.sum(StockBalance.quarantine).label("quarantine"),
        func.min(case((held, Lot.expiry), else_=None)).label("earliest"),
    )


def _days(available: int, demand: float) -> float | None:
    return available / demand if demand > 0 else None


def _as_date(value: Any) -> date | None:
    """SQLite returns an aggregated date as text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _matching(filter_text: str) -> list[ColumnElement[bool]]:
    """Each term must name the item (code, name in both languages, pinyin, initials, standard) or
    the warehouse (code, names, district, operator, contact): matched in SQL on their stored search keys."""
    return [or_(col(StockBalance.item_id).in_(select(CatalogueItem.id).where(
                    col(CatalogueItem.search_key).like(pattern, escape="\\"))),
                col(StockBalance.site_id).in_(select(Site.id).where(col(Site.search_key).like(pattern, escape="\\"))))
            for pattern in map(like_pattern, query_terms(filter_text))]


SORTS = {"site": (Site.code, CatalogueItem.code), "item": (CatalogueItem.code, Site.code)}


def stock_overview(
    session: Session, *, site_id: int | None = None, filter_text: str = "", offset: int = 0, limit: int = 50,
    sort: str = "", descending: bool = False, today: date | None = None, item_id: int | None = None,
) -> Page[StockRow]:
    """Stock per warehouse × item, by warehouse then item (``sort``: "site", "item", "on_hand",
    "available", "days"); ``site_id`` keeps one warehouse (``item_id`` one item), ``filter_text``
    matches names."""
    today = today or clock.today()
    sums = _sums(today)
    stmt = (select(Site.id, Site.code, Site.name, Site.name_en, CatalogueItem.id, CatalogueItem.code,
                   CatalogueItem.name, CatalogueItem.name_en, CatalogueItem.unit, CatalogueItem.daily_demand, *sums)
            .select_from(StockBalance)
            .join(Site, col(Site.id) == StockBalance.site_id)
            .join(CatalogueItem, col(CatalogueItem.id) == StockBalance.item_id)
            .join(Lot, col(Lot.id) == StockBalance.lot_id)
            .where(*_where(site_id, filter_text),
                   *([StockBalance.item_id == item_id] if item_id is not None else []))
            .group_by(col(Site.id), Site.code, Site.name, Site.name_en, col(CatalogueItem.id), CatalogueItem.code,
                      CatalogueItem.name, CatalogueItem.name_en, CatalogueItem.unit, CatalogueItem.daily_demand))
    order: list[Any]
    if sort in ("on_hand", "available"):
        order = [sums[0 if sort == "on_hand" else 2]]
    elif sort == "days":
        order = [func.coalesce(sums[2] / func.nullif(CatalogueItem.daily_demand, 0), 1e18)]
    else:
        order = list(SORTS.get(sort, SORTS["site"]))
    order = [o.desc() if descending else o for o in order] + [col(Site.id), col(CatalogueItem.id)]
    rows = session.execute(stmt.order_by(*order).offset(offset).limit(limit)).all()
    return Page([_stock_row(row, today) for row in rows], offset)


def _stock_row(row: Any, today: date) -> StockRow:
    (site_id, site_code, site_name, site_en, item_id, item_code, item_name, item_en, unit, demand,
     on_hand, reserved, available, quarantine, earliest) = row
    earliest = _as_date(earliest)
    return StockRow(
        site_id=site_id, site_code=site_code, site_name=site_name, site_name_en=site_en or "", item_id=item_id,
        item_code=item_code, item_name=item_name, item_name_en=item_en or "", unit=unit, on_hand=int(on_hand),
        reserved=int(reserved), available=int(available), quarantine=int(quarantine), earliest_expiry=earliest,
        expiry_days=(earliest - today).days if earliest else None, near_expiry=expiry_mark(earliest, today),
        daily_demand=float(demand or 0), days_of_supply=_days(int(available), float(demand or 0)))


def _where(site_id: int | None, filter_text: str) -> list[ColumnElement[bool]]:
    clauses = _matching(filter_text)
    if site_id is not None:
        clauses.append(StockBalance.site_id == site_id)
    return clauses


def count_stock(session: Session, *, site_id: int | None = None, filter_text: str = "") -> int:
    """How many warehouse × item rows ``stock_overview`` has."""
    pairs = (select(StockBalance.site_id, StockBalance.item_id).where(*_where(site_id, filter_text))
             .distinct().subquery())
    return int(session.execute(select(func.count()).select_from(pairs)).scalar_one())


def item_totals(session: Session, *, item_id: int | None = None, today: date | None = None) -> list[ItemTotal]:
    """Each item held anywhere, summed over the warehouses (in catalogue order)."""
    today = today or clock.today()
    sums = _sums(today)[:4]
    stmt = (select(CatalogueItem.id, CatalogueItem.code, CatalogueItem.name, CatalogueItem.name_en,
                   CatalogueItem.unit, CatalogueItem.daily_demand, *sums)
            .select_from(StockBalance)
            .join(CatalogueItem, col(CatalogueItem.id) == StockBalance.item_id)
            .join(Lot, col(Lot.id) == StockBalance.lot_id)
            .group_by(col(CatalogueItem.id), CatalogueItem.code, CatalogueItem.name, CatalogueItem.name_en,
                      CatalogueItem.unit, CatalogueItem.daily_demand)
            .order_by(col(CatalogueItem.id)))
    if item_id is not None:
        stmt = stmt.where(StockBalance.item_id == item_id)
    totals = []
    for id_, code, name, en, unit, demand, on_hand, reserved, available, quarantine in session.execute(stmt):
        totals.append(ItemTotal(id_, code, name, en or "", unit, int(on_hand), int(reserved), int(available),
                                int(quarantine), float(demand or 0), _days(int(available), float(demand or 0))))
    return totals


def stock_card(session: Session, *, site_id: int, item_id: int, offset: int = 0, limit: int = 50) -> Page[CardRow]:
    """The ledger of an item at a warehouse, a window at a time, in the order of the movements.

    The rule: entries are ordered by their time (``at``, when the goods moved), the latest first;
    entries of the same time by the order they were recorded (``id``). An entry recorded after
    others but dated before them (back-dated) takes its place by its time. ``balance_after`` is
    the lot's on hand after the entry *in that order* — the running sum of the lot's IN, OUT and
    ADJ entries up to it — so the column reads down consistently. The stored
    ``StockEntry.balance_after`` is the same running sum in the recording order (the two differ
    only around a back-dated entry; ``stock --check`` proves the stored one): the card works its
    figures out from the lots' balances now less what moved after the window, which costs the
    entries above the window, never the whole ledger."""
    where = (StockEntry.site_id == site_id, StockEntry.item_id == item_id)
    entries = list(session.execute(
        select(StockEntry, Lot.code).join(Lot, col(Lot.id) == StockEntry.lot_id).where(*where)
        .order_by(col(StockEntry.at).desc(), col(StockEntry.id).desc()).offset(offset).limit(limit)).all())
    if not entries:
        return Page([], offset)
    newest: StockEntry = entries[0][0]
    lots = sorted({e.lot_id for e, _ in entries})
    now: dict[int, int] = {lot: int(on_hand) for lot, on_hand in session.execute(
        select(StockBalance.lot_id, StockBalance.on_hand).where(
            StockBalance.site_id == site_id, StockBalance.item_id == item_id, col(StockBalance.lot_id).in_(lots)))}
    later = or_(StockEntry.at > newest.at, and_(StockEntry.at == newest.at, col(StockEntry.id) > row_id(newest)))
    moved_after: dict[int, int] = {lot: int(moved or 0) for lot, moved in session.execute(
        select(StockEntry.lot_id, func.sum(moves_on_hand()))
        .where(*where, col(StockEntry.lot_id).in_(lots), later).group_by(col(StockEntry.lot_id)))}
    running = {lot: now.get(lot, 0) - moved_after.get(lot, 0) for lot in lots}
    rows = []
    for e, code in entries:
        rows.append(CardRow(id=row_id(e), at=e.at, kind=e.kind, quantity=e.quantity, balance_after=running[e.lot_id],
                            lot_code=code, reason=e.reason, note=e.note, doc_kind=e.doc_kind, doc_no=e.doc_no,
                            login=e.login, reverses_id=e.reverses_id))
        if e.kind in ON_HAND_KINDS:
            running[e.lot_id] -= e.quantity
    return Page(rows, offset)


def count_card(session: Session, *, site_id: int, item_id: int) -> int:
    """How many entries the stock card of an item at a warehouse has."""
    return int(session.execute(select(func.count()).select_from(StockEntry)
                               .where(StockEntry.site_id == site_id, StockEntry.item_id == item_id)).scalar_one())


def warehouses(session: Session) -> list[tuple[int, str, str, str]]:
    """(id, code, name, English name) of the warehouses, for the site quick filter and the forms."""
    return [tuple(row) for row in session.execute(
        select(Site.id, Site.code, Site.name, Site.name_en).where(Site.kind == "warehouse",
                                                                  col(Site.archived).is_(False))
        .order_by(Site.code))]


def stock_row(session: Session, *, site_id: int, item_id: int) -> StockRow | None:
    """One warehouse's figures of one item (the stock card's heading); None when it never held it."""
    rows = stock_overview(session, site_id=site_id, item_id=item_id, limit=1).rows
    return rows[0] if rows else None


def site_by_code(session: Session, *, code: str) -> int | None:
    """The id of the site with ``code`` (as typed, spaces around it ignored), None when there is none."""
    found: int | None = session.execute(select(Site.id).where(Site.code == code.strip())).scalar_one_or_none()
    return found
