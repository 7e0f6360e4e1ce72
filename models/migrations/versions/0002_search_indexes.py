"""indexes for the directory's search: a covering index everywhere, trigrams on both databases

Revision ID: 0002_search_indexes
Revises: 0001_initial
Create Date: 2026-11-27

The filter ``search_key LIKE '%term%'`` and the default order by name are served by one covering
index (archived, sort_key, id, search_key): counting scans the narrow index instead of the wide
rows, and the first page walks it in order without lookups into the table. Terms of three or
more characters are answered by a trigram index: on PostgreSQL a GIN index (pg_trgm, a trusted
extension since PostgreSQL 13), on SQLite an FTS5 table with the trigram tokenizer (SQLite 3.34+)
kept in step with the enterprise table by triggers.
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
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.create_index(
            "ix_enterprise_search_trgm", "enterprise", ["search_key"],
            postgresql_using="gin", postgresql_ops={"search_key": "gin_trgm_ops"},
        )
    elif dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)


#: the FTS5 trigram index of enterprise.search_key (external content: the key is stored once)
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE enterprise_fts USING fts5("
    "search_key, content='enterprise', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER enterprise_fts_insert AFTER INSERT ON enterprise BEGIN "
    "INSERT INTO enterprise_fts(rowid, search_key) VALUES (new.id, new.search_key); END",
    "CREATE TRIGGER enterprise_fts_delete AFTER DELETE ON enterprise BEGIN "
    "INSERT INTO enterprise_fts(enterprise_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key); END",
    "CREATE TRIGGER enterprise_fts_update AFTER UPDATE OF search_key ON enterprise BEGIN "
    "INSERT INTO enterprise_fts(enterprise_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key); "
    "INSERT INTO enterprise_fts(rowid, search_key) VALUES (new.id, new.search_key); END",
    "INSERT INTO enterprise_fts(enterprise_fts) VALUES ('rebuild')",
)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_enterprise_search_trgm", table_name="enterprise")
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER enterprise_fts_{trigger}")
        op.execute("DROP TABLE enterprise_fts")
    with op.batch_alter_table("enterprise") as batch_op:
        batch_op.drop_index("ix_enterprise_search_cover")
        batch_op.create_index("ix_enterprise_sort_key", ["sort_key"])
