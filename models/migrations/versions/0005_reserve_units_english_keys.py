"""reserve units among the suppliers, and products' English names in the enterprise search key

Revision ID: 0005_reserve_units_english_keys
Revises: 0004_dashboard_indexes
Create Date: 2026-12-04

The "reserve unit notified" step offered every supplier, because nothing told a reserve-task unit
(重药集团, 桐君阁: they sign and pay for the city's reserves) from a supplier: ``supplier.reserve_unit``
does. The directory now finds makers by their products' English names (``mask``): the keys written
before this revision get those names added (the key's order does not matter to ``LIKE`` or to the
search indexes, which follow the column).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_reserve_units_english_keys"
down_revision = "0004_dashboard_indexes"
branch_labels = None
depends_on = None

#: keys rewritten per statement
BATCH = 2000


def upgrade() -> None:
    with op.batch_alter_table("supplier") as batch_op:
        batch_op.add_column(sa.Column("reserve_unit", sa.Boolean(), nullable=False, server_default=sa.false()))
    _add_english_product_names()


def _add_english_product_names() -> None:
    bind = op.get_bind()
    names: dict[int, list[str]] = {}
    for enterprise_id, name_en in bind.execute(sa.text(
            "SELECT p.enterprise_id, c.name_en FROM product p JOIN catalogueitem c ON c.id = p.item_id "
            "WHERE p.archived = :no AND c.name_en <> '' ORDER BY p.enterprise_id, p.daily_capacity DESC"),
            {"no": False}):
        names.setdefault(enterprise_id, []).append(name_en.strip().lower())
    updates = []
    for enterprise_id, key in bind.execute(sa.text("SELECT id, search_key FROM enterprise")):
        pieces = (key or "").split("|")
        added = [n for n in dict.fromkeys(names.get(enterprise_id, [])) if n not in pieces]
        if added:
            updates.append({"id": enterprise_id, "key": "|".join([*filter(None, pieces), *added])})
    statement = sa.text("UPDATE enterprise SET search_key = :key WHERE id = :id")
    for start in range(0, len(updates), BATCH):
        bind.execute(statement, updates[start:start + BATCH])


def downgrade() -> None:
    with op.batch_alter_table("supplier") as batch_op:
        batch_op.drop_column("reserve_unit")
