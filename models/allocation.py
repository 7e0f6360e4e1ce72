"""Requests (需求申报) from hospitals, districts and units, and allocation orders (调拨单) that fill them.

A request's lines say what was asked and what was approved (approved may be less, with a reason);
what was allocated, dispatched and signed for is summed from the allocation lines, never typed, so
an outstanding quantity is never lost: what the receiving side rejects at a signed delivery is
outstanding again (``RequestLine.outstanding`` defines the quantities). An allocation order
reserves stock when it is issued (its picks name the lots, first expiry first); a verbal order
(先行调拨, by phone) is flagged until its written order arrives, due 48 hours after issue
(``models.rules.paper_due``).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Column, Index
from sqlmodel import Field

from models.base import Model, Tracked, local_time


class Priority(StrEnum):
    ROUTINE = "routine"
    URGENT = "urgent"
    EMERGENCY = "emergency"


#: priorities, most pressing first (lists order by this rank)
PRIORITY_RANK = {Priority.EMERGENCY: 3, Priority.URGENT: 2, Priority.ROUTINE: 1}


class RequestStatus(StrEnum):
    SUBMITTED = "submitted"  # waiting for approval
    APPROVED = "approved"  # approved, not yet (fully) allocated
    FILLED = "filled"  # every approved quantity allocated
    CLOSED = "closed"  # closed with what was given (reason)
    REJECTED = "rejected"


class Request(Tracked, table=True):
    __table_args__ = (Index("ix_request_status_priority", "status", "priority", "requested_at"),)
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True)  # XQ-20200205-001
    site_id: int = Field(foreign_key="site.id", index=True)  # who asks (hospital, district, unit)
    priority: str = Field(default=Priority.ROUTINE, max_length=16)
    need_by: date | None = Field(default=None)
    requested_at: datetime = local_time()
    contact_person: str | None = Field(default=None, max_length=64)
    phone: str | None = Field(default=None, max_length=20)
    status: str = Field(default=RequestStatus.SUBMITTED, max_length=16)
    verbal: bool = Field(default=False)  # taken by phone for a fast-path allocation
    reason: str | None = Field(default=None, max_length=500)  # closing or rejecting
    notes: str | None = Field(default=None, max_length=2000)


class RequestLine(Model, table=True):
    __table_args__ = (
        CheckConstraint("requested > 0", name="ck_requestline_requested"),
        CheckConstraint("approved IS NULL OR (approved >= 0 AND approved <= requested)",
                        name="ck_requestline_approved"),
        CheckConstraint("allocated >= 0 AND (approved IS NULL OR allocated <= approved)",
                        name="ck_requestline_allocated"),
    )
    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    item_id: int = Field(foreign_key="catalogueitem.id")
    spec: str | None = Field(default=None, max_length=200)
    requested: int = Field(sa_column=Column(BigInteger, nullable=False))
    approved: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    approve_reason: str | None = Field(default=None, max_length=200)  # when approved < requested
    #: net allocated: the allocation lines of live orders less what was rejected at their signed
    #: delivery, kept by the commands (lists read it, never sum); see ``RequestLine.outstanding``
    allocated: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))

    @property
    def outstanding(self) -> int:
        """What is still to allocate on this line. The quantities of a line and its documents:

        - ``requested`` > 0, what the site asked; ``approved`` ≤ requested (None until approved);
        - gross allocated = Σ quantity of its allocation lines on live (not cancelled) orders;
        - shipped = Σ shipped of their dispatch lines ≤ gross allocated (per allocation line too);
        - per signed dispatch line accepted + rejected = shipped; rejected = Σ rejected of them;
        - ``allocated`` (kept) = gross allocated − rejected ≤ approved;
        - outstanding = approved − allocated = approved − (gross allocated − rejected) ≥ 0.

        So a quantity rejected at the signed delivery is outstanding again (the request goes back
        to APPROVED and can be allocated anew); nothing approved is ever lost."""
        return (self.approved or 0) - self.allocated


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
