"""The top line: app name, where the data is, the login with its role, the time; and a banner below it
when the login only reads, when the database file was replaced under the session (all red), or, to
coordinators, when the newest part of the audit chain was found broken at start or the database holds
objects its migrations did not make (a planted trigger; red).

The app's ``connection`` and ``actor`` are watched: a lost database, a replaced file and a changed
role show without the screen being built again.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Protocol

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from models import clock
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.safe import for_tui


def object_text(found: str) -> str:
    """``trigger name`` with its kind in the language shown."""
    kind, _, name = found.partition(" ")
    return f"{pt('schema object', kind)} {name}"


#: seconds without a successful poll after which the data is shown as stale
STALE_AFTER_S = 5


class Acting(Protocol):
    """Who is acting, as the header shows it (the app's actor)."""

    @property
    def login(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def can_write(self) -> bool: ...


class AppHeader(Vertical):
    # Textual reads a widget's own styles from DEFAULT_CSS only; they live in the .tcss beside it,
    # and stay defaults that a screen's styles override
    DEFAULT_CSS = Path(__file__).with_name("header.tcss").read_text(encoding="utf-8")

    def __init__(self, *, where: str, login: str, role: str, read_only: bool) -> None:
        super().__init__()
        # a path or a login name may hold any character: shown escaped (tui.i18n.safe)
        self.where, self.login, self.role, self.read_only = for_tui(where), for_tui(login), role, read_only
        self.refreshed: datetime | None = None
        self._line: Text | None = None  # as last drawn

    def compose(self) -> ComposeResult:
        yield Static(id="header-line")
        banner = self._banner()
        if banner is not None:
            yield Static(banner[1], id=banner[0], markup=False)

    def on_mount(self) -> None:
        self._draw()
        self.set_interval(STALE_AFTER_S, self._draw)
        self.watch(self.app, "connection", lambda _: self._changed(), init=False)
        if hasattr(self.app, "actor"):
            self.watch(self.app, "actor", self._show_actor, init=False)

    def on_unmount(self) -> None:
        # Textual lets go of a closed widget's watchers only when the value watched next changes,
        # and the connection's state and the role seldom do: every screen opened and left (a card,
        # a form) stayed held by its header's watchers, 20 to 40 KB each, all day. Textual has no
        # call to stop watching, so the header takes its own out of the app's lists.
        lists: dict[str, list[tuple[object, object]]] = getattr(self.app, "__watchers", {})
        for name in ("connection", "actor"):
            lists.get(name, [])[:] = [(node, call) for node, call in lists.get(name, []) if node is not self]

    def _show_actor(self, actor: Acting | None) -> None:
        if actor is not None:
            self.login, self.role, self.read_only = actor.login, str(actor.role), not actor.can_write
            self._changed()

    def _replaced(self) -> bool:
        return bool(getattr(getattr(self.app, "connection", None), "replaced", False))

    def _found_at_start(self) -> tuple[int | None, tuple[str, ...]]:
        """The row where the audit chain breaks and the objects not made by the migrations, for a
        coordinator only (who can act on them)."""
        ctx = getattr(self.app, "ctx", None)
        if self.role != "coordinator" or ctx is None:
            return None, ()
        return getattr(ctx, "chain_broken_at", None), tuple(getattr(ctx, "unknown_objects", ()))

    def _banner(self) -> tuple[str, str] | None:
        """(id, text) of the line under the header, if any: a replaced file outranks a broken audit
        chain, which outranks read-only."""
        if self._replaced():
            return "replaced", t("Database file replaced or removed: nothing is saved; restart Supply Desk")
        broken, unknown = self._found_at_start()
        if broken is not None:
            return "audit-broken", t("The audit log was altered: its chain breaks at row {id} (supplydesk audit "
                                     "verify)", id=broken)
        if unknown:
            named = ", ".join(for_tui(object_text(found)) for found in unknown)
            return "audit-broken", t("Not made by Supply Desk: {objects} (supplydesk audit verify)", objects=named)
        if self.read_only:
            return "read-only", t("Read-only: login {login} is not a cadre with write rights", login=self.login)
        return None

    def _changed(self) -> None:
        """The header line again, and the banner swapped when it is not the one shown."""
        self.set_class(self._replaced(), "-replaced")
        self._draw()
        wanted = self._banner()
        shown = [child for child in self.children if child.id != "header-line"]
        if [child.id for child in shown] == ([wanted[0]] if wanted else []):
            return
        for child in shown:
            child.remove()
        if wanted is not None:
            self.mount(Static(wanted[1], id=wanted[0], markup=False))

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        width = max(20, self.size.width or 80)
        connection = getattr(self.app, "connection", None)
        right = Text(f" {self.login}{fmt.aside(pt('role', self.role))} ")
        if self._replaced():
            right.append(f"{clock.now():%H:%M} ")  # the banner says why: no "offline" beside it
        elif connection is not None and not connection.ok:
            # stale data is shown as stale: the time of the last good refresh, and why
            since = f"{connection.at:%H:%M:%S}" if connection.at else "—"
            right.append(t("offline since {time}", time=since) + " ", style="bold red")
        else:
            # minutes only: the line changes once a minute, not every second (over a slow link each
            # change is a line sent)
            now = clock.now()
            right.append(f"{now:%H:%M} ")
            if connection is not None and connection.at is not None \
                    and (now - connection.at).total_seconds() > STALE_AFTER_S:
                # polls are late: the last time this session confirmed its data is current
                right.append(t("updated {time}", time=f"{connection.at:%H:%M:%S}") + " ", style="bold yellow")
        left = Text(f" {t('Supply Desk')} │ ")
        room = max(2, width - left.cell_len - right.cell_len - 1)
        where = self.where
        if cell_len(where) > room:  # keep the end of a long path: the file name matters most
            while cell_len(where) > room - 1:
                where = where[1:]
            where = "…" + where
        line = left + Text(where)
        line.pad_right(max(0, width - line.cell_len - right.cell_len))
        line += right
        if line != self._line:  # each poll calls this: only a change is drawn, and never the layout
            self._line = line
            self.query_one("#header-line", Static).update(line, layout=False)
