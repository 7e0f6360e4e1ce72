"""Donations (捐赠): the donor's offer, its vetting, where its goods may go, and what is published.

An offer (捐赠登记, JZ-…) names the donor (an enterprise, a person, an overseas donor, an association;
anonymous allowed), the channel it came through, and whether it is directed (定向) to a named
recipient site (with the original addressee of a parcel sent to a person). Its lines say what was
offered, with spec and standard, and what was accepted after vetting (the standard's grade checked
against the catalogue's). OFFERED → VETTING → ACCEPTED or DECLINED (with the reason).

Goods come in through the stock's receipts (source ``donation``, ``source_ref`` the offer's number);
the lot keeps the donation line it came from (``Lot.donation_line_id``), so a lot of a directed gift
is allocated only to its recipient, or to a site a redirection names with the donor's consent
(models.donation_redirects).

Publication (公示, GS-…) turns what was received and what was signed for into numbered rows, never
changed once published; a correction (更正) is its own record (models.publication_corrections),
published in the next batch. A donor gets one numbered certificate (ZS-…) per donation.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field

from models.base import Model, Tracked, local_time


class DonorKind(StrEnum):
    ENTERPRISE = "enterprise"
    PERSON = "person"
    OVERSEAS = "overseas"
    ASSOCIATION = "association"


class DonationChannel(StrEnum):
    RED_CROSS = "red_cross"  # 市红十字会
    CHARITY = "charity"  # 慈善总会
    DIRECT = "direct"  # directly to the group


class DonationStatus(StrEnum):
    OFFERED = "offered"
    VETTING = "vetting"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Donation(Tracked, table=True):
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True)  # JZ-20200205-001
    donor_kind: str = Field(max_length=16)  # DonorKind
    donor_name: str | None = Field(default=None, max_length=200)  # None when anonymous
    anonymous: bool = Field(default=False)
    donor_contact: str | None = Field(default=None, max_length=200)
    channel: str = Field(max_length=16)  # DonationChannel
    directed: bool = Field(default=False)
    recipient_site_id: int | None = Field(default=None, foreign_key="site.id", index=True)
    addressee: str | None = Field(default=None, max_length=200)  # the person a parcel was addressed to
    documents: str | None = Field(default=None, max_length=500)  # registration, CE/FDA, test reports
    status: str = Field(default=DonationStatus.OFFERED, max_length=16, index=True)
    offered_at: datetime = local_time()
    vetted_at: datetime | None = local_time(default=None)
    reason: str | None = Field(default=None, max_length=500)  # declining
    notes: str | None = Field(default=None, max_length=2000)


class DonationLine(Model, table=True):
    """A line of an offer: ``accepted`` is set by the vetting (0 with ``refusal`` when refused)."""

    __table_args__ = (
        CheckConstraint("offered > 0", name="ck_donationline_offered"),
        CheckConstraint("accepted IS NULL OR (accepted >= 0 AND accepted <= offered)", name="ck_donationline_accepted"),
    )
    id: int | None = Field(default=None, primary_key=True)
    donation_id: int = Field(foreign_key="donation.id", index=True)
    item_id: int = Field(foreign_key="catalogueitem.id")
    spec: str | None = Field(default=None, max_length=200)
    standard: str | None = Field(default=None, max_length=64)  # GB 19083, GB 2626 (KN95), EN 149…
    grade: str | None = Field(default=None, max_length=32)  # read from the standard (models.reference.GRADES)
    offered: int = Field(sa_column=Column(BigInteger, nullable=False))
    accepted: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    declared_value: float | None = Field(default=None)  # yuan
    refusal: str | None = Field(default=None, max_length=500)


class PublicationBatch(Tracked, table=True):
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True)  # GS-20200205-001
    published_at: datetime = local_time()


class PublicationRow(Model, table=True):
    """A published row, as published: the text is copied, never read again from its sources.

    ``source_kind`` is ``receipt`` (a receipt line of donated goods) or ``delivery`` (a signed
    dispatch line of them); each source is published once."""

    __table_args__ = (
        UniqueConstraint("source_kind", "source_id", name="uq_publicationrow_source"),
        UniqueConstraint("batch_id", "row_no", name="uq_publicationrow_batch_row"),
    )
    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="publicationbatch.id", index=True)
    row_no: int
    source_kind: str = Field(max_length=16)
    source_id: int
    donation_id: int = Field(foreign_key="donation.id", index=True)
    donor: str = Field(max_length=200)
    item: str = Field(max_length=200)
    spec: str = Field(default="", max_length=200)
    quantity: int = Field(sa_column=Column(BigInteger, nullable=False))
    received_on: date
    directed: bool = Field(default=False)
    recipients: str = Field(default="", max_length=500)


class DonationCertificate(Tracked, table=True):
    """The donor's certificate (捐赠证书), one per donation."""

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True)  # ZS-20200205-001
    donation_id: int = Field(foreign_key="donation.id", unique=True)
    issued_at: datetime = local_time()
