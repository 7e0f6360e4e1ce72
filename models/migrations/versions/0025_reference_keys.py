"""search and sort keys kept on the reference rows

Revision ID: 0025_reference_keys
Revises: 0024_dashboard_read
Create Date: 2026-12-06

The shortage and stock lists' filters, the catalogue tab, the suppliers, a shortage's pickers, the
time sheets, the site pickers and the quick filters' dialogs keyed the names of districts, parks,
raw materials, catalogue items, suppliers, special groups, units and sites with pypinyin when they
read them, which loaded it (about 55 MB) into a session that only looked. The keys are kept in the
rows now, as the enterprises', cadres' and sites' search keys already were: built here from the
rows as they stand, and by the ORM on every write after (``models.search.keep_keys``; a site's sort
key by the sites' service). A cadre made by ``setup-postgres`` before this revision gets the sort
key it was made without.
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0025_reference_keys"
down_revision = "0024_dashboard_read"
branch_labels = None
depends_on = None

#: keys written per statement
BATCH = 2000


def _keys() -> dict[tuple[str, str], tuple[tuple[str, ...], Callable[[list[str | None]], str]]]:
    """(table, column) → the columns a key is built of, and how: as the models build them at this revision."""
    from models.search import search_key, sort_key

    def sort(parts: list[str | None]) -> str:
        return sort_key(parts[0] or "")

    return {
        ("district", "search_key"): (("name",), search_key),
        ("park", "search_key"): (("name",), search_key),
        ("catalogueitem", "search_key"): (("code", "name", "name_en", "standard"), search_key),
        ("material", "search_key"): (("name", "code", "name_en"), search_key),
        ("supplier", "search_key"): (("name", "region", "contact_person"), search_key),
        ("specialgroup", "search_key"): (("name", "code", "name_en"), search_key),
        ("specialgroup", "sort_key"): (("name",), sort),
        ("unit", "search_key"): (("name", "name_en"), search_key),
        ("unit", "sort_key"): (("name",), sort),
        ("site", "sort_key"): (("name",), sort),
    }


def upgrade() -> None:
    keys = _keys()
    bind = op.get_bind()
    for table in dict.fromkeys(table for table, _ in keys):
        made = [column for t, column in keys if t == table]
        # added empty, filled, then made required: no default is left on the column (the models have none)
        with op.batch_alter_table(table) as batch_op:
            for column in made:
                batch_op.add_column(sa.Column(column, AutoString(length=400), nullable=True))
        for column in made:
            parts, build = keys[table, column]
            read = sa.text(f"SELECT id, {', '.join(parts)} FROM {table}")
            updates = [{"id": row[0], "key": build(list(row[1:]))} for row in bind.execute(read)]
            statement = sa.text(f"UPDATE {table} SET {column} = :key WHERE id = :id")
            for start in range(0, len(updates), BATCH):
                bind.execute(statement, updates[start:start + BATCH])
        with op.batch_alter_table(table) as batch_op:
            for column in made:
                batch_op.alter_column(column, existing_type=AutoString(length=400), nullable=False)
    _sort_first_coordinators(bind)


def _sort_first_coordinators(bind: sa.Connection) -> None:
    """The first coordinator that ``setup-postgres`` made had no sort key (the time sheets sort by it now)."""
    from models.search import sort_key

    updates = [{"id": cadre_id, "key": sort_key(name or "")}
               for cadre_id, name in bind.execute(sa.text("SELECT id, name FROM cadre WHERE sort_key = ''"))]
    if updates:
        bind.execute(sa.text("UPDATE cadre SET sort_key = :key WHERE id = :id"), updates)


def downgrade() -> None:
    for table, columns in (("district", ("search_key",)), ("park", ("search_key",)),
                           ("catalogueitem", ("search_key",)), ("material", ("search_key",)),
                           ("supplier", ("search_key",)), ("specialgroup", ("search_key", "sort_key")),
                           ("unit", ("search_key", "sort_key")), ("site", ("sort_key",))):
        with op.batch_alter_table(table) as batch_op:
            for column in columns:
                batch_op.drop_column(column)
