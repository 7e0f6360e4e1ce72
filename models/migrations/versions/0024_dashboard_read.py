"""the dashboard's shortage counts of the day and its marks kept per day

Revision ID: 0024_dashboard_read
Revises: 0023_checkin_scale
Create Date: 2026-12-05

The dashboard counted the shortages reported and solved today, the overdue ones and those due for
escalation by walking the shortage indexes, every entry it counted (the largest part of its read at
100,000 enterprises on PostgreSQL). shortageday (models.shortage_days) keeps the four counts per day,
filled here from the shortages and kept by every report and step after.
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_dashboard_read"
down_revision = "0023_checkin_scale"
branch_labels = None
depends_on = None

_DAY = {"sqlite": "date({})", "postgresql": "CAST({} AS DATE)"}
_UNSOLVED = "'open', 'coordinating'"


def _fill(dialect: str) -> str:
    """The counts as the shortages stand at this revision (the module's copy may change later)."""
    day = _DAY[dialect]
    return (
        "INSERT INTO shortageday (day, reported, resolved, needed, district) "
        "SELECT day, SUM(reported), SUM(resolved), SUM(needed), SUM(district) FROM ("
        f"SELECT {day.format('reported_at')} AS day, 1 AS reported, 0 AS resolved, 0 AS needed, "
        f"CASE WHEN status IN ({_UNSOLVED}) AND level = 'district' THEN 1 ELSE 0 END AS district FROM shortage "
        f"UNION ALL SELECT {day.format('resolved_at')}, 0, 1, 0, 0 FROM shortage "
        "WHERE status = 'resolved' AND resolved_at IS NOT NULL "
        f"UNION ALL SELECT need_by, 0, 0, 1, 0 FROM shortage WHERE status IN ({_UNSOLVED}) AND need_by IS NOT NULL"
        ") AS counted GROUP BY day")


def upgrade() -> None:
    op.create_table(
        "shortageday",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reported", sa.Integer(), nullable=False),
        sa.Column("resolved", sa.Integer(), nullable=False),
        sa.Column("needed", sa.Integer(), nullable=False),
        sa.Column("district", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.execute(_fill(op.get_bind().dialect.name))


def downgrade() -> None:
    op.drop_table("shortageday")
