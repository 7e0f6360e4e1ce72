"""The allocation forms, each a ``DocumentDialog`` built from a document's read model: a new request,
approving it, allocating from a warehouse, dispatching, signing for a delivery, and the verbal fast
path (先行调拨: request, allocation and dispatch in one form)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from models.requests import Priority
from models.services.allocation_detail import (
    DispatchDetail,
    OrderDetail,
    RequestDetail,
    available_at,
    site_choices,
)
from models.services.allocations import issue_allocation
from models.services.dispatches import dispatch, fast_path, sign_delivery
from models.services.requests import RequestLineIn, approve_request, create_request
from tui.allocation import text
from tui.forms.document import DocumentDialog, number, whole
from tui.forms.spec import Field, Option, Values
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.parse import parse_day

if TYPE_CHECKING:
    from models.services.common import Actor

#: the lines a new request or a verbal order offers (more go in a second request)
LINES = 3
Items = list[tuple[int, str, str, str]]


def _then(command: Callable[[Any], None], document_id: int) -> Callable[[Any], int]:
    """A command that returns nothing, run: the form closes with the document's id (None means left)."""
    def run(session: Any) -> int:
        command(session)
        return document_id

    return run


def _at_most(limit: int) -> Any:
    def check(value: float, values: Values) -> str | None:
        return None if value <= limit else t("At most {n}", n=fmt.count(limit))

    return check


def _item_fields(items: Items) -> list[Field | str]:
    def options(values: Values) -> list[Option]:
        return [(str(id_), text.with_unit(name, en, unit), "") for id_, name, en, unit in items]

    parts: list[Field | str] = []
    for i in range(1, LINES + 1):
        parts += [
            Field(f"item_{i}", "Item", kind="choice", literal=t("Item {n}", n=i), options=options,
                  required=i == 1, placeholder="—"),
            Field(f"qty_{i}", "Quantity", kind="number", checks=[whole],
                  required=_wanted(i)),
            Field(f"spec_{i}", "Spec", max_len=200),
        ]
    return parts


def _wanted(i: int) -> Any:
    """Line ``i``'s quantity is required once its item is chosen."""
    return lambda values: bool(values.get(f"item_{i}"))


def _lines(values: dict[str, Any]) -> list[RequestLineIn]:
    return [RequestLineIn(int(values[f"item_{i}"]), number(values[f"qty_{i}"]), values[f"spec_{i}"].strip() or None)
            for i in range(1, LINES + 1) if values.get(f"item_{i}")]


def _receivers(session: Any, query: str) -> Any:
    return site_choices(session, query=query, warehouses=False)


def new_request(actor: Actor, items: Items) -> DocumentDialog:
    priorities: list[Option] = [(p.value, pt("allocation priority", p.value), "") for p in reversed(list(Priority))]
    parts: list[Field | str] = [
        Field("site", "Requested by", kind="picker", required=True, required_message="Pick a site"),
        Field("priority", "Priority", kind="choice", required=True, options=lambda v: priorities),
        Field("need_by", "Need by", kind="date", placeholder="02-05, +2"),
        Field("contact", "Contact", max_len=64), Field("phone", "Phone", max_len=20),
        *_item_fields(items)]

    def submit(values: dict[str, Any]) -> Any:
        return lambda s: create_request(
            s, actor=actor, site_id=int(values["site"]), lines=_lines(values), priority=values["priority"],
            need_by=parse_day(values["need_by"], field="need_by", required=False),
            contact_person=values["contact"].strip() or None, phone=values["phone"].strip() or None)

    return DocumentDialog(t("New request"), parts, {"priority": Priority.ROUTINE.value}, submit,
                          sites={"site": _receivers})


def approve(actor: Actor, detail: RequestDetail) -> DocumentDialog:
    parts: list[Field | str] = []
    values: dict[str, Any] = {}
    for line in detail.lines:
        parts += [
            Field(f"approved_{line.id}", "Approved", literal=text.item_with_unit(line.item),
                  kind="number", required=True,
                  checks=[whole, _at_most(line.requested)]),
            Field(f"reason_{line.id}", "Reason when less", max_len=200, required_message="Say why less than asked",
                  required=_when(f"approved_{line.id}", line.requested.__gt__)),
        ]
        values[f"approved_{line.id}"] = str(line.requested)

    def submit(values: dict[str, Any]) -> Any:
        approved = {line.id: number(values[f"approved_{line.id}"]) for line in detail.lines}
        reasons = {line.id: values[f"reason_{line.id}"].strip() for line in detail.lines
                   if values[f"reason_{line.id}"].strip()}
        return _then(lambda s: approve_request(s, actor=actor, request_id=detail.id, version=detail.version,
                                               approved=approved, reasons=reasons), detail.id)

    notes = {f"approved_{line.id}": t("of {n}", n=fmt.count(line.requested)) for line in detail.lines}
    return DocumentDialog(t("Approve {number}", number=detail.number), parts, values, submit, notes=notes)


