"""Stock counts (盘点): what was found on the shelves against the books.

A count lists, per lot, the quantity the books said when it was taken and the quantity counted; a
line that differs needs a reason, and posting the count appends one ADJ entry per variance.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column
from sqlmodel import Field

from models.base import Model, Tracked, local_time


class StockCount(Tracked, table=True):
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True)  # PD-20200205-001
    site_id: int = Field(foreign_key="site.id", index=True)
    counted_at: datetime = local_time()
    counted_by: str = Field(max_length=64)  # the people who counted, as written
    posted: bool = Field(default=False)
    notes: str | None = Field(default=None, max_length=2000)


class StockCountLine(Model, table=True):
    id: int | None = Field(default=None, primary_key=True)
    count_id: int = Field(foreign_key="stockcount.id", index=True)
    item_id: int = Field(foreign_key="catalogueitem.id")
    lot_id: int = Field(foreign_key="lot.id")
    booked: int = Field(sa_column=Column(BigInteger, nullable=False))
    counted: int = Field(sa_column=Column(BigInteger, nullable=False))
    reason: str | None = Field(default=None, max_length=200)
