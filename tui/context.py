"""What the screens share: the database, who is acting, and where the data is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from models.db import Database, describe
from models.services.common import Actor

if TYPE_CHECKING:
    from sqlmodel import Session

T = TypeVar("T")


@dataclass
class AppContext:
    db: Database
    actor: Actor

    @property
    def where(self) -> str:
        return describe(self.db.url)

    @property
    def read_only(self) -> bool:
        return not self.actor.can_write

    def run(self, work: Callable[["Session"], T]) -> T:
        """Run ``work`` with a fresh session (call from a worker thread, never the UI thread)."""
        with self.db.session() as session:
            return work(session)
