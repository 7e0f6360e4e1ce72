"""From a shortage to an order (key ``b`` on a shortage): the suppliers of the short item or raw
material and its open orders. Picking a supplier starts a new order prefilled with it, the item or
raw material, the quantity and need-by date the shortage asks for (urgent when it is critical) and
the shortage (raw material goes to the maker short of it); picking an open order opens it."""

from __future__ import annotations

from models.services.procurement_detail import order_choices
from models.services.shortage_orders import shortage_procurement
from tui.i18n import n_, t
from tui.procurement import forms, text
from tui.procurement.detail import ProcurementDetailScreen
from tui.shell.base import BaseScreen
from tui.shell.dialogs import ChoiceDialog

#: the channel an order starts with, by where its supplier is
CHANNEL_OF = {"overseas": "overseas", "out_of_city": "out_of_city", "local": "local_buyup"}


async def order_from_shortage(screen: BaseScreen, shortage_id: int) -> None:
    """The flow, run in the calling screen's worker."""
    found = await screen.read(lambda s: shortage_procurement(s, shortage_id=shortage_id))
    options: list[tuple[str, str, str]] = [
        (f"s{i}", t("Order from {supplier}", supplier=text.name(name)) + f" · {text.channel(CHANNEL_OF[origin])}",
         name) for i, name, origin in found.suppliers]
    options += [(f"o{o.id}", t("Open order {number}: {supplier}, {status}, {left} to come", number=o.number,
                               supplier=text.name(o.supplier), status=text.status(o.status).plain,
                               left=text.qty(o.remainder)), o.number) for o in found.open_orders]
    if found.item_id is not None or not options:
        options.append(("s0", t("Order from another supplier"), ""))
    picked = await screen.app.push_screen_wait(ChoiceDialog(t("Suppliers and open orders"), options))
    if picked is None:
        return
    if picked.startswith("o"):
        screen.app.push_screen(ProcurementDetailScreen("order", int(picked[1:])))
        return
    choices = await screen.read(order_choices)
    supplier = next((s for s in found.suppliers if s[0] == int(picked[1:])), None)
    start = {"shortage": str(shortage_id)}
    if supplier is not None:
        start |= {"supplier": str(supplier[0]), "channel": CHANNEL_OF[supplier[2]]}
    if found.quantity is not None:
        start["qty_1"] = str(found.quantity)
    if found.need_by is not None:
        start["need_by"] = found.need_by.isoformat()
    if found.urgent:
        start["urgent"] = "yes"
    maker = None
    if found.item_id is not None:
        start["item_1"] = str(found.item_id)
    elif found.material_id is not None:
        start["item_1"] = f"m{found.material_id}"
        maker = (found.enterprise_id, found.enterprise_name)
    order_id = await screen.app.push_screen_wait(forms.new_order(screen.ctx.actor, choices, start, maker))
    if order_id is not None:
        screen.app.push_screen(ProcurementDetailScreen("order", order_id, notice=n_("Order {number} written")))
