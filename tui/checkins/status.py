"""One line: where the cadre behind the login is now ("On site at 茶园康护 since 07:50 (6 h 12 min)")."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import Static

from models import clock
from models.services.timesheets import CadreStatus, cadre_status
from tui.i18n import format as fmt
from tui.i18n import t
from tui.shell.calls import ServiceCalls


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


class CheckInStatus(ServiceCalls, Static):
    """Loads and shows the status of ``cadre_id``; the duration moves on every half minute. Tells
    its screen each status it loaded (``Loaded``)."""

    class Loaded(Message):
        def __init__(self, status: CadreStatus) -> None:
            super().__init__()
            self.status = status

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
            self._load(self.cadre_id)

    @work(exclusive=True, group="status", exit_on_error=False)
    async def _load(self, cadre_id: int) -> None:
        self.status = await self.read(partial(cadre_status, cadre_id=cadre_id))
        self.update(status_text(self.status, own=self.own))
        self.post_message(self.Loaded(self.status))

    def _tick(self) -> None:
        if self.status is not None and self.status.on_site:
            self.status = replace(self.status, now=clock.now())
            self.update(status_text(self.status, own=self.own))
