"""Purchase orders (采购订单): goods bought out of the city, abroad or from local makers.

The procurement group finds a supplier for a severely short item; a reserve unit (重药集团, 桐君阁)
signs and pays; the goods travel on consignments (``models.transport``) into a reserve warehouse.
An order's ``stage`` is what people decide (draft, submitted, approved, confirmed, closed,
short-closed, cancelled); its ``status`` is derived from the stage and the line sums (shipped,
accepted, rejected, kept with the consignment lines in the same transaction), never typed: a
confirmed order with something accepted is partially received, with everything accepted received.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Column, Index
from sqlmodel import Field

from models.base import Model, Tracked, local_time


class Channel(StrEnum):
    OUT_OF_CITY = "out_of_city"  # 市外
    OVERSEAS = "overseas"  # 境外
    LOCAL_BUYUP = "local_buyup"  # 兜底收储


class Customs(StrEnum):
    NONE = "none"  # not an import
    PENDING = "pending"  # 待清关
    CLEARED = "cleared"  # 已清关


class OrderStage(StrEnum):
    """What people decide about an order (the status adds what the goods did)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    CONFIRMED = "confirmed"  # the supplier confirmed: the goods may ship
    CLOSED = "closed"  # everything received, the order closed
    SHORT_CLOSED = "short_closed"  # closed with less than ordered (reason)
    CANCELLED = "cancelled"  # before anything shipped (reason)


class OrderStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    CONFIRMED = "confirmed"
    PARTIAL = "partial"  # partially received
    RECEIVED = "received"  # everything ordered accepted
    CLOSED = "closed"
    SHORT_CLOSED = "short_closed"
    CANCELLED = "cancelled"


#: statuses of orders still expecting goods
OPEN_STATUSES = (OrderStatus.SUBMITTED.value, OrderStatus.APPROVED.value, OrderStatus.CONFIRMED.value,
                 OrderStatus.PARTIAL.value)


class PurchaseOrder(Tracked, table=True):
    """Catalogue items go to a reserve warehouse (``site_id``); raw material goes to the maker short
    of it (``enterprise_id``): exactly one of the two."""

    __table_args__ = (
        Index("ix_purchaseorder_status_need_by", "status", "need_by"),
        CheckConstraint("(site_id IS NOT NULL AND enterprise_id IS NULL) OR (site_id IS NULL AND enterprise_id IS NOT "
                        "NULL)", name="ck_purchaseorder_destination"),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True)  # CG-20200205-001
    channel: str = Field(max_length=16)  # Channel
    supplier_id: int = Field(foreign_key="supplier.id", index=True)
    #: the reserve unit that signs and pays (重药集团, 桐君阁)
    reserve_unit_id: int | None = Field(default=None, foreign_key="supplier.id")
    found_by_id: int | None = Field(default=None, foreign_key="cadre.id")  # the cadre who found the supplier
    site_id: int | None = Field(default=None, foreign_key="site.id", index=True)  # the destination warehouse
    #: the maker the raw material goes to (an order of raw material for a shortage)
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id", index=True)
    need_by: date | None = Field(default=None)
    urgent: bool = Field(default=False)
    contract_no: str | None = Field(default=None, max_length=64)
    contract_date: date | None = Field(default=None)
    currency: str = Field(default="CNY", max_length=3)
    rate: float | None = Field(default=None)  # yuan per unit of the currency (overseas orders)
    customs: str = Field(default=Customs.NONE, max_length=16)
    stage: str = Field(default=OrderStage.DRAFT, max_length=16)
    status: str = Field(default=OrderStatus.DRAFT, max_length=16)  # derived: see models.services.purchase_orders
    confirmed_at: datetime | None = local_time(default=None)
    closed_at: datetime | None = local_time(default=None)
    reason: str | None = Field(default=None, max_length=500)  # short-closing or cancelling
    follows_id: int | None = Field(default=None, foreign_key="purchaseorder.id")  # the order it follows up
    shortage_id: int | None = Field(default=None, foreign_key="shortage.id")  # the shortage it answers
    notes: str | None = Field(default=None, max_length=2000)


class PurchaseLine(Model, table=True):
    """A line of an order: a catalogue item or a raw material (exactly one), in ``unit``.

    A catalogue item's ``shipped``, ``accepted`` and ``rejected`` are the sums of its consignment
    lines (shipped: on consignments that left), kept with them. A raw material goes to the maker,
    not into a warehouse's books: each delivery is recorded on the line itself (accepted and
    rejected added, shipped the sum of both). ``over_reason`` says why more than ordered was taken in."""

    __table_args__ = (
        CheckConstraint("quantity > 0", name="ck_purchaseline_quantity"),
        CheckConstraint("cancelled >= 0 AND cancelled <= quantity", name="ck_purchaseline_cancelled"),
        CheckConstraint("shipped >= 0 AND accepted >= 0 AND rejected >= 0", name="ck_purchaseline_sums"),
        CheckConstraint("accepted + rejected <= shipped", name="ck_purchaseline_received"),
        CheckConstraint("(item_id IS NOT NULL AND material_id IS NULL) OR (item_id IS NULL AND material_id IS NOT "
                        "NULL)", name="ck_purchaseline_goods"),
    )
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="purchaseorder.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="catalogueitem.id", index=True)
    material_id: int | None = Field(default=None, foreign_key="material.id", index=True)
    unit: str | None = Field(default=None, max_length=16)  # the item's or material's unit when ordered
    spec: str | None = Field(default=None, max_length=200)
    quantity: int = Field(sa_column=Column(BigInteger, nullable=False))
    unit_price_cents: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    cancelled: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    shipped: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    accepted: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    rejected: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    over_reason: str | None = Field(default=None, max_length=200)
