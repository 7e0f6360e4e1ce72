"""The brief's 在途 section: goods on the way into the reserve warehouses, per item, with what
arrives this week, the overdue consignments, the order fill rate and days of supply counting what
is on the way, as they stood at the brief's time (``Brief.transit``); shown when anything was ordered."""

from __future__ import annotations

from models.services.brief import Brief
from tui.i18n import format as fmt
from tui.i18n import t

#: header, kinds of the columns, rows (as in ``tui.brief.render.Table``)
Table = tuple[list[str], list[str], list[list[object]]]


def transit_sentences(brief: Brief) -> list[str]:
    data = brief.transit
    assert data is not None
    rate = t("{n}%", n=f"{data.fill_rate * 100:.0f}") if data.fill_rate is not None else "—"
    out = [t("Consignments on the way (在途): {consignments}, {quantity} in all; purchase orders open: {orders}; "
             "orders filled: {rate}.", consignments=data.on_the_way, quantity=fmt.exact(data.in_transit),
             orders=data.open_orders, rate=rate)]
    if data.overdue:
        out.append(t("Overdue: {list}.", list=t("; ").join(
            t("{number} (ETA {eta})", number=row.number, eta=fmt.moment(row.eta)) for row in data.overdue)))
    return out


def transit_table(brief: Brief) -> Table:
    data = brief.transit
    assert data is not None
    header = [t("Item"), t("Unit"), t("This week"), t("In transit"), t("Days of supply"), t("With goods on the way")]
    kinds = ["text", "text", "qty", "qty", "days", "days"]
    rows: list[list[object]] = [
        [fmt.local_name(r.name, r.name_en), fmt.unit(r.unit, short=True), float(r.this_week), float(r.in_transit),
         r.days, r.days_with_transit] for r in data.items]
    return header, kinds, rows


def transit_sections(brief: Brief) -> list[tuple[str, list[str], str]]:
    """(heading, sentences, table key) of the 在途 section; none without anything ordered."""
    data = brief.transit
    if data is None or not (data.items or data.open_orders or data.on_the_way):
        return []
    return [(t("9. Goods on the way"), transit_sentences(brief), "transit" if data.items else "")]


TRANSIT_TABLES = {"transit": (transit_table, {2, 3, 4, 5})}

__all__ = ["TRANSIT_TABLES", "transit_sections", "transit_table"]
