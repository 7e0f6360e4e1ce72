"""Donation offers (捐赠登记): registering the donor's offer, sending it to vetting, declining it.

An offer names the donor (anonymous allowed: no name is kept), the channel, and for a directed gift
(定向捐赠) the recipient site, with the original addressee of a parcel sent to a person. Its lines say
what was offered, with spec, standard and declared value; the standard's grade is read at once
(``donation_vetting.grade_of``), so the vetting and the lot that comes in carry it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from models import clock, validation
from models.donations import Donation, DonationChannel, DonationLine, DonationStatus, DonorKind
from models.errors import TransitionError, ValidationError
from models.reference import CatalogueItem
from models.services.common import (
    Actor,
    check_version,
    get_for_update,
    require_coordinator,
    row_id,
    update_row,
    write_transaction,
)
from models.services.documents import insert_numbered, positive_quantity
from models.services.donation_vetting import grade_of
from models.services.numbering import DONATION
from models.sites import Site, SiteKind


@dataclass(frozen=True)
class DonationLineIn:
    item_id: int
    offered: int
    spec: str | None = None
    standard: str | None = None
    declared_value: float | None = None


def register_donation(
    session: Session, *, actor: Actor, donor_kind: str, channel: str, lines: Sequence[DonationLineIn],
    donor_name: str | None = None, anonymous: bool = False, donor_contact: str | None = None,
    directed: bool = False, recipient_site_id: int | None = None, addressee: str | None = None,
    documents: str | None = None, notes: str | None = None, at: datetime | None = None,
) -> int:
    """Record an offer (JZ-…) with its lines, OFFERED; its id."""
    require_coordinator(actor)
    at = at or clock.now()
    if donor_kind not in set(DonorKind):
        raise ValidationError("donor_kind", "Unknown kind of donor: {kind}", kind=donor_kind)
    if channel not in set(DonationChannel):
        raise ValidationError("channel", "Unknown channel: {channel}", channel=channel)
    name = None if anonymous else validation.text(donor_name, field="donor_name", required=True, max_len=200)
    if not lines:
        raise ValidationError("lines", "An offer needs at least one line")
    with write_transaction(session):
        if directed:
            site = session.get(Site, recipient_site_id) if recipient_site_id is not None else None
            if site is None or site.archived or site.kind == SiteKind.WAREHOUSE:
                raise ValidationError("recipient_site_id", "A directed gift names the hospital or unit it is for")
        rows = [_line(session, number, line) for number, line in enumerate(lines, start=1)]
        donation = Donation(
            number="", donor_kind=donor_kind, donor_name=name, anonymous=anonymous,
            donor_contact=validation.text(donor_contact, field="donor_contact", max_len=200), channel=channel,
            directed=directed, recipient_site_id=recipient_site_id if directed else None,
            addressee=validation.text(addressee, field="addressee", max_len=200),
            documents=validation.text(documents, field="documents", max_len=500),
            status=DonationStatus.OFFERED.value, offered_at=at,
            notes=validation.text(notes, field="notes", max_len=2000))
        insert_numbered(session, donation, actor=actor, at=at, prefix=DONATION)
        for row in rows:
            row.donation_id = row_id(donation)
            session.add(row)
        session.flush()
        return row_id(donation)


def _line(session: Session, number: int, line: DonationLineIn) -> DonationLine:
    if session.get(CatalogueItem, line.item_id) is None:
        raise ValidationError("lines", "Line {line}: no such catalogue item", line=number)
    offered = positive_quantity(line.offered, field="lines")
    if line.declared_value is not None and line.declared_value < 0:
        raise ValidationError("lines", "Line {line}: the declared value cannot be negative", line=number)
    standard = validation.text(line.standard, field="lines", max_len=64)
    return DonationLine(donation_id=0, item_id=line.item_id, spec=validation.text(line.spec, field="lines"),
                        standard=standard, grade=grade_of(standard), offered=offered,
                        declared_value=line.declared_value)


def start_vetting(session: Session, *, actor: Actor, donation_id: int, version: int,
                  at: datetime | None = None) -> None:
    """OFFERED → VETTING: the papers and the goods' standard are being checked."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        donation = get_for_update(session, Donation, donation_id)
        check_version(donation, version)
        if donation.status != DonationStatus.OFFERED:
            raise TransitionError("Only an offer not yet vetted goes to vetting")
        update_row(session, donation, {"status": DonationStatus.VETTING.value}, actor=actor, at=at, action="vet")


def decline_donation(session: Session, *, actor: Actor, donation_id: int, version: int, reason: str,
                     at: datetime | None = None) -> None:
    """Decline an offer not yet accepted, with the reason."""
    require_coordinator(actor)
    at = at or clock.now()
    text = validation.text(reason, field="reason", required=True, max_len=500)
    with write_transaction(session):
        donation = get_for_update(session, Donation, donation_id)
        check_version(donation, version)
        if donation.status not in (DonationStatus.OFFERED, DonationStatus.VETTING):
            raise TransitionError("Only an offer not yet decided can be declined")
        update_row(session, donation, {"status": DonationStatus.DECLINED.value, "reason": text, "vetted_at": at},
                   actor=actor, at=at, action="decline")

