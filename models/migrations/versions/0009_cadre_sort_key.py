"""cadres ordered by the pinyin of their name

Revision ID: 0009_cadre_sort_key
Revises: 0008_shortage_reserve_index
Create Date: 2026-12-04

The people list and the roster's export are in the order of a Chinese directory (by pinyin, 张
among the z), as the enterprise directory already is: each cadre gets the key the services write
from now on (``models.search.sort_key`` of the name).
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0009_cadre_sort_key"
down_revision = "0008_shortage_reserve_index"
branch_labels = None
depends_on = None

#: keys written per statement
BATCH = 2000


def upgrade() -> None:
    from models.search import sort_key

    # added empty, filled, then made required: no default is left on the column (the models have none)
    with op.batch_alter_table("cadre") as batch_op:
        batch_op.add_column(sa.Column("sort_key", AutoString(length=400), nullable=True))
    bind = op.get_bind()
    updates = [{"id": cadre_id, "key": sort_key(name or "")}
               for cadre_id, name in bind.execute(sa.text("SELECT id, name FROM cadre"))]
    statement = sa.text("UPDATE cadre SET sort_key = :key WHERE id = :id")
    for start in range(0, len(updates), BATCH):
        bind.execute(statement, updates[start:start + BATCH])
    with op.batch_alter_table("cadre") as batch_op:
        batch_op.alter_column("sort_key", existing_type=AutoString(length=400), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("cadre") as batch_op:
        batch_op.drop_column("sort_key")
