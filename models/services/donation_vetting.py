"""Vetting a donation (审核): the standard each line is made to, against the catalogue's grade.

A line's grade is read from its standard (GB 19083 medical protective, YY 0469 surgical, GB 2626
"KN95" non-medical…). For the items that carry a protection grade (masks, suits: the grade rule of
``models.services.picking``) a line below the catalogue item's grade is refused: the KN95 masks of
2020 listed as N95 for the front line are the case. A directed gift to a designated hospital must
also pass the front-line rule itself (``models.rules.grade_allowed``). A line that passes is
accepted as offered, or less; the offer is ACCEPTED when something is, DECLINED otherwise.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from models import clock
from models.donations import Donation, DonationLine, DonationStatus
from models.errors import TransitionError, ValidationError
from models.reference import GRADES, CatalogueItem
from models.rules import grade_allowed
from models.services.common import (
    Actor,
    audit,
    check_version,
    get_for_update,
    require_coordinator,
    update_row,
    write_transaction,
)
from models.services.documents import whole_quantity
from models.services.picking import grade_rule_applies
from models.sites import Site

#: a standard's mark (spaces and case ignored) -> the grade goods made to it have
STANDARD_GRADES: tuple[tuple[str, str], ...] = (
    ("GB19083", "medical_protective"),  # 医用防护口罩 (N95 class)
    ("GB19082", "medical_protective"),  # 医用一次性防护服
    ("EN14126", "medical_protective"),  # protective clothing against infective agents
    ("YY0469", "surgical"),  # 医用外科口罩
    ("EN14683", "surgical"),
    ("ASTMF2100", "surgical"),
    ("YY/T0969", "general"),  # 一次性使用医用口罩
    ("GB10213", "general"),
    ("GB2626", "non_medical"),  # KN95: a respirator for work, not for the medical front line
    ("KN95", "non_medical"),
    ("EN149", "non_medical"),  # FFP2/FFP3
    ("NIOSH", "non_medical"),
)


def grade_of(standard: str | None) -> str | None:
    """The grade of goods made to ``standard``, None when the standard is not known."""
    mark = "".join((standard or "").split()).upper()
    for key, grade in STANDARD_GRADES:
        if key in mark:
            return grade
    return None


def below(grade: str | None, required: str | None) -> bool:
    """Whether ``grade`` falls short of ``required`` (an unknown grade falls short of any)."""
    if required is None:
        return False
    return grade is None or GRADES.index(grade) > GRADES.index(required)


#: why a line is refused (kept on the line; screens say it in their language with the line's figures)
BELOW_GRADE, FRONT_LINE = "below_grade", "front_line"
#: the reason of an offer declined because the vetting refused every line
REFUSED_BY_VETTING = "vetting"


def line_refusal(line: DonationLine, item: CatalogueItem, *, designated: bool) -> str | None:
    """Why a line is refused (``BELOW_GRADE``, ``FRONT_LINE``), None when it passes."""
    if not grade_rule_applies(item):
        return None
    if below(line.grade, item.grade):
        return BELOW_GRADE
    if designated and not grade_allowed(line.grade, designated=True):
        return FRONT_LINE
    return None


def vet_donation(session: Session, *, actor: Actor, donation_id: int, version: int,
                 accepted: dict[int, int] | None = None, at: datetime | None = None) -> dict[int, str]:
    """Decide an offer in vetting: refused lines take 0 with their reason, the others ``accepted``
    (line id -> quantity; as offered when not given). Returns the refusals by line id."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        donation = get_for_update(session, Donation, donation_id)
        check_version(donation, version)
        if donation.status not in (DonationStatus.OFFERED, DonationStatus.VETTING):
            raise TransitionError("This offer is decided already")
        site = session.get(Site, donation.recipient_site_id) if donation.recipient_site_id else None
        designated = bool(site and site.designated)
        lines = list(session.exec(select(DonationLine).where(DonationLine.donation_id == donation_id)
                                  .order_by(col(DonationLine.id))).all())
        refusals: dict[int, str] = {}
        decided: dict[str, list[object]] = {}
        for line in lines:
            item = session.get(CatalogueItem, line.item_id)
            assert item is not None and line.id is not None  # a line's item is a foreign key
            refusal = line_refusal(line, item, designated=designated)
            if refusal:
                refusals[line.id] = refusal
                line.accepted, line.refusal = 0, refusal
            else:
                quantity = line.offered if accepted is None or line.id not in accepted else accepted[line.id]
                whole_quantity(quantity, field="accepted")
                if quantity > line.offered:
                    raise ValidationError("accepted", "At most the {offered} offered", offered=line.offered)
                line.accepted, line.refusal = quantity, None
            session.add(line)
            decided[str(line.id)] = [line.offered, line.accepted, line.refusal]
        any_taken = any(line.accepted for line in lines)
        reason = None if any_taken else REFUSED_BY_VETTING
        status = DonationStatus.ACCEPTED if any_taken else DonationStatus.DECLINED
        diff = {"status": status.value, "vetted_at": at, "reason": reason}
        update_row(session, donation, diff, actor=actor, at=at, action="vetted", always=True)
        audit(session, actor=actor, at=at, row=donation, action="vet_lines", changes={"lines": decided})
        return refusals
