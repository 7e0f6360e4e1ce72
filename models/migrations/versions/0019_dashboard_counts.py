"""the dashboard's enterprise and people figures kept by the writes; shortage indexes by time

Revision ID: 0019_dashboard_counts
Revises: 0018_scale_indexes
Create Date: 2026-12-05

The dashboard counted every enterprise for "not reported today" and by district and status, read
every open check-in for on site now, the hours this week and the cadres checked in today, and every
stationing for "nobody stationed" (0.16 s and 0.25 s at 100,000 enterprises), and summed the unsolved
shortages kept per enterprise by kind and severity. The six tables hold those figures
(models.enterprise_counts, models.open_visits, models.staffing, models.open_shortages), filled here from the
directory, the reports, the check-ins and the stationings, and kept up to date by every write after.
Today's opened and solved shortages are counted from the two new indexes.
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0019_dashboard_counts"
down_revision = "0018_scale_indexes"
branch_labels = None
depends_on = None

# the history as it stands at this revision (the modules' copies may change with later models)
_MAKING = "EXISTS (SELECT 1 FROM product p WHERE p.enterprise_id = e.id AND NOT p.archived)"
_FILL = (
    "INSERT INTO enterprisecount (district_id, status, enterprises, making) "
    f"SELECT e.district_id, e.status, COUNT(*), SUM(CASE WHEN {_MAKING} THEN 1 ELSE 0 END) "
    "FROM enterprise e WHERE NOT e.archived GROUP BY e.district_id, e.status",
    "INSERT INTO reportedday (day, enterprises) "
    "SELECT r.report_date, COUNT(DISTINCT r.enterprise_id) FROM dailyreport r JOIN enterprise e "
    f"ON e.id = r.enterprise_id WHERE NOT e.archived AND {_MAKING} GROUP BY r.report_date",
)
_TOTALS = ("INSERT INTO openshortagetotal (kind, severity, n) "
           "SELECT kind, severity, SUM(n) FROM openshortagecount GROUP BY kind, severity")
_CHECKIN = {
    "sqlite": ("CAST(ROUND((julianday(check_in) - 2440587.5) * 86400) AS INTEGER)", "date(check_in)"),
    "postgresql": ("CAST(EXTRACT(EPOCH FROM check_in) AS BIGINT)", "CAST(check_in AS DATE)"),
}


def _visits(dialect: str) -> tuple[str, str]:
    seconds, day = _CHECKIN[dialect]
    return (f"INSERT INTO openvisitday (day, visits, seconds) SELECT {day}, COUNT(*), SUM({seconds}) "
            f"FROM checkin WHERE check_out IS NULL GROUP BY {day}",
            f"INSERT INTO checkinday (day, cadres) SELECT {day}, COUNT(DISTINCT cadre_id) FROM checkin GROUP BY {day}")


_NEXT = {"sqlite": "date(e, '+1 day')", "postgresql": "e + 1"}


def _staffing(dialect: str) -> str:
    return (
        "INSERT INTO staffingchange (day, delta) "
        "WITH a AS (SELECT s.enterprise_id, s.start_date AS s, COALESCE(s.end_date, '9999-12-31') AS e "
        "FROM assignment s JOIN enterprise x ON x.id = s.enterprise_id WHERE NOT x.archived "
        "AND (s.end_date IS NULL OR s.end_date >= s.start_date)), "
        "b AS (SELECT enterprise_id, s, e, MAX(e) OVER (PARTITION BY enterprise_id ORDER BY s, e "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before FROM a), "
        "c AS (SELECT enterprise_id, s, e, SUM(CASE WHEN before IS NULL OR s > before THEN 1 ELSE 0 END) "
        "OVER (PARTITION BY enterprise_id ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS span FROM b), "
        "d AS (SELECT enterprise_id, MIN(s) AS s, MAX(e) AS e FROM c GROUP BY enterprise_id, span), "
        "moves AS (SELECT s AS day, 1 AS delta FROM d UNION ALL "
        f"SELECT {_NEXT[dialect]} AS day, -1 AS delta FROM d WHERE e < '9999-12-31') "
        "SELECT day, SUM(delta) FROM moves GROUP BY day"
    )


def upgrade() -> None:
    op.create_table(
        "enterprisecount",
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("enterprises", sa.Integer(), nullable=False),
        sa.Column("making", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["district_id"], ["district.id"]),
        sa.PrimaryKeyConstraint("district_id", "status"),
    )
    op.create_table(
        "reportedday",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("enterprises", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_table(
        "openvisitday",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_table(
        "checkinday",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("cadres", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_table(
        "openshortagetotal",
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("severity", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "severity"),
    )
    op.create_table(
        "staffingchange",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_index("ix_shortage_reported", "shortage", ["reported_at"])
    op.create_index("ix_shortage_status_resolved", "shortage", ["status", "resolved_at"])
    dialect = op.get_bind().dialect.name
    for sql in (*_FILL, *_visits(dialect), _staffing(dialect), _TOTALS):
        op.execute(sql)


def downgrade() -> None:
    op.drop_index("ix_shortage_status_resolved", table_name="shortage")
    op.drop_index("ix_shortage_reported", table_name="shortage")
    op.drop_table("staffingchange")
    op.drop_table("openshortagetotal")
    op.drop_table("checkinday")
    op.drop_table("openvisitday")
    op.drop_table("reportedday")
    op.drop_table("enterprisecount")
