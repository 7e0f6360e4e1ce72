"""An import from the app (palette ``import: enterprises|cadres|suppliers|catalogue``, coordinators).

The screen asks for the file (``ImportFileDialog``: the dry run), shows the report the command line
prints (rows to add, to update, unchanged; each refused row with its row number, column and
reason), and writes only when the user says so (``y``); ``escape`` leaves and nothing is written.
The writing runs in a worker through the same importer (``models.exchange.importing``), its
progress on the line at the top, and the report then says what was written.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.widgets import Static

from models.exchange.importing import Report
from tui.exchange.cli import progress_text, report_lines
from tui.exchange.import_dialog import TITLES, ImportFileDialog
from tui.i18n import t
from tui.i18n.safe import for_tui
from tui.shell.base import BaseScreen


class ImportScreen(BaseScreen):
    HELP = ("An import: the file is checked first and nothing is written until y. The report names each "
            "refused row by its row number, column and reason. y imports the rows shown as to add or update, "
            "o checks another file, escape leaves (before y: nothing written).")
    BINDINGS = [
        Binding("y", "write", "Import", tooltip="Write the rows the check found good", id="import-write"),
        Binding("o", "other_file", "Another file", tooltip="Check another file", id="import-other"),
        Binding("escape", "leave", "Back", tooltip="Leave; before y nothing is written", id="import-back"),
    ]
    CSS_PATH = Path(__file__).with_name("import_screen.tcss")

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.path: Path | None = None
        #: the dry run's report, until the rows are written
        self.checked: Report | None = None
        self.written: Report | None = None
        self.writing = False

    def body(self) -> ComposeResult:
        yield Static(Text(t(TITLES[self.kind]), style="bold"), id="import-state")
        with ScrollableContainer(id="import-scroll"):
            yield Static("", id="import-report")

    def on_mount(self) -> None:
        self.sub_title = t(TITLES[self.kind])
        self.ask()

    def reload(self) -> None:
        """A report is of the file as checked: data changed elsewhere does not redo it (``o`` does)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "write":
            return (self.checked is not None and not self.writing and self.written is None
                    and self.checked.new + self.checked.updated > 0)
        if action == "other_file":
            return not self.writing
        return True

    # ---- the file and its dry run -----------------------------------------------------------------

    @work(exclusive=True, group="import-ask", exit_on_error=False)
    async def ask(self) -> None:
        answer = await self.app.push_screen_wait(ImportFileDialog(self.kind, str(self.path or "")))
        if not isinstance(answer, tuple):
            if self.checked is None and self.written is None:
                self._leave()  # left before any file was checked: back where the palette was opened
            return
        self.path, self.checked, self.written = answer[0], answer[1], None
        self._show(self.checked)
        self.refresh_bindings()

    def action_other_file(self) -> None:
        self.ask()

    def _show(self, report: Report) -> None:
        lines = report_lines(report)
        if report.dry_run:
            if report.new + report.updated:
                lines += ["", t("y writes the rows to add and update; escape leaves without writing anything.")]
            else:
                lines += ["", t("Nothing to write: escape leaves, o checks another file.")]
        shown = for_tui(str(self.path))
        state = t("Checked, nothing written yet: {path}", path=shown) if report.dry_run else t("Imported: {path}",
                                                                                                path=shown)
        self.query_one("#import-state", Static).update(Text(state))
        self.query_one("#import-report", Static).update(Text("\n".join(lines)))

    # ---- writing ----------------------------------------------------------------------------------

    @work(exclusive=True, group="import-write", exit_on_error=False)
    async def action_write(self) -> None:
        from models.exchange.importing import import_sheet

        if self.checked is None or self.path is None or self.writing or self.written is not None:
            return
        path, kind, actor = self.path, self.kind, self.ctx.actor
        self.writing = True
        self.refresh_bindings()
        try:
            report = await self.command(lambda session: import_sheet(session, actor=actor, kind=kind, path=path,
                                                                     progress=self._progress))
        finally:
            self.writing = False
            self.refresh_bindings()
        self.written, self.checked = report, None
        self._show(report)
        self.notify(report_lines(report)[-1 if not report.refused else -2], title=t(TITLES[kind]), markup=False)

    def _progress(self, stage: str, done: int, total: int) -> None:
        """(In the worker's thread) rows checked, then written, on the line at the top."""
        self.app.call_from_thread(self.query_one("#import-state", Static).update, progress_text(stage, done, total))

    # ---- leaving ----------------------------------------------------------------------------------

    def action_leave(self) -> None:
        if self.writing:
            self.notify(t("The rows are being written: this screen stays until they are"), severity="warning")
            return
        if self.checked is not None:
            self.notify(t("Nothing imported"), markup=False)
        self._leave()

    def _leave(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()


__all__ = ["ImportScreen"]
