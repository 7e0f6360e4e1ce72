"""indexes for the directory's search: a covering index everywhere, trigrams on PostgreSQL

Revision ID: 0002_search_indexes
Revises: 0001_initial
Create Date: 2026-11-27

The filter ``search_key LIKE '%term%'`` and the default order by name are served by one covering
index (archived, sort_key, id, search_key): counting scans the narrow index instead of the wide
rows, and the first page walks it in order without lookups into the table. On PostgreSQL a GIN
trigram index (pg_trgm, a trusted extension since PostgreSQL 13) answers terms of three or more
characters directly.
"""

from alembic import op

revision = "0002_search_indexes"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enterprise") as batch_op:
        batch_op.drop_index("ix_enterprise_sort_key")
        batch_op.create_index("ix_enterprise_search_cover", ["archived", "sort_key", "id", "search_key"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.create_index(
            "ix_enterprise_search_trgm", "enterprise", ["search_key"],
            postgresql_using="gin", postgresql_ops={"search_key": "gin_trgm_ops"},
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_enterprise_search_trgm", table_name="enterprise")
    with op.batch_alter_table("enterprise") as batch_op:
        batch_op.drop_index("ix_enterprise_search_cover")
        batch_op.create_index("ix_enterprise_sort_key", ["sort_key"])
