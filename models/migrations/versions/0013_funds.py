"""funds: funding sources, fund requests and their disbursements, the key-supply enterprise list and
its interest-subsidy applications

Revision ID: 0013_funds
Revises: 0010_audit_chain
Create Date: 2026-12-05

New tables only; nothing existing changes. Money is whole fen in 64-bit integers. The checks a row
can make on its own (disbursed <= approved <= requested, a source's approved <= available, a
reversal negative and naming what it reverses) are in the tables themselves.
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0013_funds"
down_revision = "0012_donations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fundsource',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('available', sa.BigInteger(), nullable=False),
    sa.Column('approved', sa.BigInteger(), nullable=False),
    sa.Column('disbursed', sa.BigInteger(), nullable=False),
    sa.Column('document', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.CheckConstraint('approved >= 0 AND approved <= available', name='ck_fundsource_approved'),
    sa.CheckConstraint('available >= 0', name='ck_fundsource_available'),
    sa.CheckConstraint('disbursed >= 0 AND disbursed <= approved', name='ck_fundsource_disbursed'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('keysupplyenterprise',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('listed_on', sa.Date(), nullable=False),
    sa.Column('document', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('enterprise_id')
    )
    op.create_table('fundrequest',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('reserve_unit_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('order_ref', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('shortage_id', sa.Integer(), nullable=True),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('requested', sa.BigInteger(), nullable=False),
    sa.Column('approved', sa.BigInteger(), nullable=True),
    sa.Column('disbursed', sa.BigInteger(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('approver', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.CheckConstraint('(enterprise_id IS NULL) <> (reserve_unit_id IS NULL)', name='ck_fundrequest_beneficiary'),
    sa.CheckConstraint('approved IS NULL OR (approved >= 0 AND approved <= requested)', name='ck_fundrequest_approved'),
    sa.CheckConstraint('disbursed >= 0 AND disbursed <= COALESCE(approved, 0)', name='ck_fundrequest_disbursed'),
    sa.CheckConstraint('requested > 0', name='ck_fundrequest_requested'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['reserve_unit_id'], ['supplier.id'], ),
    sa.ForeignKeyConstraint(['shortage_id'], ['shortage.id'], ),
    sa.ForeignKeyConstraint(['source_id'], ['fundsource.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('fundrequest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fundrequest_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fundrequest_reserve_unit_id'), ['reserve_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fundrequest_shortage_id'), ['shortage_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fundrequest_source_id'), ['source_id'], unique=False)
        batch_op.create_index('ix_fundrequest_status', ['status', 'requested_at'], unique=False)

    op.create_table('disbursement',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('voucher_no', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('paid_at', sa.DateTime(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.CheckConstraint('(reverses_id IS NULL AND amount > 0) OR (reverses_id IS NOT NULL AND amount < 0)', name='ck_disbursement_amount'),
    sa.ForeignKeyConstraint(['request_id'], ['fundrequest.id'], ),
    sa.ForeignKeyConstraint(['reverses_id'], ['disbursement.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reverses_id'),
    sa.UniqueConstraint('voucher_no')
    )
    with op.batch_alter_table('disbursement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disbursement_request_id'), ['request_id'], unique=False)

    op.create_table('subsidyapplication',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('lender', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('contract_no', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('principal', sa.BigInteger(), nullable=False),
    sa.Column('rate_bp', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('expected', sa.BigInteger(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('fund_request_id', sa.Integer(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.CheckConstraint('end_date > start_date', name='ck_subsidyapplication_term'),
    sa.CheckConstraint('expected >= 0', name='ck_subsidyapplication_expected'),
    sa.CheckConstraint('principal > 0', name='ck_subsidyapplication_principal'),
    sa.CheckConstraint('rate_bp > 0 AND rate_bp < 10000', name='ck_subsidyapplication_rate'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['fund_request_id'], ['fundrequest.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('subsidyapplication', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subsidyapplication_enterprise_id'), ['enterprise_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('subsidyapplication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subsidyapplication_enterprise_id'))

    op.drop_table('subsidyapplication')
    with op.batch_alter_table('disbursement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disbursement_request_id'))

    op.drop_table('disbursement')
    with op.batch_alter_table('fundrequest', schema=None) as batch_op:
        batch_op.drop_index('ix_fundrequest_status')
        batch_op.drop_index(batch_op.f('ix_fundrequest_source_id'))
        batch_op.drop_index(batch_op.f('ix_fundrequest_shortage_id'))
        batch_op.drop_index(batch_op.f('ix_fundrequest_reserve_unit_id'))
        batch_op.drop_index(batch_op.f('ix_fundrequest_enterprise_id'))

    op.drop_table('fundrequest')
    op.drop_table('keysupplyenterprise')
    op.drop_table('fundsource')
