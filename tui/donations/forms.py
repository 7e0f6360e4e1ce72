"""The donations forms, each a ``DocumentDialog``: a new offer, receiving into a warehouse, a
redirection with the donor's consent, and a correction of a published row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.donations import DonationChannel, DonorKind
from models.services.allocation_detail import site_choices
from models.services.donation_direction import redirect_donation
from models.services.donation_offers import DonationLineIn, register_donation
from models.services.donation_receipts import DonationReceiptLineIn, receive_donation
from models.services.donation_vetting import vet_donation
from models.services.donation_views import BatchDetail, DonationDetail
from models.services.publication import CORRECTABLE, correct_row
from tui.donations import text
from tui.forms.document import DocumentDialog, number, whole
from tui.forms.spec import Field, Option, Values
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.parse import parse_day
from tui.i18n.safe import for_tui

if TYPE_CHECKING:
    from models.services.common import Actor

#: the lines a new offer has room for (more go in a second offer)
LINES = 3
Items = list[tuple[int, str, str, str]]



def _yes_no(values: Values) -> list[Option]:
    return [("no", t("no"), "no"), ("yes", t("yes"), "yes")]


def _receivers(session: Any, query: str) -> Any:
    return site_choices(session, query=query, warehouses=False)


def _value(values: Values, name: str) -> float | None:
    raw = str(values.get(name, "")).replace(",", "").strip()
    return float(raw) if raw else None


def new_offer(actor: Actor, items: Items) -> DocumentDialog:
    kinds: list[Option] = [(k.value, pt("donor kind", k.value), k.value) for k in DonorKind]
    channels: list[Option] = [(c.value, pt("donation channel", c.value), c.value) for c in DonationChannel]

    def item_options(values: Values) -> list[Option]:
        return [(str(id_), t("{name} ({unit})", name=for_tui(fmt.local_name(name, en)), unit=fmt.unit(unit)), "")
                for id_, name, en, unit in items]

    parts: list[Field | str] = [
        Field("donor_kind", "Kind of donor", kind="choice", required=True, options=lambda v: kinds),
        Field("anonymous", "Anonymous", kind="choice", required=True, options=_yes_no),
        Field("donor", "Donor", max_len=200, required=lambda v: v.get("anonymous") != "yes"),
        Field("contact", "Contact", max_len=200),
        Field("channel", "Channel", kind="choice", required=True, options=lambda v: channels),
        Field("directed", "Directed", kind="choice", required=True, options=_yes_no),
        Field("recipient", "Recipient", kind="picker", required=lambda v: v.get("directed") == "yes",
              required_message="A directed gift names its recipient"),
        Field("addressee", "Addressed to", max_len=200),
        Field("documents", "Documents", max_len=500, placeholder="CE, FDA…"),
    ]
    for i in range(1, LINES + 1):
        parts += [
            Field(f"item_{i}", "Item", kind="choice", literal=t("Item {n}", n=i), options=item_options,
                  required=i == 1, placeholder="—"),
            Field(f"qty_{i}", "Quantity", kind="number", checks=[whole], required=_wanted(i)),
            Field(f"spec_{i}", "Spec", max_len=200),
            Field(f"standard_{i}", "Standard", max_len=64, placeholder="GB 19083, GB 2626…"),
            Field(f"value_{i}", "Declared value (yuan)", kind="number"),
        ]

    def submit(values: dict[str, Any]) -> Any:
        lines = [DonationLineIn(int(values[f"item_{i}"]), number(values[f"qty_{i}"]),
                                values[f"spec_{i}"].strip() or None, values[f"standard_{i}"].strip() or None,
                                _value(values, f"value_{i}"))
                 for i in range(1, LINES + 1) if values.get(f"item_{i}")]
        directed = values["directed"] == "yes"
        return lambda s: register_donation(
            s, actor=actor, donor_kind=values["donor_kind"], channel=values["channel"], lines=lines,
            donor_name=values["donor"], anonymous=values["anonymous"] == "yes", donor_contact=values["contact"],
            directed=directed, recipient_site_id=int(values["recipient"]) if directed else None,
            addressee=values["addressee"], documents=values["documents"])

    start = {"donor_kind": DonorKind.OVERSEAS.value, "anonymous": "no", "channel": DonationChannel.RED_CROSS.value,
             "directed": "no"}
    return DocumentDialog(t("New donation"), parts, start, submit, sites={"recipient": _receivers})


def _wanted(i: int) -> Any:
    return lambda values: bool(values.get(f"item_{i}"))


def _at_most(limit: int) -> Any:
    def check(value: float, values: Values) -> str | None:
        return None if value <= limit else t("At most {n}", n=fmt.count(limit))

    return check


def vet(actor: Actor, detail: DonationDetail) -> DocumentDialog:
    """The vetting's decision, line by line: what is accepted of each (as offered unless less is typed);
    a line below the catalogue's grade is refused whatever is typed (the service decides it)."""
    parts: list[Field | str] = []
    values: dict[str, Any] = {}
    notes: dict[str, str] = {}
    for line in detail.lines:
        parts.append(Field(f"accepted_{line.id}", "Accepted", kind="number", required=True,
                           checks=[whole, _at_most(line.offered)],
                           literal=f"{for_tui(fmt.local_name(line.item, line.item_en))} {for_tui(line.standard)}"))
        values[f"accepted_{line.id}"] = str(line.offered)
        notes[f"accepted_{line.id}"] = t("of {n} · {grade}", n=fmt.count(line.offered), grade=text.grade(line.grade))

    def submit(values: dict[str, Any]) -> Any:
        accepted = {line.id: number(values[f"accepted_{line.id}"]) for line in detail.lines}
        return lambda s: vet_donation(s, actor=actor, donation_id=detail.row.id, version=detail.version,
                                      accepted=accepted)

    return DocumentDialog(t("Vet {number}", number=detail.row.number), parts, values, submit, notes=notes,
                          intro=t("A line below the catalogue's grade is refused, whatever is typed."))


