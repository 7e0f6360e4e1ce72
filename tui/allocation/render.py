"""A document of the allocation screen as text: its head (who, when, state, contacts), then its lines
as a small table that fits 80 columns; stored text escaped, item and site names in the language shown."""

from __future__ import annotations

from rich.text import Text

from models.services.allocation_detail import DispatchDetail, DocRef, OrderDetail, RequestDetail, SiteName
from tui.allocation.text import item, name, paper, priority, qty, status
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.safe import for_tui


def _site(site: SiteName) -> str:
    district = f" · {fmt.district(site.district)}" if site.district else ""
    return name(site.name, site.name_en) + district


def _line(text: Text, label: str, value: str | Text) -> None:
    text.append(t(label) + t(": "), style="dim")
    text.append_text(value if isinstance(value, Text) else Text(value))
    text.append("\n")


def _head(title: str, number: str, state: Text) -> Text:
    text = Text(f"{t(title)} {number}  ", style="bold")
    text.append_text(state)
    text.append("\n")
    return text


def _refs(text: Text, label: str, refs: tuple[DocRef, ...]) -> None:
    if refs:
        value = Text()
        for i, ref in enumerate(refs):
            value.append(("  " if i else "") + ref.number + " ")
            value.append_text(status(ref.status))
        _line(text, label, value)


def _table(text: Text, header: list[str], widths: list[int], rows: list[list[str]]) -> None:
    """Columns of fixed width (the first flexible, cut with …), right-aligned figures."""
    def cells(values: list[str], style: str = "") -> None:
        for i, (value, width) in enumerate(zip(values, widths, strict=True)):
            cut = value if fmt_len(value) <= width else _cut(value, width)
            pad = " " * (width - fmt_len(cut))
            text.append((cut + pad) if i == 0 else (" " + pad + cut), style=style)
        text.append("\n")

    cells(header, "dim")
    for row in rows:
        cells(row)


def fmt_len(value: str) -> int:
    from rich.cells import cell_len

    return cell_len(value)


def _cut(value: str, width: int) -> str:
    out = ""
    for char in value:
        if fmt_len(out + char) > width - 1:
            break
        out += char
    return out + "…"


def render_request(d: RequestDetail) -> Text:
    text = _head("Request", d.number, status(d.status))
    if d.verbal:
        text.append(t("taken by phone (verbal order)") + "\n", style="yellow")
    _line(text, "Requested by", _site(d.site))
    _line(text, "Priority", priority(d.priority))
    _line(text, "Requested at", fmt.moment(d.requested_at) + (
        "  " + t("need by {day}", day=fmt.day(d.need_by)) if d.need_by else ""))
    if d.contact_person or d.phone:
        _line(text, "Contact", for_tui(" ".join(filter(None, (d.contact_person, d.phone)))))
    if d.reason:
        _line(text, "Reason", for_tui(d.reason))
    _refs(text, "Orders", d.orders)
    text.append("\n")
    rows = [[item(line.item) + fmt.aside(for_tui(line.spec or "")), qty(line.requested),
             qty(line.approved), qty(line.allocated), qty(line.to_allocate)] for line in d.lines]
    _table(text, [t("Item"), t("Asked"), t("Approved"), t("Allocated"), t("To allocate")], [34, 9, 9, 10, 11], rows)
    for line in d.lines:
        if line.approve_reason:
            text.append(f"{item(line.item)}: {for_tui(line.approve_reason)}\n", style="dim")
    return text


def render_order(d: OrderDetail) -> Text:
    text = _head("Allocation order", d.number, status(d.status))
    _line(text, "Request", d.request_number)
    _line(text, "From warehouse", _site(d.source))
    _line(text, "Receiving site", _site(d.target) + (f" · {for_tui(d.place)}" if d.place else ""))
    _line(text, "Issued", fmt.moment(d.issued_at))
    _line(text, "Written order", paper(d.verbal, d.paper_no, d.paper_due, d.overdue))
    _line(text, "Receiver", for_tui(f"{d.receiver} {d.receiver_phone}"))
    _line(text, "Sender", for_tui(f"{d.sender} {d.sender_phone}"))
    if d.reason:
        _line(text, "Reason", for_tui(d.reason))
    _refs(text, "Dispatches", d.dispatches)
    text.append("\n")
    rows: list[list[str]] = []
    for line in d.lines:
        rows.append([item(line.item), qty(line.quantity), qty(line.dispatched), "", ""])
        for pick in line.picks:
            rows.append(["  " + t("lot {code}", code=for_tui(pick.lot_code)), qty(pick.quantity), qty(pick.dispatched),
                         fmt.day(pick.expiry), pt("grade", pick.grade) if pick.grade else "—"])
    _table(text, [t("Item / lot"), t("Quantity"), t("Sent"), t("Expiry"), t("Grade")], [28, 9, 9, 10, 18], rows)
    return text


def render_dispatch(d: DispatchDetail) -> Text:
    state = status(d.status)
    if d.late:
        state.append("  ⚠ " + t("late: not signed for within 24 hours"), style="bold red")
    text = _head("Delivery", d.number, state)
    _line(text, "Order", d.order_number)
    _line(text, "From warehouse", _site(d.source))
    _line(text, "Receiving site", _site(d.target))
    _line(text, "Left at", fmt.moment(d.dispatched_at))
    _line(text, "Delivered by", for_tui(" ".join(filter(None, (d.delivered_by, d.vehicle, d.phone)))))
    if d.signed_at is not None:
        together = t("counted together") if d.counted_together else t("not counted together")
        _line(text, "Signed", f"{fmt.moment(d.signed_at)} · {for_tui(d.received_by or '')} · {together}")
    text.append("\n")
    rows = [[f"{item(line.item)} · {for_tui(line.lot_code)}", qty(line.shipped), qty(line.accepted),
             qty(line.rejected) if line.accepted is not None else "—", for_tui(line.reason or "")] for line in d.lines]
    _table(text, [t("Item · lot"), t("Shipped"), t("Accepted"), t("Rejected"), t("Reason")], [30, 8, 9, 9, 16], rows)
    return text
