"""The brief's funds section: money approved and paid in the period, the requests pending, and a
table per source (available, approved, paid, left, and the period's approvals and payments), in
万元. Shown only when money was on record by the brief's time (``FundFigures.has_data``)."""

from __future__ import annotations

from collections.abc import Callable

from models.services.brief import Brief
from tui.brief.sheets import wan_value
from tui.i18n import format as fmt
from tui.i18n import t

#: header, kinds of the columns, rows (as in ``tui.brief.render.Table``)
Table = tuple[list[str], list[str], list[list[object]]]


def funds_sentences(brief: Brief) -> list[str]:
    funds = brief.funds
    if funds is None:
        return []
    return [t("Funds {since} (10k yuan): approved {approved} (requests: {requests}), paid {paid} (payments: "
              "{payments}); waiting for approval: {pending}, for payment: {to_pay}. Per source:",
              since=t("since {time} yesterday", time=fmt.clock_time(brief.since)), approved=fmt.wan(funds.approved),
              requests=funds.approved_requests, paid=fmt.wan(funds.paid), payments=funds.payments,
              pending=funds.pending, to_pay=funds.to_pay)]


def _by_source(brief: Brief, kind: str, money: Callable[[int], object]) -> Table:
    header = [t("Source"), t("Available (10k)"), t("Granted"), t("Paid"), t("Left"), t("Granted today"),
              t("Paid today")]
    kinds = ["text", *[kind] * 6]
    rows: list[list[object]] = [
        [fmt.local_name(s.name, s.name_en), money(s.available), money(s.approved), money(s.paid),
         money(s.available - s.approved), money(s.approved_in_period), money(s.paid_in_period)]
        for s in (brief.funds.by_source if brief.funds else ())]
    return header, kinds, rows


def funds_table(brief: Brief) -> Table:
    """Per source, the sums written in 万元 (text and Markdown)."""
    return _by_source(brief, "text", fmt.wan)


def funds_sheet_table(brief: Brief) -> Table:
    """Per source, the sums as exact numbers of 万元 (the workbook's, to sum and sort)."""
    return _by_source(brief, "money", wan_value)


def funds_sections(brief: Brief) -> list[tuple[str, list[str], str]]:
    """(heading, sentences, table key) of the funds section; none when no money was on record."""
    if brief.funds is None or not brief.funds.has_data:
        return []
    return [(t("11. Funds"), funds_sentences(brief), "funds" if brief.funds.by_source else "")]


#: the tables: how to build each, and its right-aligned columns
FUNDS_TABLES = {"funds": (funds_table, {1, 2, 3, 4, 5, 6})}
