"""``supplydesk audit verify`` and ``supplydesk admin setup-postgres``.

``audit verify`` reads only (the database is opened read-only) and walks the whole audit chain:
"N rows, chain intact", exit 0, or the first row where it breaks, exit 1; and it names the triggers,
tables, views and functions the migrations did not make (exit 1). ``admin setup-postgres``
is the database owner's: it brings the schema to head and puts the roles and their rules in place
(models.pg_roles); it may be run again at any time.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from tui.i18n import t, tn

if TYPE_CHECKING:
    from models.audit_chain import Verdict


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    audit = commands.add_parser("audit", parents=[common], help=t("check the audit log's hash chain"))
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)
    verify = audit_commands.add_parser("verify", parents=[common],
                                       help=t("walk the whole audit chain; exit 1 where it breaks"))
    verify.set_defaults(run=run_verify)
    admin = commands.add_parser("admin", parents=[common], help=t("the database owner's commands"))
    admin_commands = admin.add_subparsers(dest="admin_command", metavar="COMMAND", required=True)
    setup = admin_commands.add_parser(
        "setup-postgres", parents=[common],
        help=t("PostgreSQL: the owner role, the group roles, their grants and row-level security (run "
               "again at any time)"))
    setup.add_argument("--coordinator", metavar="LOGIN",
                       help=t("on a database without cadres: the database role of its first coordinator"))
    setup.set_defaults(run=run_setup_postgres)


def verdict_text(verdict: Verdict) -> str:
    """What a walk of the chain found, in one line."""
    if verdict.intact:
        return tn("{count} row, chain intact", "{count} rows, chain intact", verdict.rows, count=f"{verdict.rows:,}")
    if verdict.reason == "changed":
        return t("The audit chain breaks at row {id}: the row was changed", id=verdict.broken_at)
    return t("The audit chain breaks at row {id}: a row before it was deleted, or it was inserted out of order",
             id=verdict.broken_at)


def run_verify(args: argparse.Namespace) -> int:
    from models.audit_chain import verify
    from models.db import Database, resolve_url
    from models.migrate import require_schema
    from models.schema_check import unknown_objects
    from tui.i18n.safe import for_terminal
    from tui.widgets.header import object_text

    db = Database.open(resolve_url(getattr(args, "db", None)), read_only=True)
    try:
        require_schema(db)
        with db.session() as session:
            verdict = verify(session)
            unknown = unknown_objects(session)
    finally:
        db.dispose()
    print(verdict_text(verdict), file=sys.stdout if verdict.intact else sys.stderr)
    for found in unknown:  # a planted trigger can delete new audit rows without breaking the chain
        print(t("Not made by Supply Desk: {objects}", objects=for_terminal(object_text(found))), file=sys.stderr)
    return 0 if verdict.intact and not unknown else 1


def run_setup_postgres(args: argparse.Namespace) -> int:
    from models.db import Database, resolve_url
    from models.pg_roles import setup_postgres

    url = resolve_url(getattr(args, "db", None))
    db = Database.open(url)
    try:
        if db.backend != "postgresql":
            print(f"supplydesk: {t('setup-postgres is for a PostgreSQL database')}", file=sys.stderr)
            return 2
        done = setup_postgres(db, coordinator=args.coordinator)
    finally:
        db.dispose()
    print(t("PostgreSQL set up: owner {owner}, {granted} logins given their group role", owner=done.owner,
            granted=done.granted))
    return 0
