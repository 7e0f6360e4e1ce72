"""per catalogue item and day, the output and the change of the summed stock; per item, the capacity

Revision ID: 0017_item_day_totals
Revises: 0016_open_counts_hours
Create Date: 2026-12-05

The dashboard summed the week's output per item and day, and the stock of each enterprise's latest
report, over every enterprise's reports (models.item_day_totals); the table holds them per item and
day, filled here from the history and kept up to date by every report saved after. Likewise the
capacity per item, summed over every product line (models.item_capacity); and three indexes from
which the dashboard counts the unsolved shortages by kind, overdue and due for escalation.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_item_day_totals"
down_revision = "0016_open_counts_hours"
branch_labels = None
depends_on = None

# the history as it stands at this revision (the module's copy may change with later models)
_FILL = (
    "INSERT INTO itemdaytotal (item_id, report_date, output, stock_change) "
    "SELECT item_id, report_date, SUM(output), SUM(stock - COALESCE(prev, 0)) FROM (SELECT item_id, report_date, "
    "output, stock, LAG(stock) OVER (PARTITION BY enterprise_id, item_id ORDER BY report_date) AS prev "
    "FROM dailyreport) r GROUP BY item_id, report_date"
)

_FILL_CAPACITY = (
    "INSERT INTO itemcapacity (item_id, capacity) SELECT p.item_id, SUM(p.daily_capacity) FROM product p "
    "JOIN enterprise e ON e.id = p.enterprise_id WHERE NOT p.archived AND NOT e.archived GROUP BY p.item_id"
)


def upgrade() -> None:
    op.create_table(
        "itemdaytotal",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("report_date", sa.Date(), nullable=False),
        sa.Column("output", sa.Float(), nullable=False),
        sa.Column("stock_change", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["catalogueitem.id"]),
        sa.PrimaryKeyConstraint("item_id", "report_date"),
    )
    op.execute(_FILL)
    op.create_table(
        "itemcapacity",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["catalogueitem.id"]),
        sa.PrimaryKeyConstraint("item_id"),
    )
    op.execute(_FILL_CAPACITY)
    # the dashboard's counts of unsolved shortages, each from its index alone
    op.create_index("ix_shortage_status_kind", "shortage", ["status", "kind", "severity"])
    op.create_index("ix_shortage_status_need", "shortage", ["status", "need_by"])
    op.create_index("ix_shortage_status_level", "shortage", ["status", "level", "reported_at"])


def downgrade() -> None:
    for name in ("ix_shortage_status_level", "ix_shortage_status_need", "ix_shortage_status_kind"):
        op.drop_index(name, table_name="shortage")
    op.drop_table("itemcapacity")
    op.drop_table("itemdaytotal")
