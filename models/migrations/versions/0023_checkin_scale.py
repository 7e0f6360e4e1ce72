"""the check-in roster walks an index instead of the check-in history

Revision ID: 0023_checkin_scale
Revises: 0020_enterprise_figures
Create Date: 2026-12-05

At 100,000 enterprises with 1,000,000 check-ins the roster's pages read every open check-in (or
every stationing) and sorted them all. With enterprises in (district, name key) order (all, and those on the directory) and the open
check-ins of an enterprise or a cadre found by (enterprise_id, check_out) and (cadre_id, check_out),
a page walks the enterprises and stops after it. The stationing by enterprise walks (sort_key), and
its count reads the current stationings as two ranges of (end_date).
"""

from alembic import op

revision = "0023_checkin_scale"
down_revision = "0020_enterprise_figures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_enterprise_district_key", "enterprise", ["district_id", "sort_key"])
    op.create_index("ix_enterprise_live_district_key", "enterprise", ["archived", "district_id", "sort_key"])
    op.create_index("ix_enterprise_sort_key", "enterprise", ["sort_key"])
    op.create_index("ix_assignment_end_date", "assignment", ["end_date"])
    op.create_index("ix_checkin_enterprise_out", "checkin", ["enterprise_id", "check_out"])
    op.create_index("ix_checkin_cadre_out", "checkin", ["cadre_id", "check_out"])


def downgrade() -> None:
    op.drop_index("ix_checkin_cadre_out", table_name="checkin")
    op.drop_index("ix_checkin_enterprise_out", table_name="checkin")
    op.drop_index("ix_assignment_end_date", table_name="assignment")
    op.drop_index("ix_enterprise_sort_key", table_name="enterprise")
    op.drop_index("ix_enterprise_live_district_key", table_name="enterprise")
    op.drop_index("ix_enterprise_district_key", table_name="enterprise")
