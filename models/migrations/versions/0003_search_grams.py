"""the directory's short search terms: one- and two-character grams in the search GIN index on PostgreSQL

Revision ID: 0003_search_grams
Revises: 0002_search_indexes
Create Date: 2026-11-27

A trigram index cannot answer a term of one or two characters (``cy``, ``口罩``): pg_trgm finds no
trigram in it and scans the whole index, so such a filter used to read the whole table. These are
the commonest terms of all: the directory filters on every keystroke, so ``c`` and ``cy`` come
before ``cykh``. On PostgreSQL this revision indexes every character and every pair of adjacent
characters of the search key (``enterprise_grams``) as a second column of the search key's GIN
index (``ix_enterprise_search_trgm``: trigrams of the key, then its grams; GIN looks a condition up
in its own column only). A term of one or two characters occurs in the key exactly when the key's
grams contain it, so the index answers it with no recheck. The index keeps itself in step with the
table; nothing else writes it.

The function is PL/pgSQL on purpose: an SQL function would be inlined and lose its COST. Computing
the grams of one key costs as much as reading many pages, so the planner must only ever take them
from the index, never evaluate them row by row (a scan that did would take seconds at 100,000
enterprises). SQLite keeps walking the covering index for such terms (its FTS5 trigram table,
like pg_trgm, needs three characters); nothing changes there.
"""

from alembic import op

revision = "0003_search_grams"
down_revision = "0002_search_indexes"
branch_labels = None
depends_on = None

#: every character and every pair of adjacent characters of ``key`` (GIN removes the duplicates)
GRAMS_FUNCTION = """
CREATE FUNCTION enterprise_grams(key text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
DECLARE
    chars text[] := string_to_array(key, NULL);
    grams text[] := chars;
BEGIN
    FOR i IN 1 .. cardinality(chars) - 1 LOOP
        grams := grams || (chars[i] || chars[i + 1]);
    END LOOP;
    RETURN grams;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(GRAMS_FUNCTION)
    op.drop_index("ix_enterprise_search_trgm", table_name="enterprise")
    op.execute("CREATE INDEX ix_enterprise_search_trgm ON enterprise "
               "USING gin (search_key gin_trgm_ops, enterprise_grams(search_key))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_enterprise_search_trgm", table_name="enterprise")
    op.create_index(
        "ix_enterprise_search_trgm", "enterprise", ["search_key"],
        postgresql_using="gin", postgresql_ops={"search_key": "gin_trgm_ops"},
    )
    op.execute("DROP FUNCTION enterprise_grams(text)")
