"""One source of funds in full (enter on the sources tab): available, approved, paid and left, its
approving document, each change of the amount with its document, and its latest requests.
Read-only: ``e`` on the list changes the amount; escape goes back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding

from models.services.fund_source_detail import SHOWN, SourceDetail, source_detail
from tui.funds import text
from tui.funds.detail import FundDetailScreen
from tui.i18n import current_language, t
from tui.i18n import format as fmt
from tui.i18n.safe import for_tui

if TYPE_CHECKING:
    from sqlmodel import Session


def render(detail: SourceDetail) -> Text:
    row = detail.row
    out = Text(for_tui(fmt.local_name(row.name, row.name_en)), style="bold")
    lines = [
        (t("Kind"), text.kind(row.kind)), (t("Available"), text.money(row.available)),
        (t("Granted"), text.money(row.approved)), (t("Paid"), text.money(row.disbursed)),
        (t("Left"), text.money(row.left)), (t("Approving document"), for_tui(row.document)),
    ]
    if detail.notes:
        lines.append((t("Notes"), for_tui(detail.notes)))
    for label, value in lines:
        out.append(f"\n{label}：" if current_language() == "zh" else f"\n{label}: ", style="dim")
        out.append(value)
    if detail.changes:
        out.append("\n\n" + t("Changes of the amount available"), style="bold")
        for change in detail.changes:
            out.append(f"\n{fmt.moment(change.at)}  {text.wan(change.old)} → {text.wan(change.new)}  "
                       f"{for_tui(change.document or '')}  {for_tui(change.by)}")
    out.append("\n\n" + t("Requests ({n})", n=detail.request_count), style="bold")
    if detail.request_count > SHOWN:
        out.append("  " + t("the latest {n}; the requests tab lists them all", n=SHOWN), style="dim")
    for r in detail.requests:
        out.append(f"\n{r.number}  {for_tui(r.beneficiary)}  {text.wan(r.approved)}/{text.wan(r.requested)}  ")
        out.append(text.status(r.status))
    return out


class FundSourceScreen(FundDetailScreen):
    HELP = ("A source of funds in full: its amount and document, each change of it, its latest requests; "
            "escape goes back to the list.")
    BINDINGS = [Binding("escape", "back", "Back", id="funds-source-back")]

    def __init__(self, source_id: int) -> None:
        super().__init__()
        self.source_id = source_id

    def read_detail(self, session: Session) -> SourceDetail | None:
        return source_detail(session, source_id=self.source_id)

    def render_detail(self, detail: SourceDetail) -> Text:
        return render(detail)
