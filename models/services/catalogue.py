"""The catalogue list (目录清单) as coordinators keep it: items with their standard and grade, the
city's daily demand with the day it took effect (every change kept), and the "severely short" flag
with its reason and date. Everyone reads it; only coordinators write it.

The demand of a past moment is ``demand_as_of``: the change in effect on that day among those
recorded by then. An item whose demand never changed in the app (seeded, loaded in bulk) has no
history: its demand is the one it carries. Its first change records that one too, from the day the
item was made, so a brief of a time before the change still reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select as columns
from sqlmodel import Session, select

from models import clock, validation
from models.catalogue_demand import CatalogueDemand
from models.errors import NotFoundError, ValidationError
from models.reference import GRADES, CatalogueItem
from models.services.common import (
    Actor,
    check_version,
    get_for_update,
    insert_unique,
    require_coordinator,
    row_id,
    update_row,
    write_transaction,
)
from models.services.paging import Page, PageRequest, matches

#: when the demand an item was loaded with took effect, for an item whose making is not on record
SINCE_ALWAYS = datetime(2000, 1, 1)


@dataclass(frozen=True)
class CatalogueRow:
    """One item as the catalogue list and its form show it."""

    id: int
    code: str
    name: str
    name_en: str
    category: str
    unit: str
    standard: str
    grade: str
    daily_demand: float
    demand_from: date | None
    severely_short: bool
    short_reason: str
    short_since: date | None
    version: int
    key: str = ""


@dataclass(frozen=True)
class ItemInput:
    """What the form sends: text as typed (the service checks it), the demand as a number or text."""

    code: str
    name: str
    unit: str
    category: str
    name_en: str = ""
    standard: str = ""
    grade: str = ""
    daily_demand: float | str = 0
    demand_from: date | None = None
    severely_short: bool = False
    short_reason: str = ""
    short_since: date | None = None


def _row(item: CatalogueItem) -> CatalogueRow:
    return CatalogueRow(
        id=row_id(item), code=item.code, name=item.name, name_en=item.name_en, category=item.category, unit=item.unit,
        standard=item.standard or "", grade=item.grade or "", daily_demand=item.daily_demand,
        demand_from=item.demand_from, severely_short=item.severely_short, short_reason=item.short_reason or "",
        short_since=item.short_since, version=item.version,
        key=item.search_key,
    )


def _wanted(session: Session, request: PageRequest) -> list[CatalogueRow]:
    rows = [_row(i) for i in session.exec(select(CatalogueItem).order_by(CatalogueItem.id))]
    f = request.filters
    rows = [r for r in rows if matches(r.key, request.query)
            and (not f.get("severely_short") or r.severely_short)
            and (not f.get("grade") or r.grade == f["grade"])
            and (not f.get("category") or r.category == f["category"])]
    if request.sort in ("name", "code", "category", "grade", "daily_demand", "standard"):
        rows.sort(key=lambda r: getattr(r, request.sort), reverse=request.descending)
    return rows


def list_items(session: Session, *, request: PageRequest) -> Page[CatalogueRow]:
    """A window of the catalogue: text filter on code, names and standard; ``severely_short``,
    ``grade`` and ``category`` filters; in catalogue order unless sorted."""
    rows = _wanted(session, request)
    return Page(rows[request.offset:request.offset + request.limit], request.offset)


def count_items(session: Session, *, request: PageRequest) -> int:
    return len(_wanted(session, request))


def item(session: Session, *, item_id: int) -> CatalogueRow:
    return _row(get_item(session, item_id))


def get_item(session: Session, item_id: int) -> CatalogueItem:
    found = session.get(CatalogueItem, item_id)
    if found is None:
        raise NotFoundError("No {table} with id {id}", table="catalogueitem", id=item_id)
    return found


def demand_history(session: Session, *, item_id: int) -> list[CatalogueDemand]:
    """The changes of an item's demand, the latest in effect first."""
    return list(session.exec(select(CatalogueDemand).where(CatalogueDemand.item_id == item_id)
                             .order_by(CatalogueDemand.effective_from.desc(), CatalogueDemand.recorded_at.desc(),
                                       CatalogueDemand.id.desc())))


def demand_as_of(session: Session, at: datetime) -> dict[int, float]:
    """Each item's daily city demand at ``at``: the change in effect on that day (the latest day
    on or before it, the latest recorded of that day) among those recorded by ``at``; 0 for an item
    whose first change took effect later; the item's own figure when it has no history at all."""
    demand = {int(i): float(d) for i, d in session.execute(select(CatalogueItem.id, CatalogueItem.daily_demand))}
    changed: set[int] = set()
    best: dict[int, tuple[date, datetime, int, float]] = {}
    for item_id, figure, since, recorded, change_id in session.execute(
        columns(CatalogueDemand.item_id, CatalogueDemand.daily_demand, CatalogueDemand.effective_from,
               CatalogueDemand.recorded_at, CatalogueDemand.id)
    ):
        changed.add(item_id)
        order = (since, recorded, change_id)
        if since <= at.date() and recorded <= at and (item_id not in best or order > best[item_id][:3]):
            best[item_id] = (*order, figure)
    for item_id in changed:
        demand[item_id] = best[item_id][3] if item_id in best else 0.0
    return demand


