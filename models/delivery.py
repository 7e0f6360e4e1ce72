"""Dispatches (出库单) and their signed delivery (签收单).

A dispatch takes reserved stock out of the warehouse (an OUT entry per lot) and travels with its
carrier; the receiving side counts it together with the carrier and signs: per line accepted +
rejected = shipped, every rejection with a reason. Rejected goods go back to the warehouse into
quarantine (an IN and a HOLD entry). A confirmed signature is final: nothing of the dispatch changes
after it. An order may be dispatched in several parts, each signed on its own.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Column
from sqlmodel import Field

from models.base import Model, Tracked, local_time


class DispatchStatus(StrEnum):
    IN_TRANSIT = "in_transit"
    SIGNED = "signed"


class Dispatch(Tracked, table=True):
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True)  # CK-20200205-001
    order_id: int = Field(foreign_key="allocationorder.id", index=True)
    status: str = Field(default=DispatchStatus.IN_TRANSIT, max_length=16, index=True)
    dispatched_at: datetime = local_time()
    delivered_by: str = Field(max_length=64)  # the carrier or driver
    vehicle: str | None = Field(default=None, max_length=32)
    phone: str | None = Field(default=None, max_length=20)
    signed_at: datetime | None = local_time(default=None)
    received_by: str | None = Field(default=None, max_length=64)
    counted_together: bool = Field(default=False)  # 双方共同清点
    notes: str | None = Field(default=None, max_length=2000)


class DispatchLine(Model, table=True):
    __table_args__ = (
        CheckConstraint("shipped > 0", name="ck_dispatchline_shipped"),
        CheckConstraint("accepted IS NULL OR (accepted >= 0 AND rejected >= 0 AND accepted + rejected = shipped)",
                        name="ck_dispatchline_signed"),
    )
    id: int | None = Field(default=None, primary_key=True)
    dispatch_id: int = Field(foreign_key="dispatch.id", index=True)
    pick_id: int = Field(foreign_key="allocationpick.id", index=True)
    item_id: int = Field(foreign_key="catalogueitem.id")
    lot_id: int = Field(foreign_key="lot.id")
    shipped: int = Field(sa_column=Column(BigInteger, nullable=False))
    accepted: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    rejected: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    reject_reason: str | None = Field(default=None, max_length=200)
