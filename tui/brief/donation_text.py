"""The brief's donations section: received, allocated and published in the day, the next publication
due, what is late and the certificates owed; shown only when a donation is on record by then."""

from __future__ import annotations

from models.rules import PUBLISH_WITHIN_DAYS
from models.services.brief import Brief
from tui.i18n import format as fmt
from tui.i18n import t, tn


def donation_sections(brief: Brief) -> list[tuple[str, list[str], str]]:
    f = brief.donations
    if f is None or not f.offers:
        return []
    out = [t("Donations: {pledged} pledged, {accepted} accepted, {received} received in {receipts} receipts, "
             "{allocated} allocated, {delivered} delivered; today {received_today} received, {allocated_today} "
             "allocated and {published_today} rows published.",
             pledged=fmt.exact(f.pledged), accepted=fmt.exact(f.accepted), received=fmt.exact(f.received),
             receipts=f.receipts, allocated=fmt.exact(f.allocated), delivered=fmt.exact(f.delivered),
             received_today=fmt.exact(f.received_today), allocated_today=fmt.exact(f.allocated_today),
             published_today=f.published_today)]
    if f.next_publication_due is not None:
        out.append(t("The next publication (公示) is due by {day}.", day=fmt.day(f.next_publication_due)))
    if f.unpublished_late:
        out.append(t("{n} receipts of donations are unpublished after {days} days.", n=f.unpublished_late,
                     days=PUBLISH_WITHIN_DAYS))
    if f.certificates_owed:
        out.append(tn("{n} donor is owed a certificate.", "{n} donors are owed their certificate.",
                      f.certificates_owed))
    return [(t("10. Donations"), out, "")]
