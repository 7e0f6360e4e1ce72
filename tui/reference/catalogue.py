"""The catalogue tab (目录清单): the items with their standard, grade, daily city demand and the
"severely short" flag; the card shows the demand's history. Coordinators add and edit items; a new
demand takes effect on the day typed (today if none), and the one before is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from models.reference import GRADES
from models.services.catalogue import (
    CatalogueRow,
    ItemInput,
    count_items,
    create_item,
    demand_history,
    item,
    list_items,
    update_item,
)
from models.services.common import require_coordinator
from tui.forms.form import FormScreen, FormState
from tui.forms.spec import Field, Option, not_future
from tui.i18n import format as fmt
from tui.i18n import n_, pt, t
from tui.i18n.format import plain as figure
from tui.i18n.safe import for_tui
from tui.reference.listed import ListedTab, line
from tui.shell.base import list_request
from tui.widgets.paged_table import Column

if TYPE_CHECKING:
    from sqlmodel import Session

    from models.services.paging import Page, PageRequest

#: the categories the catalogue uses (a new item takes one of them)
CATEGORIES = ("mask", "suit", "drug", "device", "reagent", "thermometer")
#: yes / no of the severely-short flag, as the form's choice holds it
FLAGGED, NOT_FLAGGED = "yes", "no"


def _name(row: CatalogueRow) -> Text:
    return Text(fmt.local_name(row.name, row.name_en), style="bold red" if row.severely_short else "")


COLUMNS = [
    Column("code", "Code", 9, sort="code", drop=3),
    Column("name", "Item", 14, flex=2, sort="name", render=_name),
    Column("standard", "Standard", 9, sort="standard", drop=2),
    Column("grade", "Grade", 8, sort="grade", render=lambda r: pt("grade", r.grade) if r.grade else "", drop=1),
    Column("unit", "Unit", 6, drop=4, render=lambda r: for_tui(fmt.unit(r.unit))),
    Column("daily_demand", "Demand/day", 10, align="right", sort="daily_demand",
           render=lambda r: fmt.qty(r.daily_demand)),
    Column("severely_short", "Short", 5, render=lambda r: t("yes") if r.severely_short else ""),
]


class CatalogueTab(ListedTab):
    """The catalogue list with the card of the item under the cursor."""

    HELP = ("The catalogue (目录清单): items, their standard and grade, the city's daily demand and the "
            "severely-short flag. / filters, f shows the severely short only; n adds and e edits (coordinators).")
    TABLE_ID = "catalogue"
    PLACEHOLDER = n_("/ filter: kouzhao, 口罩, GB 19083…")
    QUICK: ClassVar[tuple[str, Any, str]] = ("severely_short", True, n_("severely short"))
    COLUMNS: ClassVar[list[Column]] = COLUMNS

    def export_list(self) -> tuple[str, PageRequest] | None:
        return "catalogue", list_request(self.table.request)

    def rows(self, session: Session, request: PageRequest) -> Page[CatalogueRow]:
        return list_items(session, request=request)

    def count(self, session: Session, request: PageRequest) -> int:
        return count_items(session, request=request)

    def card(self, session: Session, row: CatalogueRow) -> Text:
        now = item(session, item_id=row.id)
        history = demand_history(session, item_id=row.id)
        parts = [
            Text(for_tui(f"{now.code}  {now.name}  {now.name_en}"), style="bold"),
            line("Standard", for_tui(now.standard) or "—") + Text("   ") + line(
                "Grade", pt("grade", now.grade) if now.grade else "—") + Text("   ") + line(
                "Category", pt("item category", now.category)),
            line("Demand/day", f"{fmt.qty(now.daily_demand)} {for_tui(fmt.unit(now.unit))}" + (
                "  " + t("since {day}", day=fmt.day(now.demand_from)) if now.demand_from else "")),
        ]
        if now.severely_short:
            why = [t("since {day}", day=fmt.day(now.short_since))] if now.short_since else []
            why += [for_tui(now.short_reason)] if now.short_reason else []
            parts.append(line("Severely short", Text(" · ".join(why) or t("yes"), style="bold red")))
        if history:
            parts.append(Text(t("Demand history"), style="bold"))
            parts += [Text(f"  {fmt.day(h.effective_from)}  {fmt.qty(h.daily_demand)}  "
                           + t("recorded {when} by {who}", when=fmt.moment(h.recorded_at), who=for_tui(h.recorded_by)),
                           style="dim" if k else "") for k, h in enumerate(history)]
        return Text("\n").join(parts)

    def form(self, row: CatalogueRow | None) -> CatalogueForm:
        return CatalogueForm(None if row is None else row.id)


class CatalogueForm(FormScreen):
    """A new item (``CatalogueForm()``) or an item of the catalogue (``CatalogueForm(id)``)."""

    HELP = ("An item of the catalogue. A demand typed with a day takes effect that day; without one, "
            "today. The demand before is kept for the briefs of earlier days. ctrl+s saves.")
    VERSIONED = True

    def __init__(self, item_id: int | None = None) -> None:
        super().__init__()
        self.item_id = item_id

    def title_text(self) -> str:
        return t("New catalogue item") if self.item_id is None else t("Edit catalogue item")

    def load(self, session: Session) -> FormState:
        require_coordinator(self.ctx.actor)
        labels = {f"grade={g}": pt("grade", g) for g in GRADES} | {"grade=": t("none")}
        labels |= {f"category={c}": pt("item category", c) for c in CATEGORIES}
        if self.item_id is None:
            values = {"code": "", "name": "", "name_en": "", "unit": "", "category": "mask", "standard": "",
                      "grade": "", "daily_demand": "", "demand_from": "", "severely_short": NOT_FLAGGED,
                      "short_reason": "", "short_since": ""}
            return FormState(values, labels)
        row = item(session, item_id=self.item_id)
        values = {"code": row.code, "name": row.name, "name_en": row.name_en, "unit": row.unit,
                  "category": row.category, "standard": row.standard, "grade": row.grade,
                  "daily_demand": figure(row.daily_demand), "demand_from": "",
                  "severely_short": FLAGGED if row.severely_short else NOT_FLAGGED,
                  "short_reason": row.short_reason, "short_since": fmt.day(row.short_since) if row.short_since else ""}
        labels[f"category={row.category}"] = pt("item category", row.category)
        return FormState(values, labels, token=row.version, name=row.name, extra=row)

    def write(self, session: Session, values: dict[str, Any], state: FormState) -> Any:
        def day(name: str) -> Any:
            return self.fields[name].read(values[name], values)

        data = ItemInput(
            code=values["code"], name=values["name"], name_en=values["name_en"], unit=values["unit"],
            category=values["category"], standard=values["standard"], grade=values["grade"],
            daily_demand=values["daily_demand"], demand_from=day("demand_from"),
            severely_short=values["severely_short"] == FLAGGED, short_reason=values["short_reason"],
            short_since=day("short_since"),
        )
        if self.item_id is None:
            return create_item(session, actor=self.ctx.actor, data=data)
        update_item(session, actor=self.ctx.actor, item_id=self.item_id, expected_version=state.token, data=data)
        return self.item_id

    def parts(self, state: FormState) -> Iterable[Field | Widget]:
        row: CatalogueRow | None = state.extra
        yield Field("code", "Code", required=True, max_len=32, short=True)
        yield Field("name", "Name", required=True, max_len=64)
        yield Field("name_en", "English name", max_len=128)
        yield Field("unit", "Unit", required=True, max_len=16, short=True, placeholder="只")
        yield Field("category", "Category", kind="picker", required=True, options=self._categories)
        yield Field("standard", "Standard", max_len=64, placeholder="GB 19083")
        yield Field("grade", "Grade", kind="picker", options=self._grades)
        yield Field("daily_demand", "Demand/day", kind="number", required=True)
        since = ""
        if row is not None:
            since = t("now {qty}", qty=fmt.qty(row.daily_demand)) + (
                " " + t("since {day}", day=fmt.day(row.demand_from)) if row.demand_from else "")
        yield Field("demand_from", "In effect from", kind="date", placeholder=t("today"), after=since,
                    checks=[not_future()])
        yield Static(t("Severely short (严重紧缺): the dashboard and the brief put it first."), classes="form-note")
        yield Field("severely_short", "Severely short", kind="picker", options=self._flags)
        yield Field("short_reason", "Why", max_len=500)
        yield Field("short_since", "Since", kind="date", placeholder=t("today"), checks=[not_future()])

    def shown(self, name: str, value: Any, state: FormState) -> str:
        if name == "severely_short":
            return t("yes") if value == FLAGGED else t("no")
        return super().shown(name, value, state)

    def _categories(self, values: Any) -> list[Option]:
        return [(c, pt("item category", c), c) for c in CATEGORIES]

    def _grades(self, values: Any) -> list[Option]:
        return [("", t("none"), "none"), *((g, pt("grade", g), g) for g in GRADES)]

    def _flags(self, values: Any) -> list[Option]:
        return [(NOT_FLAGGED, t("no"), "no fou"), (FLAGGED, t("yes"), "yes shi")]


__all__ = ["CatalogueForm", "CatalogueTab"]
