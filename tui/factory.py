"""The one app factory, shared by the command line, the tests and the benchmarks.

(``open_context``, the database and the actor without an app, lives in ``tui.context``: the command
line's subcommands use it without importing the app; it is imported here for ``make_app``.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.context import check_at_start, open_context

if TYPE_CHECKING:
    from tui.app import SupplyDeskApp


def make_app(*, db_url: str | None = None, lang: str | None = None, login: str | None = None,
             start: str = "enterprises") -> SupplyDeskApp:
    """The Textual app on ``db_url`` (default: SQLite in the user data directory), in ``lang``."""
    from tui.i18n import resolve_language
    from tui.i18n.translator import reset_language, translator_for, use_language

    translator = translator_for(resolve_language(lang))
    ctx = open_context(db_url=db_url, login=login)
    check_at_start(ctx)  # the audit chain and unknown objects, shown to coordinators (the header)
    from tui.app import SupplyDeskApp

    token = use_language(translator)  # the constructor's own texts (the title) in the app's language
    try:
        app = SupplyDeskApp(ctx, start=start)
    finally:
        reset_language(token)
    app.translator = translator  # what t() asks while the app runs: the language is the app's, not the process's
    return app


__all__ = ["make_app", "open_context"]
