"""donations: offers and their lines, redirections with the donor's consent, publication batches,
their rows and corrections, donor certificates; the donation line a lot was given by

Revision ID: 0012_donations
Revises: 0010_audit_chain
Create Date: 2026-12-05

New tables, and one nullable column on ``lot`` (``donation_line_id``): existing lots keep no donor.
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0012_donations"
down_revision = "0011_procurement"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "publicationbatch",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    op.create_table(
        "donation",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("donor_kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("donor_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("donor_contact", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("directed", sa.Boolean(), nullable=False),
        sa.Column("recipient_site_id", sa.Integer(), nullable=True),
        sa.Column("addressee", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("documents", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("offered_at", sa.DateTime(), nullable=False),
        sa.Column("vetted_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.ForeignKeyConstraint(
            ["recipient_site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("donation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_donation_recipient_site_id"), ["recipient_site_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_donation_status"), ["status"], unique=False)

    op.create_table(
        "donationcertificate",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("donation_id", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["donation_id"],
            ["donation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("donation_id"),
        sa.UniqueConstraint("number"),
    )
    op.create_table(
        "donationline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("donation_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("spec", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("standard", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("grade", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("offered", sa.BigInteger(), nullable=False),
        sa.Column("accepted", sa.BigInteger(), nullable=True),
        sa.Column("declared_value", sa.Float(), nullable=True),
        sa.Column("refusal", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.CheckConstraint(
            "accepted IS NULL OR (accepted >= 0 AND accepted <= offered)", name="ck_donationline_accepted"
        ),
        sa.CheckConstraint("offered > 0", name="ck_donationline_offered"),
        sa.ForeignKeyConstraint(
            ["donation_id"],
            ["donation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["catalogueitem.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("donationline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_donationline_donation_id"), ["donation_id"], unique=False)

    op.create_table(
        "donationredirect",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("donation_id", sa.Integer(), nullable=False),
        sa.Column("to_site_id", sa.Integer(), nullable=False),
        sa.Column("consent", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["donation_id"],
            ["donation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["to_site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("donationredirect", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_donationredirect_donation_id"), ["donation_id"], unique=False)

    op.create_table(
        "publicationrow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), nullable=False),
        sa.Column("source_kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("donation_id", sa.Integer(), nullable=False),
        sa.Column("donor", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("item", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("spec", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("directed", sa.Boolean(), nullable=False),
        sa.Column("recipients", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["publicationbatch.id"],
        ),
        sa.ForeignKeyConstraint(
            ["donation_id"],
            ["donation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("batch_id", "row_no", name="uq_publicationrow_batch_row"),
        sa.UniqueConstraint("source_kind", "source_id", name="uq_publicationrow_source"),
    )
    with op.batch_alter_table("publicationrow", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publicationrow_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_publicationrow_donation_id"), ["donation_id"], unique=False)

    op.create_table(
        "publicationcorrection",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("old_value", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("new_value", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["publicationbatch.id"],
        ),
        sa.ForeignKeyConstraint(
            ["row_id"],
            ["publicationrow.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("publicationcorrection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publicationcorrection_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_publicationcorrection_row_id"), ["row_id"], unique=False)

    # not a batch: rebuilding ``lot``, which the ledger refers to, fails on SQLite while foreign keys
    # are enforced; SQLite adds a column's reference only with the column
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE lot ADD COLUMN donation_line_id INTEGER REFERENCES donationline (id)")
    else:
        op.add_column("lot", sa.Column("donation_line_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_lot_donation_line_id", "lot", "donationline", ["donation_line_id"], ["id"])
    op.create_index("ix_lot_donation_line_id", "lot", ["donation_line_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lot", schema=None) as batch_op:
        batch_op.drop_constraint("fk_lot_donation_line_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_lot_donation_line_id"))
        batch_op.drop_column("donation_line_id")

    with op.batch_alter_table("publicationcorrection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publicationcorrection_row_id"))
        batch_op.drop_index(batch_op.f("ix_publicationcorrection_batch_id"))

    op.drop_table("publicationcorrection")
    with op.batch_alter_table("publicationrow", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publicationrow_donation_id"))
        batch_op.drop_index(batch_op.f("ix_publicationrow_batch_id"))

    op.drop_table("publicationrow")
    with op.batch_alter_table("donationredirect", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_donationredirect_donation_id"))

    op.drop_table("donationredirect")
    with op.batch_alter_table("donationline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_donationline_donation_id"))

    op.drop_table("donationline")
    op.drop_table("donationcertificate")
    with op.batch_alter_table("donation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_donation_status"))
        batch_op.drop_index(batch_op.f("ix_donation_recipient_site_id"))

    op.drop_table("donation")
    op.drop_table("publicationbatch")
