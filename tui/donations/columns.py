"""The columns of the donations screen's two lists, fitted to 80 columns (the widest drop first)."""

from __future__ import annotations

from rich.text import Text

from models.services.donation_views import BatchRow, DonationRow
from tui.donations import text
from tui.i18n import format as fmt
from tui.i18n import n_
from tui.widgets.cells import Column


def _received(row: DonationRow) -> Text:
    return Text(text.qty(row.received), style="bold" if row.received < row.accepted else "")


DONATION_COLUMNS = [
    Column("number", n_("Number"), 15),
    Column("donor", n_("Donor"), 12, flex=2, render=lambda r: text.donor(r.donor)),
    Column("to", n_("Directed"), 10, flex=1, drop=2, render=lambda r: text.directed(r.directed, r.recipient,
                                                                                      r.recipient_en)),
    Column("accepted", n_("Accepted"), 8, align="right", render=lambda r: text.qty(r.accepted)),
    Column("received", n_("Received"), 8, align="right", render=_received),
    Column("status", n_("Status"), 8, render=lambda r: text.status(r.status)),
    Column("certificate", n_("Certificate"), 15, drop=1, render=lambda r: r.certificate or ""),
]

BATCH_COLUMNS: list[Column] = [
    Column("number", n_("Number"), 15),
    Column("published_at", n_("Published"), 16, render=lambda r: fmt.moment(r.published_at)),
    Column("rows", n_("Rows"), 6, align="right", render=lambda r: fmt.count(r.rows)),
    Column("corrections", n_("Corrections"), 8, align="right", render=lambda r: fmt.count(r.corrections)),
]

__all__ = ["BATCH_COLUMNS", "DONATION_COLUMNS", "BatchRow", "DonationRow"]
