"""The donations screen's read models: the offers (paged), one offer in full, and the publication
batches with their rows and corrections.

A row's figures are derived, never typed: offered and accepted from the lines, received from the
posted receipts of the lots the lines gave (``donation_receipts.received``), certificates from their
table. The text filter matches the offer's number and the donor's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlmodel import Session, col

from models.donation_redirects import DonationRedirect
from models.donations import Donation, DonationCertificate, DonationLine, PublicationBatch, PublicationRow
from models.errors import NotFoundError
from models.publication_corrections import PublicationCorrection
from models.reference import CatalogueItem
from models.search import like_pattern, query_terms
from models.services.donation_receipts import received
from models.services.paging import Page, PageRequest
from models.sites import Site


@dataclass(frozen=True)
class DonationRow:
    id: int
    number: str
    donor: str  # "" when anonymous
    donor_kind: str
    channel: str
    directed: bool
    recipient: str
    recipient_en: str
    status: str
    offered: int
    accepted: int
    received: int
    certificate: str | None


@dataclass(frozen=True)
class LineDetail:
    id: int
    item_id: int
    item: str
    item_en: str
    unit: str
    spec: str
    standard: str
    grade: str | None
    item_grade: str | None
    offered: int
    accepted: int | None
    received: int
    declared_value: float | None
    refusal: str | None


@dataclass(frozen=True)
class DonationDetail:
    row: DonationRow
    version: int
    donor_contact: str
    addressee: str
    documents: str
    recipient_site_id: int | None
    offered_at: datetime
    reason: str | None
    lines: tuple[LineDetail, ...]
    redirects: tuple[tuple[str, str, str], ...]  # site name, English name, consent


def _where(request: PageRequest) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    for term in query_terms(request.query):
        pattern = like_pattern(term)
        where.append(or_(func.lower(Donation.number).like(pattern, escape="\\"),
                         func.lower(func.coalesce(Donation.donor_name, "")).like(pattern, escape="\\")))
    return where


def count_donations(session: Session, *, request: PageRequest) -> int:
    return int(session.execute(select(func.count()).select_from(Donation).where(*_where(request))).scalar_one())


def list_donations(session: Session, *, request: PageRequest) -> Page[DonationRow]:
    """The newest offer first."""
    ids = list(session.execute(select(Donation.id).where(*_where(request))
                               .order_by(col(Donation.offered_at).desc(), col(Donation.id).desc())
                               .offset(request.offset).limit(request.limit)).scalars())
    return Page(rows=_rows(session, ids), offset=request.offset)


def _rows(session: Session, ids: list[int]) -> list[DonationRow]:
    if not ids:
        return []
    heads = {d.id: (d, site) for d, site in session.execute(
        select(Donation, Site).outerjoin(Site, col(Site.id) == Donation.recipient_site_id)
        .where(col(Donation.id).in_(ids))).all()}
    lines = session.execute(select(DonationLine.id, DonationLine.donation_id, DonationLine.offered,
                                   DonationLine.accepted).where(col(DonationLine.donation_id).in_(ids))).all()
    got = received(session, [line[0] for line in lines])
    certificates = dict(session.execute(select(DonationCertificate.donation_id, DonationCertificate.number)
                                        .where(col(DonationCertificate.donation_id).in_(ids))).all())
    result = []
    for id_ in ids:
        donation, site = heads[id_]
        mine = [line for line in lines if line[1] == id_]
        result.append(DonationRow(
            id=id_, number=donation.number, donor=donation.donor_name or "", donor_kind=donation.donor_kind,
            channel=donation.channel, directed=donation.directed, recipient=site.name if site else "",
            recipient_en=site.name_en if site else "", status=donation.status,
            offered=sum(line[2] for line in mine), accepted=sum(line[3] or 0 for line in mine),
            received=sum(got.get(line[0], 0) for line in mine), certificate=certificates.get(id_)))
    return result


def donation_detail(session: Session, *, donation_id: int) -> DonationDetail:
    donation = session.get(Donation, donation_id)
    if donation is None:
        raise NotFoundError("No {table} with id {id}", table="donation", id=donation_id)
    (row,) = _rows(session, [donation_id])
    lines = session.execute(select(DonationLine, CatalogueItem)
                            .join(CatalogueItem, col(CatalogueItem.id) == DonationLine.item_id)
                            .where(DonationLine.donation_id == donation_id).order_by(col(DonationLine.id))).all()
    got = received(session, [line.id for line, _ in lines if line.id is not None])
    redirects = session.execute(select(Site.name, Site.name_en, DonationRedirect.consent)
                                .join(Site, col(Site.id) == DonationRedirect.to_site_id)
                                .where(DonationRedirect.donation_id == donation_id)
                                .order_by(col(DonationRedirect.id))).all()
    return DonationDetail(
        row=row, version=donation.version, donor_contact=donation.donor_contact or "",
        addressee=donation.addressee or "", documents=donation.documents or "",
        recipient_site_id=donation.recipient_site_id, offered_at=donation.offered_at, reason=donation.reason,
        lines=tuple(LineDetail(
            id=line.id or 0, item_id=line.item_id, item=item.name, item_en=item.name_en, unit=item.unit,
            spec=line.spec or "", standard=line.standard or "", grade=line.grade, item_grade=item.grade,
            offered=line.offered, accepted=line.accepted, received=got.get(line.id or 0, 0),
            declared_value=line.declared_value, refusal=line.refusal) for line, item in lines),
        redirects=tuple((name, en, consent) for name, en, consent in redirects))


# ---- publication --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchRow:
    id: int
    number: str
    published_at: datetime
    rows: int
    corrections: int


@dataclass(frozen=True)
class PublishedRow:
    id: int
    row_no: int
    donor: str
    item: str
    spec: str
    quantity: int
    received_on: date
    directed: bool
    recipients: str


@dataclass(frozen=True)
class CorrectionRow:
    batch_number: str  # the batch the corrected row was published in
    row_no: int
    field: str
    old_value: str
    new_value: str
    reason: str


@dataclass(frozen=True)
class BatchDetail:
    batch: BatchRow
    rows: tuple[PublishedRow, ...]
    corrections: tuple[CorrectionRow, ...]


def count_batches(session: Session, *, request: PageRequest) -> int:
    return int(session.execute(select(func.count()).select_from(PublicationBatch)).scalar_one())


def list_batches(session: Session, *, request: PageRequest) -> Page[BatchRow]:
    """The newest batch first."""
    batches = session.execute(select(PublicationBatch).order_by(col(PublicationBatch.id).desc())
                              .offset(request.offset).limit(request.limit)).scalars().all()
    ids = [b.id for b in batches]
    rows = dict(session.execute(select(PublicationRow.batch_id, func.count()).where(
        col(PublicationRow.batch_id).in_(ids)).group_by(PublicationRow.batch_id)).all())
    fixes = dict(session.execute(select(PublicationCorrection.batch_id, func.count()).where(
        col(PublicationCorrection.batch_id).in_(ids)).group_by(PublicationCorrection.batch_id)).all())
    return Page(rows=[BatchRow(id=b.id or 0, number=b.number, published_at=b.published_at, rows=int(rows.get(b.id, 0)),
                               corrections=int(fixes.get(b.id, 0))) for b in batches], offset=request.offset)


def batch_detail(session: Session, *, batch_id: int) -> BatchDetail:
    batch = session.get(PublicationBatch, batch_id)
    if batch is None:
        raise NotFoundError("No {table} with id {id}", table="publicationbatch", id=batch_id)
    rows = session.execute(select(PublicationRow).where(PublicationRow.batch_id == batch_id)
                           .order_by(col(PublicationRow.row_no))).scalars().all()
    corrected = session.execute(
        select(PublicationCorrection, PublicationRow.row_no, PublicationBatch.number)
        .join(PublicationRow, col(PublicationRow.id) == PublicationCorrection.row_id)
        .join(PublicationBatch, col(PublicationBatch.id) == PublicationRow.batch_id)
        .where(PublicationCorrection.batch_id == batch_id).order_by(col(PublicationCorrection.id))).all()
    return BatchDetail(
        batch=BatchRow(id=batch_id, number=batch.number, published_at=batch.published_at, rows=len(rows),
                       corrections=len(corrected)),
        rows=tuple(PublishedRow(id=r.id or 0, row_no=r.row_no, donor=r.donor, item=r.item, spec=r.spec,
                                quantity=r.quantity, received_on=r.received_on, directed=r.directed,
                                recipients=r.recipients) for r in rows),
        corrections=tuple(CorrectionRow(batch_number=number, row_no=row_no, field=c.field, old_value=c.old_value,
                                        new_value=c.new_value, reason=c.reason) for c, row_no, number in corrected))
