"""the directory filtered by an item and sorted by its output walks an index

Revision ID: 0021_latest_output_index
Revises: 0020_enterprise_figures
Create Date: 2026-12-05

Sorted by an item's output, the directory computed that output for every maker of the item before a
page. The latest reports (models.latest_reports) now keep their report's output, filled here from
the history, with an (item, day, output, enterprise) index; the makers of an item get an (item,
enterprise) index: a page walks both in order and stops after its rows
(models.services.item_output_sort).
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_latest_output_index"
down_revision = "0020_enterprise_figures"
branch_labels = None
depends_on = None

_FILL = ("UPDATE latestreport SET output = COALESCE("
         "(SELECT output FROM dailyreport WHERE dailyreport.id = latestreport.report_id), 0)")


def upgrade() -> None:
    # added empty, filled, then made required: no default is left on the column (the models have none)
    with op.batch_alter_table("latestreport") as batch_op:
        batch_op.add_column(sa.Column("output", sa.Float(), nullable=True))
    op.execute(_FILL)
    with op.batch_alter_table("latestreport") as batch_op:
        batch_op.alter_column("output", existing_type=sa.Float(), nullable=False)
    op.create_index("ix_latestreport_item_output", "latestreport", ["item_id", "report_date", "output", "enterprise_id"])
    op.create_index("ix_product_item_enterprise", "product", ["item_id", "enterprise_id"])


def downgrade() -> None:
    op.drop_index("ix_product_item_enterprise", table_name="product")
    op.drop_index("ix_latestreport_item_output", table_name="latestreport")
    with op.batch_alter_table("latestreport") as batch_op:
        batch_op.drop_column("output")
