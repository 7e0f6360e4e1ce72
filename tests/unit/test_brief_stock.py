"""The brief's stock sections: 入库, 出库/调拨, 结存 of the period and the days of supply, in the
text, the Markdown and the workbook, in both languages; absent when no stock was on record."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from openpyxl import load_workbook

import tui.i18n as i18n
from models.services.stock_figures import ItemMovement, ItemStock
from tui.brief.render import render_markdown, render_text, sections, write_xlsx

from .test_brief_text import made

BOOK = (ItemMovement(3, "MASK-N95", "医用防护口罩", "Protective (N95) mask", "只", 38_000, 5_000, 17_000, 0, 26_000),)
STOCK = (ItemStock(4, "SUIT", "医用防护服", "Protective suit", "套", 23_500, 0, 6_000, 17_500, 12_000, 17_500 / 12_000),
         ItemStock(3, "MASK-N95", "医用防护口罩", "Protective (N95) mask", "只", 26_000, 0, 0, 26_000, 60_000,
                   26_000 / 60_000))


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def test_no_stock_no_stock_sections() -> None:
    assert "7. Received, issued and closing stock" not in [heading for heading, _, _ in sections(made())]


def test_the_stock_sections_in_text_markdown_and_workbook(tmp_path) -> None:
    brief = replace(made(), stock=STOCK, book=BOOK)
    text = render_text(brief, width=None)
    assert "7. Received, issued and closing stock" in text and "8. Days of supply" in text
    assert "5,000 received (入库), 17,000 issued or allocated out (出库/调拨)" in text
    assert "Under 3 days of supply: Protective suit 1.5d; Protective (N95) mask 0.4d." in text
    assert "nor goods on the way are counted" in text
    book_line = next(line for line in text.splitlines() if line.startswith("Protective (N95) mask  pcs"))
    assert book_line.split()[-5:] == ["38,000", "5,000", "17,000", "0", "26,000"]
    markdown = render_markdown(brief)
    assert "## 8. Days of supply" in markdown and "| Protective suit | sets |" in markdown
    book = load_workbook(write_xlsx(brief, tmp_path / "brief.xlsx"))
    assert "Received, issued, closing" in book.sheetnames and "Days of supply" in book.sheetnames
    assert [c.value for c in book["Received, issued, closing"][2]][2:] == [38_000, 5_000, 17_000, 0, 26_000]


def test_the_stock_sections_in_chinese() -> None:
    i18n.set_language("zh")
    text = render_text(replace(made(), stock=STOCK, book=BOOK, as_of=datetime(2020, 2, 3, 12)))
    assert "入库" in text and "结存" in text and "可供天数" in text
