"""Requests (需求申报) from hospitals, districts and units: what was asked, what was approved, and
what is still outstanding.

A request's lines say what was asked and what was approved (approved may be less, with a reason);
what was allocated, dispatched and signed for is summed from the allocation lines (models.allocation),
never typed, so an outstanding quantity is never lost: what the receiving side rejects at a signed
delivery is outstanding again (``RequestLine.outstanding`` defines the quantities).
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
