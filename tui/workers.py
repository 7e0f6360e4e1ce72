"""Failures of background work reach the user through one app method, whatever ran the worker."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState


def report_failed_worker(node: DOMNode, event: Worker.StateChanged) -> None:
    """Worker state messages do not bubble: screens and widgets that run workers pass failures on."""
    if event.state == WorkerState.ERROR and event.worker.error is not None:
        node.app.show_error(event.worker.error)  # type: ignore[attr-defined]
