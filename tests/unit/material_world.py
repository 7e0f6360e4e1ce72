"""Test data for raw-material orders: a mask maker short of melt-blown fabric (熔喷布), a supplier of
it out of the city, and an order of it going to the maker, confirmed."""

from __future__ import annotations

from sqlmodel import select

from models import clock
from models.procurement import PurchaseOrder
from models.services.common import create_row, write_transaction
from models.services.purchase_orders import OrderHeader, OrderLineIn, create_order, step_order
from models.services.shortages import report_shortage
from models.shortage import ShortageCreate
from models.supply import Material, Supplier, SupplierItem
from tests.unit.procure_world import ProcureWorld


class MaterialWorld(ProcureWorld):
    """A ProcureWorld with a raw-material shortage of ``enterprise_id`` (call ``short_of_fabric``)."""

    def short_of_fabric(self, enterprise_id: int) -> int:
        """The maker reports melt-blown fabric short; a supplier of it out of the city is listed."""
        s = self.session
        self.fabric = s.exec(select(Material).where(Material.code == "MELTBLOWN")).one().id
        s.rollback()
        with write_transaction(s):
            self.mill = create_row(s, Supplier(name="山东俊富无纺布", origin="out_of_city", region="山东"),
                                   actor=self.actor, at=clock.now()).id
            s.add(SupplierItem(supplier_id=self.mill, material_id=self.fabric))
        self.maker = enterprise_id
        self.shortage = report_shortage(s, actor=self.actor, data=ShortageCreate(
            enterprise_id=enterprise_id, kind="raw_material", material_id=self.fabric, quantity=5, unit="吨",
            severity="critical")).id
        return self.shortage  # type: ignore[no-any-return]

    def fabric_order(self, tonnes: int = 5, *, confirm: bool = True) -> int:
        header = OrderHeader(channel="out_of_city", supplier_id=self.mill, site_id=None, enterprise_id=self.maker,
                             shortage_id=self.shortage)
        order_id = create_order(self.session, actor=self.actor, header=header,
                                lines=[OrderLineIn(item_id=None, material_id=self.fabric, quantity=tonnes)])
        if confirm:
            for step in ("submit", "approve", "confirm"):
                step_order(self.session, actor=self.actor, order_id=order_id,
                           version=self.get(PurchaseOrder, order_id).version, step=step)
        return order_id

