"""a stock card's page walks the ledger in the card's order

Revision ID: 0022_stock_card_order
Revises: 0021_latest_output_index
Create Date: 2026-12-05

The card lists an item's entries at a warehouse by time, newest first (ties by id). The index on
(site_id, item_id, id) found the card's entries but not in that order: every page sorted all of them
(5,500 entries at a million-entry ledger, 3.5-7.5 ms a page on SQLite). (site_id, item_id, at, id)
gives them in order, so a page reads its 50 entries and stops; the card's count uses it as before.
"""

from alembic import op

revision = "0022_stock_card_order"
down_revision = "0021_latest_output_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_stockentry_card", table_name="stockentry")
    op.create_index("ix_stockentry_card", "stockentry", ["site_id", "item_id", "at", "id"])


def downgrade() -> None:
    op.drop_index("ix_stockentry_card", table_name="stockentry")
    op.create_index("ix_stockentry_card", "stockentry", ["site_id", "item_id", "id"])
