"""The file of an import, asked for on the form framework: its path (``~`` is the home folder), then
``enter`` checks every row of it as ``supplydesk import --dry-run`` does, in a worker, saying how far
it got on a long sheet. Nothing is written: the dialog closes with the file and the dry run's report.

A file that cannot be read (missing, not a sheet, no header row of the kind) is said under the path,
which stays as typed for another try.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label

from models.errors import ServiceError, ValidationError
from models.exchange.importing import Report
from tui.forms.core import FormState
from tui.forms.dialog import FormDialog
from tui.forms.spec import Field, Problem, Values
from tui.i18n import n_, t
from tui.shell.calls import Refused
from tui.shell.dialogs import frame

T = TypeVar("T")

_CSS = Path(__file__).with_name("import_dialog.tcss").read_text(encoding="utf-8")

#: the title of the import of each kind
TITLES = {
    "enterprises": n_("Import enterprises"),
    "cadres": n_("Import the cadre roster"),
    "suppliers": n_("Import suppliers"),
    "catalogue": n_("Import the catalogue"),
}


def chosen(value: str) -> Path:
    return Path(value.strip()).expanduser()


def _a_file(value: str, values: Values) -> Problem | None:
    return None if chosen(value).is_file() else ValidationError("path", "No file {path}", path=value.strip())


class ImportFileDialog(FormDialog):
    """Dismisses with ``(path, report of the dry run)``, or None when left."""

    DEFAULT_CSS = _CSS
    CONTROL_ID = "import-{name}"
    #: the importer names the file ``file``: its refusals are said under the path
    ERROR_FIELDS = {"file": "path"}

    def __init__(self, kind: str, value: str = "") -> None:
        super().__init__()
        self.kind, self.value = kind, value

    def form_fields(self) -> Iterable[Field]:
        yield Field("path", "File", max_len=1000, required=True, checks=[_a_file],
                    placeholder="~/名录.xlsx")

    def body(self) -> ComposeResult:
        box = Vertical(id="form-box")
        frame(box, t(TITLES[self.kind]), t("enter checks the rows · escape cancels"))
        with box:
            yield Label(Text(t("An xlsx or CSV file. Enter checks every row as the import would and shows what "
                               "it would add, update and refuse; nothing is written yet.")))
            with Horizontal(classes="form-row"):
                yield Label(Text(t("File")))
                yield self.field_control("path", self.value)
            yield Label("", id="import-progress")
            yield Label("", classes="dialog-error", id="import-error")

    def write(self, session: Any, values: dict[str, Any], state: FormState) -> tuple[Path, Report]:
        from models.exchange.importing import import_sheet

        path = chosen(values["path"])
        report = import_sheet(session, actor=self.ctx.actor, kind=self.kind, path=path, dry_run=True,
                              progress=self._progress)
        return path, report

    def _progress(self, stage: str, done: int, total: int) -> None:
        """(In the worker's thread) how far the check got, on the dialog's progress line."""
        from tui.exchange.cli import progress_text

        self.app.call_from_thread(self.query_one("#import-progress", Label).update, progress_text(stage, done, total))

    async def command(self, call: Callable[[Any], T]) -> T:
        """A dry run writes nothing: no change to tell the screens of; a refusal is said as a form says it."""
        try:
            return await self.read(call)
        except ServiceError as error:
            self.refused(error)
            raise Refused(error) from error

    def refused(self, error: ServiceError) -> None:
        self.query_one("#import-progress", Label).update("")
        super().refused(error)


__all__ = ["TITLES", "ImportFileDialog", "chosen"]
