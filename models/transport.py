"""Consignments (运输批次) and their legs (运输段): how ordered goods travel into a warehouse.

A consignment carries lines of one or more purchase orders; its journey is a row of legs (by air
to Chongqing, then by road through a green channel to the warehouse), each with its carrier,
waybill, plate or flight, driver, green pass, planned and actual departure, ETA and arrival, and
what was loaded and damaged on it. The consignment's status is derived, never typed: planned until
a leg departs, in transit until goods are counted in, partially received, received once the last
part is counted (``finished``). Goods are in transit while their consignment left and is not received.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, UniqueConstraint
from sqlmodel import Field

from models.base import Model, Tracked, local_time


class Mode(StrEnum):
    AIR = "air"
    ROAD = "road"
    RAIL = "rail"
    SEA = "sea"


class ConsignmentStatus(StrEnum):
    PLANNED = "planned"
    IN_TRANSIT = "in_transit"
    PARTIAL = "partial"  # partly counted in
    RECEIVED = "received"


#: statuses of consignments on the way (left, not yet all counted in)
ON_THE_WAY = (ConsignmentStatus.IN_TRANSIT.value, ConsignmentStatus.PARTIAL.value)


class Consignment(Tracked, table=True):
    __table_args__ = (Index("ix_consignment_status_eta", "status", "eta"),)
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True)  # YS-20200205-001
    site_id: int = Field(foreign_key="site.id", index=True)  # the destination warehouse
    status: str = Field(default=ConsignmentStatus.PLANNED, max_length=16)  # derived
    departed_at: datetime | None = local_time(default=None)  # the first leg's departure
    eta: datetime | None = local_time(default=None)  # the last leg's ETA
    arrived_at: datetime | None = local_time(default=None)  # the last leg's arrival
    finished: bool = Field(default=False)  # the last part counted in: what is missing is lost
    received_at: datetime | None = local_time(default=None)
    notes: str | None = Field(default=None, max_length=2000)


class ConsignmentLine(Model, table=True):
    """Goods of one order line on a consignment: loaded, and counted in (accepted, rejected)."""

    __table_args__ = (
        CheckConstraint("quantity > 0", name="ck_consignmentline_quantity"),
        CheckConstraint("accepted >= 0 AND rejected >= 0 AND accepted + rejected <= quantity",
                        name="ck_consignmentline_counted"),
    )
    id: int | None = Field(default=None, primary_key=True)
    consignment_id: int = Field(foreign_key="consignment.id", index=True)
    order_line_id: int = Field(foreign_key="purchaseline.id", index=True)
    item_id: int = Field(foreign_key="catalogueitem.id", index=True)
    quantity: int = Field(sa_column=Column(BigInteger, nullable=False))
    accepted: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    rejected: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))


class Leg(Tracked, table=True):
    __table_args__ = (
        UniqueConstraint("consignment_id", "seq", name="uq_leg_consignment_seq"),
        CheckConstraint("loaded >= 0 AND damaged >= 0", name="ck_leg_quantities"),
    )
    id: int | None = Field(default=None, primary_key=True)
    consignment_id: int = Field(foreign_key="consignment.id", index=True)
    seq: int
    mode: str = Field(max_length=8)  # Mode
    origin: str | None = Field(default=None, max_length=64)
    destination: str | None = Field(default=None, max_length=64)
    carrier: str | None = Field(default=None, max_length=200)
    waybill: str | None = Field(default=None, max_length=64)  # waybill or air waybill
    vehicle: str | None = Field(default=None, max_length=32)  # plate or flight
    driver: str | None = Field(default=None, max_length=64)
    driver_phone: str | None = Field(default=None, max_length=20)
    green_pass: str | None = Field(default=None, max_length=64)
    planned_departure: datetime | None = local_time(default=None)
    departed_at: datetime | None = local_time(default=None)
    eta: datetime | None = local_time(default=None)
    arrived_at: datetime | None = local_time(default=None)
    loaded: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    damaged: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
