"""Corrections (更正) of published donation rows (models.donations.PublicationRow): a published row
is never changed, a correction is its own record, published in the next batch."""

from __future__ import annotations

from sqlmodel import Field

from models.base import Tracked


class PublicationCorrection(Tracked, table=True):
    """A correction (更正) of a published row: what it said, what it should say, why; published in
    the batch after it was recorded (``batch_id`` None until then)."""

    id: int | None = Field(default=None, primary_key=True)
    row_id: int = Field(foreign_key="publicationrow.id", index=True)
    field: str = Field(max_length=32)
    old_value: str = Field(max_length=500)
    new_value: str = Field(max_length=500)
    reason: str = Field(max_length=500)
    batch_id: int | None = Field(default=None, foreign_key="publicationbatch.id", index=True)
