"""The brief's later sections in the workbook, as the text and the Markdown have them: goods on the
way (figures and the table per item), donations, and funds (figures and the table per source), with
numbers stored as numbers, whole ones without a trailing point and money exact in 万元; absent, as
in the text, when nothing of theirs was on record."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

import tui.i18n as i18n
from models.dashboard_view import DonationFigures, FundFigures, SourceFigure
from models.services.procurement_figures import ItemOnTheWay, ProcurementFigures
from models.services.procurement_views import ConsignmentRow
from tui.brief.render import render_markdown, write_xlsx

from .test_brief_text import made

WAN = 1_000_000  # fen in 10k yuan
ETA = datetime(2020, 2, 3, 8, 0)
TRANSIT = ProcurementFigures(
    as_of=datetime(2020, 2, 3, 12), in_transit=30_000, on_the_way=2, open_orders=3, fill_rate=0.75,
    items=(ItemOnTheWay(1, "医用外科口罩", "Surgical mask", "只", 20_000, 30_000, 40_000, 0.1, 0.175),),
    overdue=(ConsignmentRow(9, "YS-0009", "一号库", "Depot 1", "departed", "road", "渝A1234", ETA, ETA,
                            10_000, True, 1),))
DONATIONS = DonationFigures(
    offers=2, pledged=50_000, accepted=36_000, receipts=2, received=30_000, allocated=12_000, delivered=8_000,
    published_rows=3, published=20_000, unpublished_late=1, certificates_owed=1, received_today=10_000,
    allocated_today=4_000, published_today=2, next_publication_due=date(2020, 2, 5))
FUNDS = FundFigures(approved=50 * WAN + 1_234_567, approved_requests=2, paid=5 * WAN, payments=1, pending=1,
                    to_pay=1, by_source=(SourceFigure("市级专项资金", "City special fund", "city", 100 * WAN,
                                                      60 * WAN, 5 * WAN, 50 * WAN, 5 * WAN),))


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def figures(sheet: Worksheet) -> dict[str, object]:
    return {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}


def with_all():
    return replace(made(), transit=TRANSIT, donations=DONATIONS, funds=FUNDS)


def test_the_workbook_has_the_funds_the_donations_and_the_goods_on_the_way(tmp_path: Path) -> None:
    book = load_workbook(write_xlsx(with_all(), tmp_path / "b.xlsx"))
    assert {"Goods on the way", "On the way", "Donations", "Funds", "Funds by source"} <= set(book.sheetnames)
    funds = figures(book["Funds"])
    assert funds["Approved in the period (10k yuan)"].value == pytest.approx(51.234567)
    assert funds["Approved in the period (10k yuan)"].number_format == "#,##0.00"
    assert funds["Requests waiting for approval"].value == 1
    source = book["Funds by source"]
    assert [c.value for c in source[1]] == ["Source", "Available (10k)", "Granted", "Paid", "Left",
                                            "Granted today", "Paid today"]
    assert [c.value for c in source[2]] == ["City special fund", 100, 60, 5, 40, 50, 5]
    assert {c.number_format for c in source[2][1:]} == {"#,##0.00"}
    gifts = figures(book["Donations"])
    assert gifts["Pieces received"].value == 30_000 and gifts["Pieces received"].number_format == "#,##0"
    assert gifts["Donors owed a certificate"].value == 1
    assert gifts["Next publication (公示) due by"].value == datetime(2020, 2, 5)
    assert gifts["Next publication (公示) due by"].number_format == "yyyy-mm-dd"
    moving = figures(book["Goods on the way"])
    assert moving["Pieces in transit"].value == 30_000 and moving["Pieces in transit"].number_format == "#,##0"
    assert moving["Orders filled"].value == 0.75 and moving["Orders filled"].number_format == "0%"
    assert moving["Overdue: YS-0009"].value == ETA
    assert [c.value for c in book["On the way"][2]][2:4] == [20_000, 30_000]


def test_whole_figures_have_no_trailing_point_and_money_is_exact(tmp_path: Path) -> None:
    book = load_workbook(write_xlsx(with_all(), tmp_path / "b.xlsx"))
    for name in ("Donations", "Goods on the way", "Funds", "Funds by source"):
        for row in book[name].iter_rows(min_row=2):
            for cell in row[1:]:
                assert cell.number_format != "#,##0.0#" and not cell.number_format.endswith("."), (name, cell)
    from tui.brief.sheets import wan_value

    assert wan_value(51_234_567) == Decimal("51.234567")


def test_nothing_on_record_no_sheet(tmp_path: Path) -> None:
    empty = replace(made(), transit=replace(TRANSIT, items=(), open_orders=0, on_the_way=0, overdue=()),
                    donations=replace(DONATIONS, offers=0), funds=FundFigures(0, 0, 0, 0, 0, 0))
    names = set(load_workbook(write_xlsx(empty, tmp_path / "b.xlsx")).sheetnames)
    assert not names & {"Goods on the way", "On the way", "Donations", "Funds", "Funds by source"}


def test_the_markdown_has_the_same_sections(tmp_path: Path) -> None:
    markdown = render_markdown(with_all())
    assert "## 9. Goods on the way" in markdown and "## 10. Donations" in markdown and "## 11. Funds" in markdown


def test_chinese_sheet_names_are_distinct_and_translated(tmp_path: Path) -> None:
    i18n.set_language("zh")
    book = load_workbook(write_xlsx(with_all(), tmp_path / "b.xlsx"))
    assert {"在途物资", "在途", "捐赠", "资金", "资金来源明细"} <= set(book.sheetnames)
    assert figures(book["资金"])["本期批准（万元）"].value == pytest.approx(51.234567)
