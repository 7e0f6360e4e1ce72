"""A publication batch written out as Markdown and as a workbook, for the public notice (公示).

The columns are those of the published table: row number, donor, item, spec, quantity, received
date, directed or not, recipients and quantities; the corrections follow as their own table. Every
stored string is made safe for where it goes (Markdown escaped; xlsx stored as text, never a formula).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from models import paths
from models.services.donation_views import BatchDetail
from tui.donations import text
from tui.i18n import t
from tui.i18n.safe import for_markdown
from tui.shell.xlsx import append_row, header_row


def _header() -> list[str]:
    return [t("No."), t("Donor"), t("Item"), t("Spec"), t("Quantity"), t("Received"), t("Directed"),
            t("Recipients and quantities")]


def _fix_header() -> list[str]:
    return [t("Batch"), t("Row"), t("Column"), t("Old value"), t("New value"), t("Reason")]


def _donor(name: str) -> str:
    return name or t("anonymous")


def markdown(detail: BatchDetail) -> str:
    head = _header()
    lines = [f"# {t('Publication {number}', number=detail.batch.number)}", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in detail.rows:
        cells = [str(row.row_no), _donor(row.donor), row.item, row.spec, str(row.quantity),
                 row.received_on.isoformat(), t("yes") if row.directed else t("no"), row.recipients]
        lines.append("| " + " | ".join(for_markdown(cell) for cell in cells) + " |")
    if detail.corrections:
        head = _fix_header()
        lines += ["", f"## {t('Corrections (更正)')}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for fix in detail.corrections:
            cells = [fix.batch_number, str(fix.row_no), text.field(fix.field), fix.old_value, fix.new_value,
                     fix.reason]
            lines.append("| " + " | ".join(for_markdown(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def workbook(detail: BatchDetail) -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its first sheet
    sheet.title = detail.batch.number[:31]
    header_row(sheet, _header(), [5, 24, 16, 20, 10, 12, 8, 30])
    for row in detail.rows:
        append_row(sheet, [row.row_no, _donor(row.donor), row.item, row.spec, row.quantity,
                           row.received_on.isoformat(), t("yes") if row.directed else t("no"), row.recipients])
    if detail.corrections:
        fixes = book.create_sheet(t("Corrections")[:31])
        header_row(fixes, _fix_header(), [16, 5, 10, 16, 16, 30])
        for fix in detail.corrections:
            append_row(fixes, [fix.batch_number, fix.row_no, text.field(fix.field), fix.old_value, fix.new_value,
                               fix.reason])
    return book


def save_batch(detail: BatchDetail, directory: Path | None = None) -> list[Path]:
    """Write ``<number>.md`` and ``<number>.xlsx`` into the exports folder; their paths."""
    folder = paths.private_folder(Path(directory or paths.export_dir()))
    stem = f"publication-{detail.batch.number}"
    md = folder / f"{stem}.md"
    md.write_text(markdown(detail), encoding="utf-8")
    xlsx = folder / f"{stem}.xlsx"
    workbook(detail).save(xlsx)
    return [md, xlsx]
