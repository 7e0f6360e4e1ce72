"""the audit log as a hash chain

Revision ID: 0010_audit_chain
Revises: 0009_cadre_sort_key
Create Date: 2026-12-05

Each audit row carries the hash of its content and of the row before it (models.audit_chain). The
rows already there are chained once, oldest first; on PostgreSQL a trigger chains every new row.
"""

import sqlalchemy as sa
from alembic import op

from models.audit_chain import PG_TRIGGER_SQL, pg_function_sql, rechain

revision = "0010_audit_chain"
down_revision = "0009_cadre_sort_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("auditlog", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    rechain(connection)
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(pg_function_sql(per_person=False))
        for statement in PG_TRIGGER_SQL:
            connection.exec_driver_sql(statement)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS supplydesk_audit_chain ON auditlog")
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS supplydesk_audit_chain()")
    with op.batch_alter_table("auditlog", schema=None) as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
