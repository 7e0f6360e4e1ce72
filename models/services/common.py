"""What every command shares: the actor, the write transaction, the version check and the audit row."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel
from sqlmodel.sql.expression import SelectOfScalar

from models import clock
from models.audit_chain import LOCK_KEY
from models.base import Role, Tracked
from models.db import WRITE_OPTIONS
from models.errors import ConflictError, NotFoundError, PermissionDenied

T = TypeVar("T", bound=Tracked)
BOOKKEEPING = {"version", "created_at", "created_by", "updated_at", "updated_by", "search_key", "sort_key"}


@dataclass(frozen=True)
class Actor:
    """Who is acting: the OS login, the role it maps to, and the cadre behind it (if any)."""

    login: str
    role: Role
    cadre_id: int | None = None
    name: str | None = None

    @property
    def can_write(self) -> bool:
        return self.role in (Role.COORDINATOR, Role.FIELD_CADRE)

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR


def require_writer(actor: Actor) -> None:
    if not actor.can_write:
        raise PermissionDenied("{login} may only read", login=actor.login)


def require_coordinator(actor: Actor) -> None:
    if not actor.is_coordinator:
        raise PermissionDenied("Only coordinators may do this")


#: what each role may do, as a rank: a higher role may do everything a lower one may
_RANK = {Role.VIEWER: 0, Role.FIELD_CADRE: 1, Role.COORDINATOR: 2}
#: the key in ``Session.info`` of the transaction and actor confirmed last
_CONFIRMED = "confirmed_actor"


def confirm_actor(session: Session, actor: Actor) -> None:
    """Refuse a write by an actor whose rights were lowered after it was resolved.

    ``require_writer`` and its kind judge the actor a session resolved when it started; a
    coordinator demoted or deactivated since must not write with it. Called by ``create_row``,
    ``update_row`` and ``audit`` (every command goes through one of them) inside the write
    transaction, before the row changes: one query on the cadre's login, once per transaction.
    More rights than the actor says refuse nothing.
    """
    from models.services.identity import current_actor, nobody_yet

    transaction = session.get_transaction()
    confirmed = session.info.get(_CONFIRMED)
    if confirmed is not None and confirmed[0] is transaction and confirmed[1] == actor:
        return
    now = current_actor(session, login=actor.login)
    lowered = _RANK[now.role] < _RANK[actor.role] or now.cadre_id != actor.cadre_id
    # the first login on a database without cadres is the coordinator that creates its own cadre
    if lowered and not (actor.cadre_id is None and now.cadre_id is None and nobody_yet(session)):
        raise PermissionDenied("Your role is now {role}; this change was not saved", role=now.role.value)
    session.info[_CONFIRMED] = (transaction, actor)


_CHAIN_LOCK = text(f"SELECT pg_advisory_xact_lock({LOCK_KEY})")

#: the key in ``Session.info`` while commands run inside a caller's transaction (``commands_inside``);
#: its value names where their changes come from
_BATCH = "batch_source"


@contextmanager
def write_transaction(session: Session) -> Iterator[Session]:
    """One write transaction: ``BEGIN IMMEDIATE`` on SQLite (the audit chain's advisory lock on
    PostgreSQL), commit on success, rollback on error.

    A read transaction the session may hold is ended first, so the write lock is taken at the start
    (a deferred transaction upgraded to a write can fail with "database is locked").
    """
    if _BATCH in session.info:  # inside a caller's transaction: this command's own savepoint of it
        with session.begin_nested():
            yield session
        return
    if session.in_transaction():
        session.rollback()
    # Rows cached by an earlier transaction of this session must not pass a version check:
    # every read in the write transaction goes to the database.
    session.expire_all()
    connection = session.connection(execution_options=WRITE_OPTIONS)
    if connection.dialect.name == "postgresql":
        # The audit chain's lock first (its trigger takes it again): every writer queues here, as on
        # SQLite, before it locks any row. Taken at the first audit row instead, a writer holding a
        # row and waiting for it could deadlock with one holding it and waiting for the row.
        session.execute(_CHAIN_LOCK)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


@contextmanager
def commands_inside(session: Session, *, source: str) -> Iterator[Session]:
    """Commands run inside the caller's write transaction, which commits or rolls back them all.

    Each command's ``write_transaction`` becomes a savepoint of the caller's transaction (one
    refused rolls back only its own changes; the caller decides whether to go on) instead of
    rolling back the caller's work in progress and committing on its own. Every audit row written
    meanwhile names ``source`` (the file imported, the demo), so the log says where a change came from.
    """
    outer = session.info.get(_BATCH)
    session.info[_BATCH] = source
    try:
        yield session
    finally:
        if outer is None:
            del session.info[_BATCH]
        else:
            session.info[_BATCH] = outer


@contextmanager
def batch(session: Session, *, source: str) -> Iterator[Session]:
    """Many commands in one write transaction of their own (an import writes its rows so, a batch
    at a time), each in a savepoint of it, their audit rows naming ``source`` (``commands_inside``)."""
    with write_transaction(session), commands_inside(session, source=source):
        yield session


def insert_unique(session: Session, row: T, *, actor: Actor, at: datetime, current: SelectOfScalar[T]) -> T:
    """Insert ``row`` whose natural key may have just been taken by a concurrent writer.

    On PostgreSQL two transactions can both see "no row yet" and insert; the loser's unique
    violation becomes a ConflictError holding the winner's values (the query ``current`` reads them), so
    the user sees the other change instead of an error. SQLite's write lock makes this not arise.
    """
    try:
        with session.begin_nested():
            create_row(session, row, actor=actor, at=at)
    except IntegrityError:
        winner = session.exec(current).first()
        if winner is None:
            raise
        raise ConflictError(table_name(winner), row_id(winner), values_of(winner)) from None
    return row


def check_exists_version(row: Tracked, expected: int | None) -> None:
    """For rows a form may create: the form saw no row (``expected`` None) but one exists now."""
    if expected is None:
        raise ConflictError(table_name(row), row_id(row), values_of(row))
    check_version(row, expected)


def plain(value: Any) -> Any:
    """A JSON-friendly form of a column value."""
    if isinstance(value, datetime):
        return clock.fmt(value) if value.second == 0 else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def table_name(row: SQLModel) -> str:
    """The table a row belongs to (SQLModel declares ``__tablename__`` as a str or a declared_attr:
    on a table class it is the str)."""
    return cast(str, row.__tablename__)


class Identified(Protocol):
    """A row with an integer key: the model says ``int | None``, None until the row is flushed."""

    @property
    def id(self) -> int | None: ...


def row_id(row: Identified) -> int:
    """The id of a row in the database, tracked or not: one is flushed before it is version-checked,
    audited, referred to by another row or shown; one read from the database has its id."""
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} row not flushed")
    return row.id


def values_of(row: SQLModel) -> dict[str, Any]:
    return {key: getattr(row, key) for key in type(row).model_fields}


def get_for_update(session: Session, model: type[T], row_id: int) -> T:
    """Load a row and lock it (``FOR UPDATE`` on PostgreSQL; SQLite holds the write lock already)."""
    row = session.get(model, row_id, with_for_update=True, populate_existing=True)
    if row is None:
        raise NotFoundError("No {table} with id {id}", table=model.__tablename__, id=row_id)
    return row


def check_version(row: Tracked, expected: int | None) -> None:
    """Refuse a stale write: the caller read ``expected`` and the row has moved on since."""
    if expected is not None and row.version != expected:
        raise ConflictError(table_name(row), row_id(row), values_of(row))


def stamp_new(row: Tracked, actor: Actor, at: datetime) -> None:
    row.version = 1
    row.created_at = row.updated_at = at
    row.created_by = row.updated_by = actor.login


def apply_changes(row: Tracked, changes: dict[str, Any], actor: Actor, at: datetime) -> dict[str, list[Any]]:
    """Set changed fields, bump the version and return ``{field: [old, new]}`` for the audit row."""
    diff: dict[str, list[Any]] = {}
    for key, new in changes.items():
        old = getattr(row, key)
        if old != new:
            diff[key] = [plain(old), plain(new)]
            setattr(row, key, new)
    if diff:
        row.version += 1
        row.updated_at = at
        row.updated_by = actor.login
    return diff


def audit(
    session: Session, *, actor: Actor, at: datetime, row: Tracked, action: str, changes: dict[str, Any] | None = None
) -> None:
    """Append the audit row for a change to ``row`` (in the caller's transaction)."""
    from models.audit import AuditLog  # the first write loads it, not start-up
    from models.audit_chain import chain

    confirm_actor(session, actor)
    if changes is None:
        changes = {k: [None, plain(v)] for k, v in values_of(row).items() if k not in BOOKKEEPING and v is not None}
    if _BATCH in session.info:
        changes = {**changes, "source": session.info[_BATCH]}
    session.flush()
    entry = AuditLog(
        at=at,
        login=actor.login,
        table_name=table_name(row),
        row_id=row_id(row),
        action=action,
        changes=json.dumps(changes, ensure_ascii=False, default=str),
    )
    chain(session, entry)  # the rows before it are flushed: it links to the last of them
    session.add(entry)
    if session.get_bind().dialect.name == "postgresql":
        from models.watch import notify_on_commit

        notify_on_commit(session, entry.table_name)  # the listening sessions learn of it at commit


def create_row(session: Session, row: T, *, actor: Actor, at: datetime, action: str = "create") -> T:
    """Insert a tracked row with its bookkeeping and its audit row."""
    confirm_actor(session, actor)
    stamp_new(row, actor, at)
    session.add(row)
    session.flush()
    audit(session, actor=actor, at=at, row=row, action=action)
    return row


def update_row(
    session: Session, row: T, changes: dict[str, Any], *, actor: Actor, at: datetime, action: str = "update",
    always: bool = False,
) -> dict[str, list[Any]]:
    """Apply ``changes`` to a locked, version-checked row, bumping its version, and audit them.

    ``always`` bumps the version and writes the audit row even when no column changed (a step
    recorded elsewhere, such as a shortage event), so a concurrent stale write is still refused.
    """
    confirm_actor(session, actor)  # before the change: a coordinator may change their own role
    diff = apply_changes(row, changes, actor, at)
    if always and not diff:
        row.version += 1
        row.updated_at, row.updated_by = at, actor.login
    if diff or always:
        session.add(row)
        audit(session, actor=actor, at=at, row=row, action=action, changes=diff)
    return diff
