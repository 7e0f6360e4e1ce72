"""An enterprise's products: the lines it makes with their daily capacity (one, or the products form
all at once), what that form shows, and one catalogue item's supply city-wide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from models import clock, enterprise_counts, enterprise_figures, item_capacity, validation
from models.enterprise import DailyReport, Enterprise, Product
from models.errors import NotFoundError, ValidationError
from models.reference import CatalogueItem
from models.services.access import require_enterprise_access
from models.services.common import (
    Actor,
    check_version,
    create_row,
    get_for_update,
    insert_unique,
    update_row,
    write_transaction,
)
from models.services.enterprises import refresh_search_key


def set_product(session: Session, *, actor: Actor, enterprise_id: int, item_id: int, daily_capacity: object) -> Product:
    """Add a product line or change its daily capacity."""
    require_enterprise_access(session, actor, enterprise_id)
    capacity = validation.quantity(daily_capacity, field="daily_capacity")
    with write_transaction(session):
        if session.get(CatalogueItem, item_id) is None:
            raise ValidationError("item_id", "Pick an item of the catalogue")
        at = clock.now()
        counted = enterprise_counts.state(session, enterprise_id)
        product = session.exec(
            select(Product).where(Product.enterprise_id == enterprise_id, Product.item_id == item_id).with_for_update()
        ).first()
        before = None if product is None else (product.daily_capacity, product.archived)
        if product is None:
            product = create_row(session, Product(enterprise_id=enterprise_id, item_id=item_id,
                                                  daily_capacity=capacity), actor=actor, at=at)
        else:
            update_row(session, product, {"daily_capacity": capacity, "archived": False}, actor=actor, at=at)
        enterprise = get_for_update(session, Enterprise, enterprise_id)
        refresh_search_key(session, enterprise)
        item_capacity.follow_product(session, product, before=before)  # the city's capacity, in this transaction
        enterprise_counts.follow(session, enterprise_id=enterprise_id, before=counted)  # the dashboard's counts
        enterprise_figures.refresh(session, enterprise_id)  # the directory's sort by products
    return product


@dataclass
class ProductInput:
    """One catalogue item of the products form: its daily capacity, or None to stop making it."""

    item_id: int
    daily_capacity: object
    expected_version: int | None = None


def set_products(session: Session, *, actor: Actor, enterprise_id: int, lines: list[ProductInput]) -> list[Product]:
    """Add, change or stop (archive) product lines, all in one transaction; stale lines raise ConflictError."""
    require_enterprise_access(session, actor, enterprise_id)
    cleaned = [(line, validation.quantity(line.daily_capacity, field="daily_capacity", required=False))
               for line in lines]
    saved: list[Product] = []
    #: each saved product with its capacity and archive flag before (None: new), for the city's capacity
    moved: list[tuple[Product, tuple[float, bool] | None]] = []
    with write_transaction(session):
        at = clock.now()
        counted = enterprise_counts.state(session, enterprise_id)
        for line, capacity in cleaned:
            if session.get(CatalogueItem, line.item_id) is None:
                raise ValidationError("item_id", "Pick an item of the catalogue")
            key = (Product.enterprise_id == enterprise_id, Product.item_id == line.item_id)
            product = session.exec(select(Product).where(*key).with_for_update()).first()
            if product is None:
                if capacity is None:
                    continue
                product = insert_unique(session, Product(enterprise_id=enterprise_id, item_id=line.item_id,
                                                         daily_capacity=capacity), actor=actor, at=at,
                                        current=select(Product).where(*key))
                moved.append((product, None))
            else:
                check_version(product, line.expected_version)
                moved.append((product, (product.daily_capacity, product.archived)))
                changes = {"archived": True} if capacity is None else {"daily_capacity": capacity, "archived": False}
                update_row(session, product, changes, actor=actor, at=at)
            saved.append(product)
        refresh_search_key(session, get_for_update(session, Enterprise, enterprise_id))
        for product, before in sorted(moved, key=lambda kept: kept[0].item_id):  # the rows' lock order
            item_capacity.follow_product(session, product, before=before)
        enterprise_counts.follow(session, enterprise_id=enterprise_id, before=counted)  # the dashboard's counts
        enterprise_figures.refresh(session, enterprise_id)
    return saved


# --- the products form ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductChoice:
    """A catalogue item on the products form: the enterprise's capacity for it (None: not made)."""

    item_id: int
    name: str
    unit: str
    capacity: float | None
    version: int | None
    #: the item's English name (blank: none given; the Chinese one stands)
    name_en: str = ""


def product_choices(session: Session, *, enterprise_id: int) -> list[ProductChoice]:
    """Every catalogue item, with this enterprise's product line where it has one (archived: not made)."""
    made = {p.item_id: p for p in session.execute(
        select(Product).where(Product.enterprise_id == enterprise_id)).scalars()}
    out = []
    for item in session.execute(select(CatalogueItem).order_by(CatalogueItem.id)).scalars():
        product = made.get(item.id)
        capacity = product.daily_capacity if product is not None and not product.archived else None
        out.append(ProductChoice(item.id, item.name, item.unit, capacity, product.version if product else None,
                                 item.name_en or ""))
    return out


# --- city-wide figures for one catalogue item -----------------------------------------------------


@dataclass(frozen=True)
class ItemSupply:
    """Capacity against demand for one catalogue item, city-wide: capacity and makers of the
    enterprises on the directory, output reported for the day by any (one archived since counts)."""

    item_id: int
    name: str
    unit: str
    demand: float
    capacity: float
    output_today: float
    makers: int
    severely_short: bool
    #: the item's English name (blank: none given)
    name_en: str = ""


def item_supply(session: Session, *, item_id: int, today: date | None = None) -> ItemSupply:
    today = today or clock.today()
    item = session.get(CatalogueItem, item_id)
    if item is None:
        raise NotFoundError("No {table} with id {id}", table="catalogueitem", id=item_id)
    capacity, makers = session.execute(
        select(func.coalesce(func.sum(Product.daily_capacity), 0), func.count(func.distinct(Product.enterprise_id)))
        .join(Enterprise, Enterprise.id == Product.enterprise_id)
        .where(Product.item_id == item_id, Product.archived == False, Enterprise.archived == False)  # noqa: E712
    ).one()
    # what was reported for the day counts, also from an enterprise archived since (as on the dashboard)
    output = session.execute(
        select(func.coalesce(func.sum(DailyReport.output), 0))
        .where(DailyReport.item_id == item_id, DailyReport.report_date == today)
    ).scalar_one()
    return ItemSupply(item_id, item.name, item.unit, item.daily_demand, float(capacity), float(output), int(makers),
                      item.severely_short, item.name_en or "")
