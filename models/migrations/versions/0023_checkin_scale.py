"""the check-in roster walks an index instead of the check-in history

Revision ID: 0023_checkin_scale
Revises: 0022_stock_card_order
Create Date: 2026-12-05

At 100,000 enterprises with 1,000,000 check-ins the roster's pages read every open check-in (or
every stationing) and sorted them all. With enterprises in (district, name key) order (all, and those on the directory) and the open
check-ins of an enterprise or a cadre found by (enterprise_id, check_out) and (cadre_id, check_out),
a page walks the enterprises and stops after it. The stationing by enterprise walks (sort_key), and
its count reads the current stationings as two ranges of (end_date). The headcount reads
checkinreach (models.checkin_reach), filled here from the check-ins and kept by every write after,
when every check-in began and was entered by its moment (max of check_in and of created_at).
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_checkin_scale"
down_revision = "0022_stock_card_order"
branch_labels = None
depends_on = None


# the history as it stands at this revision (the module's copy may change with later models)
_FILL = {
    dialect: "INSERT INTO checkinreach (day, unit, grp, cadres) "
    "SELECT r.day, COALESCE(c.unit_id, 0), COALESCE(c.group_id, 0), COUNT(*) FROM ("
    f"SELECT cadre_id, CASE WHEN COUNT(*) > COUNT(check_out) THEN {open_day} ELSE {last} END AS day "
    "FROM checkin GROUP BY cadre_id) r JOIN cadre c ON c.id = r.cadre_id "
    "GROUP BY r.day, COALESCE(c.unit_id, 0), COALESCE(c.group_id, 0)"
    for dialect, (last, open_day) in {
        "sqlite": ("date(MAX(check_out))", "'9999-12-31'"),
        "postgresql": ("CAST(MAX(check_out) AS DATE)", "DATE '9999-12-31'"),
    }.items()
}


def upgrade() -> None:
    op.create_table(
        "checkinreach",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("unit", sa.Integer(), nullable=False),
        sa.Column("grp", sa.Integer(), nullable=False),
        sa.Column("cadres", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "unit", "grp"),
    )
    op.create_index("ix_checkin_created_at", "checkin", ["created_at"])
    op.execute(_FILL[op.get_bind().dialect.name])
    op.create_index("ix_enterprise_district_key", "enterprise", ["district_id", "sort_key"])
    op.create_index("ix_enterprise_live_district_key", "enterprise", ["archived", "district_id", "sort_key"])
    op.create_index("ix_enterprise_sort_key", "enterprise", ["sort_key"])
    op.create_index("ix_assignment_end_date", "assignment", ["end_date"])
    op.create_index("ix_checkin_enterprise_out", "checkin", ["enterprise_id", "check_out"])
    op.create_index("ix_checkin_cadre_out", "checkin", ["cadre_id", "check_out"])


def downgrade() -> None:
    op.drop_index("ix_checkin_created_at", table_name="checkin")
    op.drop_table("checkinreach")
    op.drop_index("ix_checkin_cadre_out", table_name="checkin")
    op.drop_index("ix_checkin_enterprise_out", table_name="checkin")
    op.drop_index("ix_assignment_end_date", table_name="assignment")
    op.drop_index("ix_enterprise_sort_key", table_name="enterprise")
    op.drop_index("ix_enterprise_live_district_key", table_name="enterprise")
    op.drop_index("ix_enterprise_district_key", table_name="enterprise")
