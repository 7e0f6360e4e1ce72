"""Lots (批次): what a catalogue item came in as, with its code, expiry, maker and grade, and the
donation line that gave it.

The stock ledger and balances kept per lot are in models.stock; the donations' figures read lots
without them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from models.base import Model, local_time


class Lot(Model, table=True):
    """A lot (批次) of a catalogue item: its code, expiry, maker and grade.

    ``maker_id`` names the maker when it is in the directory (a local maker's output bought up);
    ``maker_name`` is the maker as written on the goods otherwise. ``grade`` is the lot's own (a
    KN95 lot of a "N95" item is non-medical): the allocation's grade rule reads the lot, not the item.
    """

    __table_args__ = (UniqueConstraint("item_id", "code", name="uq_lot_item_code"),)
    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="catalogueitem.id", index=True)
    code: str = Field(max_length=64)
    expiry: date | None = Field(default=None)
    maker_id: int | None = Field(default=None, foreign_key="enterprise.id")
    maker_name: str | None = Field(default=None, max_length=200)
    grade: str | None = Field(default=None, max_length=32)  # models.reference.GRADES
    #: the donation line the lot was given by (models.donations): its direction binds the allocation
    donation_line_id: int | None = Field(default=None, foreign_key="donationline.id", index=True)
    created_at: datetime = local_time()
    created_by: str = Field(max_length=64)
