"""``supplydesk checkin`` and ``supplydesk checkout``: the check-in screen's two commands, for a
terminal session or a script, with the same rules, messages and audit (they call the same services).

    supplydesk checkin [ENTERPRISE] [--at TIME --reason TEXT]
    supplydesk checkout --note TEXT [--category C ...] [--at TIME --reason TEXT] [--shortage ID ...]

The actor is the OS login, as in the app. Exit 0 on success; 1 with one translated line on stderr
when a rule refuses (or ENTERPRISE is ambiguous: the candidates follow, one a line); 2 for usage
errors and a database that cannot be opened.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from models import clock
from models.base import WorkCategory
from models.db import typed_id
from models.errors import PermissionDenied, ServiceError
from models.services.checkin_match import enterprise_label, match_enterprises
from models.services.checkins import check_in, check_out
from models.services.choices import EnterpriseChoice, assigned_choices
from models.services.timesheets import minutes
from tui.i18n import error_text, in_language, t, tn
from tui.i18n import format as fmt
from tui.i18n.parse import parse_moment
from tui.i18n.safe import for_terminal

#: how many candidates an ambiguous ENTERPRISE lists
SHOWN = 10
CORRECTION = "Checked in since {since}: enter the real time you left and a reason"


class Refused(Exception):
    """A refusal of the command itself (the services raise ServiceError); ``lines`` follow the reason."""

    def __init__(self, reason: str, lines: list[str] | None = None) -> None:
        super().__init__(reason)
        self.reason, self.lines = reason, lines or []


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    codes = " ".join(c.value for c in WorkCategory)
    checkin = commands.add_parser(
        "checkin", parents=[common], help=t("check in (now, or --at TIME with --reason) as the current login"),
        description=t("Check in at ENTERPRISE, or where you are stationed. A time more than 15 minutes ago "
                      "(back-dated) or an enterprise you are not stationed at needs --reason."))
    checkin.add_argument("enterprise", nargs="?", metavar="ENTERPRISE",
                         help=t("name, short name, pinyin, initials or credit code (default: where you are stationed)"))
    checkin.add_argument("--at", metavar="TIME", help=t("HH:MM (today) or 'YYYY-MM-DD HH:MM'"))
    checkin.add_argument("--reason", metavar="TEXT", help=t("why another enterprise or an earlier time"))
    checkin.set_defaults(run=run_checkin)
    checkout = commands.add_parser(
        "checkout", parents=[common], help=t("check out with a note (and work categories, shortages handled)"),
        description=t("Check out of your open check-in. A check-in from an earlier day or older than 18 hours "
                      "needs the real time you left (--at) and a reason."))
    checkout.add_argument("--note", metavar="TEXT", help=t("what you coordinated today (required)"))
    checkout.add_argument("--category", metavar="C", nargs="+", action="extend", dest="categories", default=[],
                          help=t("work categories: {codes} (Chinese names work too)", codes=codes))
    checkout.add_argument("--at", metavar="TIME", help=t("HH:MM (today) or 'YYYY-MM-DD HH:MM': when you left"))
    checkout.add_argument("--reason", metavar="TEXT", help=t("why the time is entered afterwards"))
    checkout.add_argument("--shortage", metavar="ID", nargs="+", action="extend", dest="shortages", default=[],
                          help=t("ids of shortages of this enterprise you worked on (each gets the note)"))
    checkout.set_defaults(run=run_checkout)


def _run(args: argparse.Namespace, work: Callable[[Any, Any], str]) -> int:
    from tui.context import open_context

    ctx = open_context(db_url=getattr(args, "db", None))  # DatabaseError: printed by main, exit 2
    try:
        with ctx.db.session() as session:
            print(work(session, ctx.actor))
        return 0
    except Refused as refusal:
        print(f"supplydesk: {refusal.reason}", file=sys.stderr)
        for line in refusal.lines:
            print(f"  {line}", file=sys.stderr)
        return 1
    except ServiceError as error:
        text = error_text(error)
        if getattr(error, "message", "") == CORRECTION:
            text += " (--at TIME --reason TEXT)"
        print(f"supplydesk: {text}", file=sys.stderr)
        return 1
    finally:
        ctx.db.dispose()


def _line(choice: EnterpriseChoice) -> str:
    parts = [choice.label] + ([choice.name] if choice.short_name and choice.short_name != choice.name else [])
    return for_terminal(" · ".join(parts + ([choice.district] if choice.district else [])))


def _candidates(choices: list[EnterpriseChoice], total: int) -> list[str]:
    lines = [_line(c) for c in choices[:SHOWN]]
    if total > len(lines):
        lines.append(t("… and {n} more", n=total - len(lines)))
    return lines


def _enterprise(session: Any, actor: Any, query: str | None) -> EnterpriseChoice:
    if query and "\0" in query:  # no name holds one, and PostgreSQL cannot even compare text with one
        raise Refused(t("No enterprise matches {query}", query=for_terminal(query)))
    if query:
        match = match_enterprises(session, query=query, limit=SHOWN)
        if match.found is not None:
            return match.found
        if match.total == 0:
            raise Refused(t("No enterprise matches {query}", query=for_terminal(query)))
        raise Refused(tn("{query} matches {n} enterprise; name one of them:",
                         "{query} matches {n} enterprises; name one of them:", match.total, query=for_terminal(query)),
                      _candidates(match.candidates, match.total))
    if actor.cadre_id is None:
        raise PermissionDenied("Your login is not mapped to a cadre")
    assigned = assigned_choices(session, cadre_id=actor.cadre_id)
    if len(assigned) == 1:
        return assigned[0]
    if not assigned:
        raise Refused(t("You are not stationed anywhere today; name the enterprise"))
    raise Refused(tn("You are stationed at {n} enterprise; name one of them:",
                     "You are stationed at {n} enterprises; name one of them:", len(assigned)),
                  _candidates(assigned, len(assigned)))


def run_checkin(args: argparse.Namespace) -> int:
    def work(session: Any, actor: Any) -> str:
        at = parse_moment(args.at, field="at", required=False)
        where = _enterprise(session, actor, args.enterprise)
        row = check_in(session, actor=actor, enterprise_id=where.id, at=at, reason=args.reason)
        return t("Checked in at {where} at {time}", where=for_terminal(where.label), time=clock.fmt(row.check_in))

    return _run(args, work)


def category_code(value: str) -> str:
    """A work category as typed: its code, or its name in English or Chinese."""
    wanted = value.strip().lower()
    for category in WorkCategory:
        names = {category.value,
                 *(in_language(lang).pgettext("work category", category.value).lower() for lang in ("en", "zh"))}
        if wanted in names:
            return category.value
    raise Refused(t("Unknown work category {value}: use one of {choices}", value=value,
                    choices=", ".join(c.value for c in WorkCategory)))


def run_checkout(args: argparse.Namespace) -> int:
    def work(session: Any, actor: Any) -> str:
        if not (args.note or "").strip():
            raise Refused(t("A check-out needs a note: --note TEXT"))
        categories = [category_code(value) for value in args.categories]
        shortage_ids = []
        for value in args.shortages:
            shortage_id = typed_id(value.lstrip("#"))
            if shortage_id is None:
                raise Refused(t("Not a shortage id: {value}", value=for_terminal(value)))
            shortage_ids.append(shortage_id)
        at = parse_moment(args.at, field="at", required=False)
        row = check_out(session, actor=actor, note=args.note, categories=categories, at=at,
                        reason=args.reason, shortage_ids=shortage_ids)
        where = enterprise_label(session, enterprise_id=row.enterprise_id)
        assert row.check_out is not None  # just checked out
        return t("Checked out of {where} at {time} ({duration})", where=for_terminal(where),
                 time=clock.fmt(row.check_out), duration=fmt.duration(minutes(row.check_out - row.check_in)))

    return _run(args, work)
