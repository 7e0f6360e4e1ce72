"""A purchase order or a consignment as text: its head (supplier, reserve unit, contract, customs;
or route and times), then its lines and legs, each on one line that fits 80 columns."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from models.services.procurement_detail import ConsignmentDetail, LegView, OrderDetail
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.safe import for_tui
from tui.procurement import text
from tui.widgets.flow import Flow


def _line(out: Text, label: str, value: str | Text) -> None:
    out.append(t(label) + t(": "), style="dim")
    out.append_text(value if isinstance(value, Text) else Text(value))
    out.append("\n")


def render_order(d: OrderDetail) -> Text:
    out = Text(f"{t('Purchase order')} {d.number}  ", style="bold")
    out.append_text(text.status(d.status))
    out.append("\n")
    _line(out, "Channel", text.channel(d.channel) + ("  " + t("urgent") if d.urgent else ""))
    _line(out, "Supplier", for_tui(d.supplier))
    _line(out, "Reserve unit", for_tui(d.reserve_unit) or "—")
    _line(out, "Found by", for_tui(d.found_by) or "—")
    if d.enterprise_id is not None:  # raw material goes to the maker short of it
        _line(out, "To maker", for_tui(d.enterprise_name))
    else:
        _line(out, "To warehouse", text.name(d.site_name, d.site_name_en))
    _line(out, "Need by", fmt.day(d.need_by) or "—")
    contract = " · ".join(x for x in (for_tui(d.contract_no or ""), fmt.day(d.contract_date)) if x)
    _line(out, "Contract", contract or "—")
    if d.currency != "CNY":
        _line(out, "Currency", t("{currency} at {rate} yuan", currency=d.currency, rate=f"{d.rate or 0:g}"))
    _line(out, "Customs", text.customs(d.customs))
    if d.follows:
        _line(out, "Follows", d.follows)
    if d.reason:
        _line(out, "Reason", for_tui(d.reason))
    out.append("\n" + t("Item · ordered · cancelled · shipped · in · rejected · price") + "\n", style="dim")
    for line in d.lines:
        spec = f" {for_tui(line.spec)}" if line.spec else ""
        if line.item.material:
            spec = fmt.aside(fmt.unit(line.item.unit)) + spec
        out.append(f"{text.name(line.item.name, line.item.name_en)}{spec} · {text.qty(line.quantity)} · "
                   f"{text.qty(line.cancelled)} · {text.qty(line.shipped)} · {text.qty(line.accepted)} · "
                   f"{text.qty(line.rejected)} · {text.money(line.unit_price_cents, d.currency)}\n")
        if line.over_reason:
            out.append("  " + t("more than ordered: {reason}", reason=for_tui(line.over_reason)) + "\n", style="dim")
    if d.consignments:
        out.append("\n")
        value = Text()
        for i, (_, number, status) in enumerate(d.consignments):
            value.append(("  " if i else "") + number + " ")
            value.append_text(text.transit(status))
        _line(out, "Consignments", value)
    return out


def _leg(leg: LegView) -> list[RenderableType]:
    """A leg: its route in bold, then carrier and vehicle, driver and pass, times, quantities, each
    a line whose continuation starts under its start (a waybill or a time never cut in two)."""
    head = Flow([f"{leg.seq}.", text.mode(leg.mode), for_tui(leg.origin), "→", for_tui(leg.destination)],
                separator=" ", indent=3)
    for piece in head.pieces:
        piece.stylize("bold")
    rows: list[list[str]] = [[for_tui(x) for x in (leg.carrier, leg.waybill, leg.vehicle) if x]]
    if leg.driver or leg.green_pass:
        rows.append([for_tui(x) for x in (leg.driver, leg.driver_phone, leg.green_pass) if x])
    rows.append([t("planned {time}", time=fmt.moment(leg.planned_departure)) if leg.planned_departure else "",
                 t("left {time}", time=fmt.moment(leg.departed_at)) if leg.departed_at else "",
                 t("ETA {time}", time=fmt.moment(leg.eta)) if leg.eta else "",
                 t("arrived {time}", time=fmt.moment(leg.arrived_at)) if leg.arrived_at else ""])
    if leg.loaded or leg.damaged:
        rows.append([t("loaded {loaded}, damaged {damaged}", loaded=text.qty(leg.loaded),
                       damaged=text.qty(leg.damaged))])
    return [head, *(Flow(row, lead="   ", indent=3) if any(row) else Text("   ") for row in rows)]


def render_consignment(d: ConsignmentDetail, *, overdue: bool = False) -> Group:
    out = Text(f"{t('Consignment')} {d.number}  ", style="bold")
    out.append_text(text.transit(d.status))
    out.append("\n")
    _line(out, "To warehouse", text.name(d.site_name, d.site_name_en))
    out.append(pt("consignment", "Left") + t(": "), style="dim")
    out.append((fmt.moment(d.departed_at) or "—") + "\n")
    _line(out, "ETA", text.eta(d.eta, overdue) if d.status != "received" else Text(fmt.moment(d.eta) or "—"))
    if d.received_at:
        _line(out, "Received", fmt.moment(d.received_at))
    out.append("\n" + t("Order · item · loaded · in · rejected"), style="dim")
    parts: list[RenderableType] = [out]
    for line in d.lines:
        parts.append(Flow([line.order_number, text.name(line.item.name, line.item.name_en), text.qty(line.quantity),
                           text.qty(line.accepted), text.qty(line.rejected)], indent=2))
    parts.append(Text(""))
    for leg in d.legs:
        parts += _leg(leg)
    return Group(*parts)
