"""One publication batch: its numbered rows as published and the corrections it carries. ``c``
records a correction of a row (published with the next batch); ``e`` writes the batch as Markdown
and as a workbook into the exports folder."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from models.services.donation_views import BatchDetail, batch_detail
from tui.donations import forms
from tui.donations.export import save_batch
from tui.donations.render import render_batch
from tui.i18n import t
from tui.shell.base import BaseScreen


class BatchScreen(BaseScreen):
    HELP = ("A publication batch (公示) as published: rows never change. Coordinators: c records a correction "
            "(更正) of a row, published with the next batch; e exports the batch as Markdown and xlsx. "
            "escape goes back.")
    BINDINGS = [
        Binding("c", "correct", "Correct", tooltip="Correct a published row (更正)", id="donations-correct"),
        Binding("e", "export", "Export", tooltip="Write the batch as Markdown and xlsx", id="donations-export"),
        Binding("escape", "back", "Back", id="donations-batch-back"),
    ]

    def __init__(self, batch_id: int) -> None:
        super().__init__()
        self.batch_id = batch_id
        self.detail: BatchDetail | None = None

    def body(self) -> ComposeResult:
        with VerticalScroll(id="donation-detail"):
            yield Static(t("Loading…"), id="batch-text")

    def on_mount(self) -> None:
        self.sub_title = t("Donations")
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(exclusive=True, group="batch-detail", exit_on_error=False)
    async def _load(self) -> None:
        batch_id = self.batch_id
        self.detail = await self.read(lambda s: batch_detail(s, batch_id=batch_id))
        self.query_one("#batch-text", Static).update(render_batch(self.detail))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "correct":
            return (self.ctx.actor.is_coordinator and not self.ctx.read_only and self.detail is not None
                    and bool(self.detail.rows))
        return True

    @work(exclusive=True, group="batch-step", exit_on_error=False)
    async def action_correct(self) -> None:
        if self.detail is None or not self.check_action("correct", ()):
            return
        if await self.app.push_screen_wait(forms.correct(self.ctx.actor, self.detail)) is not None:
            self.notify(t("Correction recorded: it is published with the next batch"), markup=False)

    def action_export(self) -> None:
        if self.detail is None:
            return
        written = save_batch(self.detail)
        self.notify(t("Written: {files}", files=", ".join(path.name for path in written)), markup=False,
                    timeout=10)

    def action_back(self) -> None:
        self.app.pop_screen()
