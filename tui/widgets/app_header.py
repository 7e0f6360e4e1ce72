"""The top line: app name, where the data is, the login with its role, the time; and the read-only banner."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from models import clock
from tui.i18n import t


class AppHeader(Vertical):
    DEFAULT_CSS = """
    AppHeader { height: auto; dock: top; }
    AppHeader > #header-line { height: 1; background: $primary; color: $text; }
    AppHeader > #read-only { height: 1; background: $warning; color: $background; text-style: bold; }
    """

    def __init__(self, *, where: str, login: str, role: str, read_only: bool) -> None:
        super().__init__()
        self.where, self.login, self.role, self.read_only = where, login, role, read_only
        self.refreshed: datetime | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="header-line")
        if self.read_only:
            yield Static(t("Read-only: login {login} is not a cadre with write rights", login=self.login), id="read-only", markup=False)

    def on_mount(self) -> None:
        self._draw()
        self.set_interval(30, self._draw)

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        width = max(20, self.size.width or 80)
        right = f" {self.login} ({t(self.role)}) {clock.now():%H:%M} "
        left = f" {t('Supply Desk')} │ "
        room = width - len(Text(left).plain) - Text(right).cell_len - 1
        where = Text(self.where)
        if where.cell_len > room:  # keep the end of a long path: the file name matters most
            where = Text("…" + self.where[-max(1, room - 1):])
        line = Text(left) + where
        line.pad_right(max(0, width - line.cell_len - Text(right).cell_len))
        self.query_one("#header-line", Static).update(line + Text(right))
