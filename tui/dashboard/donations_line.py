"""The dashboard's donations line: received, allocated and published today, the next publication due,
and what is late (received and not published in time, certificates owed). Hidden until there is a
donation on record."""

from __future__ import annotations

from rich.text import Text

from models.dashboard_view import DonationFigures
from models.rules import PUBLISH_WITHIN_DAYS
from tui.i18n import format as fmt
from tui.i18n import t
from tui.widgets.steady import SteadyStatic


def donation_text(f: DonationFigures) -> Text:
    line = Text(t("Donations today: received {received} · allocated {allocated} · rows published {rows}",
                  received=fmt.count(f.received_today), allocated=fmt.count(f.allocated_today),
                  rows=fmt.count(f.published_today)))
    if f.next_publication_due is not None:
        line.append(" · " + t("next publication due {day}", day=fmt.day(f.next_publication_due)))
    if f.unpublished_late:
        line.append("  ⚠ " + t("{n} received, unpublished for over {days} days", n=f.unpublished_late,
                               days=PUBLISH_WITHIN_DAYS), style="bold red")
    if f.certificates_owed:
        line.append("  " + t("{n} certificates owed", n=f.certificates_owed), style="yellow")
    return line


class DonationsLine(SteadyStatic):
    DEFAULT_CSS = "DonationsLine { height: auto; padding: 0 1; display: none; }"

    def show(self, figures: DonationFigures) -> None:
        self.display = bool(figures.offers)
        self.update(donation_text(figures))
