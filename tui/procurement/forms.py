"""The procurement forms, each a ``DocumentDialog``: a new order (prefilled from a shortage), a
consignment of an order's lines with its two legs (the air leg and the road leg; more are added on
the consignment: ``next_leg``), a leg's events (departure, ETA, arrival, damage) and counting goods in."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from models.procurement import Channel
from models.services.consignment_receiving import CountIn, receive_consignment
from models.services.consignments import LegIn, add_leg, create_consignment, record_leg
from models.services.material_receiving import MaterialCount
from models.services.material_receiving import receive_material as receive_material_at
from models.services.order_closing import cancel_quantity
from models.services.procurement_detail import ConsignmentDetail, LegView, OrderChoices, OrderDetail, OrderLineView
from models.services.purchase_orders import OrderHeader, OrderLineIn, create_order
from models.transport import Mode
from tui.forms.document import DocumentDialog, number, whole
from tui.forms.spec import Field, Option, Values
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.parse import parse_day, parse_moment
from tui.procurement import text

if TYPE_CHECKING:
    from models.services.common import Actor

#: the lines a new order offers (more go in a second order)
LINES = 3


def _yes_no() -> list[Option]:
    return [("no", t("No"), ""), ("yes", t("Yes"), "")]


def _opts(pairs: list[tuple[str, str]]) -> Any:
    return lambda values: [(key, label, "") for key, label in pairs]


def _chosen(i: int) -> Callable[[Values], bool]:
    """Line ``i``'s quantity is required once its item is chosen."""
    return lambda values: bool(values.get(f"item_{i}"))


def _rejected(line_id: int) -> Callable[[Values], bool]:
    """A reason is required once something of the line is rejected."""
    return lambda values: number(values.get(f"rejected_{line_id}") or 0) > 0


def _material(values: Values) -> bool:
    """The first line names a raw material (``m<id>``): the order goes to the maker."""
    return str(values.get("item_1") or "").startswith("m")


def _line_in(key: str, quantity: int, spec: str | None, price: int | None) -> OrderLineIn:
    if key.startswith("m"):
        return OrderLineIn(None, quantity, spec, price, material_id=int(key[1:]))
    return OrderLineIn(int(key), quantity, spec, price)