def _when(name: str, needs: Callable[[int], bool]) -> Callable[[Values], bool]:
    """A reason is required when the quantity in field ``name`` ``needs`` one: the requirement sits on
    the reason, so the message appears where the user must type (not on the quantity before it)."""
    def required(values: Values) -> bool:
        try:
            return needs(number(values.get(name, "")))
        except ValueError:
            return False

    return required


def allocate(actor: Actor, detail: RequestDetail, warehouses: Sequence[Option]) -> DocumentDialog:
    parts: list[Field | str] = [
        Field("warehouse", "From warehouse", kind="choice", required=True, options=lambda v: warehouses)]
    values: dict[str, Any] = {"warehouse": warehouses[0][0] if warehouses else "",
                              "receiver": detail.contact_person or "", "receiver_phone": detail.phone or ""}
    for line in detail.lines:
        if line.to_allocate:
            parts.append(Field(f"qty_{line.id}", "Quantity", literal=text.item_with_unit(line.item),
                               kind="number", checks=[whole, _at_most(line.to_allocate)]))
            values[f"qty_{line.id}"] = str(line.to_allocate)
    parts += [Field("receiver", "Receiver", required=True, max_len=64),
              Field("receiver_phone", "Receiver's phone", required=True, max_len=20),
              Field("sender", "Sender", required=True, max_len=64),
              Field("sender_phone", "Sender's phone", required=True, max_len=20),
              Field("place", "Deliver to", max_len=200)]

    def submit(values: dict[str, Any]) -> Any:
        lines = {line.id: number(values[f"qty_{line.id}"]) for line in detail.lines if line.to_allocate}
        return lambda s: issue_allocation(
            s, actor=actor, request_id=detail.id, from_site_id=int(values["warehouse"]),
            lines={k: v for k, v in lines.items() if v}, receiver=values["receiver"].strip(),
            receiver_phone=values["receiver_phone"].strip(), sender=values["sender"].strip(),
            sender_phone=values["sender_phone"].strip(), place=values["place"].strip() or None)

    notes = {f"qty_{line.id}": "" for line in detail.lines if line.to_allocate}
    dialog = DocumentDialog(t("Allocate {number}", number=detail.number), parts, values, submit, notes=notes)
    wanted = [line for line in detail.lines if line.to_allocate]

    async def show_available(warehouse: str) -> None:
        found = await dialog.read(lambda s: available_at(s, site_id=int(warehouse), for_site_id=detail.site.id,
                                                         item_ids=[line.item_id for line in wanted]))
        for line in wanted:
            dialog.set_note(f"qty_{line.id}", t("{n} available there", n=fmt.count(found.get(line.item_id, 0))))

    def changed(name: str) -> None:
        warehouse = str(dialog.values().get("warehouse") or "") if name in ("", "warehouse") else ""
        if warehouse:
            dialog.run_worker(show_available(warehouse), group="available", exclusive=True, exit_on_error=False)

    dialog.changed = changed
    return dialog


def send(actor: Actor, detail: OrderDetail) -> DocumentDialog:
    parts: list[Field | str] = [Field("delivered_by", "Delivered by", required=True, max_len=64),
                                Field("vehicle", "Vehicle", max_len=32), Field("phone", "Phone", max_len=20)]
    values: dict[str, Any] = {}
    left = [line for line in detail.lines if line.quantity > line.dispatched]
    for line in left:
        parts.append(Field(f"qty_{line.id}", "Quantity", literal=text.item_with_unit(line.item),
                           kind="number", checks=[whole, _at_most(line.quantity - line.dispatched)]))
        values[f"qty_{line.id}"] = str(line.quantity - line.dispatched)

    def submit(values: dict[str, Any]) -> Any:
        quantities = {line.id: number(values[f"qty_{line.id}"]) for line in left}
        return lambda s: dispatch(s, actor=actor, order_id=detail.id, delivered_by=values["delivered_by"].strip(),
                                  vehicle=values["vehicle"].strip() or None, phone=values["phone"].strip() or None,
                                  quantities=quantities)

    return DocumentDialog(t("Dispatch {number}", number=detail.number), parts, values, submit)


