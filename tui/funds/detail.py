"""One fund request in full (enter on the requests tab): beneficiary, purpose, amounts, approver, the
funding shortage it answers and its state, and every payment with its voucher (reversals in red).
Read-only: the list's keys act on it; escape goes back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from models.services.fund_views import FundRequestDetail, fund_request_detail
from tui.funds import text
from tui.i18n import current_language, pt, t
from tui.i18n import format as fmt
from tui.i18n.safe import for_tui
from tui.shell.base import BaseScreen

if TYPE_CHECKING:
    from sqlmodel import Session


def render(detail: FundRequestDetail) -> Text:
    row = detail.row
    out = Text(f"{row.number}  ", style="bold")
    out.append(text.status(row.status))
    lines = [
        (t("For"), for_tui(row.beneficiary)), (t("Purpose"), text.purpose(row.purpose)),
        (t("Amount requested"), text.money(row.requested)),
        (t("Amount approved"), text.money(row.approved) if row.approved is not None else "—"),
        (t("Paid"), text.money(row.disbursed)),
        (t("Source"), for_tui(fmt.local_name(row.source, row.source_en)) or "—"),
        (t("Approved by"), f"{for_tui(detail.approver or '—')} {fmt.moment(detail.approved_at)}".strip()),
        (t("Order reference"), for_tui(row.order_ref or "—")),
    ]
    if row.shortage_id is not None:
        state = pt("shortage status", detail.shortage_status or "")
        lines.append((t("Funding shortage"), f"#{row.shortage_id} {state}"))
    if detail.reason:
        lines.append((t("Reason"), for_tui(detail.reason)))
    if detail.description:
        lines.append((t("Description"), for_tui(detail.description)))
    for label, value in lines:
        out.append(f"\n{label}：" if current_language() == "zh" else f"\n{label}: ", style="dim")
        out.append(value)
    out.append("\n\n" + t("Payments ({n})", n=len(detail.payments)), style="bold")
    for p in detail.payments:
        style = "red" if p.amount < 0 else ""
        out.append(f"\n{fmt.moment(p.paid_at)}  {for_tui(p.voucher_no)}  {text.money(p.amount)}  {for_tui(p.by)}",
                   style=style)
        if p.note:
            out.append(f"  {for_tui(p.note)}", style="dim")
    return out


class FundDetailScreen(BaseScreen):
    """One record of the funds in full, read-only text (a request, a source): ``read_detail`` reads it
    (None: not there), ``render_detail`` writes it."""

    CSS_PATH = Path(__file__).with_name("funds.tcss")

    def body(self) -> ComposeResult:
        with VerticalScroll(id="funds-detail"):
            yield Static(t("Loading…"), id="funds-detail-text")

    def on_mount(self) -> None:
        self.sub_title = t("Funds")
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(exclusive=True, group="funds-detail", exit_on_error=False)
    async def _load(self) -> None:
        detail = await self.read(self.read_detail)
        if detail is not None:
            self.query_one("#funds-detail-text", Static).update(self.render_detail(detail))

    def read_detail(self, session: Session) -> Any:
        raise NotImplementedError

    def render_detail(self, detail: Any) -> Text:
        raise NotImplementedError

    def action_back(self) -> None:
        self.app.pop_screen()


class FundRequestScreen(FundDetailScreen):
    HELP = "A fund request in full, with every payment and reversal; escape goes back to the list."
    BINDINGS = [Binding("escape", "back", "Back", id="funds-back")]

    def __init__(self, request_id: int) -> None:
        super().__init__()
        self.request_id = request_id

    def read_detail(self, session: Session) -> FundRequestDetail | None:
        return fund_request_detail(session, request_id=self.request_id)

    def render_detail(self, detail: FundRequestDetail) -> Text:
        return render(detail)