def new_order(actor: Actor, choices: OrderChoices, start: dict[str, str] | None = None,
              maker: tuple[int, str] | None = None) -> DocumentDialog:
    """A draft order; ``start`` prefills it (the supplier and item of a shortage). ``maker``: the
    enterprise short of a raw material; its materials are offered, and an order of one goes to it."""
    items = [(str(i), text.name(n, e) + fmt.aside(fmt.unit(u))) for i, n, e, u in choices.items]
    if maker is not None:
        items = [(f"m{i}", text.name(n, e) + fmt.aside(fmt.unit(u)) + " · " + t("raw material"))
                 for i, n, e, u in choices.materials] + items
    parts: list[Field | str] = [
        Field("channel", "Channel", kind="choice", required=True,
              options=_opts([(c.value, text.channel(c.value)) for c in Channel])),
        Field("supplier", "Supplier", kind="choice", required=True,
              options=_opts([(str(i), text.name(n)) for i, n, _ in choices.suppliers])),
        Field("reserve_unit", "Reserve unit", kind="choice",
              options=_opts([(str(i), text.name(n)) for i, n in choices.reserve_units])),
        Field("found_by", "Found by", kind="choice",
              options=_opts([(str(i), text.name(n)) for i, n in choices.cadres])),
        Field("site", "To warehouse", kind="choice", required=lambda values: not _material(values),
              options=_opts([(str(i), text.name(n, e)) for i, n, e in choices.warehouses])),
        Field("need_by", "Need by", kind="date", placeholder="02-10, +7"),
        Field("urgent", "Urgent", kind="choice", required=True, options=lambda v: _yes_no()),
        Field("contract_no", "Contract no.", max_len=64), Field("contract_date", "Contract date", kind="date"),
        Field("currency", "Currency", max_len=3, placeholder="CNY, USD, EUR"),
        Field("rate", "Rate (yuan)", kind="number", placeholder="7.81"),
    ]
    for i in range(1, LINES + 1):
        parts += [Field(f"item_{i}", "Item", kind="choice", literal=t("Item {n}", n=i), options=_opts(items),
                        required=i == 1, placeholder="—"),
                  Field(f"qty_{i}", "Quantity", kind="number", checks=[whole],
                        required=_chosen(i)),
                  Field(f"spec_{i}", "Spec", max_len=200),
                  Field(f"price_{i}", "Unit price", kind="number")]

    if maker is not None:
        makers = _opts([(str(maker[0]), text.name(maker[1]))])
        parts.insert(5, Field("maker", "To maker", kind="choice", options=makers))

    def submit(values: dict[str, Any]) -> Any:
        lines = [_line_in(values[f"item_{i}"], number(values[f"qty_{i}"]), values[f"spec_{i}"].strip() or None,
                          round(float(values[f"price_{i}"]) * 100) if str(values[f"price_{i}"]).strip() else None)
                 for i in range(1, LINES + 1) if values.get(f"item_{i}")]
        rate = str(values["rate"]).strip()
        to_maker = _material(values) and maker is not None
        header = OrderHeader(
            channel=values["channel"], supplier_id=int(values["supplier"]),
            site_id=None if to_maker or not values.get("site") else int(values["site"]),
            enterprise_id=maker[0] if to_maker and maker is not None else None,
            reserve_unit_id=int(values["reserve_unit"]) if values.get("reserve_unit") else None,
            found_by_id=int(values["found_by"]) if values.get("found_by") else None,
            need_by=parse_day(values["need_by"], field="need_by", required=False),
            urgent=values.get("urgent") == "yes", contract_no=values["contract_no"].strip() or None,
            contract_date=parse_day(values["contract_date"], field="contract_date", required=False),
            currency=values["currency"].strip() or "CNY", rate=float(rate) if rate else None,
            shortage_id=int(start["shortage"]) if start and start.get("shortage") else None)
        return lambda s: create_order(s, actor=actor, header=header, lines=lines)

    values = {"channel": Channel.OVERSEAS.value, "urgent": "no", "currency": "CNY",
              **{k: v for k, v in (start or {}).items() if k != "shortage"}}
    if maker is not None:
        values["maker"] = str(maker[0])
    if len(choices.warehouses) == 1 and not _material(values):
        values.setdefault("site", str(choices.warehouses[0][0]))
    return DocumentDialog(t("New purchase order"), parts, values, submit)


def _leg_fields(n: int, mode: str, *, mode_required: bool = False) -> list[Field | str]:
    modes = _opts([(m.value, text.mode(m.value)) for m in Mode])
    return [t("Leg {n}", n=n),
            Field(f"mode_{n}", "Travels by", kind="choice", required=n == 1 or mode_required, options=modes),
            Field(f"from_{n}", "Leaves from", max_len=64), Field(f"to_{n}", "Goes to", max_len=64),
            Field(f"carrier_{n}", "Carrier", max_len=200), Field(f"waybill_{n}", "Waybill", max_len=64),
            Field(f"vehicle_{n}", "Plate/flight", max_len=32), Field(f"driver_{n}", "Driver", max_len=64),
            Field(f"phone_{n}", "Driver's phone", max_len=20), Field(f"pass_{n}", "Green pass", max_len=64),
            Field(f"planned_{n}", "Planned departure", kind="moment"), Field(f"eta_{n}", "ETA", kind="moment")]


def _leg(values: dict[str, Any], n: int) -> LegIn | None:
    if not values.get(f"mode_{n}"):
        return None
    return LegIn(mode=values[f"mode_{n}"], origin=values[f"from_{n}"], destination=values[f"to_{n}"],
                 carrier=values[f"carrier_{n}"], waybill=values[f"waybill_{n}"], vehicle=values[f"vehicle_{n}"],
                 driver=values[f"driver_{n}"], driver_phone=values[f"phone_{n}"] or None,
                 green_pass=values[f"pass_{n}"],
                 planned_departure=parse_moment(values[f"planned_{n}"], field=f"planned_{n}", required=False),
                 eta=parse_moment(values[f"eta_{n}"], field=f"eta_{n}", required=False))


