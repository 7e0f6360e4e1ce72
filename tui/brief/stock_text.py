"""The brief's stock sections: the book of the period (入库, 出库·调拨, 结存) and the days of supply.

Sentences and tables in the form ``tui.brief.render`` lays out as text, Markdown and the workbook;
shown only when stock was on record by the brief's time (``Brief.has_stock``).
"""

from __future__ import annotations

from models import rules
from models.services.brief import Brief
from tui.i18n import format as fmt
from tui.i18n import t

#: header, kinds of the columns, rows (as in ``tui.brief.render.Table``)
Table = tuple[list[str], list[str], list[list[object]]]


def _since(brief: Brief) -> str:
    return t("since {time} yesterday", time=fmt.clock_time(brief.since))


def book_sentences(brief: Brief) -> list[str]:
    received = sum(row.received for row in brief.book)
    issued = sum(row.issued for row in brief.book)
    return [t("The warehouses' book {since}: {received} received (入库), {issued} issued or allocated out "
              "(出库/调拨); closing stock (结存) per item:", since=_since(brief), received=fmt.exact(received),
              issued=fmt.exact(issued))] if brief.book else [t("Nothing was received or issued {since}.",
                                                                 since=_since(brief))]


def supply_sentences(brief: Brief) -> list[str]:
    """Items under the warning threshold of days of supply, and what the figure leaves out."""
    warning = rules.warning_days()
    low = [row for row in brief.stock if row.days_of_supply is not None and row.days_of_supply < warning]
    out = [t("Under {days} days of supply: {list}.", days=f"{warning:g}", list=t("; ").join(
        t("{item} {days}", item=fmt.local_name(row.name, row.name_en), days=fmt.days(row.days_of_supply))
        for row in low))] if low else [t("Every item has at least {days} days of supply.", days=f"{warning:g}")]
    out.append(t("Days of supply count the stock available at {time} against the daily demand; neither allocated "
                 "stock not yet signed for nor goods on the way are counted.", time=fmt.clock_time(brief.as_of)))
    return out


def book_table(brief: Brief) -> Table:
    header = [t("Item"), t("Unit"), t("Opening"), t("Received"), t("Issued"), t("Adjusted"), t("Closing")]
    kinds = ["text", "text", "qty", "qty", "qty", "qty", "qty"]
    rows: list[list[object]] = [
        # figures as floats: the text groups their thousands as the output table's (``render._cell``)
        [fmt.local_name(r.name, r.name_en), fmt.unit(r.unit, short=True),
         *map(float, (r.opening, r.received, r.issued, r.adjusted, r.closing))]
        for r in brief.book]
    return header, kinds, rows


def supply_table(brief: Brief) -> Table:
    """Items with stock or a demand, the fewest days of supply first; ``days`` is None without a demand."""
    header = [t("Item"), t("Unit"), t("On hand"), t("Reserved"), t("Quarantined"), t("Available"),
              t("Daily demand"), t("Days of supply")]
    kinds = ["text", "text", "qty", "qty", "qty", "qty", "qty", "days"]
    rows: list[list[object]] = [
        [fmt.local_name(r.name, r.name_en), fmt.unit(r.unit, short=True),
         *map(float, (r.on_hand, r.reserved, r.quarantine, r.available, r.daily_demand)), r.days_of_supply]
        for r in brief.stock]
    return header, kinds, rows


def stock_sections(brief: Brief) -> list[tuple[str, list[str], str]]:
    """(heading, sentences, table key) of the stock sections; none when no stock was on record."""
    if not brief.has_stock:
        return []
    return [(t("7. Received, issued and closing stock"), book_sentences(brief), "book" if brief.book else ""),
            (t("8. Days of supply"), supply_sentences(brief), "supply" if brief.stock else "")]


#: the tables: how to build each, and its right-aligned columns
STOCK_TABLES = {
    "book": (book_table, {2, 3, 4, 5, 6}),
    "supply": (supply_table, {2, 3, 4, 5, 6, 7}),
}

__all__ = ["STOCK_TABLES", "book_table", "stock_sections", "supply_table"]
