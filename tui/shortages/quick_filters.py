"""The quick filters of the shortage list (``f``): what it offers, the values of each, and the line
that says which ones are on. Declared as data for the one quick-filter model
(``tui.widgets.quick_filters``); the screen loads the groups and districts (``FilterChoices``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models.base import Level, Severity, ShortageKind, ShortageStatus
from models.services.choices import FilterChoices
from models.services.common import Actor
from tui.i18n import t
from tui.i18n.safe import for_tui
from tui.shortages.text import group_label
from tui.widgets.quick_filters import Choice, QuickFilter, QuickFilters


def shortage_filters(actor: Actor) -> QuickFilters:
    """The quick filters ``actor`` gets ("Assigned to me" only for a cadre)."""
    mine = [QuickFilter("assignee_id", "Assigned to me", on=actor.cadre_id)] if actor.cadre_id is not None else []
    return QuickFilters([
        QuickFilter("status", "Status…", title="Status", values=(
            ("active", "Unsolved (open or coordinating)"), ("done", "Solved or closed"),
            *((s.value, s.value) for s in ShortageStatus)), context="shortage status"),
        QuickFilter("kind", "Kind…", title="Kind", values=tuple((k.value, k.value) for k in ShortageKind),
                    context="shortage kind"),
        QuickFilter("group_id", "Special group…", title="Special group", loaded=True),
        QuickFilter("district_id", "District…", title="District", loaded=True),
        QuickFilter("level", "Level…", title="Level", values=tuple((v.value, v.value) for v in Level), context="level"),
        QuickFilter("severity", "Severity…", title="Severity",
                    values=tuple((v.value, v.value) for v in reversed(list(Severity))), context="severity"),
        QuickFilter("escalation_due", "Due for escalation (^)"),
        QuickFilter("overdue", "Overdue (!)"),
        QuickFilter("severely_short", "Severely short items"),
        *mine,
        QuickFilter("reported_by", "Reported by me", on=actor.login),
    ])


def load_choices(quick: QuickFilters, choices: FilterChoices) -> None:
    """The special groups and districts to pick from, as loaded (their names as shown: escaped)."""
    quick.load(group_id=[Choice(g.id, group_label(g.name, g.name_en), g.key) for g in choices.groups],
               district_id=[Choice(d.id, for_tui(d.name), d.key) for d in choices.districts])


def summary_line(quick: QuickFilters, active: Mapping[str, Any]) -> str:
    """``Filters: Kind: Labour · Overdue (!) (f changes)``, or "" when none is on."""
    parts = quick.summary(active)
    return t("Filters: {filters} (f changes)", filters=" · ".join(parts)) if parts else ""
