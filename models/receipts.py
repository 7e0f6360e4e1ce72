"""Receipts (入库单): goods counted into a warehouse against a voucher.

A receipt is written as a draft and posted: posting appends one IN entry per accepted line (and a
HOLD for a line received into quarantine) and freezes the receipt. Goods without a voucher are
refused (the voucher number is required). Sources: a local maker's output bought up (兜底收储, the
maker names an enterprise of the directory), central allocation (上级下拨), a purchase or a donation
(``source_ref`` names the order or the offer), a return.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Column
from sqlmodel import Field

from models.base import Model, Tracked, local_time


class ReceiptSource(StrEnum):
    LOCAL_MAKER = "local_maker"  # 兜底收储
    CENTRAL = "central"  # 上级下拨
    PURCHASE = "purchase"  # 采购
    DONATION = "donation"  # 捐赠
    OTHER = "other"


class ReceiptStatus(StrEnum):
    DRAFT = "draft"
    POSTED = "posted"
    CANCELLED = "cancelled"


class Receipt(Tracked, table=True):
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True)  # RK-20200205-001
    site_id: int = Field(foreign_key="site.id", index=True)
    source: str = Field(max_length=16)  # ReceiptSource
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id")  # the local maker
    supplier_id: int | None = Field(default=None, foreign_key="supplier.id")
    source_ref: str | None = Field(default=None, max_length=64)  # order / offer / central notice number
    voucher_no: str = Field(max_length=64)  # the delivery note counted against (入库单 / 送货单)
    status: str = Field(default=ReceiptStatus.DRAFT, max_length=16, index=True)
    received_at: datetime | None = local_time(default=None)
    delivered_by: str | None = Field(default=None, max_length=64)
    received_by: str | None = Field(default=None, max_length=64)
    notes: str | None = Field(default=None, max_length=2000)
    posted_at: datetime | None = local_time(default=None)
    posted_by: str | None = Field(default=None, max_length=64)


class ReceiptLine(Model, table=True):
    """A line of a receipt: what the voucher says came (``expected``), what was accepted and what
    was refused (with a reason); ``quarantine`` receives the accepted quantity on hold."""

    __table_args__ = (
        CheckConstraint("accepted >= 0 AND rejected >= 0", name="ck_receiptline_quantities"),
    )
    id: int | None = Field(default=None, primary_key=True)
    receipt_id: int = Field(foreign_key="receipt.id", index=True)
    item_id: int = Field(foreign_key="catalogueitem.id")
    lot_code: str = Field(max_length=64)
    expiry: date | None = Field(default=None)
    maker_name: str | None = Field(default=None, max_length=200)
    grade: str | None = Field(default=None, max_length=32)
    expected: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    accepted: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    rejected: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    reject_reason: str | None = Field(default=None, max_length=200)
    quarantine: bool = Field(default=False)
    lot_id: int | None = Field(default=None, foreign_key="lot.id")  # set when posted
