"""Where a donated lot may go: a directed gift (定向捐赠) only to its named recipient, or to a site a
redirection names with the donor's consent (leftovers redirected, 经捐赠人同意).

``within_direction`` is the allocation's hook: of the locked stock it keeps the lots the receiving
site may take; a lot of an undirected gift or of no gift at all goes anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from models import clock, validation
from models.donation_redirects import DonationRedirect
from models.donations import Donation, DonationLine, DonationStatus
from models.errors import TransitionError, ValidationError
from models.lots import Lot
from models.reference import CatalogueItem
from models.services import ledger
from models.services.common import Actor, create_row, get_for_update, require_coordinator, row_id, write_transaction
from models.sites import Site, SiteKind
from models.stock import StockBalance


def allowed_sites(session: Session, donation_ids: Sequence[int]) -> dict[int, set[int] | None]:
    """Per donation: the sites its goods may go to (None: anywhere, an undirected gift)."""
    if not donation_ids:
        return {}
    result: dict[int, set[int] | None] = {}
    for donation in session.exec(select(Donation).where(col(Donation.id).in_(list(donation_ids)))).all():
        ok = {donation.recipient_site_id} if donation.directed and donation.recipient_site_id else None
        result[row_id(donation)] = ok
    for redirect in session.exec(select(DonationRedirect).where(
            col(DonationRedirect.donation_id).in_(list(donation_ids)))).all():
        sites = result.get(redirect.donation_id)
        if sites is not None:
            sites.add(redirect.to_site_id)
    return result


def barred_lines(site_id: int) -> SelectOfScalar[int | None]:
    """The donation lines whose lots ``site_id`` may not be allocated: directed to another recipient,
    without a redirection to it (a query, for the figures of what a warehouse may give the site)."""
    redirected = select(DonationRedirect.donation_id).where(DonationRedirect.to_site_id == site_id)
    return (select(DonationLine.id).join(Donation, col(Donation.id) == DonationLine.donation_id)
            .where(col(Donation.directed).is_(True), col(Donation.recipient_site_id) != site_id,
                   col(Donation.id).not_in(redirected)))


def within_direction(session: Session, stock: list[tuple[StockBalance, Lot]], *,
                     to_site_id: int) -> list[tuple[StockBalance, Lot]]:
    """The part of ``stock`` the site may be allocated: directed lots of other recipients left out."""
    line_ids = sorted({lot.donation_line_id for _, lot in stock if lot.donation_line_id is not None})
    if not line_ids:
        return stock
    donation_of = dict(session.exec(select(DonationLine.id, DonationLine.donation_id)
                                    .where(col(DonationLine.id).in_(line_ids))).all())
    sites = allowed_sites(session, sorted(set(donation_of.values())))

    def may(lot: Lot) -> bool:
        if lot.donation_line_id is None:
            return True
        allowed = sites.get(donation_of[lot.donation_line_id])
        return allowed is None or to_site_id in allowed

    return [(balance, lot) for balance, lot in stock if may(lot)]


def refuse_directed(held: list[tuple[StockBalance, Lot]], kept: list[tuple[StockBalance, Lot]], *,
                    item: CatalogueItem, today: date) -> None:
    """When an allocation of ``item`` fell short and directed lots of it were held back: say so (the
    caller re-raises its own refusal otherwise)."""
    kept_ids = {lot.id for _, lot in kept}
    barred = sum(ledger.available(balance, lot, today) for balance, lot in held
                 if lot.item_id == item.id and lot.id not in kept_ids)
    if barred > 0:
        raise ValidationError("lines", "{available} {item} here are a directed gift for another recipient (定向捐赠); "
                              "the donor's consent (a redirection) is needed to send them elsewhere",
                              available=barred, item=item.name)


def redirect_donation(session: Session, *, actor: Actor, donation_id: int, to_site_id: int, consent: str,
                      at: datetime | None = None) -> int:
    """Record that the donor consented to the directed gift's goods going to another site as well."""
    require_coordinator(actor)
    at = at or clock.now()
    text = validation.text(consent, field="consent", required=True, max_len=500)
    with write_transaction(session):
        donation = get_for_update(session, Donation, donation_id)
        if not donation.directed:
            raise TransitionError("Only a directed gift is redirected; an undirected one goes anywhere")
        if donation.status != DonationStatus.ACCEPTED:
            raise TransitionError("Only an accepted donation is redirected")
        site = session.get(Site, to_site_id)
        if site is None or site.archived or site.kind == SiteKind.WAREHOUSE:
            raise ValidationError("to_site_id", "Pick the hospital or unit the donor agreed to")
        if to_site_id == donation.recipient_site_id:
            raise ValidationError("to_site_id", "That is the named recipient already")
        row = create_row(session, DonationRedirect(donation_id=donation_id, to_site_id=to_site_id, consent=text),
                         actor=actor, at=at)
        return row_id(row)