def _needs(name: str) -> Any:
    """Required once the field ``name`` holds something (a lot once its quantity is typed)."""
    return lambda values: bool(str(values.get(name, "")).strip())


def receive(actor: Actor, detail: DonationDetail, warehouses: list[tuple[str, str, str]]) -> DocumentDialog:
    """Receive what is left of the accepted lines: per line its lot, quantity and expiry."""
    open_lines = [line for line in detail.lines if (line.accepted or 0) > line.received]
    parts: list[Field | str] = [
        Field("site", "Warehouse", kind="choice", required=True, options=lambda v: warehouses),
        Field("voucher", "Voucher no.", max_len=64, required=True),
    ]
    notes: dict[str, str] = {}
    for line in open_lines:
        parts += [
            for_tui(fmt.local_name(line.item, line.item_en)) + f" {for_tui(line.standard)}",
            Field(f"qty_{line.id}", "Quantity", kind="number", checks=[whole]),
            Field(f"lot_{line.id}", "Lot", max_len=64, required=_needs(f"qty_{line.id}")),
            Field(f"expiry_{line.id}", "Expiry", kind="date", placeholder="2022-01-31"),
        ]
        notes[f"qty_{line.id}"] = t("{n} to receive", n=fmt.count((line.accepted or 0) - line.received))

    def submit(values: dict[str, Any]) -> Any:
        lines = [DonationReceiptLineIn(line.id, values[f"lot_{line.id}"].strip(), number(values[f"qty_{line.id}"]),
                                       parse_day(values[f"expiry_{line.id}"], field=f"expiry_{line.id}",
                                                 required=False))
                 for line in open_lines if number(values[f"qty_{line.id}"])]
        return lambda s: receive_donation(s, actor=actor, donation_id=detail.row.id, site_id=int(values["site"]),
                                          voucher_no=values["voucher"], lines=lines)

    start = {"site": warehouses[0][0]} if warehouses else {}
    return DocumentDialog(t("Receive {number}", number=detail.row.number), parts, start, submit, notes=notes)


def redirect(actor: Actor, detail: DonationDetail) -> DocumentDialog:
    parts: list[Field | str] = [
        Field("site", "Redirect to", kind="picker", required=True, required_message="Pick a site"),
        Field("consent", "Donor's consent", max_len=500, required=True,
              placeholder=t("letter, call or message: who, when")),
    ]

    def submit(values: dict[str, Any]) -> Any:
        return lambda s: redirect_donation(s, actor=actor, donation_id=detail.row.id, to_site_id=int(values["site"]),
                                           consent=values["consent"])

    return DocumentDialog(t("Redirect {number}", number=detail.row.number), parts, {}, submit,
                          sites={"site": _receivers})


def correct(actor: Actor, detail: BatchDetail) -> DocumentDialog:
    rows: list[Option] = [(str(row.id), (f"{row.row_no}. {text.donor(row.donor)} {for_tui(row.item)} "
                           f"{fmt.count(row.quantity)}"), str(row.row_no)) for row in detail.rows]
    fields: list[Option] = [(name, text.field(name), name) for name in CORRECTABLE]
    parts: list[Field | str] = [
        Field("row", "Row", kind="choice", required=True, options=lambda v: rows),
        Field("field", "Column", kind="choice", required=True, options=lambda v: fields),
        Field("new_value", "Should read", max_len=500, required=True),
        Field("reason", "Reason", max_len=500, required=True),
    ]

    def submit(values: dict[str, Any]) -> Any:
        return lambda s: correct_row(s, actor=actor, row_id_=int(values["row"]), field=values["field"],
                                     new_value=values["new_value"], reason=values["reason"])

    start = {"row": rows[0][0]} if rows else {}
    return DocumentDialog(t("Correct a row of {number}", number=detail.batch.number), parts,
                          {**start, "field": "quantity"}, submit)
