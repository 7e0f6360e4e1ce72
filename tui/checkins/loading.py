"""What the check-in widgets that read their own data share: ``self.read`` inside exclusive async
workers (a newer load cancels an older one at its ``await``, so older data never shows over newer),
and a failed load passed on to the app's one handler (a worker's state messages do not bubble)."""

from __future__ import annotations

from typing import cast

from textual.dom import DOMNode
from textual.worker import Worker

from tui.shell.calls import ServiceCalls
from tui.shell.workers import report_failed_worker


class ReadsData(ServiceCalls):
    """Mixed into a widget that loads its own data; it defines ``reload``."""

    def reload(self) -> None:  # pragma: no cover - each widget's
        raise NotImplementedError

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(cast(DOMNode, self), event)
