"""The audit log as a hash chain: each row carries the SHA-256 of its content and of the row before it.

A row's hash covers its id, time, login, table, row, action and changes, and the previous row's
hash (``prev_hash``, kept on the row). Changing a row breaks its own hash; deleting one breaks the
link of the row after it; a row put in out of order links to the wrong row. Whoever may rewrite the
whole table may also recompute the whole chain: the chain shows tampering afterwards, it does not
prevent it (on PostgreSQL the roles prevent it: no user role may update or delete an audit row).

The hash is computed in one place per database: in Python on SQLite (``chain``: the write lock of
``BEGIN IMMEDIATE`` orders the writers), in a trigger on PostgreSQL (``pg_function_sql``: it takes a
transaction-level advisory lock, so concurrent writers chain in the order they commit, and gives the
row its id after the lock, so the ids follow the chain). Both spell the content the same way: each
field as its length in characters, a colon, then the field (``payload``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

    from models.audit import AuditLog

#: the ``prev_hash`` of the first row
GENESIS = "0" * 64
#: the key of the advisory lock that orders audit writers on PostgreSQL (any constant of ours)
LOCK_KEY = 7_303_012_020
#: the newest rows the app checks at start (reading them is cheap whatever the log's size)
NEWEST = 200


def payload(prev_hash: str, row_id: int, at: datetime, login: str, table_name: str, row: int, action: str,
            changes: str) -> str:
    """The text a row's hash is taken of: each field length-prefixed, so no field can run into the next."""
    fields = (prev_hash, str(row_id), f"{at:%Y-%m-%d %H:%M:%S.%f}", login, table_name, str(row), action, changes)
    return "".join(f"{len(field)}:{field}" for field in fields)


def row_hash(prev_hash: str, row_id: int, at: datetime, login: str, table_name: str, row: int, action: str,
             changes: str) -> str:
    text_ = payload(prev_hash, row_id, at, login, table_name, row, action, changes)
    return hashlib.sha256(text_.encode("utf-8", "surrogatepass")).hexdigest()


def _last(session_or_conn: Any) -> tuple[int, str | None] | None:
    found = session_or_conn.execute(text("SELECT id, hash FROM auditlog ORDER BY id DESC LIMIT 1")).first()
    return None if found is None else (int(found[0]), found[1])


def chain(session: Session, row: AuditLog) -> None:
    """Give a new audit row its id and hashes (SQLite; on PostgreSQL the trigger does it).

    Called inside the write transaction with the rows before it flushed: SQLite's write lock means
    no other writer can add a row between reading the last one and inserting this one."""
    if session.get_bind().dialect.name != "sqlite":
        return
    last = _last(session)
    row.id = 1 if last is None else last[0] + 1
    row.prev_hash = GENESIS if last is None else (last[1] or "")
    row.hash = row_hash(row.prev_hash, row.id, row.at, row.login, row.table_name, row.row_id, row.action,
                        row.changes)


@dataclass(frozen=True)
class Verdict:
    """What walking the chain found: how many rows, and the first where it breaks (None: intact)."""

    rows: int
    broken_at: int | None = None
    #: "changed" (the row's content does not give its hash) or "link" (the row before it is not
    #: the one it was chained to: a row deleted before it, or this one inserted out of order)
    reason: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_at is None


_COLUMNS = "id, at, login, table_name, row_id, action, changes, prev_hash, hash"


def check_rows(rows: Iterable[Sequence[Any]], *, anchored: bool) -> Verdict:
    """Walk ``rows`` (the columns of ``_COLUMNS``, by id). ``anchored``: the first row is the
    log's first, so it must follow GENESIS; otherwise its link is taken on trust."""
    count, before = 0, GENESIS if anchored else None
    for row_id, at, login, table_name, row, action, changes, prev_hash, stored in rows:
        count += 1
        expected = row_hash(prev_hash or "", row_id, at, login, table_name, row, action, changes)
        if stored is None or prev_hash is None or stored != expected:
            return Verdict(count, row_id, "changed")
        if before is not None and prev_hash != before:
            return Verdict(count, row_id, "link")
        before = stored
    return Verdict(count)


