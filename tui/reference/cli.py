"""``supplydesk people add`` and ``supplydesk people list``: the first day of a group without the app.

    supplydesk people add NAME [--login LOGIN] [--role coordinator|field_cadre|viewer] [--phone MOBILE]
    supplydesk people list [--filter TEXT]

The actor is the OS login, as in the app (on an empty database: its coordinator); the same
services, checks and audit as the People tab. Exit 0 on success; 1 with one translated line on
stderr when a rule refuses; 2 for usage errors and a database that cannot be opened.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from typing import Any

from models.base import Role
from models.errors import ServiceError
from models.services.paging import PageRequest
from models.services.people_list import PersonRow, list_people
from tui.i18n import error_text, pt, t
from tui.i18n import format as fmt
from tui.i18n.safe import for_terminal

#: rows read at a time by ``people list``
PAGE = 500


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    people = commands.add_parser("people", parents=[common], help=t("add or list the people of the group"),
                                 description=t("The people of the group (cadres), their logins and roles."))
    actions = people.add_subparsers(dest="people_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[common], help=t("add a person (coordinators only)"))
    add.add_argument("name", metavar="NAME", help=t("the person's name"))
    add.add_argument("--login", metavar="LOGIN", help=t("the login they start Supply Desk with"))
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.FIELD_CADRE.value,
                     help=t("what the login may do (default: field_cadre)"))
    add.add_argument("--phone", metavar="MOBILE", help=t("mobile number"))
    add.set_defaults(run=run_add)
    listing = actions.add_parser("list", parents=[common], help=t("list the people, one a line"))
    listing.add_argument("--filter", metavar="TEXT", default="", help=t("name, pinyin, initials or login"))
    listing.set_defaults(run=run_list)


def _run(args: argparse.Namespace, work: Callable[[Any, Any], Iterator[str]]) -> int:
    from tui.context import open_context

    ctx = open_context(db_url=getattr(args, "db", None))  # DatabaseError: printed by main, exit 2
    try:
        with ctx.db.session() as session:
            for line in work(session, ctx.actor):
                print(line)
        return 0
    except ServiceError as error:
        print(f"supplydesk: {error_text(error)}", file=sys.stderr)
        return 1
    finally:
        ctx.db.dispose()


def run_add(args: argparse.Namespace) -> int:
    from models.people import CadreCreate
    from models.services.cadres import create_cadre

    def work(session: Any, actor: Any) -> Iterator[str]:
        data = CadreCreate(name=args.name, login=args.login or None, role=args.role, phone=args.phone or None)
        cadre = create_cadre(session, actor=actor, data=data)
        yield t("Added {name} ({role}), login {login}", name=for_terminal(cadre.name), role=pt("role", cadre.role),
                login=for_terminal(cadre.login or "—"))

    return _run(args, work)


def _line(row: PersonRow) -> str:
    parts = [row.name, pt("role", row.role), row.login or "—", row.phone or "—",
             fmt.local_name(row.unit, row.unit_en) or "—"]
    if not row.active:
        parts.append(t("inactive"))
    return "  ".join(for_terminal(part) for part in parts)


def run_list(args: argparse.Namespace) -> int:
    def work(session: Any, actor: Any) -> Iterator[str]:
        offset = 0
        while True:
            page = list_people(session, request=PageRequest(query=args.filter, sort="name", offset=offset,
                                                            limit=PAGE))
            yield from (_line(row) for row in page.rows)
            if len(page.rows) < PAGE:
                return
            offset += PAGE

    return _run(args, work)
