"""each enterprise's sortable figures, one row per enterprise

Revision ID: 0020_enterprise_figures
Revises: 0019_dashboard_counts
Create Date: 2026-12-05

The directory sorted by a figure computed it for every enterprise before a page (seconds at 100,000
enterprises); the table holds those figures (models.enterprise_figures), each with an (archived,
figure, id) index a page walks, filled here from the sources and kept up to date by every write after.
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op
from sqlmodel import Session

revision = "0020_enterprise_figures"
down_revision = "0019_dashboard_counts"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_enterprisefigure_status": ["archived", "status_order", "enterprise_id"],
    "ix_enterprisefigure_products": ["archived", "products", "enterprise_id"],
    "ix_enterprisefigure_reported": ["archived", "reported", "enterprise_id"],
    "ix_enterprisefigure_output": ["archived", "reported", "output", "enterprise_id"],
    "ix_enterprisefigure_cover": ["archived", "cover", "enterprise_id"],
    "ix_enterprisefigure_shortages": ["archived", "shortages", "enterprise_id"],
    "ix_enterprisefigure_cadre": ["archived", "cadre", "enterprise_id"],
    "ix_enterprisefigure_cadre_until": ["archived", "cadre_until"],
    "ix_enterprisefigure_cadre_from": ["archived", "cadre_from"],
}


def upgrade() -> None:
    op.create_table(
        "enterprisefigure",
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("status_order", sa.Integer(), nullable=False),
        sa.Column("products", sa.Integer(), nullable=False),
        sa.Column("reported", sa.Date(), nullable=False),
        sa.Column("output", sa.Float(), nullable=False),
        sa.Column("cover", sa.Float(), nullable=False),
        sa.Column("shortages", sa.Integer(), nullable=False),
        sa.Column("cadre", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("cadre_from", sa.Date(), nullable=False),
        sa.Column("cadre_until", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"]),
        sa.PrimaryKeyConstraint("enterprise_id"),
    )
    # filled from the sources by the module's own computation (the tables it reads are all at this
    # revision's shape), before the indexes: one sort each instead of an index kept per row
    from models import enterprise_figures

    with Session(bind=op.get_bind()) as session:
        enterprise_figures.rebuild(session)
        session.flush()
    for name, columns in _INDEXES.items():
        op.create_index(name, "enterprisefigure", columns)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="enterprisefigure")
    op.drop_table("enterprisefigure")