def verify(session: Session, *, newest: int | None = None) -> Verdict:
    """Walk the whole chain, or only its ``newest`` rows (their links to each other, each one's hash)."""
    if newest is None:
        result = session.execute(text(f"SELECT {_COLUMNS} FROM auditlog ORDER BY id").execution_options(
            yield_per=2000))
        return check_rows(_datetimes(result), anchored=True)
    recent = session.execute(text(f"SELECT {_COLUMNS} FROM auditlog ORDER BY id DESC LIMIT :n"),
                             {"n": newest}).all()
    first = session.execute(text("SELECT min(id) FROM auditlog")).scalar()
    rows = list(_datetimes(reversed(recent)))
    return check_rows(rows, anchored=bool(rows) and rows[0][0] == first)


def _datetimes(rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    """SQLite hands a raw SQL query's timestamps back as text: as datetimes, like PostgreSQL's."""
    for row in rows:
        at = row[1]
        yield (row[0], datetime.fromisoformat(at) if isinstance(at, str) else at, *row[2:])


def rechain(connection: Connection) -> int:
    """Chain every row again, oldest first (the migration does it once for the rows it finds)."""
    rows = _datetimes(connection.execute(text(f"SELECT {_COLUMNS} FROM auditlog ORDER BY id")).all())
    before, updates = GENESIS, []
    for row_id, at, login, table_name, row, action, changes, _prev, _hash in rows:
        digest = row_hash(before, row_id, at, login, table_name, row, action, changes)
        updates.append({"id": row_id, "prev": before, "hash": digest})
        before = digest
    if updates:
        connection.execute(text("UPDATE auditlog SET prev_hash = :prev, hash = :hash WHERE id = :id"), updates)
    return len(updates)


def pg_function_sql(*, per_person: bool) -> str:
    """The PostgreSQL trigger function that chains each new audit row (see the module's docstring).

    ``per_person``: the login is the connection's own role (``session_user``), whatever the app
    says, so a forged actor records the real person (set by ``supplydesk admin setup-postgres``).
    """
    login = "NEW.login := session_user;" if per_person else ""
    return f"""
CREATE OR REPLACE FUNCTION supplydesk_audit_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    last_hash text;
    body text;
BEGIN
    PERFORM pg_advisory_xact_lock({LOCK_KEY});
    {login}
    NEW.id := nextval(pg_get_serial_sequence('public.auditlog', 'id'));
    SELECT a.hash INTO last_hash FROM public.auditlog a ORDER BY a.id DESC LIMIT 1;
    IF NOT FOUND THEN
        last_hash := '{GENESIS}';
    END IF;
    NEW.prev_hash := coalesce(last_hash, '');
    body := length(NEW.prev_hash) || ':' || NEW.prev_hash
         || length(NEW.id::text) || ':' || NEW.id::text
         || '26:' || to_char(NEW.at, 'YYYY-MM-DD HH24:MI:SS.US')
         || length(NEW.login) || ':' || NEW.login
         || length(NEW.table_name) || ':' || NEW.table_name
         || length(NEW.row_id::text) || ':' || NEW.row_id::text
         || length(NEW.action) || ':' || NEW.action
         || length(NEW.changes) || ':' || NEW.changes;
    NEW.hash := encode(sha256(convert_to(body, 'UTF8')), 'hex');
    RETURN NEW;
END
$$;
"""


#: the trigger that runs it, one statement each
PG_TRIGGER_SQL = (
    "DROP TRIGGER IF EXISTS supplydesk_audit_chain ON auditlog",
    ("CREATE TRIGGER supplydesk_audit_chain BEFORE INSERT ON auditlog"
     " FOR EACH ROW EXECUTE FUNCTION supplydesk_audit_chain()"),
)
