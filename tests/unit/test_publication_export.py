"""A publication batch written out: every stored string made safe for Markdown and for the workbook
(a donor named like a formula stays text; a pipe does not break the table)."""

from __future__ import annotations

from datetime import date, datetime

from models.services.donation_views import BatchDetail, BatchRow, CorrectionRow, PublishedRow
from tui.donations.export import markdown, save_batch, workbook
from tui.i18n import set_language

HOSTILE = "=HYPERLINK(\"http://x\")|*x*"


def _batch() -> BatchDetail:
    return BatchDetail(
        batch=BatchRow(id=1, number="GS-20200203-001", published_at=datetime(2020, 2, 3, 12, 0), rows=1, corrections=1),
        rows=(PublishedRow(id=1, row_no=1, donor=HOSTILE, item="医用防护口罩", spec="1860 GB 19083", quantity=10_000,
                           received_on=date(2020, 2, 3), directed=True, recipients="重庆市公共卫生医疗救治中心 3000"),),
        corrections=(CorrectionRow(batch_number="GS-20200202-001", row_no=2, field="quantity", old_value="16000",
                                   new_value="18000", reason=HOSTILE),))


def test_markdown_escapes_the_stored_text() -> None:
    set_language("zh")
    text = markdown(_batch())
    assert "| 1 | " in text and "\\|" in text and "更正说明" in text
    row = next(line for line in text.splitlines() if line.startswith("| 1 "))
    assert row.count("|") - row.count("\\|") == 9  # eight cells, the donor's pipe escaped


def test_the_workbook_stores_every_string_as_text(tmp_path) -> None:
    set_language("en")
    book = workbook(_batch())
    sheet = book.worksheets[0]
    donor = sheet.cell(row=2, column=2)
    assert donor.data_type == "s" and donor.value == HOSTILE  # stored as text: never run as a formula
    assert sheet.cell(row=2, column=5).value == 10_000
    assert book.worksheets[1].cell(row=2, column=5).value == "18000"
    written = save_batch(_batch(), tmp_path)
    assert [path.suffix for path in written] == [".md", ".xlsx"] and all(path.exists() for path in written)
    from openpyxl import load_workbook

    assert load_workbook(written[1]).worksheets[0].cell(row=2, column=2).data_type == "s"
