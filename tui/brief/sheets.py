"""The figures of the brief's later sections as the workbook keeps them: goods on the way (在途),
donations and funds, one (figure, value) sheet each, shown when the text shows the section.

Each row is (label, value, kind): ``kind`` names the cell format in ``tui.brief.xlsx.FORMATS``
("" for a count, left as a whole number). Money is a number of 10k yuan (万元) as in the text, kept
exact: a ``Decimal`` of the fen, never a float.
"""

from __future__ import annotations

from decimal import Decimal

from models.rules import PUBLISH_WITHIN_DAYS
from models.services.brief import Brief
from tui.i18n import t

#: (label, value, kind of its format) of one figure
Row = tuple[str, object, str]
#: (sheet name, rows)
Sheets = list[tuple[str, list[Row]]]


def wan_value(fen: int) -> Decimal:
    """A sum kept in fen as an exact number of 10k yuan (万元)."""
    return Decimal(fen) / Decimal(1_000_000)


def transit_figures(brief: Brief) -> Sheets:
    data = brief.transit
    if data is None or not (data.items or data.open_orders or data.on_the_way):
        return []
    rows: list[Row] = [
        (t("Consignments on the way"), data.on_the_way, ""),
        (t("Pieces in transit"), data.in_transit, "qty"),
        (t("Purchase orders open"), data.open_orders, ""),
        (t("Orders filled"), data.fill_rate, "ratio"),
        *((t("Overdue: {number}", number=row.number), row.eta, "time") for row in data.overdue),
    ]
    return [(t("Goods on the way"), rows)]


def donation_figures(brief: Brief) -> Sheets:
    f = brief.donations
    if f is None or not f.offers:
        return []
    return [(t("Donations"), [
        (t("Offers on record"), f.offers, ""),
        (t("Pieces pledged"), f.pledged, "qty"),
        (t("Pieces accepted"), f.accepted, "qty"),
        (t("Receipts of donations"), f.receipts, ""),
        (t("Pieces received"), f.received, "qty"),
        (t("Pieces allocated"), f.allocated, "qty"),
        (t("Pieces delivered (signed for)"), f.delivered, "qty"),
        (t("Rows published"), f.published_rows, ""),
        (t("Pieces published"), f.published, "qty"),
        (t("Pieces received today"), f.received_today, "qty"),
        (t("Pieces allocated today"), f.allocated_today, "qty"),
        (t("Rows published today"), f.published_today, ""),
        (t("Next publication (公示) due by"), f.next_publication_due, "day"),
        (t("Received lines unpublished after {days} days", days=PUBLISH_WITHIN_DAYS), f.unpublished_late, ""),
        (t("Donors owed a certificate"), f.certificates_owed, ""),
    ])]


def fund_figures(brief: Brief) -> Sheets:
    funds = brief.funds
    if funds is None or not funds.has_data:
        return []
    return [(t("Funds"), [
        (t("Approved in the period (10k yuan)"), wan_value(funds.approved), "money"),
        (t("Requests approved in the period"), funds.approved_requests, ""),
        (t("Paid in the period (10k yuan)"), wan_value(funds.paid), "money"),
        (t("Payments in the period"), funds.payments, ""),
        (t("Requests waiting for approval"), funds.pending, ""),
        (t("Approved requests waiting for payment"), funds.to_pay, ""),
    ])]


__all__ = ["donation_figures", "fund_figures", "transit_figures", "wan_value"]
