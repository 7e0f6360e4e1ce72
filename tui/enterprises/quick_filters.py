"""The quick filters of the enterprise directory (``f``): district, status, catalogue item made,
open shortages (of any kind or one kind), not reported today, licence pending, reserves under 3
days, archived ones too. Declared as data for the one quick-filter model
(``tui.widgets.quick_filters``); the screen loads the districts and items (``FormChoices``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from models.base import EnterpriseStatus, ShortageKind
from tui.i18n import format as fmt
from tui.i18n import t
from tui.widgets.quick_filters import Choice, QuickFilter, QuickFilters

if TYPE_CHECKING:
    from models.services.choices import FormChoices

#: the value of the open-shortages filter that means "of any kind"
ANY_KIND = "*"


def _shortage_setting(value: Any) -> dict[str, Any]:
    """One filter, two request filters: any open shortage, or one of a kind."""
    return {"has_shortage": value == ANY_KIND, "shortage_kind": value if value not in (None, "", ANY_KIND) else None}


def _shortage_value(filters: Mapping[str, Any]) -> Any:
    return ANY_KIND if filters.get("has_shortage") else filters.get("shortage_kind")


def _as_is(value: Any, label: str) -> str:
    return label


def directory_filters() -> QuickFilters:
    return QuickFilters([
        QuickFilter("district_id", "District", loaded=True, off="any", shown=_as_is),
        QuickFilter("status", "Status", values=tuple((s.value, s.value) for s in EnterpriseStatus), off="any",
                    shown=_as_is, context="enterprise status"),
        QuickFilter("item_id", "Makes", loaded=True, off="any",
                    shown=lambda value, label: t("makes {item}", item=label)),
        QuickFilter("shortage", "Open shortages", off="no filter",
                    values=((ANY_KIND, "any kind"), *((k.value, k.value) for k in ShortageKind)),
                    context="shortage kind",
                    keys=("has_shortage", "shortage_kind"), encode=_shortage_setting, decode=_shortage_value,
                    shown=lambda value, label: t("Open shortages") if value == ANY_KIND
                    else t("short of: {kind}", kind=label)),
        QuickFilter("not_reported", "Not reported today"),
        QuickFilter("licence_pending", "Licence pending"),
        QuickFilter("low_cover", "Reserves under 3 days"),
        QuickFilter("archived", "Archived ones too"),
    ])


def load_choices(quick: QuickFilters, choices: FormChoices) -> None:
    """The districts and catalogue items to pick from, as loaded (items by their name in the language shown)."""
    quick.load(district_id=[Choice(p.id, p.name, p.key) for p in choices.districts],
               item_id=[Choice(p.id, fmt.local_name(p.name, p.alt), p.key) for p in choices.items])
