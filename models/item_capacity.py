"""Per catalogue item, the summed daily capacity of the products (not archived) of enterprises on the
directory, kept up to date by the transaction that changes a product or archives an enterprise.

The dashboard, the card and the brief show it next to the city's demand. Summed from the products
it read every product line of every enterprise (70 ms at 100,000 enterprises, more with every
enterprise); here it is one row per item. Moves: a product added, its capacity changed, the product
stopped (archived) or made again, and its enterprise archived or restored; ``follow_product`` and
``follow_archive`` follow each. ``REBUILD_SQL`` computes the table from the products; a property test
checks that following every write gives the same. As of a past time (the brief) the capacity comes
from the products and the audit log (``services.dashboard.capacity_by_item``).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Field, Session, select

from models.base import Model
from models.enterprise import Enterprise, Product


class ItemCapacity(Model, table=True):
    item_id: int = Field(foreign_key="catalogueitem.id", primary_key=True)
    #: summed daily capacity of the products (not archived) of enterprises not archived
    capacity: float = Field(default=0)


#: the products' answer (the same SQL on SQLite and PostgreSQL)
SCAN_SQL = ("SELECT p.item_id, SUM(p.daily_capacity) FROM product p JOIN enterprise e ON e.id = p.enterprise_id "
            "WHERE NOT p.archived AND NOT e.archived GROUP BY p.item_id")
REBUILD_SQL = f"INSERT INTO itemcapacity (item_id, capacity) {SCAN_SQL}"


def rebuild(session: Session) -> None:
    """Compute the table again from the products, in the caller's transaction."""
    session.execute(text("DELETE FROM itemcapacity"))
    session.execute(text(REBUILD_SQL))


def follow_product(session: Session, product: Product, *, before: tuple[float, bool] | None) -> None:
    """Follow a product just added (``before`` None) or changed (``before``: its capacity and archive
    flag until now), in the caller's write transaction, with its enterprise's row locked (so an
    archive of the enterprise at the same time is followed before or after this, never across it)."""
    listed = not session.execute(select(Enterprise.archived).where(Enterprise.id == product.enterprise_id)).scalar()
    if not listed:  # an archived enterprise's products count from its restore on
        return
    was = 0.0 if before is None or before[1] else float(before[0] or 0)
    now = 0.0 if product.archived else float(product.daily_capacity or 0)
    if now != was:
        _add(session, product.item_id, now - was)


def follow_archive(session: Session, *, enterprise_id: int, archived: bool) -> None:
    """Follow an enterprise archived (or restored), in the caller's transaction, with its row locked:
    its products (not archived) stop (or start again) counting. Items in order (the rows' lock order)."""
    for item_id, capacity in session.execute(
            select(Product.item_id, Product.daily_capacity)
            .where(Product.enterprise_id == enterprise_id, Product.archived == False)  # noqa: E712
            .order_by(Product.item_id)).all():
        _add(session, item_id, -float(capacity or 0) if archived else float(capacity or 0))


def _add(session: Session, item_id: int, change: float) -> None:
    """One upsert, which locks the item's row on PostgreSQL until the transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        insert = pg_insert(ItemCapacity).values(item_id=item_id, capacity=change)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        insert = sqlite_insert(ItemCapacity).values(item_id=item_id, capacity=change)  # type: ignore[assignment]
    table = ItemCapacity.__table__.c  # type: ignore[attr-defined]
    session.execute(insert.on_conflict_do_update(
        index_elements=["item_id"], set_={"capacity": table.capacity + insert.excluded.capacity}))
