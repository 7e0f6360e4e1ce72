"""an order line names a catalogue item or a raw material; a raw-material order goes to the maker

Revision ID: 0015_order_materials
Revises: 0014_latest_reports
Create Date: 2026-12-05

A raw-material shortage (熔喷布 for a mask maker) can start an order: its line names the material
(exactly one of item and material), with the unit, and the order goes to the maker short of it
(exactly one of warehouse and enterprise). Existing lines keep their item and take its unit.
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0015_order_materials"
down_revision = "0014_latest_reports"
branch_labels = None
depends_on = None

_GOODS = "(item_id IS NOT NULL AND material_id IS NULL) OR (item_id IS NULL AND material_id IS NOT NULL)"
_PLACE = "(site_id IS NOT NULL AND enterprise_id IS NULL) OR (site_id IS NULL AND enterprise_id IS NOT NULL)"


def upgrade() -> None:
    with op.batch_alter_table("purchaseline", schema=None) as batch_op:
        batch_op.add_column(sa.Column("material_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("unit", AutoString(length=16), nullable=True))
        batch_op.alter_column("item_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key("fk_purchaseline_material_id", "material", ["material_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_purchaseline_material_id"), ["material_id"], unique=False)
        batch_op.create_check_constraint("ck_purchaseline_goods", _GOODS)
    op.execute("UPDATE purchaseline SET unit = (SELECT unit FROM catalogueitem WHERE catalogueitem.id = "
               "purchaseline.item_id)")
    with op.batch_alter_table("purchaseorder", schema=None) as batch_op:
        batch_op.add_column(sa.Column("enterprise_id", sa.Integer(), nullable=True))
        batch_op.alter_column("site_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key("fk_purchaseorder_enterprise_id", "enterprise", ["enterprise_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_purchaseorder_enterprise_id"), ["enterprise_id"], unique=False)
        batch_op.create_check_constraint("ck_purchaseorder_destination", _PLACE)


def downgrade() -> None:
    op.execute("DELETE FROM purchaseline WHERE material_id IS NOT NULL")
    with op.batch_alter_table("purchaseorder", schema=None) as batch_op:
        batch_op.drop_constraint("ck_purchaseorder_destination", type_="check")
        batch_op.drop_index(batch_op.f("ix_purchaseorder_enterprise_id"))
        batch_op.drop_constraint("fk_purchaseorder_enterprise_id", type_="foreignkey")
        batch_op.alter_column("site_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("enterprise_id")
    with op.batch_alter_table("purchaseline", schema=None) as batch_op:
        batch_op.drop_constraint("ck_purchaseline_goods", type_="check")
        batch_op.drop_index(batch_op.f("ix_purchaseline_material_id"))
        batch_op.drop_constraint("fk_purchaseline_material_id", type_="foreignkey")
        batch_op.alter_column("item_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("unit")
        batch_op.drop_column("material_id")
