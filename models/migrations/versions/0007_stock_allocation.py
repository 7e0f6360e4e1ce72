"""stock and allocation: sites, lots, the stock ledger and its balances, receipts, requests,
allocation orders with their picks, dispatches with their signed delivery, counts and the daily close

Revision ID: 0007_stock_allocation
Revises: 0006_english_product_keys
Create Date: 2026-12-04

New tables only; nothing existing changes. The balances' checks (no negative figure, reserved and
quarantined within on hand) and the signed lines' check (accepted + rejected = shipped) are in the
tables themselves, so no writer, the app's or another, can break them.
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0007_stock_allocation"
down_revision = "0006_english_product_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("expiry", sa.Date(), nullable=True),
        sa.Column("maker_id", sa.Integer(), nullable=True),
        sa.Column("maker_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("grade", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["catalogueitem.id"],
        ),
        sa.ForeignKeyConstraint(
            ["maker_id"],
            ["enterprise.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_id", "code", name="uq_lot_item_code"),
    )
    with op.batch_alter_table("lot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lot_item_id"), ["item_id"], unique=False)

    op.create_table(
        "site",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("designated", sa.Boolean(), nullable=False),
        sa.Column("fever_clinic", sa.Boolean(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("contact_person", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("search_key", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["district.id"],
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["supplier.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_site_district_id"), ["district_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_site_kind"), ["kind"], unique=False)

    op.create_table(
        "receipt",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("supplier_id", sa.Integer(), nullable=True),
        sa.Column("source_ref", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("voucher_no", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.Column("delivered_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("received_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("posted_at", sa.DateTime(), nullable=True),
        sa.Column("posted_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["supplier.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_receipt_site_id"), ["site_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_receipt_status"), ["status"], unique=False)

    op.create_table(
        "request",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("priority", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("need_by", sa.Date(), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("contact_person", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("verbal", sa.Boolean(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_request_site_id"), ["site_id"], unique=False)
        batch_op.create_index("ix_request_status_priority", ["status", "priority", "requested_at"], unique=False)

    op.create_table(
        "stockbalance",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("on_hand", sa.BigInteger(), nullable=False),
        sa.Column("reserved", sa.BigInteger(), nullable=False),
        sa.Column("quarantine", sa.BigInteger(), nullable=False),
        sa.Column("last_entry_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("on_hand >= 0", name="ck_stockbalance_on_hand"),
        sa.CheckConstraint("quarantine >= 0", name="ck_stockbalance_quarantine"),
        sa.CheckConstraint("reserved + quarantine <= on_hand", name="ck_stockbalance_parts"),
        sa.CheckConstraint("reserved >= 0", name="ck_stockbalance_reserved"),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["catalogueitem.id"],
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"],
            ["lot.id"],
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("site_id", "item_id", "lot_id", name="uq_stockbalance_site_item_lot"),
    )
    with op.batch_alter_table("stockbalance", schema=None) as batch_op:
        batch_op.create_index("ix_stockbalance_item_site", ["item_id", "site_id"], unique=False)

    op.create_table(
        "stockclose",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("opening", sa.BigInteger(), nullable=False),
        sa.Column("received", sa.BigInteger(), nullable=False),
        sa.Column("issued", sa.BigInteger(), nullable=False),
        sa.Column("adjusted", sa.BigInteger(), nullable=False),
        sa.Column("closing", sa.BigInteger(), nullable=False),
        sa.Column("variance", sa.BigInteger(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("closed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["catalogueitem.id"],
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("site_id", "item_id", "day", name="uq_stockclose_site_item_day"),
    )
    op.create_table(
        "stockcount",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("counted_at", sa.DateTime(), nullable=False),
        sa.Column("counted_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("posted", sa.Boolean(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("stockcount", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stockcount_site_id"), ["site_id"], unique=False)

    op.create_table(
        "stockentry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("balance_after", sa.BigInteger(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("doc_kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("doc_id", sa.Integer(), nullable=True),
        sa.Column("doc_no", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("login", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["catalogueitem.id"],
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"],
            ["lot.id"],
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"],
            ["stockentry.id"],
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stockentry", schema=None) as batch_op:
        batch_op.create_index("ix_stockentry_at", ["at"], unique=False)
        batch_op.create_index("ix_stockentry_card", ["site_id", "item_id", "id"], unique=False)
        batch_op.create_index("ix_stockentry_doc", ["doc_kind", "doc_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stockentry_lot_id"), ["lot_id"], unique=False)

    op.create_table(
        "allocationorder",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("from_site_id", sa.Integer(), nullable=False),
        sa.Column("to_site_id", sa.Integer(), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("receiver", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("receiver_phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("sender", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("sender_phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("verbal", sa.Boolean(), nullable=False),
        sa.Column("paper_due", sa.DateTime(), nullable=True),
        sa.Column("paper_no", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("paper_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["from_site_id"],
            ["site.id"],
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
        ),
        sa.ForeignKeyConstraint(
            ["to_site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("allocationorder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_allocationorder_from_site_id"), ["from_site_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocationorder_request_id"), ["request_id"], unique=False)
        batch_op.create_index("ix_allocationorder_status", ["status", "issued_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocationorder_to_site_id"), ["to_site_id"], unique=False)

    op.create_table(
        "receiptline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("lot_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("expiry", sa.Date(), nullable=True),
        sa.Column("maker_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("grade", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("expected", sa.BigInteger(), nullable=False),
        sa.Column("accepted", sa.BigInteger(), nullable=False),
        sa.Column("rejected", sa.BigInteger(), nullable=False),
        sa.Column("reject_reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("quarantine", sa.Boolean(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("accepted >= 0 AND rejected >= 0", name="ck_receiptline_quantities"),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["catalogueitem.id"],
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"],
            ["lot.id"],
        ),
        sa.ForeignKeyConstraint(
            ["receipt_id"],
            ["receipt.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("receiptline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_receiptline_receipt_id"), ["receipt_id"], unique=False)

    op.create_table(
        "requestline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("spec", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("requested", sa.BigInteger(), nullable=False),
        sa.Column("approved", sa.BigInteger(), nullable=True),
        sa.Column("approve_reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("allocated", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "allocated >= 0 AND (approved IS NULL OR allocated <= approved)", name="ck_requestline_allocated"
        ),
        sa.CheckConstraint(
            "approved IS NULL OR (approved >= 0 AND approved <= requested)", name="ck_requestline_approved"
        ),
        sa.CheckConstraint("requested > 0", name="ck_requestline_requested"),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["catalogueitem.id"],
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("requestline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_requestline_request_id"), ["request_id"], unique=False)

    op.create_table(
        "stockcountline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("booked", sa.BigInteger(), nullable=False),
        sa.Column("counted", sa.BigInteger(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["count_id"],
            ["stockcount.id"],
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["catalogueitem.id"],
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"],
            ["lot.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stockcountline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stockcountline_count_id"), ["count_id"], unique=False)

    op.create_table(
        "allocationline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("request_line_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("dispatched", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("dispatched >= 0 AND dispatched <= quantity", name="ck_allocationline_dispatched"),
        sa.CheckConstraint("quantity > 0", name="ck_allocationline_quantity"),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["catalogueitem.id"],
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["allocationorder.id"],
        ),
        sa.ForeignKeyConstraint(
            ["request_line_id"],
            ["requestline.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("allocationline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_allocationline_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocationline_request_line_id"), ["request_line_id"], unique=False)

    op.create_table(
        "dispatch",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("dispatched_at", sa.DateTime(), nullable=False),
        sa.Column("delivered_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("vehicle", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("received_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("counted_together", sa.Boolean(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["allocationorder.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("dispatch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dispatch_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dispatch_status"), ["status"], unique=False)

    op.create_table(
        "allocationpick",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("dispatched", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("dispatched >= 0 AND dispatched <= quantity", name="ck_allocationpick_dispatched"),
        sa.CheckConstraint("quantity > 0", name="ck_allocationpick_quantity"),
        sa.ForeignKeyConstraint(
            ["line_id"],
            ["allocationline.id"],
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"],
            ["lot.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("allocationpick", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_allocationpick_line_id"), ["line_id"], unique=False)

    op.create_table(
        "dispatchline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispatch_id", sa.Integer(), nullable=False),
        sa.Column("pick_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("shipped", sa.BigInteger(), nullable=False),
        sa.Column("accepted", sa.BigInteger(), nullable=True),
        sa.Column("rejected", sa.BigInteger(), nullable=False),
        sa.Column("reject_reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.CheckConstraint(
            "accepted IS NULL OR (accepted >= 0 AND rejected >= 0 AND accepted + rejected = shipped)",
            name="ck_dispatchline_signed",
        ),
        sa.CheckConstraint("shipped > 0", name="ck_dispatchline_shipped"),
        sa.ForeignKeyConstraint(
            ["dispatch_id"],
            ["dispatch.id"],
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["catalogueitem.id"],
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"],
            ["lot.id"],
        ),
        sa.ForeignKeyConstraint(
            ["pick_id"],
            ["allocationpick.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dispatchline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dispatchline_dispatch_id"), ["dispatch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dispatchline_pick_id"), ["pick_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dispatchline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispatchline_pick_id"))
        batch_op.drop_index(batch_op.f("ix_dispatchline_dispatch_id"))

    op.drop_table("dispatchline")
    with op.batch_alter_table("allocationpick", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocationpick_line_id"))

    op.drop_table("allocationpick")
    with op.batch_alter_table("dispatch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispatch_status"))
        batch_op.drop_index(batch_op.f("ix_dispatch_order_id"))

    op.drop_table("dispatch")
    with op.batch_alter_table("allocationline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocationline_request_line_id"))
        batch_op.drop_index(batch_op.f("ix_allocationline_order_id"))

    op.drop_table("allocationline")
    with op.batch_alter_table("stockcountline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stockcountline_count_id"))

    op.drop_table("stockcountline")
    with op.batch_alter_table("requestline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requestline_request_id"))

    op.drop_table("requestline")
    with op.batch_alter_table("receiptline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receiptline_receipt_id"))

    op.drop_table("receiptline")
    with op.batch_alter_table("allocationorder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocationorder_to_site_id"))
        batch_op.drop_index("ix_allocationorder_status")
        batch_op.drop_index(batch_op.f("ix_allocationorder_request_id"))
        batch_op.drop_index(batch_op.f("ix_allocationorder_from_site_id"))

    op.drop_table("allocationorder")
    with op.batch_alter_table("stockentry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stockentry_lot_id"))
        batch_op.drop_index("ix_stockentry_doc")
        batch_op.drop_index("ix_stockentry_card")
        batch_op.drop_index("ix_stockentry_at")

    op.drop_table("stockentry")
    with op.batch_alter_table("stockcount", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stockcount_site_id"))

    op.drop_table("stockcount")
    op.drop_table("stockclose")
    with op.batch_alter_table("stockbalance", schema=None) as batch_op:
        batch_op.drop_index("ix_stockbalance_item_site")

    op.drop_table("stockbalance")
    with op.batch_alter_table("request", schema=None) as batch_op:
        batch_op.drop_index("ix_request_status_priority")
        batch_op.drop_index(batch_op.f("ix_request_site_id"))

    op.drop_table("request")
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receipt_status"))
        batch_op.drop_index(batch_op.f("ix_receipt_site_id"))

    op.drop_table("receipt")
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_site_kind"))
        batch_op.drop_index(batch_op.f("ix_site_district_id"))

    op.drop_table("site")
    with op.batch_alter_table("lot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lot_item_id"))

    op.drop_table("lot")
