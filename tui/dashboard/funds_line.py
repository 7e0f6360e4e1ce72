"""The dashboard's funds line: what was approved and paid today, the requests pending, and per source
what is left — in 万元, packed into the width of its box (a source's figure is never split)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from models.dashboard_view import FundFigures
from tui.i18n import format as fmt
from tui.i18n import t
from tui.i18n.safe import for_tui
from tui.widgets.steady import SteadyStatic


def funds_text(data: FundFigures, *, width: int) -> Text:
    """``Funds today: approved 500, paid 240 (10k yuan); 1 to approve, 1 to pay`` and the sources' left."""
    line = Text(t("Funds today"), style="bold")
    line.append(t(": approved {approved}, paid {paid} (10k yuan); {pending} to approve, {to_pay} to pay",
                  approved=fmt.wan(data.approved), paid=fmt.wan(data.paid), pending=data.pending,
                  to_pay=data.to_pay))
    parts = [t("{source} {left} left", source=for_tui(fmt.local_name(s.name, s.name_en)),
               left=fmt.wan(s.available - s.approved)) for s in data.by_source]
    rows, current = [], ""
    for part in parts:
        joined = f"{current} · {part}" if current else part
        if current and cell_len(joined) > width:
            rows.append(current)
            current = part
        else:
            current = joined
    if current:
        rows.append(current)
    for row in rows[:2]:  # two lines at most at 80×24: the rest is on screen 9
        line.append("\n" + row, style="dim")
    return line


class FundsLine(SteadyStatic):
    """Shown under the dashboard's figures once there is money on record."""

    DEFAULT_CSS = "FundsLine { height: auto; padding: 0 1; }"

    def show(self, data: FundFigures) -> None:
        self.display = data.has_data
        if data.has_data:
            self.update(funds_text(data, width=max(20, (self.content_size.width or self.app.size.width - 2))))