def ship(actor: Actor, order: OrderDetail, others: list[tuple[str, OrderLineView]]) -> DocumentDialog:
    """A consignment of the order's lines still to ship (and, if wanted, of other confirmed orders to
    the same warehouse: ``others``), by air then by road."""
    parts: list[Field | str] = []
    values: dict[str, Any] = {"mode_1": Mode.AIR.value, "mode_2": Mode.ROAD.value}
    lines = [(order.number, line) for line in order.lines if line.quantity - line.cancelled - line.shipped > 0]
    lines += [(doc, line) for doc, line in others if doc != order.number]
    for doc, line in lines:
        parts.append(Field(f"load_{line.id}", "Loaded", kind="number", checks=[whole],
                           literal=(f"{doc} " if doc != order.number else "")
                           + text.name(line.item.name, line.item.name_en)))
        values[f"load_{line.id}"] = str(line.quantity - line.cancelled - line.shipped) if doc == order.number else "0"
    parts += _leg_fields(1, "air") + _leg_fields(2, "road")

    def submit(values: dict[str, Any]) -> Any:
        loaded = {line.id: number(values[f"load_{line.id}"]) for _, line in lines
                  if number(values[f"load_{line.id}"])}
        legs = [leg for leg in (_leg(values, 1), _leg(values, 2)) if leg is not None]
        site_id = order.site_id
        assert site_id is not None  # only an order to a warehouse ships (the screen offers no other)
        return lambda s: create_consignment(s, actor=actor, site_id=site_id, lines=loaded, legs=legs)

    return DocumentDialog(t("Ship {number}", number=order.number), parts, values, submit)


def leg_event(actor: Actor, leg: LegView) -> DocumentDialog:
    """What happened on a leg: left, a new ETA, arrived, loaded and damaged."""
    parts: list[Field | str] = [
        Field("departed", "Left at", kind="moment", placeholder="02-05 08:30"),
        Field("eta", "ETA", kind="moment"), Field("arrived", "Arrived at", kind="moment"),
        Field("loaded", "Loaded", kind="number", checks=[whole]),
        Field("damaged", "Damaged on the way", kind="number", checks=[whole])]
    values = {"departed": fmt.moment(leg.departed_at), "eta": fmt.moment(leg.eta),
              "arrived": fmt.moment(leg.arrived_at), "loaded": str(leg.loaded), "damaged": str(leg.damaged)}

    def submit(values: dict[str, Any]) -> Any:
        moments = {name: parse_moment(values[key], field=key, required=False)
                   for name, key in (("departed_at", "departed"), ("eta", "eta"), ("arrived_at", "arrived"))}
        return lambda s: record_leg(s, actor=actor, leg_id=leg.id, version=leg.version, loaded=number(values["loaded"]),
                                    damaged=number(values["damaged"]), **moments)

    title = t("Leg {n}: {mode}", n=leg.seq, mode=text.mode(leg.mode))
    return DocumentDialog(title, parts, values, submit)


def next_leg(actor: Actor, detail: ConsignmentDetail) -> DocumentDialog:
    """The next leg of the journey (the road leg once the plane has landed): it leaves from where
    the last leg went, by road unless changed."""
    n = len(detail.legs) + 1
    parts = _leg_fields(n, "road", mode_required=True)
    last = detail.legs[-1] if detail.legs else None
    values: dict[str, Any] = {f"mode_{n}": Mode.ROAD.value, f"from_{n}": last.destination if last else "",
                              f"to_{n}": detail.site_name}

    def submit(values: dict[str, Any]) -> Any:
        leg = _leg(values, n)
        assert leg is not None  # the mode is required
        return lambda s: add_leg(s, actor=actor, consignment_id=detail.id, version=detail.version, leg=leg)

    return DocumentDialog(t("Add a leg to {number}", number=detail.number), parts, values, submit)


def cancel_part(actor: Actor, order: OrderDetail, line: OrderLineView) -> DocumentDialog:
    """How much of a line is cancelled: never below what has shipped or been accepted (the service
    refuses more); the rest stays owed."""
    most = line.quantity - max(line.shipped, line.accepted)
    parts: list[Field | str] = [text.name(line.item.name, line.item.name_en),
                                Field("cancelled", "Quantity cancelled", kind="number", required=True, checks=[whole])]

    def submit(values: dict[str, Any]) -> Any:
        return lambda s: cancel_quantity(s, actor=actor, order_id=order.id, version=order.version, line_id=line.id,
                                         cancelled=number(values["cancelled"]))

    return DocumentDialog(t("Cancel part of {number}", number=order.number), parts,
                          {"cancelled": str(line.cancelled)}, submit,
                          notes={"cancelled": t("of {n}", n=fmt.count(most))})