# --- writes ------------------------------------------------------------------------------------------


def _clean(data: ItemInput) -> dict[str, object]:
    """The item's columns from the form, checked as the form checks them."""
    if data.grade and data.grade not in GRADES:
        raise ValidationError("grade", "Unknown value {value}", value=data.grade)
    today = clock.today()
    for field, day in (("demand_from", data.demand_from), ("short_since", data.short_since)):
        if day is not None and day > today:
            raise ValidationError(field, "A date cannot be in the future")
    short = bool(data.severely_short)
    return {
        "code": validation.text(data.code, field="code", required=True, max_len=32).upper(),
        "name": validation.name(data.name, field="name", required=True, max_len=64),
        "name_en": validation.text(data.name_en, field="name_en", max_len=128) or "",
        "unit": validation.text(data.unit, field="unit", required=True, max_len=16),
        "category": validation.text(data.category, field="category", required=True, max_len=32),
        "standard": validation.text(data.standard, field="standard", max_len=64),
        "grade": data.grade or None,
        "severely_short": short,
        "short_reason": validation.text(data.short_reason, field="short_reason", max_len=500) if short else None,
        "short_since": (data.short_since or today) if short else None,
    }


def _code_free(session: Session, code: str, item_id: int | None) -> None:
    taken = session.exec(select(CatalogueItem.id).where(CatalogueItem.code == code)).first()
    if taken is not None and taken != item_id:
        raise ValidationError("code", "Another item has this code")


def create_item(session: Session, *, actor: Actor, data: ItemInput) -> int:
    """Add an item to the catalogue; its demand takes effect on ``demand_from`` (today if not given)."""
    require_coordinator(actor)
    values = _clean(data)
    demand = validation.quantity(data.daily_demand, field="daily_demand")
    since = data.demand_from or clock.today()
    with write_transaction(session):
        _code_free(session, str(values["code"]), None)
        at = clock.now()
        row = validation.build(CatalogueItem, **values, daily_demand=demand, demand_from=since)
        insert_unique(session, row, actor=actor, at=at,
                      current=select(CatalogueItem).where(CatalogueItem.code == values["code"]))
        session.add(CatalogueDemand(item_id=row_id(row), daily_demand=demand, effective_from=since, recorded_at=at,
                                    recorded_by=actor.login))
        return row_id(row)


def update_item(session: Session, *, actor: Actor, item_id: int, expected_version: int, data: ItemInput) -> int:
    """Change an item (versioned, audited). A new demand, or a day of effect given, is kept as a
    change of demand (in effect from that day, today if none is given); the item then carries the
    change latest in effect."""
    require_coordinator(actor)
    values = _clean(data)
    demand = validation.quantity(data.daily_demand, field="daily_demand")
    with write_transaction(session):
        row = get_for_update(session, CatalogueItem, item_id)
        check_version(row, expected_version)
        _code_free(session, str(values["code"]), item_id)
        at = clock.now()
        if demand != row.daily_demand or (data.demand_from is not None and data.demand_from != row.demand_from):
            _record_demand(session, row, demand, data.demand_from or clock.today(), actor, at)
            latest = demand_history(session, item_id=item_id)[0]
            values.update(daily_demand=latest.daily_demand, demand_from=latest.effective_from)
        update_row(session, row, values, actor=actor, at=at)
        return row.version


def _record_demand(session: Session, row: CatalogueItem, demand: float, since: date, actor: Actor,
                   at: datetime) -> None:
    """Keep a change of demand; the first one keeps the demand the item had until then as well."""
    item_id = row_id(row)
    if session.exec(select(CatalogueDemand.id).where(CatalogueDemand.item_id == item_id)).first() is None:
        made = row.created_at or SINCE_ALWAYS
        session.add(CatalogueDemand(item_id=item_id, daily_demand=row.daily_demand,
                                    effective_from=row.demand_from or made.date(), recorded_at=made,
                                    recorded_by=row.created_by or actor.login))
    session.add(CatalogueDemand(item_id=item_id, daily_demand=demand, effective_from=since, recorded_at=at,
                                recorded_by=actor.login))
    session.flush()


__all__ = ["CatalogueRow", "ItemInput", "count_items", "create_item", "demand_as_of", "demand_history", "item",
           "list_items", "update_item"]
