"""trigram index for substring and pinyin search on PostgreSQL

Revision ID: 0002_search_trigram
Revises: 0001_initial
Create Date: 2026-11-27

On PostgreSQL, ``LIKE '%term%'`` over the search key uses a GIN trigram index (pg_trgm, a trusted
extension since PostgreSQL 13, so the database owner may create it). SQLite needs nothing here.
"""

from alembic import op

revision = "0002_search_trigram"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index(
        "ix_enterprise_search_trgm", "enterprise", ["search_key"],
        postgresql_using="gin", postgresql_ops={"search_key": "gin_trgm_ops"},
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_enterprise_search_trgm", table_name="enterprise")
