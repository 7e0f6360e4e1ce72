"""Background work: failures reach the user through one app method, and a read replaced by a newer
one never shows its older result."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import Worker, WorkerState, get_current_worker


def report_failed_worker(node: DOMNode, event: Worker.StateChanged) -> None:
    """Worker state messages do not bubble: screens and widgets that run workers pass failures on."""
    from tui.shell.calls import Refused

    if event.state == WorkerState.ERROR and event.worker.error is not None and not isinstance(event.worker.error, Refused):
        node.app.show_error(event.worker.error)  # type: ignore[attr-defined]


def post_result(node: MessagePump, message: Message) -> None:
    """Post what a thread worker read, unless a newer worker of its exclusive group replaced it.

    Starting a worker in an exclusive group cancels the one before, but a thread cannot be
    stopped: its result would still arrive, perhaps after the newer one's, and show older data
    over newer. (A save's outcome is posted as it is: what it wrote, it wrote.)
    """
    if not get_current_worker().is_cancelled:
        node.post_message(message)
