"""products' English names in the enterprise search key

Revision ID: 0006_english_product_keys
Revises: 0005_catalogue_suppliers
Create Date: 2026-12-04

The directory finds makers by their products' English names (``mask``): the keys written before
this revision get those names added (the key's order does not matter to ``LIKE`` or to the search
indexes, which follow the column).
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_english_product_keys"
down_revision = "0005_catalogue_suppliers"
branch_labels = None
depends_on = None

#: keys rewritten per statement
BATCH = 2000


def upgrade() -> None:
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
    """The names added stay in the keys: an older version searches them as any other text."""
