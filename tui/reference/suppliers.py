"""The suppliers tab: in the city, out of it and abroad, with what they supply, the cadre who is
their dedicated contact and their own phone; the card lists the contacts made with them from
shortages. Coordinators add and edit them (the reserve units tab is this one, for reserve units).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from models.services.choices import assignee_choices
from models.services.common import require_coordinator
from models.services.reference import catalogue, materials
from models.services.suppliers import (
    SupplierInput,
    SupplierRow,
    SupplyLine,
    count_suppliers,
    create_supplier,
    list_suppliers,
    supplier_card,
    update_supplier,
)
from models.supply import ORIGINS
from tui.forms.fields import section_title
from tui.forms.form import FormScreen, FormState
from tui.forms.spec import Field, Option
from tui.i18n import format as fmt
from tui.i18n import n_, pt, t
from tui.i18n.safe import for_tui
from tui.reference.listed import ListedTab, line
from tui.shell.base import list_request
from tui.widgets.paged_table import Column

if TYPE_CHECKING:
    from sqlmodel import Session

    from models.services.paging import Page, PageRequest

#: the shortage steps a contact was made in, as the card names them
CONTACTS = {"supplier_contacted": n_("Supplier contacted"),
            "reserve_notified": n_("Reserve unit notified")}
YES, NO = "yes", "no"


def _where(row: SupplierRow) -> str:
    return pt("supplier origin", row.origin) + (f" · {fmt.region(row.region)}" if row.region else "")


def _supplies(row: SupplierRow) -> str:
    """What it supplies, each line named in the language shown: Melt-blown fabric (25g/m²), Surgical mask."""
    names = [(fmt.local_name(line.name, line.name_en), line.spec) for line in row.lines]
    return fmt.listing([name + fmt.aside(spec) for name, spec in names])


COLUMNS = [
    Column("name", "Name", 16, flex=2, sort="name"),
    Column("region", "Where", 12, sort="region", render=_where),
    Column("supplies", "Supplies", 12, flex=2, drop=2, render=_supplies),
    Column("cadre", "Contact cadre", 8, sort="cadre", drop=1),
    Column("phone", "Phone", 13, drop=3),
]


class SuppliersTab(ListedTab):
    """Every supplier (reserve units among them) with the card of the one under the cursor."""

    HELP = ("Suppliers in the city, out of it and abroad: what they supply, their contact cadre and phone, and "
            "the contacts made from shortages. / filters, f shows those abroad; n adds and e edits (coordinators).")
    TABLE_ID = "suppliers"
    PLACEHOLDER = n_("/ filter: rongpen, 熔喷布, 浙江…")
    QUICK: ClassVar[tuple[str, Any, str]] = ("origin", "overseas", n_("abroad"))
    COLUMNS: ClassVar[list[Column]] = COLUMNS
    #: whether new rows are reserve units
    RESERVE = False

    def export_list(self) -> tuple[str, PageRequest] | None:
        # the reserve units' tab is a part of the suppliers that the export does not single out
        return None if self.RESERVE else ("suppliers", list_request(self.table.request))

    def rows(self, session: Session, request: PageRequest) -> Page[SupplierRow]:
        return list_suppliers(session, request=request)

    def count(self, session: Session, request: PageRequest) -> int:
        return count_suppliers(session, request=request)

    def card(self, session: Session, row: SupplierRow) -> Text:
        found = supplier_card(session, supplier_id=row.id)
        s = found.row
        title = Text(for_tui(s.name), style="bold")
        if s.reserve_unit:
            title.append("  " + t("reserve unit"), style="bold green")
        parts = [
            title,
            line("Where", for_tui(_where(s))) + Text("   ") + line(
                "Contact", for_tui(" ".join(p for p in (s.contact_person, s.phone) if p)) or "—"),
            line("Contact cadre", for_tui(" ".join(p for p in (s.cadre, s.cadre_phone) if p)) or "—"),
            line(n_("Reserves held") if s.reserve_unit else n_("Supplies"), for_tui(_supplies(s)) or "—"),
        ]
        if s.notes:
            parts.append(line("Notes", for_tui(s.notes, lines=True)))
        parts.append(Text(t("Contacts made"), style="bold"))
        parts += [Text(f"  {fmt.moment(c.at)}  {t(CONTACTS.get(c.action, c.action))}  #{c.shortage_id} "
                       + for_tui(c.description) + (f" · {for_tui(c.note)}" if c.note else ""))
                  for c in found.contacts] or [Text("  " + t("none yet"), style="dim")]
        return Text("\n").join(parts)

    def form(self, row: SupplierRow | None) -> SupplierForm:
        return SupplierForm(None if row is None else row.id, reserve_unit=self.RESERVE)


class SupplierForm(FormScreen):
    """A new supplier or reserve unit, or one on record: who and where, the contacts, and what it
    supplies (one line per catalogue item and raw material, ticked with its specification)."""

    HELP = ("A supplier: where it is, its contact cadre and its own phone, and what it supplies. Under "
            "\"Supplies\" type a specification, or + for a line without one; leave a line blank if it is not "
            "supplied. ctrl+s saves.")
    VERSIONED = True
    ERROR_FIELDS = {"contact_cadre_id": "contact_cadre"}

    def __init__(self, supplier_id: int | None = None, *, reserve_unit: bool = False) -> None:
        super().__init__()
        self.supplier_id = supplier_id
        self.reserve_unit = reserve_unit

    def title_text(self) -> str:
        if self.supplier_id is None:
            return t("New reserve unit") if self.reserve_unit else t("New supplier")
        return t("Edit supplier")

    def load(self, session: Session) -> FormState:
        require_coordinator(self.ctx.actor)
        cadres = [(str(c.id), c.name, c.key) for c in assignee_choices(session)]
        # each line named in the language shown (stored text: escaped), its unit as well
        lines = [(f"item-{i.id}", for_tui(fmt.local_name(i.name, i.name_en)), fmt.unit(i.unit))
                 for i in catalogue(session)]
        lines += [(f"material-{m.id}", for_tui(fmt.local_name(m.name, m.name_en)), fmt.unit(m.unit))
                  for m in materials(session)]
        labels = {f"contact_cadre={value}": name for value, name, _ in cadres} | {"contact_cadre=": t("none")}
        labels |= {f"origin={o}": pt("supplier origin", o) for o in ORIGINS}
        labels |= {f"reserve_unit={YES}": t("yes"), f"reserve_unit={NO}": t("no")}
        values: dict[str, Any] = dict.fromkeys((key for key, _, _ in lines), "")
        if self.supplier_id is None:
            values |= {"name": "", "origin": "local", "region": "", "contact_cadre": "", "contact_person": "",
                       "phone": "", "reserve_unit": YES if self.reserve_unit else NO, "notes": ""}
            return FormState(values, labels, extra=(cadres, lines))
        s = supplier_card(session, supplier_id=self.supplier_id).row
        for held in s.lines:
            key = f"item-{held.item_id}" if held.item_id is not None else f"material-{held.material_id}"
            values[key] = held.spec or "+"
        values |= {"name": s.name, "origin": s.origin, "region": s.region,
                   "contact_cadre": str(s.contact_cadre_id or ""), "contact_person": s.contact_person,
                   "phone": s.phone, "reserve_unit": YES if s.reserve_unit else NO, "notes": s.notes}
        return FormState(values, labels, token=s.version, name=s.name, extra=(cadres, lines))

    def write(self, session: Session, values: dict[str, Any], state: FormState) -> Any:
        _, lines = state.extra
        held = []
        for key, _, _ in lines:
            spec = str(values.get(key, "")).strip()
            if spec:
                kind, number = key.split("-")
                ident = int(number)
                held.append(SupplyLine(item_id=ident if kind == "item" else None,
                                       material_id=ident if kind == "material" else None,
                                       spec="" if spec == "+" else spec))
        data = SupplierInput(
            name=values["name"], origin=values["origin"], region=values["region"],
            contact_cadre_id=int(values["contact_cadre"]) if values["contact_cadre"] else None,
            contact_person=values["contact_person"], phone=values["phone"], notes=values["notes"],
            reserve_unit=values["reserve_unit"] == YES, lines=tuple(held),
        )
        if self.supplier_id is None:
            return create_supplier(session, actor=self.ctx.actor, data=data)
        update_supplier(session, actor=self.ctx.actor, supplier_id=self.supplier_id, expected_version=state.token,
                        data=data)
        return self.supplier_id

    def parts(self, state: FormState) -> Iterable[Field | Widget]:
        cadres, lines = state.extra
        yield Field("name", "Name", required=True, max_len=200)
        yield Field("origin", "Where", kind="picker", required=True,
                    options=lambda values: [(o, pt("supplier origin", o), o) for o in ORIGINS])
        yield Field("region", "City or country", max_len=64, placeholder="浙江")
        yield Field("reserve_unit", "Reserve unit", kind="picker",
                    options=lambda values: [(NO, t("no"), "no fou"), (YES, t("yes"), "yes shi")])
        yield Field("contact_cadre", "Contact cadre", kind="picker", options=lambda values: self._cadres(cadres))
        yield Field("contact_person", "Contact person", max_len=64)
        yield Field("phone", "Phone", max_len=32, placeholder="023-63000000")
        yield Field("notes", "Notes", max_len=2000)
        yield section_title(t("Supplies"))
        yield Static(t("A specification, or + for a line without one; blank: not supplied."), classes="form-note")
        for key, name, unit in lines:
            yield Field(key, "", literal=name, context=t("Supplies"), max_len=200, after=unit, stop=False)

    def _cadres(self, cadres: list[Option]) -> list[Option]:
        return [("", t("none"), "none wu"), *cadres]


__all__ = ["SupplierForm", "SuppliersTab"]
