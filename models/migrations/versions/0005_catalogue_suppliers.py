"""the catalogue's standards, grades, shortage reasons and demand history; suppliers' origin and reserve units

Revision ID: 0005_catalogue_suppliers
Revises: 0004_dashboard_indexes
Create Date: 2026-12-04

The catalogue gets the standard number and grade of each item, why and since when it is severely
short, and the day its demand took effect; every later change of the demand is kept in
``cataloguedemand`` (an item without rows there keeps the demand it was loaded with). Seeded items
get their standards (``models.seed.STANDARDS``). A supplier's ``foreign`` flag becomes ``origin``
(local / out_of_city / overseas: a domestic supplier outside 重庆 is out of city); it gets a contact
person and phone of its own, and the reserve units (notes naming 储备) are marked as such. What a
supplier supplies gets its specification. A shortage step that contacted a supplier names it by id
(its card lists the contacts made), filled for the steps so far from the name they kept.

No table is rebuilt: SQLite adds and drops these columns in place (a rebuild of a table other
tables refer to fails while foreign keys are enforced). The two new NOT NULL columns (origin,
reserve_unit) keep the server default that filled the existing rows; the models declare it too.
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0005_catalogue_suppliers"
down_revision = "0004_dashboard_indexes"
branch_labels = None
depends_on = None

CITY = "重庆"


def upgrade() -> None:
    from models.seed import STANDARDS

    op.add_column("catalogueitem", sa.Column("standard", AutoString(length=64), nullable=True))
    op.add_column("catalogueitem", sa.Column("grade", AutoString(length=32), nullable=True))
    op.add_column("catalogueitem", sa.Column("short_reason", AutoString(length=500), nullable=True))
    op.add_column("catalogueitem", sa.Column("short_since", sa.Date(), nullable=True))
    op.add_column("catalogueitem", sa.Column("demand_from", sa.Date(), nullable=True))
    item = sa.table("catalogueitem", sa.column("code", sa.String), sa.column("standard", sa.String),
                    sa.column("grade", sa.String))
    for code, (standard, grade) in STANDARDS.items():
        op.execute(item.update().where(item.c.code == code).values(standard=standard, grade=grade))
    op.create_table(
        "cataloguedemand",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("daily_demand", sa.Float(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("recorded_by", AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["catalogueitem.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_cataloguedemand_item_id", "cataloguedemand", ["item_id"])

    op.add_column("supplier", sa.Column("origin", AutoString(length=16), nullable=False, server_default="local"))
    op.add_column("supplier", sa.Column("contact_person", AutoString(length=64), nullable=True))
    op.add_column("supplier", sa.Column("phone", AutoString(length=32), nullable=True))
    op.add_column("supplier", sa.Column("reserve_unit", sa.Boolean(), nullable=False, server_default=sa.false()))
    supplier = sa.table("supplier", sa.column("foreign", sa.Boolean), sa.column("origin", sa.String),
                        sa.column("region", sa.String), sa.column("notes", sa.String),
                        sa.column("reserve_unit", sa.Boolean))
    op.execute(supplier.update().where(supplier.c.foreign == sa.true()).values(origin="overseas"))
    op.execute(supplier.update().where(supplier.c.foreign == sa.false(),
                                       sa.func.coalesce(supplier.c.region, CITY).not_like(f"{CITY}%"))
               .values(origin="out_of_city"))
    op.execute(supplier.update().where(supplier.c.notes.like("%储备%")).values(reserve_unit=True))
    op.drop_column("supplier", "foreign")
    op.add_column("supplieritem", sa.Column("spec", AutoString(length=200), nullable=True))

    if op.get_bind().dialect.name == "sqlite":  # SQLite adds a column's reference only with the column
        op.execute("ALTER TABLE shortageevent ADD COLUMN supplier_id INTEGER REFERENCES supplier (id)")
    else:
        op.add_column("shortageevent", sa.Column("supplier_id", sa.Integer(), nullable=True))
        op.create_foreign_key("shortageevent_supplier_id_fkey", "shortageevent", "supplier", ["supplier_id"], ["id"])
    op.create_index("ix_shortageevent_supplier_id", "shortageevent", ["supplier_id"])
    # the steps recorded so far named their supplier by its name
    event = sa.table("shortageevent", sa.column("supplier_id", sa.Integer), sa.column("action", sa.String),
                     sa.column("new_value", sa.String))
    named = sa.table("supplier", sa.column("id", sa.Integer), sa.column("name", sa.String))
    op.execute(event.update()
               .where(event.c.action.in_(("supplier_contacted", "reserve_notified")))
               .values(supplier_id=sa.select(sa.func.min(named.c.id)).where(named.c.name == event.c.new_value)
                       .scalar_subquery()))


def downgrade() -> None:
    op.drop_index("ix_shortageevent_supplier_id", table_name="shortageevent")
    with op.batch_alter_table("shortageevent") as batch_op:  # no table refers to it: a rebuild is safe
        batch_op.drop_column("supplier_id")
    op.drop_column("supplieritem", "spec")
    op.add_column("supplier", sa.Column("foreign", sa.Boolean(), nullable=False, server_default=sa.false()))
    supplier = sa.table("supplier", sa.column("foreign", sa.Boolean), sa.column("origin", sa.String))
    op.execute(supplier.update().where(supplier.c.origin == "overseas").values(foreign=True))
    for column in ("reserve_unit", "phone", "contact_person", "origin"):
        op.drop_column("supplier", column)
    op.drop_index("ix_cataloguedemand_item_id", table_name="cataloguedemand")
    op.drop_table("cataloguedemand")
    for column in ("demand_from", "short_since", "short_reason", "grade", "standard"):
        op.drop_column("catalogueitem", column)
