"""procurement and transport: purchase orders and their lines, consignments, their lines and legs

Revision ID: 0011_procurement
Revises: 0010_audit_chain
Create Date: 2026-12-05

New tables only; nothing existing changes. The lines' checks (received within shipped, cancelled
within ordered, counted within loaded) are in the tables themselves.
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0011_procurement'
down_revision = '0010_audit_chain'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consignment',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('departed_at', sa.DateTime(), nullable=True),
    sa.Column('eta', sa.DateTime(), nullable=True),
    sa.Column('arrived_at', sa.DateTime(), nullable=True),
    sa.Column('finished', sa.Boolean(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('consignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consignment_site_id'), ['site_id'], unique=False)
        batch_op.create_index('ix_consignment_status_eta', ['status', 'eta'], unique=False)

    op.create_table('leg',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consignment_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('mode', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('destination', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('carrier', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('waybill', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('vehicle', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('driver', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('driver_phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('green_pass', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('planned_departure', sa.DateTime(), nullable=True),
    sa.Column('departed_at', sa.DateTime(), nullable=True),
    sa.Column('eta', sa.DateTime(), nullable=True),
    sa.Column('arrived_at', sa.DateTime(), nullable=True),
    sa.Column('loaded', sa.BigInteger(), nullable=False),
    sa.Column('damaged', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('loaded >= 0 AND damaged >= 0', name='ck_leg_quantities'),
    sa.ForeignKeyConstraint(['consignment_id'], ['consignment.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('consignment_id', 'seq', name='uq_leg_consignment_seq')
    )
    with op.batch_alter_table('leg', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leg_consignment_id'), ['consignment_id'], unique=False)

    op.create_table('purchaseorder',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('reserve_unit_id', sa.Integer(), nullable=True),
    sa.Column('found_by_id', sa.Integer(), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('need_by', sa.Date(), nullable=True),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('contract_no', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('contract_date', sa.Date(), nullable=True),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('rate', sa.Float(), nullable=True),
    sa.Column('customs', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('follows_id', sa.Integer(), nullable=True),
    sa.Column('shortage_id', sa.Integer(), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.ForeignKeyConstraint(['follows_id'], ['purchaseorder.id'], ),
    sa.ForeignKeyConstraint(['found_by_id'], ['cadre.id'], ),
    sa.ForeignKeyConstraint(['reserve_unit_id'], ['supplier.id'], ),
    sa.ForeignKeyConstraint(['shortage_id'], ['shortage.id'], ),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], ),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('purchaseorder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purchaseorder_site_id'), ['site_id'], unique=False)
        batch_op.create_index('ix_purchaseorder_status_need_by', ['status', 'need_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchaseorder_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('purchaseline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('spec', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('unit_price_cents', sa.BigInteger(), nullable=True),
    sa.Column('cancelled', sa.BigInteger(), nullable=False),
    sa.Column('shipped', sa.BigInteger(), nullable=False),
    sa.Column('accepted', sa.BigInteger(), nullable=False),
    sa.Column('rejected', sa.BigInteger(), nullable=False),
    sa.Column('over_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.CheckConstraint('accepted + rejected <= shipped', name='ck_purchaseline_received'),
    sa.CheckConstraint('cancelled >= 0 AND cancelled <= quantity', name='ck_purchaseline_cancelled'),
    sa.CheckConstraint('quantity > 0', name='ck_purchaseline_quantity'),
    sa.CheckConstraint('shipped >= 0 AND accepted >= 0 AND rejected >= 0', name='ck_purchaseline_sums'),
    sa.ForeignKeyConstraint(['item_id'], ['catalogueitem.id'], ),
    sa.ForeignKeyConstraint(['order_id'], ['purchaseorder.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('purchaseline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purchaseline_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchaseline_order_id'), ['order_id'], unique=False)

    op.create_table('consignmentline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consignment_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('accepted', sa.BigInteger(), nullable=False),
    sa.Column('rejected', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('accepted >= 0 AND rejected >= 0 AND accepted + rejected <= quantity', name='ck_consignmentline_counted'),
    sa.CheckConstraint('quantity > 0', name='ck_consignmentline_quantity'),
    sa.ForeignKeyConstraint(['consignment_id'], ['consignment.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['catalogueitem.id'], ),
    sa.ForeignKeyConstraint(['order_line_id'], ['purchaseline.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('consignmentline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consignmentline_consignment_id'), ['consignment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consignmentline_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consignmentline_order_line_id'), ['order_line_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('consignmentline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consignmentline_order_line_id'))
        batch_op.drop_index(batch_op.f('ix_consignmentline_item_id'))
        batch_op.drop_index(batch_op.f('ix_consignmentline_consignment_id'))

    op.drop_table('consignmentline')
    with op.batch_alter_table('purchaseline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_purchaseline_order_id'))
        batch_op.drop_index(batch_op.f('ix_purchaseline_item_id'))

    op.drop_table('purchaseline')
    with op.batch_alter_table('purchaseorder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_purchaseorder_supplier_id'))
        batch_op.drop_index('ix_purchaseorder_status_need_by')
        batch_op.drop_index(batch_op.f('ix_purchaseorder_site_id'))

    op.drop_table('purchaseorder')
    with op.batch_alter_table('leg', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leg_consignment_id'))

    op.drop_table('leg')
    with op.batch_alter_table('consignment', schema=None) as batch_op:
        batch_op.drop_index('ix_consignment_status_eta')
        batch_op.drop_index(batch_op.f('ix_consignment_site_id'))

    op.drop_table('consignment')
