"""an index of shortages by the reserve they were reported from

Revision ID: 0008_shortage_reserve_index
Revises: 0007_stock_allocation
Create Date: 2026-12-04

The early warnings ask, for each low reserve, whether an unsolved shortage already names it; without
an index that question scans the shortages once per reserve.
"""

from alembic import op

revision = "0008_shortage_reserve_index"
down_revision = "0007_stock_allocation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_shortage_reserve", "shortage", ["reserve_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_shortage_reserve", table_name="shortage")
