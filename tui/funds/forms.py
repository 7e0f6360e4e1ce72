"""The funds forms, each a ``DocumentDialog``: a new source, a new fund request, approving and paying
one, reversing a payment, putting an enterprise on the key-supply list, and an interest-subsidy
application (its expected subsidy shown as the figures are typed). Amounts are typed in 万元."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.errors import ValidationError
from models.funds import Purpose, SourceKind
from models.services.choices import reportable_enterprises
from models.services.disbursements import disburse, reverse_disbursement
from models.services.fund_requests import approve_fund_request, create_fund_request
from models.services.fund_sources import add_source
from models.services.fund_sources import change_available as change_available_of
from models.services.fund_views import FundRequestRow, SourceRow
from models.services.key_supply import list_enterprise
from models.services.subsidies import apply_subsidy
from models.services.subsidy_rules import expected_subsidy, term_problem
from models.subsidies import KeySupplyLevel
from tui.forms.document import DocumentDialog
from tui.forms.spec import Field, Option
from tui.funds import text
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.parse import parse_day
from tui.i18n.safe import for_tui

if TYPE_CHECKING:
    from models.services.common import Actor

Sources = list[tuple[int, str, str, int]]


def _enterprises(actor: Actor) -> Any:
    return lambda session, query: reportable_enterprises(session, actor=actor, query=query)


def _amount(name: str, label: str, required: bool = True) -> Field:
    return Field(name, label, required=required, checks=[text.wan_check], max_len=20, after=t("10k yuan"))


def new_source(actor: Actor) -> DocumentDialog:
    kinds: list[Option] = [(k.value, text.kind(k.value), "") for k in SourceKind]
    parts: list[Field | str] = [
        Field("name", "Name", required=True), Field("name_en", "English name"),
        Field("kind", "Kind", kind="choice", required=True, options=lambda v: kinds),
        _amount("available", "Available"),
        Field("document", "Approving document", required=True, placeholder="渝财〔2020〕12号")]

    def submit(values: dict[str, Any]) -> Any:
        available = text.parse_wan(values["available"], field="available")
        return lambda s: add_source(s, actor=actor, name=values["name"], name_en=values["name_en"],
                                    kind_=values["kind"], available=available, document=values["document"])

    return DocumentDialog(t("New source of funds"), parts, {"kind": SourceKind.CITY_SPECIAL.value}, submit)


def change_available(actor: Actor, row: SourceRow) -> DocumentDialog:
    """The amount a source has available, set anew with the document that changes it; never below
    what is approved from it already (the command refuses it, and says so under the field)."""
    parts: list[Field | str] = [
        _amount("available", "Available"),
        Field("document", "Approving document", required=True, placeholder="渝财〔2020〕18号")]

    def submit(values: dict[str, Any]) -> Any:
        available = text.parse_wan(values["available"], field="available")
        return lambda s: change_available_of(s, actor=actor, source_id=row.id, version=row.version,
                                             available=available, document=values["document"])

    notes = {"available": t("{amount} approved from it: not less", amount=text.money(row.approved))}
    intro = t("Now {amount} under {document}.", amount=text.money(row.available), document=for_tui(row.document))
    return DocumentDialog(t("Amount available: {name}", name=for_tui(fmt.local_name(row.name, row.name_en))), parts,
                          {"available": text.edit_wan(row.available)}, submit, notes=notes, intro=intro)


def new_request(actor: Actor, shortages: list[tuple[int, int, str, str]], units: list[tuple[int, str]],
                sources: Sources) -> DocumentDialog:
    shortage_options: list[Option] = [(str(s), f"{name}：{what}"[:40], name) for s, _, name, what in shortages]
    enterprise_of = {str(s): e for s, e, _, _ in shortages}
    unit_options: list[Option] = [(str(i), name, name) for i, name in units]
    purposes: list[Option] = [(p.value, text.purpose(p.value), "") for p in Purpose]
    source_options: list[Option] = [(str(i), fmt.local_name(name, en), "") for i, name, en, _ in sources]
    parts: list[Field | str] = [
        Field("shortage", "Funding shortage", kind="choice", options=lambda v: shortage_options, placeholder="—"),
        Field("enterprise", "Enterprise", kind="picker"),
        Field("unit", "Or a reserve unit", kind="choice", options=lambda v: unit_options, placeholder="—"),
        Field("purpose", "Purpose", kind="choice", required=True, options=lambda v: purposes),
        _amount("requested", "Amount requested"),
        Field("source", "Source", kind="choice", options=lambda v: source_options, placeholder="—"),
        Field("order_ref", "Order reference", max_len=64), Field("description", "Description", max_len=2000)]

    def submit(values: dict[str, Any]) -> Any:
        requested = text.parse_wan(values["requested"], field="requested")
        shortage = values.get("shortage") or None
        enterprise = enterprise_of[shortage] if shortage else (int(values["enterprise"]) if values.get("enterprise")
                                                               else None)
        unit = int(values["unit"]) if values.get("unit") and enterprise is None else None
        return lambda s: create_fund_request(
            s, actor=actor, purpose=values["purpose"], requested=requested, enterprise_id=enterprise,
            reserve_unit_id=unit, shortage_id=int(shortage) if shortage else None,
            source_id=int(values["source"]) if values.get("source") else None,
            order_ref=values["order_ref"].strip() or None, description=values["description"].strip() or None)

    start = {"purpose": Purpose.CAPACITY.value, "shortage": shortage_options[0][0] if shortage_options else ""}
    return DocumentDialog(t("New fund request"), parts, start, submit, sites={"enterprise": _enterprises(actor)},
                          intro=t("A funding shortage names the enterprise; otherwise pick one, or a reserve unit."))


def approve(actor: Actor, row: FundRequestRow, sources: Sources) -> DocumentDialog:
    left = {str(i): n for i, _, _, n in sources}
    options: list[Option] = [(str(i), fmt.local_name(name, en), "") for i, name, en, _ in sources]
    parts: list[Field | str] = [
        Field("source", "Source", kind="choice", required=True, options=lambda v: options),
        _amount("approved", "Amount approved"),
        Field("reason", "Reason when less", max_len=500)]
    source = str(row.source_id) if row.source_id else (options[0][0] if options else "")
    values = {"source": source, "approved": text.edit_wan(row.approved or row.requested)}

    def submit(values: dict[str, Any]) -> Any:
        amount = text.parse_wan(values["approved"], field="approved")
        return lambda s: approve_fund_request(s, actor=actor, request_id=row.id, version=row.version,
                                              approved=amount, source_id=int(values["source"]),
                                              reason=values["reason"].strip() or None)

    notes = {"approved": t("of {amount}", amount=text.money(row.requested)), "source": ""}
    dialog = DocumentDialog(t("Approve {number}", number=row.number), parts, values, submit, notes=notes)

    def changed(name: str) -> None:
        chosen = str(dialog.values().get("source") or "")
        if chosen in left:
            dialog.set_note("source", t("{amount} left", amount=text.money(left[chosen])))

    dialog.changed = changed
    return dialog


def pay(actor: Actor, row: FundRequestRow) -> DocumentDialog:
    to_pay = (row.approved or 0) - row.disbursed
    parts: list[Field | str] = [_amount("amount", "Amount paid"),
                                Field("voucher", "Voucher number", required=True, max_len=64),
                                Field("note", "Payment note", max_len=500)]

    def submit(values: dict[str, Any]) -> Any:
        amount = text.parse_wan(values["amount"], field="amount")
        resolution = t("Funds paid: {number}, voucher {voucher}", number=row.number, voucher=values["voucher"].strip())
        return lambda s: disburse(s, actor=actor, request_id=row.id, version=row.version, amount=amount,
                                  voucher_no=values["voucher"], note=values["note"].strip() or None,
                                  resolution=resolution)

    notes = {"amount": t("{amount} to pay", amount=text.money(to_pay))}
    intro = t("Paying everything approved resolves the funding shortage it answers.") if row.shortage_id else ""
    return DocumentDialog(t("Pay {number}", number=row.number), parts, {"amount": text.edit_wan(to_pay)}, submit,
                          notes=notes, intro=intro)


def reverse(actor: Actor, row: FundRequestRow, payment_id: int) -> DocumentDialog:
    parts: list[Field | str] = [Field("voucher", "Reversal voucher", required=True, max_len=64),
                                Field("reason", "Reason", required=True, max_len=500)]

    def submit(values: dict[str, Any]) -> Any:
        return lambda s: reverse_disbursement(s, actor=actor, disbursement_id=payment_id,
                                              voucher_no=values["voucher"], reason=values["reason"])

    return DocumentDialog(t("Reverse the last payment of {number}", number=row.number), parts, {}, submit,
                          intro=t("A payment is never changed: a negative entry of the same amount reverses it."))


def list_key_supply(actor: Actor) -> DocumentDialog:
    levels: list[Option] = [(lv.value, pt("key supply level", lv.value), "") for lv in KeySupplyLevel]
    parts: list[Field | str] = [
        Field("enterprise", "Enterprise", kind="picker", required=True, required_message="Pick an enterprise"),
        Field("level", "Level", kind="choice", required=True, options=lambda v: levels),
        Field("category", "Category", required=True, max_len=64, placeholder="医用口罩"),
        Field("document", "Document", max_len=200)]

    def submit(values: dict[str, Any]) -> Any:
        return lambda s: list_enterprise(s, actor=actor, enterprise_id=int(values["enterprise"]),
                                         level=values["level"], category=values["category"],
                                         document=values["document"].strip() or None)

    return DocumentDialog(t("Key-supply list: add an enterprise"), parts, {"level": KeySupplyLevel.LOCAL.value},
                          submit, sites={"enterprise": _enterprises(actor)})


def subsidy(actor: Actor) -> DocumentDialog:
    parts: list[Field | str] = [
        Field("enterprise", "Enterprise", kind="picker", required=True, required_message="Pick an enterprise"),
        Field("lender", "Lender", required=True), Field("contract_no", "Contract number", max_len=64),
        _amount("principal", "Principal"),
        Field("rate", "Annual rate %", required=True, max_len=8, placeholder="4.35"),
        Field("start", "Loan from", kind="date", required=True, placeholder="2020-02-01"),
        Field("end", "Loan to", kind="date", required=True, placeholder="2021-01-31")]

    def figures(values: dict[str, Any]) -> tuple[int, int, Any, Any]:
        return (text.parse_wan(str(values.get("principal", "")), field="principal"),
                text.parse_rate(str(values.get("rate", "")), field="rate"),
                parse_day(str(values.get("start", "")), field="start"),
                parse_day(str(values.get("end", "")), field="end"))

    def submit(values: dict[str, Any]) -> Any:
        principal, rate, start, end = figures(values)
        return lambda s: apply_subsidy(s, actor=actor, enterprise_id=int(values["enterprise"]),
                                       lender=values["lender"], contract_no=values["contract_no"].strip() or None,
                                       principal=principal, rate_bp=rate, start=start, end=end)

    intro = t("Listed enterprises only; loans from 2020-01-01 of at most a year. Subsidy: 50% of the rate "
              "× principal × days / 365.")
    dialog = DocumentDialog(t("Interest-subsidy application"), parts, {}, submit, notes={"end": ""}, intro=intro)

    def changed(name: str) -> None:
        try:
            principal, rate, start, end = figures(dialog.values())
        except (ValidationError, ValueError):
            dialog.set_note("end", "")
            return
        problem = term_problem(start, end)
        dialog.set_note("end", t(problem) if problem else t("Subsidy {amount}", amount=text.money(
            expected_subsidy(principal=principal, rate_bp=rate, start=start, end=end))))

    dialog.changed = changed
    return dialog