def receive(actor: Actor, detail: ConsignmentDetail) -> DocumentDialog:
    """Count a part of the consignment in: per line accepted, rejected and why; the last part?"""
    parts: list[Field | str] = [Field("voucher", "Voucher no.", required=True, max_len=64)]
    values: dict[str, Any] = {"final": "no"}
    lines = [line for line in detail.lines if line.quantity > line.accepted + line.rejected]
    for line in lines:
        left = line.quantity - line.accepted - line.rejected
        label = text.name(line.item.name, line.item.name_en)
        parts += [label,
                  Field(f"accepted_{line.id}", "Accepted", kind="number", checks=[whole]),
                  Field(f"rejected_{line.id}", "Rejected", kind="number", checks=[whole]),
                  Field(f"reason_{line.id}", "Reason rejected", max_len=200, required_message="Say why it was rejected",
                        required=_rejected(line.id)),
                  Field(f"lot_{line.id}", "Lot", max_len=64, placeholder=detail.number)]
        values[f"accepted_{line.id}"], values[f"rejected_{line.id}"] = str(left), "0"
    parts += [Field("final", "Last part", kind="choice", required=True, options=lambda v: _yes_no()),
              Field("over_reason", "Why more than ordered", max_len=200)]
    notes = {f"accepted_{line.id}": t("of {n}", n=fmt.count(line.quantity - line.accepted - line.rejected))
             for line in lines}

    def submit(values: dict[str, Any]) -> Any:
        counts = [CountIn(line.id, number(values[f"accepted_{line.id}"]), number(values[f"rejected_{line.id}"]),
                          values[f"reason_{line.id}"].strip() or None, values[f"lot_{line.id}"].strip() or None)
                  for line in lines]
        return lambda s: receive_consignment(
            s, actor=actor, consignment_id=detail.id, version=detail.version, voucher_no=values["voucher"],
            counts=counts, final=values.get("final") == "yes", over_reason=values["over_reason"].strip() or None)

    return DocumentDialog(t("Receive {number}", number=detail.number), parts, values, submit, notes=notes)


def receive_material(actor: Actor, order: OrderDetail) -> DocumentDialog:
    """A delivery of the order's raw material at the maker: per line accepted, rejected and why."""
    parts: list[Field | str] = []
    values: dict[str, Any] = {}
    lines = [line for line in order.lines if line.item.material]
    for line in lines:
        left = max(0, line.quantity - line.cancelled - line.accepted - line.rejected)
        parts += [text.name(line.item.name, line.item.name_en) + fmt.aside(fmt.unit(line.item.unit)),
                  Field(f"accepted_{line.id}", "Accepted", kind="number", checks=[whole]),
                  Field(f"rejected_{line.id}", "Rejected", kind="number", checks=[whole]),
                  Field(f"reason_{line.id}", "Reason rejected", max_len=200, required_message="Say why it was rejected",
                        required=_rejected(line.id))]
        values[f"accepted_{line.id}"], values[f"rejected_{line.id}"] = str(left), "0"
    parts.append(Field("over_reason", "Why more than ordered", max_len=200))
    notes = {f"accepted_{line.id}": t("of {n}", n=fmt.count(line.quantity - line.cancelled)) for line in lines}

    def submit(values: dict[str, Any]) -> Any:
        counts = [MaterialCount(line.id, number(values[f"accepted_{line.id}"]), number(values[f"rejected_{line.id}"]),
                                values[f"reason_{line.id}"].strip() or None) for line in lines]
        return lambda s: receive_material_at(s, actor=actor, order_id=order.id, version=order.version, counts=counts,
                                             over_reason=values["over_reason"].strip() or None)

    title = t("Delivery of {number} to {maker}", number=order.number, maker=text.name(order.enterprise_name))
    return DocumentDialog(title, parts, values, submit, notes=notes)


__all__ = ["cancel_part", "leg_event", "new_order", "next_leg", "pt", "receive", "receive_material", "ship"]