def sign(actor: Actor, detail: DispatchDetail) -> DocumentDialog:
    yes_no: list[Option] = [("yes", t("yes, counted together"), ""), ("no", t("no"), "")]
    parts: list[Field | str] = [Field("received_by", "Received by", required=True, max_len=64),
                                Field("counted", "Counted together", kind="choice", required=True,
                                      options=lambda v: yes_no)]
    values: dict[str, Any] = {"counted": "yes"}
    for line in detail.lines:
        label = f"{text.item(line.item)} · {line.lot_code}"
        parts += [
            label,
            Field(f"accepted_{line.id}", "Accepted", kind="number", required=True, checks=[whole]),
            Field(f"rejected_{line.id}", "Rejected", kind="number", required=True,
                  checks=[whole, _adds_up(line.id, line.shipped)]),
            Field(f"reason_{line.id}", "Reason rejected", max_len=200, required_message="Say why it was rejected",
                  required=_when(f"rejected_{line.id}", lambda n: n > 0)),
        ]
        values[f"accepted_{line.id}"], values[f"rejected_{line.id}"] = str(line.shipped), "0"

    def submit(values: dict[str, Any]) -> Any:
        lines = {line.id: (number(values[f"accepted_{line.id}"]), number(values[f"rejected_{line.id}"]),
                           values[f"reason_{line.id}"].strip() or None) for line in detail.lines}
        return _then(lambda s: sign_delivery(s, actor=actor, dispatch_id=detail.id, version=detail.version,
                                             received_by=values["received_by"].strip(),
                                             counted_together=values["counted"] == "yes", lines=lines), detail.id)

    notes = {f"accepted_{line.id}": t("of {n} shipped", n=fmt.count(line.shipped)) for line in detail.lines}
    return DocumentDialog(t("Sign for {number}", number=detail.number), parts, values, submit, notes=notes)


def _adds_up(line_id: int, shipped: int) -> Any:
    def check(value: float, values: Values) -> str | None:
        try:
            accepted = number(values.get(f"accepted_{line_id}", ""))
        except ValueError:
            return None
        return None if accepted + value == shipped else t("Accepted and rejected make {n}", n=fmt.count(shipped))

    return check


def verbal(actor: Actor, items: Items, warehouses: Sequence[Option]) -> DocumentDialog:
    """先行调拨: a phoned-in order, allocated and sent at once; its written order is due in 48 hours."""
    parts: list[Field | str] = [
        Field("site", "Requested by", kind="picker", required=True, required_message="Pick a site"),
        Field("warehouse", "From warehouse", kind="choice", required=True, options=lambda v: warehouses),
        Field("caller", "Caller", required=True, max_len=64),
        Field("caller_phone", "Caller's phone", required=True, max_len=20),
        *[part for part in _item_fields(items) if not (isinstance(part, Field) and part.name.startswith("spec_"))],
        Field("receiver", "Receiver", required=True, max_len=64),
        Field("receiver_phone", "Receiver's phone", required=True, max_len=20),
        Field("sender", "Sender", required=True, max_len=64),
        Field("sender_phone", "Sender's phone", required=True, max_len=20),
        Field("delivered_by", "Delivered by", required=True, max_len=64),
        Field("vehicle", "Vehicle", max_len=32),
    ]

    def submit(values: dict[str, Any]) -> Any:
        lines = [RequestLineIn(int(values[f"item_{i}"]), number(values[f"qty_{i}"]))
                 for i in range(1, LINES + 1) if values.get(f"item_{i}")]
        return lambda s: fast_path(
            s, actor=actor, site_id=int(values["site"]), from_site_id=int(values["warehouse"]), lines=lines,
            caller=values["caller"].strip(), caller_phone=values["caller_phone"].strip(),
            receiver=values["receiver"].strip(), receiver_phone=values["receiver_phone"].strip(),
            sender=values["sender"].strip(), sender_phone=values["sender_phone"].strip(),
            delivered_by=values["delivered_by"].strip(), vehicle=values["vehicle"].strip() or None)

    return DocumentDialog(t("Verbal order (先行调拨)"), parts, {"warehouse": warehouses[0][0] if warehouses else ""},
                          submit, sites={"site": _receivers},
                          intro=t("Request, allocation and dispatch at once; the written order is due in 48 hours."))
