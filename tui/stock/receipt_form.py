"""``n`` on the stock screen: a receipt (入库单), counted against its voucher and posted at once.

The heading says where the goods came in, from whom (a local maker of the directory, the central
allocation, a purchase, a donation) and the voucher they came with: no voucher, no receipt. Each
of the lines below is a lot: accepted and rejected (a rejection needs its reason), its expiry and
grade, and whether it goes into quarantine first. A line left without an item is not used.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.widget import Widget

from models.receipts import Receipt, ReceiptSource
from models.reference import GRADES
from models.services.choices import Choice, report_choices, reportable_enterprises
from models.services.receipts import ReceiptLineIn, create_receipt
from models.services.stock_views import warehouses
from tui.forms.fields import section_title
from tui.forms.form import FormScreen, FormState
from tui.forms.pickers import EnterprisePicker
from tui.forms.spec import Field, Option, Values, whole
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.parse import parse_day
from tui.i18n.safe import for_tui

if TYPE_CHECKING:
    from sqlmodel import Session

#: the lines the form offers (a receipt with more lots is written as two)
LINES = 3
YES = "yes"


class ReceiptFormScreen(FormScreen):
    HELP = ("A receipt against its voucher (goods without one are refused): the warehouse, where the goods come "
            "from (a local maker's names the maker), the voucher number, then one line per lot: accepted and "
            "rejected (a rejection needs a reason), expiry, grade and quarantine. Ctrl+S posts it; a posted "
            "receipt never changes (reverse an entry on the stock card instead).")
    ERROR_FIELDS = {"site_id": "site", "enterprise_id": "maker", "lines": "item-1"}
    DISCARD = ("Leave without receiving? What you typed is lost.", "Leave", "Stay")

    def __init__(self, *, site_id: int | None = None, item_id: int | None = None) -> None:
        super().__init__()
        self.site_id, self.item_id = site_id, item_id

    def title_text(self) -> str:
        return t("Receive goods")

    # ---- reading and writing (worker thread) ------------------------------------------------------

    def load(self, session: Session) -> FormState:
        sites = warehouses(session)
        site = self.site_id if any(s[0] == self.site_id for s in sites) else (sites[0][0] if len(sites) == 1 else None)
        values: dict[str, Any] = {"site": str(site) if site else "", "source": ReceiptSource.CENTRAL.value,
                                  "maker": "", "voucher": "", "ref": "", "delivered_by": "", "received_by": ""}
        for n in range(1, LINES + 1):
            values |= {f"item-{n}": "", f"lot-{n}": "", f"expiry-{n}": "", f"accepted-{n}": "",
                       f"rejected-{n}": "", f"reason-{n}": "", f"grade-{n}": "", f"quarantine-{n}": ""}
        if self.item_id is not None:
            values["item-1"] = str(self.item_id)
        return FormState(values, extra=(sites, report_choices(session).items))

    def write(self, session: Session, values: dict[str, Any], state: FormState) -> Any:
        lines = [self._line(values, n) for n in range(1, LINES + 1) if values.get(f"item-{n}")]
        receipt_id = create_receipt(
            session, actor=self.ctx.actor, site_id=int(values["site"]), source=values["source"],
            voucher_no=values["voucher"] or "", lines=lines,
            enterprise_id=int(values["maker"]) if values.get("maker") else None, source_ref=values["ref"] or None,
            delivered_by=values["delivered_by"] or None, received_by=values["received_by"] or None)
        receipt = session.get(Receipt, receipt_id)
        return receipt.number if receipt is not None else ""

    @staticmethod
    def _line(values: dict[str, Any], n: int) -> ReceiptLineIn:
        def number(name: str) -> int:
            text = str(values.get(f"{name}-{n}") or "0").replace(",", "").strip()
            return int(float(text))

        expiry = values.get(f"expiry-{n}") or ""
        return ReceiptLineIn(
            item_id=int(values[f"item-{n}"]), lot_code=values.get(f"lot-{n}") or "", accepted=number("accepted"),
            rejected=number("rejected"), reject_reason=values.get(f"reason-{n}") or None,
            expiry=parse_day(expiry, field=f"expiry-{n}") if expiry.strip() else None,
            grade=values.get(f"grade-{n}") or None, quarantine=values.get(f"quarantine-{n}") == YES)

    def saved(self, result: Any) -> None:
        self.notify(t("Receipt {number} posted", number=result), markup=False)
        self.dismiss(result)

    # ---- the fields -----------------------------------------------------------------------------------

    def parts(self, state: FormState) -> Iterable[Field | Widget]:
        yield Field("site", "Warehouse", kind="choice", required=True, starred=False, options=self._sites)
        yield Field("source", "Source", kind="choice", required=True, starred=False,
                    options=lambda values: [(s.value, pt("receipt source", s.value), "") for s in ReceiptSource])
        yield Field("maker", "Maker", kind="picker", required=_from_maker, required_message="Pick the local maker")
        yield Field("voucher", "Voucher no.", required=True, max_len=64,
                    required_message="Goods without a voucher are refused: type the voucher number",
                    placeholder=t("the delivery note's number"))
        yield Field("ref", "Order/notice", max_len=64, placeholder=t("order, offer or notice number"), stop=False)
        yield Field("delivered_by", "Delivered by", max_len=64, stop=False)
        yield Field("received_by", "Received by", max_len=64, stop=False)
        for n in range(1, LINES + 1):
            yield section_title(t("Line {n}", n=n))
            yield Field(f"item-{n}", "Item", kind="choice", required=n == 1, starred=False, options=self._items,
                        placeholder=t("— not used —"))
            yield Field(f"lot-{n}", "Lot no.", max_len=64, required=_used(n), context=t("Line {n}", n=n))
            yield Field(f"expiry-{n}", "Expiry", kind="date", placeholder=t("YYYY-MM-DD"), stop=False,
                        context=t("Line {n}", n=n))
            yield Field(f"accepted-{n}", "Accepted", kind="number", required=_used(n), context=t("Line {n}", n=n),
                        checks=[whole])
            yield Field(f"rejected-{n}", "Rejected", kind="number", joins=f"accepted-{n}", stop=False, checks=[whole])
            yield Field(f"reason-{n}", "Why rejected", max_len=200, required=_rejected(n), stop=False,
                        context=t("Line {n}", n=n))
            yield Field(f"grade-{n}", "Grade", kind="choice", stop=False, placeholder="—",
                        options=lambda values: [(g, pt("grade", g), "") for g in GRADES])
            yield Field(f"quarantine-{n}", "Into quarantine:", kind="choice", stop=False, placeholder=t("no"),
                        joins=f"grade-{n}", options=lambda values: [(YES, t("yes, hold first"), "")])

    def _control(self, field: Field, state: FormState) -> Widget:
        if field.name == "maker":
            return EnterprisePicker(self._search, placeholder=t("Type a name, pinyin or initials"),
                                    id=self.control_id("maker"))
        return super()._control(field, state)

    def _search(self, session: Session, query: str) -> list[Choice]:
        return reportable_enterprises(session, actor=self.ctx.actor, query=query)

    def _sites(self, values: Values) -> list[Option]:
        sites = self.state.extra[0] if self.state else []
        return [(str(id_), for_tui(fmt.local_name(name, en)) + fmt.aside(for_tui(code)), code.lower())
                for id_, code, name, en in sites]

    def _items(self, values: Values) -> list[Option]:
        items: list[Choice] = self.state.extra[1] if self.state else []
        return [(str(i.id), t("{name} ({unit})", name=for_tui(fmt.local_name(i.name, i.alt)), unit=fmt.unit(i.extra)),
                 i.key) for i in items]


def _from_maker(values: Values) -> bool:
    return bool(values.get("source") == ReceiptSource.LOCAL_MAKER.value)


def _used(n: int) -> Any:
    return lambda values: bool(values.get(f"item-{n}"))


def _rejected(n: int) -> Any:
    def required(values: Values) -> bool:
        text = str(values.get(f"rejected-{n}") or "").replace(",", "").strip()
        try:
            return bool(values.get(f"item-{n}")) and float(text or 0) > 0
        except ValueError:
            return False

    return required


__all__ = ["ReceiptFormScreen"]
