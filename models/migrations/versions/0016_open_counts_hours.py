"""unsolved shortages per enterprise, kind and severity; check-in hours per cadre and day

Revision ID: 0016_open_counts_hours
Revises: 0015_order_materials
Create Date: 2026-12-05

The directory and the dashboard counted the unsolved shortages, and the dashboard summed the week's
check-ins, from the history (models.open_shortages, models.checkin_hours); the two tables hold
those figures, filled here from the history and kept up to date by every write after.
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0016_open_counts_hours"
down_revision = "0015_order_materials"
branch_labels = None
depends_on = None

# the history as it stands at this revision (the modules' copies may change with later models)
_COUNTS = ("INSERT INTO openshortagecount (enterprise_id, kind, severity, n) "
           "SELECT enterprise_id, kind, severity, COUNT(*) FROM shortage WHERE status IN ('open', 'coordinating') "
           "GROUP BY enterprise_id, kind, severity")
_EPOCH = {
    "sqlite": ("CAST(ROUND((julianday({0}) - 2440587.5) * 86400) AS INTEGER)",
               "CAST(julianday(date({0})) - 2440587.5 AS INTEGER)",
               "date({0} * 86400, 'unixepoch')"),
    "postgresql": ("CAST(EXTRACT(EPOCH FROM {0}) AS BIGINT)",
                   "CAST(CAST({0} AS DATE) - DATE '1970-01-01' AS BIGINT)",
                   "DATE '1970-01-01' + CAST({0} AS INTEGER)"),
}


def _hours(dialect: str) -> str:
    seconds, day_number, day_of = _EPOCH[dialect]
    until = "CASE WHEN e < (d + 1) * 86400 THEN e ELSE (d + 1) * 86400 END"
    since = "CASE WHEN s > d * 86400 THEN s ELSE d * 86400 END"
    return (
        "INSERT INTO checkinhours (cadre_id, day, seconds) "
        "WITH RECURSIVE visit (cadre_id, s, e, d) AS ("
        f"SELECT cadre_id, {seconds.format('check_in')}, {seconds.format('check_out')}, "
        f"{day_number.format('check_in')} FROM checkin WHERE check_out IS NOT NULL AND check_out > check_in), "
        "piece (cadre_id, s, e, d) AS (SELECT cadre_id, s, e, d FROM visit "
        "UNION ALL SELECT cadre_id, s, e, d + 1 FROM piece WHERE (d + 1) * 86400 < e) "
        f"SELECT cadre_id, {day_of.format('d')}, SUM({until} - {since}) FROM piece GROUP BY cadre_id, d"
    )


def upgrade() -> None:
    op.create_table(
        "openshortagecount",
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("severity", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"]),
        sa.PrimaryKeyConstraint("enterprise_id", "kind", "severity"),
    )
    op.create_table(
        "checkinhours",
        sa.Column("cadre_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["cadre_id"], ["cadre.id"]),
        sa.PrimaryKeyConstraint("cadre_id", "day"),
    )
    op.create_index("ix_checkinhours_day", "checkinhours", ["day"])
    op.create_table(
        "checkindayhours",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_index("ix_openshortagecount_kind", "openshortagecount", ["kind", "severity", "n"])
    # the open check-ins' index gains their check-in time (the hours count them from it alone)
    op.drop_index("ix_checkin_open", table_name="checkin")
    op.create_index("ix_checkin_open", "checkin", ["check_out", "check_in"])
    op.execute(_COUNTS)
    op.execute(_hours(op.get_bind().dialect.name))
    op.execute("INSERT INTO checkindayhours (day, seconds) SELECT day, SUM(seconds) FROM checkinhours GROUP BY day")


def downgrade() -> None:
    op.drop_index("ix_checkin_open", table_name="checkin")
    op.create_index("ix_checkin_open", "checkin", ["check_out"])
    op.drop_table("checkindayhours")
    op.drop_index("ix_openshortagecount_kind", table_name="openshortagecount")
    op.drop_index("ix_checkinhours_day", table_name="checkinhours")
    op.drop_table("checkinhours")
    op.drop_table("openshortagecount")
