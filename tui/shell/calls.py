"""The one way the front end calls a service: ``await self.read(query)`` and
``await self.command(call)`` inside an exclusive async worker.

A flow reads top to bottom::

    @work(exclusive=True, group="check-in")
    async def check_in(self) -> None:
        status = await self.read(lambda s: cadre_status(s, cadre_id=...))
        where = await self.app.push_screen_wait(ChoiceDialog(...))
        if where is None:
            return
        await self.command(lambda s: check_in(s, actor=..., enterprise_id=where.id))

``read`` runs the query in a thread with a fresh session; the UI stays live while it runs, and a
worker replaced by a newer one of its group is cancelled at the ``await``, so an older result never
shows over a newer one. ``command`` does the same for a write, then applies the two policies:

* refused (a ``ServiceError``): ``refused(error)`` shows why — override it per form to point at the
  field or open the conflict view — and ``Refused`` ends the flow quietly (the app's failure handler
  ignores it);
* done: the app learns of the change at once and the visible screen reloads once (the poll then
  sees nothing new, so it does not reload a second time).

Anything else is unexpected: it ends the worker in error, and the app's one handler shows and logs it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from models.errors import ServiceError
from tui.i18n import error_text, t
from tui.i18n.safe import for_tui
from tui.shell.workers import report_failed_worker

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.worker import Worker

    from tui.context import AppContext

T = TypeVar("T")


class Refused(Exception):
    """A command was refused and ``refused`` has shown why: the flow stops here."""

    def __init__(self, error: ServiceError) -> None:
        super().__init__(error_text(error))
        self.error = error


class ServiceCalls:
    """Mixed into screens and widgets (anything with ``app``).

    A worker's state messages go to the node that runs it and do not bubble: the handler here passes
    a failure on to the app's one handler (Textual calls a handler defined on a mixin too).
    """

    app: Any
    #: the title of the notice a refused command shows
    REFUSED_TITLE = "Nothing saved"

    @property
    def ctx(self) -> AppContext:
        ctx: AppContext = self.app.ctx
        return ctx

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)

    async def read(self, query: Callable[[Session], T]) -> T:
        """``query`` in a worker thread with a fresh session; its result, once the thread is done."""
        return await asyncio.to_thread(self.ctx.run, query)

    async def command(self, call: Callable[[Session], T]) -> T:
        """Write through ``call`` in one transaction; on refusal show why and raise ``Refused``."""
        try:
            result = await self.read(call)
        except ServiceError as error:
            self.refused(error)
            raise Refused(error) from error
        await self.app.changed_here()
        return result

    def refused(self, error: ServiceError) -> None:
        """How a refused command is shown (a form overrides this to mark the field it names)."""
        # a refusal may quote a stored name: shown escaped
        self.app.notify(for_tui(error_text(error), lines=True), title=t(self.REFUSED_TITLE), severity="error",
                        timeout=8, markup=False)
