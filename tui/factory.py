"""The one app factory, shared by the command line, the tests and the benchmarks."""

from __future__ import annotations

from tui.context import AppContext


def open_context(*, db_url: str | None = None, login: str | None = None) -> AppContext:
    """Open (and migrate if behind) the database and resolve who is acting. Raises DatabaseError."""
    from models.db import Database, resolve_url
    from models.migrate import ensure_schema
    from models.services.identity import os_login, resolve_actor

    db = Database.open(resolve_url(db_url))
    ensure_schema(db)
    with db.session() as session:
        actor = resolve_actor(session, login=login or os_login())
    return AppContext(db=db, actor=actor)


def make_app(*, db_url: str | None = None, lang: str | None = None, login: str | None = None, start: str = "enterprises"):  # type: ignore[no-untyped-def]
    """The Textual app on ``db_url`` (default: SQLite in the user data directory), in ``lang``."""
    from tui.i18n import resolve_language
    from tui.i18n.translator import reset_language, translator_for, use_language

    translator = translator_for(resolve_language(lang))
    ctx = open_context(db_url=db_url, login=login)
    from tui.app import SupplyDeskApp

    token = use_language(translator)  # the constructor's own texts (the title) in the app's language
    try:
        app = SupplyDeskApp(ctx, start=start)
    finally:
        reset_language(token)
    app.translator = translator  # what t() asks while the app runs: the language is the app's, not the process's
    return app
