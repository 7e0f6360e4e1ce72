"""Identity: the actor is the OS login. A login mapped to a cadre gets that cadre's role; an unmapped
login reads only; on a database without cadres the first login becomes coordinator."""

from __future__ import annotations

import os

from sqlmodel import Session, func, select

from models import clock
from models.base import Role
from models.people import Cadre
from models.search import search_key
from models.services.common import Actor, create_row, write_transaction


def os_login() -> str:
    """The login of the running process, from the password database (not from $USER, which anyone can set)."""
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):  # pragma: no cover - non-POSIX
        import getpass

        return getpass.getuser()


def resolve_actor(session: Session, *, login: str) -> Actor:
    """The actor for ``login``; makes it the coordinator when the database has no cadre yet."""
    cadre = session.exec(select(Cadre).where(Cadre.login == login)).first()
    if cadre is None:
        if session.exec(select(func.count()).select_from(Cadre)).one() == 0:
            return _first_coordinator(session, login=login)
        return Actor(login=login, role=Role.VIEWER)
    if not cadre.active:
        return Actor(login=login, role=Role.VIEWER, cadre_id=cadre.id, name=cadre.name)
    return Actor(login=login, role=Role(cadre.role), cadre_id=cadre.id, name=cadre.name)


def _first_coordinator(session: Session, *, login: str) -> Actor:
    bootstrap = Actor(login=login, role=Role.COORDINATOR)
    with write_transaction(session):
        # Another session may have won the race between our count and our write lock.
        existing = session.exec(select(Cadre).where(Cadre.login == login)).first()
        if existing is None and session.exec(select(func.count()).select_from(Cadre)).one() > 0:
            return Actor(login=login, role=Role.VIEWER)
        cadre = existing or create_row(
            session,
            Cadre(name=login, login=login, role=Role.COORDINATOR, search_key=search_key([login])),
            actor=bootstrap,
            at=clock.now(),
        )
    return Actor(login=login, role=Role(cadre.role), cadre_id=cadre.id, name=cadre.name)
