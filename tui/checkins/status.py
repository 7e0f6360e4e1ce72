"""One line: where the cadre behind the login is now ("On site at 茶园康护 since 07:50 (6 h 12 min)")."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker

from models import clock
from models.services.timesheets import CadreStatus, cadre_status
from tui.i18n import t
from tui.checkins import text as fmt
from tui.shell.workers import post_result, report_failed_worker


def status_text(status: CadreStatus, *, own: bool = True) -> Text:
    """The status as the cadre reads it; a long or overnight check-in says what to do about it.
    ``own``: the reader is the cadre (who is told which key checks in)."""
    if not status.on_site:
        text = Text(t("Not checked in"), style="bold")
        if status.assigned:
            text.append(" · " + t("stationed at {where}", where="、".join(e.label for e in status.assigned)))
            if own:
                text.append(" · " + t("i checks in"), style="dim")
        else:
            text.append(" · " + t("not stationed anywhere"))
        return text
    where = status.enterprise.label if status.enterprise else ""
    text = Text(t("On site at {where} since {since} ({duration})", where=where,
                  since=fmt.since(status.since, status.now), duration=fmt.duration(status.minutes)),
                style="bold")
    if status.needs_correction:
        text.stylize("bold yellow")
        text.append(" · " + t("check out with the real time you left and a reason"), style="yellow")
    elif status.flagged:
        text.stylize("bold yellow")
        text.append(" · " + t("open for over 16 hours"), style="yellow")
    return text


class CheckInStatus(Static):
    """Loads and shows the status of ``cadre_id``; the duration moves on every half minute."""

    DEFAULT_CSS = "CheckInStatus { height: auto; max-height: 2; padding: 0 1; background: $boost; }"

    @dataclass
    class Loaded(Message):
        status: CadreStatus

    def __init__(self, cadre_id: int | None, *, own: bool = True, id: str | None = None) -> None:
        super().__init__(Text(t("Loading…")), id=id)
        self.cadre_id, self.own = cadre_id, own
        self.status: CadreStatus | None = None
        self.display = cadre_id is not None

    def on_mount(self) -> None:
        self.reload()
        self.set_interval(30, self._tick)

    def reload(self) -> None:
        if self.cadre_id is not None:
            self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        cadre_id = self.cadre_id
        post_result(self, self.Loaded(self.app.ctx.run(lambda s: cadre_status(s, cadre_id=cadre_id))))  # type: ignore[attr-defined, arg-type]

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        self.status = message.status
        self.update(status_text(message.status, own=self.own))

    def _tick(self) -> None:
        if self.status is not None and self.status.on_site:
            self.status = replace(self.status, now=clock.now())
            self.update(status_text(self.status, own=self.own))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)
