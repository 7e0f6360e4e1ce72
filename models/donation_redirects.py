"""Redirections of directed gifts (models.donations): where the leftovers of one may go instead of its
recipient, with the donor's consent."""

from __future__ import annotations

from sqlmodel import Field

from models.base import Tracked


class DonationRedirect(Tracked, table=True):
    """Leftovers of a directed gift sent elsewhere: the site, and how the donor consented."""

    id: int | None = Field(default=None, primary_key=True)
    donation_id: int = Field(foreign_key="donation.id", index=True)
    to_site_id: int = Field(foreign_key="site.id")
    consent: str = Field(max_length=500)  # the donor's letter, call, message: who, when
