"""Background work: failures reach the user through one app method, and a read replaced by a newer
one never shows its older result."""

from __future__ import annotations

from typing import Any, Protocol
from weakref import WeakSet

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import Worker, WorkerState, get_current_worker

#: failures already shown: a node whose classes both handle the state message shows its failure once
_reported: WeakSet[Worker[Any]] = WeakSet()


class _InApp(Protocol):
    """A screen, a widget or the app itself: ``app`` is the Supply Desk app, which has ``show_error``."""

    @property
    def app(self) -> Any: ...


def report_failed_worker(node: _InApp, event: Worker.StateChanged) -> None:
    """Worker state messages do not bubble: screens and widgets that run workers pass failures on."""
    from tui.shell.calls import Refused

    error = event.worker.error
    if event.state != WorkerState.ERROR or error is None or isinstance(error, Refused):
        return
    if event.worker not in _reported:
        _reported.add(event.worker)
        node.app.show_error(error)


def post_result(node: MessagePump, message: Message) -> None:
    """Post what a thread worker read, unless a newer worker of its exclusive group replaced it.

    Starting a worker in an exclusive group cancels the one before, but a thread cannot be
    stopped: its result would still arrive, perhaps after the newer one's, and show older data
    over newer. (A save's outcome is posted as it is: what it wrote, it wrote.)
    """
    if not get_current_worker().is_cancelled:
        node.post_message(message)
