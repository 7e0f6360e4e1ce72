"""Background work: failures reach the user through one app method (a refused command has been
shown already by the refusal policy, so it is not shown again)."""

from __future__ import annotations

from typing import Any, Protocol

from textual.worker import Worker, WorkerState


class _InApp(Protocol):
    """A screen, a widget or the app itself: ``app`` is the Supply Desk app, which has ``show_error``."""

    @property
    def app(self) -> Any: ...


def report_failed_worker(node: _InApp, event: Worker.StateChanged) -> None:
    """Worker state messages do not bubble: screens and widgets that run workers pass failures on.

    Each class that handles the message runs its handler, so a node has one handler in its classes:
    ``ServiceCalls``'s for screens, modals and widgets that call services, the app's for its own."""
    from tui.shell.calls import Refused

    error = event.worker.error
    if event.state == WorkerState.ERROR and error is not None and not isinstance(error, Refused):
        node.app.show_error(error)
