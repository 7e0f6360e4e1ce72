"""Identity: the actor is the OS login. A login mapped to a cadre gets that cadre's role; an unmapped
login reads only; on a database without cadres the first login becomes coordinator.

On PostgreSQL with one role per person (models.pg_roles) the actor is the connection's own role
(``session_user``), whatever login the process names: the banner, the menus and the database agree.
"""

from __future__ import annotations

import os

from sqlalchemy import bindparam, text
from sqlmodel import Session, func, select

from models import clock
from models.base import Role
from models.people import Cadre
from models.services.common import Actor, create_row, write_transaction


def os_login() -> str:
    """The login of the running process, from the password database (not from $USER, which anyone can set)."""
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):  # pragma: no cover - non-POSIX
        import getpass

        return getpass.getuser()


def connection_login(session: Session) -> str | None:
    """The login the database knows this connection as, in per-person mode (None otherwise)."""
    from models.pg_roles import per_person_mode

    if not per_person_mode(session):
        return None
    return str(session.execute(text("SELECT session_user")).scalar_one())


def resolve_actor(session: Session, *, login: str) -> Actor:
    """The actor for ``login`` (the connection's role in per-person mode); makes it the coordinator
    when the database has no cadre yet (never in per-person mode: setup-postgres names the first)."""
    known = connection_login(session)
    if known is not None:
        return current_actor(session, login=known)
    actor = current_actor(session, login=login)
    if actor.cadre_id is None and nobody_yet(session):
        return _first_coordinator(session, login=login)
    return actor


#: built once: every write runs it, and building a statement costs more than running this one
_BY_LOGIN = select(Cadre.id, Cadre.role, Cadre.active, Cadre.name).where(Cadre.login == bindparam("login"))


def current_actor(session: Session, *, login: str) -> Actor:
    """What ``login`` may do now, read without writing (one query by the unique login): its
    cadre's role, a viewer's once the cadre is deactivated, a viewer's without a cadre.

    A running session reads it again when data changed, and every write checks it
    (``common.confirm_actor``): a changed role applies without a restart."""
    row = session.exec(_BY_LOGIN, params={"login": login}).first()
    if row is None:
        return Actor(login=login, role=Role.VIEWER)
    cadre_id, role, active, name = row
    return Actor(login=login, role=Role(role) if active else Role.VIEWER, cadre_id=cadre_id, name=name)


def nobody_yet(session: Session) -> bool:
    """The database has no cadre: its first login becomes the coordinator."""
    return session.exec(select(func.count()).select_from(Cadre)).one() == 0


def _first_coordinator(session: Session, *, login: str) -> Actor:
    bootstrap = Actor(login=login, role=Role.COORDINATOR)
    with write_transaction(session):
        # Another session may have won the race between our count and our write lock.
        existing = session.exec(select(Cadre).where(Cadre.login == login)).first()
        if existing is None and session.exec(select(func.count()).select_from(Cadre)).one() > 0:
            return Actor(login=login, role=Role.VIEWER)
        cadre = existing or create_row(
            session,
            Cadre(name=login, login=login, role=Role.COORDINATOR),
            actor=bootstrap,
            at=clock.now(),
        )
    return Actor(login=login, role=Role(cadre.role), cadre_id=cadre.id, name=cadre.name)
