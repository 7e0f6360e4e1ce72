"""The sites tab: reserve warehouses (the reserve units' and the districts' depots), hospitals
(designated, fever clinics) and front-line units, with their district and contacts. Everyone reads;
coordinators add (``n``) and edit (``e``). ``f`` shows the warehouses only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.widget import Widget

from models.errors import ValidationError
from models.services.common import require_coordinator
from models.services.paging import PageRequest
from models.services.reference import districts
from models.services.sites import (
    KINDS,
    SiteInput,
    SiteRow,
    count_sites,
    create_site,
    list_sites,
    site_card,
    update_site,
)
from models.services.suppliers import list_suppliers
from tui.forms.form import FormScreen, FormState
from tui.forms.spec import Field, Option
from tui.i18n import format as fmt
from tui.i18n import n_, pt, t
from tui.i18n.safe import for_tui
from tui.reference.listed import ListedTab, line
from tui.widgets.paged_table import Column

if TYPE_CHECKING:
    from sqlmodel import Session

    from models.services.paging import Page

YES, NO = "yes", "no"


def flags(row: SiteRow) -> str:
    """定点 / 发热门诊 / the operator of a warehouse."""
    marks = [t("designated")] if row.designated else []
    marks += [t("fever clinic")] if row.fever_clinic else []
    return " · ".join([*marks, row.operator] if row.operator else marks)


COLUMNS = [
    Column("code", "Code", 8, sort="code"),
    Column("name", "Name", 16, flex=2, sort="name"),
    Column("kind", "Kind", 6, render=lambda r: pt("site kind", r.kind)),
    Column("district", "District", 8, render=lambda r: fmt.district(r.district) if r.district else ""),
    Column("flags", "Notes", 10, flex=1, drop=1, render=flags),
    Column("phone", "Phone", 13, drop=2),
]


class SitesTab(ListedTab):
    """Every site, warehouses first, with the card of the one under the cursor."""

    HELP = ("Sites: reserve warehouses, hospitals (designated, fever clinics) and front-line units, with their "
            "district, operator and contacts. / filters, f shows the warehouses; n adds and e edits (coordinators).")
    TABLE_ID = "sites"
    PLACEHOLDER = n_("/ filter: zhongyao, 救治中心, 南岸…")
    QUICK: ClassVar[tuple[str, Any, str]] = ("kind", "warehouse", n_("warehouses"))
    COLUMNS: ClassVar[list[Column]] = COLUMNS

    def rows(self, session: Session, request: PageRequest) -> Page[SiteRow]:
        return list_sites(session, request=request)

    def count(self, session: Session, request: PageRequest) -> int:
        return count_sites(session, request=request)

    def card(self, session: Session, row: SiteRow) -> Text:
        s = site_card(session, site_id=row.id)
        title = Text(for_tui(f"{s.code}  {s.name}"), style="bold")
        if s.archived:
            title.append("  " + t("Archived"), style="dim")
        parts = [
            title,
            line("Kind", pt("site kind", s.kind)) + Text("   ") + line(
                "District", for_tui(fmt.district(s.district)) if s.district else "—"),
            line("Notes", for_tui(flags(s)) or "—"),
            line("Contact", for_tui(" ".join(p for p in (s.contact_person, s.phone) if p)) or "—"),
        ]
        if s.name_en:
            parts.insert(1, line("English name", for_tui(s.name_en)))
        if s.capacity is not None:
            parts.append(line("Capacity (pallets)", fmt.count(s.capacity)))
        if s.address:
            parts.append(line("Address", for_tui(s.address)))
        if s.notes:
            parts.append(line("Notes", for_tui(s.notes, lines=True)))
        return Text("\n").join(parts)

    def form(self, row: SiteRow | None) -> SiteForm:
        return SiteForm(None if row is None else row.id)


class SiteForm(FormScreen):
    """A new site or one on record."""

    HELP = ("A site: its code and name, what kind it is, its district, the reserve unit running a warehouse, "
            "whether a hospital is designated or has a fever clinic, and its contacts. ctrl+s saves.")
    VERSIONED = True
    ERROR_FIELDS = {"district_id": "district", "operator_id": "operator"}

    def __init__(self, site_id: int | None = None) -> None:
        super().__init__()
        self.site_id = site_id

    def title_text(self) -> str:
        return t("New site") if self.site_id is None else t("Edit site")

    def load(self, session: Session) -> FormState:
        require_coordinator(self.ctx.actor)
        places = [(str(d.id), fmt.district(d.name), f"{d.alt} {d.name}") for d in districts(session)]
        operators = [(str(s.id), s.name, s.key) for s in
                     list_suppliers(session, request=PageRequest(filters={"reserve_unit": True}, limit=500)).rows]
        labels = {f"district={v}": name for v, name, _ in places} | {"district=": t("none")}
        labels |= {f"operator={v}": name for v, name, _ in operators} | {"operator=": t("none")}
        labels |= {f"kind={k}": pt("site kind", k) for k in KINDS}
        for flag in ("designated", "fever_clinic"):
            labels |= {f"{flag}={YES}": t("yes"), f"{flag}={NO}": t("no")}
        extra = (places, operators)
        if self.site_id is None:
            values = {"code": "", "name": "", "name_en": "", "kind": "warehouse", "district": "", "operator": "",
                      "designated": NO, "fever_clinic": NO, "capacity": "", "address": "", "contact_person": "",
                      "phone": "", "notes": ""}
            return FormState(values, labels, extra=extra)
        s = site_card(session, site_id=self.site_id)
        values = {"code": s.code, "name": s.name, "name_en": s.name_en, "kind": s.kind,
                  "district": str(s.district_id or ""), "operator": str(s.operator_id or ""),
                  "designated": YES if s.designated else NO, "fever_clinic": YES if s.fever_clinic else NO,
                  "capacity": "" if s.capacity is None else str(s.capacity), "address": s.address,
                  "contact_person": s.contact_person, "phone": s.phone, "notes": s.notes}
        return FormState(values, labels, token=s.version, name=s.name, extra=extra)

    def write(self, session: Session, values: dict[str, Any], state: FormState) -> Any:
        capacity = str(values["capacity"] or "").replace(",", "").strip()
        try:
            pallets = int(float(capacity)) if capacity else None
        except ValueError:
            raise ValidationError("capacity", "Not a number") from None
        data = SiteInput(
            code=values["code"], name=values["name"], name_en=values["name_en"], kind=values["kind"],
            district_id=int(values["district"]) if values["district"] else None,
            operator_id=int(values["operator"]) if values["operator"] else None,
            designated=values["designated"] == YES, fever_clinic=values["fever_clinic"] == YES, capacity=pallets,
            address=values["address"], contact_person=values["contact_person"], phone=values["phone"],
            notes=values["notes"])
        if self.site_id is None:
            return create_site(session, actor=self.ctx.actor, data=data)
        update_site(session, actor=self.ctx.actor, site_id=self.site_id, expected_version=state.token, data=data)
        return self.site_id

    def parts(self, state: FormState) -> Iterable[Field | Widget]:
        places, operators = state.extra
        yes_no: list[Option] = [(NO, t("no"), "no fou"), (YES, t("yes"), "yes shi")]
        yield Field("code", "Code", required=True, max_len=32, short=True, placeholder="CQ-ZY")
        yield Field("name", "Name", required=True, max_len=200)
        yield Field("name_en", "English name", max_len=200)
        yield Field("kind", "Kind", kind="picker", required=True,
                    options=lambda values: [(k, pt("site kind", k), k) for k in KINDS])
        yield Field("district", "District", kind="picker", options=lambda values: [("", t("none"), "none"), *places])
        yield Field("operator", "Reserve unit running it", kind="picker",
                    options=lambda values: [("", t("none"), "none"), *operators])
        yield Field("designated", "Designated hospital", kind="picker", options=lambda values: yes_no)
        yield Field("fever_clinic", "Fever clinic", kind="picker", options=lambda values: yes_no)
        yield Field("capacity", "Capacity (pallets)", kind="number", short=True)
        yield Field("address", "Address", max_len=200)
        yield Field("contact_person", "Contact person", max_len=64)
        yield Field("phone", "Phone", max_len=32, placeholder="023-63000000")
        yield Field("notes", "Notes", max_len=2000)


__all__ = ["SiteForm", "SitesTab"]
