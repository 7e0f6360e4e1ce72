"""each enterprise's latest report per item, kept by the writing transaction

Revision ID: 0014_latest_reports
Revises: 0010_audit_chain
Create Date: 2026-12-05

The dashboard's stock figure read each enterprise's latest report of each item by scanning the
report history (models.latest_reports); the table holds it, and the one before it, filled here from
the history and kept up to date by every report saved after.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_latest_reports"
down_revision = "0013_funds"
branch_labels = None
depends_on = None

# the history as it stands at this revision (the module's copy may change with later models)
_RANKED = ("(SELECT id, enterprise_id, item_id, report_date, stock, ROW_NUMBER() OVER (PARTITION BY enterprise_id, "
           "item_id ORDER BY report_date DESC) AS rn FROM dailyreport)")
_FILL = (
    "INSERT INTO latestreport (enterprise_id, item_id, report_id, report_date, stock, prev_id, prev_date, prev_stock) "
    f"SELECT l.enterprise_id, l.item_id, l.id, l.report_date, l.stock, p.id, p.report_date, p.stock FROM {_RANKED} l "
    f"LEFT JOIN {_RANKED} p ON p.enterprise_id = l.enterprise_id AND p.item_id = l.item_id AND p.rn = 2 "
    "WHERE l.rn = 1"
)


def upgrade() -> None:
    op.create_table(
        "latestreport",
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("report_date", sa.Date(), nullable=False),
        sa.Column("stock", sa.Float(), nullable=False),
        sa.Column("prev_id", sa.Integer(), nullable=True),
        sa.Column("prev_date", sa.Date(), nullable=True),
        sa.Column("prev_stock", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"]),
        sa.ForeignKeyConstraint(["item_id"], ["catalogueitem.id"]),
        sa.PrimaryKeyConstraint("enterprise_id", "item_id"),
    )
    op.create_index("ix_latestreport_item", "latestreport", ["item_id"])
    op.execute(_FILL)


def downgrade() -> None:
    op.drop_index("ix_latestreport_item", table_name="latestreport")
    op.drop_table("latestreport")
