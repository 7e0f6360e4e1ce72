"""Allocation orders (调拨单) that fill the requests (models.requests): their lines and the lots they pick.

What was allocated, dispatched and signed for is summed from the allocation lines, never typed (a
request line's ``outstanding`` defines the quantities). An allocation order reserves stock when it
is issued (its picks name the lots, first expiry first); a verbal order (先行调拨, by phone) is
flagged until its written order arrives, due 48 hours after issue (``models.rules.paper_due``).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Column, Index
from sqlmodel import Field

from models.base import Model, Tracked, local_time


class AllocationStatus(StrEnum):
    ISSUED = "issued"  # stock reserved
    DISPATCHED = "dispatched"  # everything left the warehouse (partly dispatched: see the lines)
    DELIVERED = "delivered"  # every dispatch signed for
    CANCELLED = "cancelled"  # before anything left: reservations released


class AllocationOrder(Tracked, table=True):
    """An allocation order (调拨单): from a warehouse to the requesting site, naming the receiver,
    the place and both sides' contacts. ``verbal`` orders carry ``paper_due`` until ``paper_no``
    (the written order's number) is recorded."""

    __table_args__ = (Index("ix_allocationorder_status", "status", "issued_at"),)
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True)  # DB-20200205-001
    request_id: int = Field(foreign_key="request.id", index=True)
    from_site_id: int = Field(foreign_key="site.id", index=True)
    to_site_id: int = Field(foreign_key="site.id", index=True)
    place: str | None = Field(default=None, max_length=200)  # where to deliver, when not the site's address
    receiver: str = Field(max_length=64)  # the receiving side's contact
    receiver_phone: str = Field(max_length=20)
    sender: str = Field(max_length=64)  # the warehouse side's contact
    sender_phone: str = Field(max_length=20)
    status: str = Field(default=AllocationStatus.ISSUED, max_length=16)
    issued_at: datetime = local_time()
    verbal: bool = Field(default=False)
    paper_due: datetime | None = local_time(default=None)
    paper_no: str | None = Field(default=None, max_length=64)
    paper_at: datetime | None = local_time(default=None)
    reason: str | None = Field(default=None, max_length=500)  # cancelling


class AllocationLine(Model, table=True):
    """A line of an allocation order against a request line; ``dispatched`` is summed from the
    dispatch lines and kept here."""

    __table_args__ = (
        CheckConstraint("quantity > 0", name="ck_allocationline_quantity"),
        CheckConstraint("dispatched >= 0 AND dispatched <= quantity", name="ck_allocationline_dispatched"),
    )
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="allocationorder.id", index=True)
    request_line_id: int = Field(foreign_key="requestline.id", index=True)
    item_id: int = Field(foreign_key="catalogueitem.id")
    quantity: int = Field(sa_column=Column(BigInteger, nullable=False))
    dispatched: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))


class AllocationPick(Model, table=True):
    """The lot an allocation line reserves (first expiry first), and how much of it has left."""

    __table_args__ = (
        CheckConstraint("quantity > 0", name="ck_allocationpick_quantity"),
        CheckConstraint("dispatched >= 0 AND dispatched <= quantity", name="ck_allocationpick_dispatched"),
    )
    id: int | None = Field(default=None, primary_key=True)
    line_id: int = Field(foreign_key="allocationline.id", index=True)
    lot_id: int = Field(foreign_key="lot.id")
    quantity: int = Field(sa_column=Column(BigInteger, nullable=False))
    dispatched: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
