"""What the screens and the command line share: the database, who is acting, and where the data is."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from models.db import Database, describe, resolve_url
from models.services.common import Actor

if TYPE_CHECKING:
    from sqlmodel import Session

T = TypeVar("T")


@dataclass
class AppContext:
    db: Database
    actor: Actor
    #: the first row where the newest part of the audit chain breaks, as found at start (None: intact)
    chain_broken_at: int | None = None
    #: objects in the database its migrations did not make ("trigger name", ...), as found at start
    unknown_objects: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        return describe(self.db.url)

    @property
    def read_only(self) -> bool:
        return not self.actor.can_write

    def run(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` with a fresh session (call from a worker thread, never the UI thread)."""
        with self.db.session() as session:
            return work(session)

    def glance(self, work: Callable[[Session], T]) -> T:
        """``run`` for a look of a statement or two, each seeing what was committed when it ran
        (``Database.glancing``)."""
        with self.db.glancing() as session:
            return work(session)


def check_at_start(ctx: AppContext) -> None:
    """Where the newest part of the audit chain breaks (a few hundred rows: cheap at any size), and
    the objects the migrations did not make; the header shows them to coordinators."""
    from models.audit_chain import NEWEST, verify
    from models.schema_check import unknown_objects

    ctx.chain_broken_at = ctx.run(lambda session: verify(session, newest=NEWEST)).broken_at
    ctx.unknown_objects = tuple(ctx.run(lambda session: unknown_objects(session, tables=False)))


def open_context(*, db_url: str | None = None, login: str | None = None) -> AppContext:
    """Open (and migrate if behind) the database and resolve who is acting. Raises DatabaseError.

    Only the default file gets its folders made; a new file is announced on stderr, before any
    screen is drawn, so that a mistyped ``--db`` never silently becomes an empty database.
    """
    from models.db import is_default_location
    from models.migrate import ensure_schema
    from models.services.identity import os_login, resolve_actor
    from tui.i18n import t

    url = resolve_url(db_url)
    db = Database.open(url, create_dirs=is_default_location(url))
    if db.created:
        print(f"supplydesk: {t('created a new database at {path}', path=describe(url))}", file=sys.stderr)
    ensure_schema(db)
    with db.session() as session:
        actor = resolve_actor(session, login=login or os_login())
    return AppContext(db=db, actor=actor)
