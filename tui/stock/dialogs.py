"""The stock screen's dialogs for coordinators: a count (盘点) of one item's lots, quarantine (release
and hold) of a lot, and the daily close (扎账): the day and warehouse first, then the day's sheet.

Each is a ``DocumentDialog`` (the allocation screen's form dialog): fields as data, a note after a
field, ``ctrl+s`` saves through the service, a refusal on the dialog's error line or the marked field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from models.errors import ValidationError
from models.services.receipts import hold_stock, release_quarantine
from models.services.stock_counts import CountLineIn, SheetLine, close_day, create_count, day_sheet
from models.services.stock_lots import LotStock
from tui.forms.document import DocumentDialog, number, whole
from tui.forms.spec import Field, Option, Problem, Values
from tui.i18n import format as fmt
from tui.i18n import t
from tui.i18n.parse import parse_day
from tui.i18n.safe import for_tui

if TYPE_CHECKING:
    from sqlmodel import Session

    from models.services.common import Actor


def lot_label(lot: LotStock) -> str:
    """``K2001 · 2020-03-19`` (the lot's code, and its expiry when it has one)."""
    code = for_tui(lot.code)
    return f"{code} · {fmt.day(lot.expiry)}" if lot.expiry is not None else code


def signed(value: int) -> str:
    return f"+{fmt.count(value)}" if value > 0 else (f"−{fmt.count(-value)}" if value < 0 else "0")


# ---- the count ------------------------------------------------------------------------------------------


def _reason_if_differs(lot: LotStock) -> Any:
    """A counted quantity other than the books' needs its reason (checked on the quantity)."""
    def check(value: float, values: Values) -> Problem | None:
        if value != lot.on_hand and not str(values.get(f"reason_{lot.lot_id}", "")).strip():
            return ValidationError("", "Counted {counted}, the books say {booked}: say why",
                                   counted=fmt.count(int(value)), booked=fmt.count(lot.on_hand))
        return None

    return check


def count(actor: Actor, site_id: int, title: str, lots: Sequence[LotStock]) -> DocumentDialog:
    """Type what was found of each lot; the books' figure is beside it, a difference needs a reason."""
    parts: list[Field | str] = [Field("counted_by", "Counted by", required=True, max_len=64,
                                      placeholder=t("two people count together"))]
    for lot in lots:
        parts += [lot_label(lot),
                  Field(f"counted_{lot.lot_id}", "Counted", kind="number", required=True,
                        checks=[whole, _reason_if_differs(lot)]),
                  Field(f"reason_{lot.lot_id}", "Why it differs", max_len=200)]
    notes = {f"counted_{lot.lot_id}": t("books {n}", n=fmt.count(lot.on_hand)) for lot in lots}

    def submit(values: dict[str, Any]) -> Any:
        lines = [CountLineIn(lot.lot_id, number(values[f"counted_{lot.lot_id}"]),
                             values[f"reason_{lot.lot_id}"].strip() or None) for lot in lots]
        return lambda s: (create_count(s, actor=actor, site_id=site_id, counted_by=values["counted_by"].strip(),
                                       lines=lines, post_now=True),
                          sum(line.counted for line in lines) - sum(lot.on_hand for lot in lots))

    dialog = DocumentDialog(t("Count · {what}", what=title), parts, {}, submit, notes=notes,
                            intro=t("Type what is on the shelves; a line that differs from the books needs a reason."))

    def changed(name: str) -> None:
        values = dialog.values()
        for lot in lots:
            note = t("books {n}", n=fmt.count(lot.on_hand))
            try:
                found = number(values.get(f"counted_{lot.lot_id}", ""))
            except ValueError:
                found = None
            if found is not None and str(values.get(f"counted_{lot.lot_id}", "")).strip():
                note += " · " + signed(found - lot.on_hand)
            dialog.set_note(f"counted_{lot.lot_id}", note)

    dialog.changed = changed
    return dialog


# ---- quarantine ----------------------------------------------------------------------------------------


def _lot_options(lots: Sequence[LotStock]) -> list[Option]:
    return [(str(lot.lot_id), lot_label(lot), lot.code.lower()) for lot in lots]


def _at_most(lots: Sequence[LotStock], limit: Any, message: str) -> Any:
    """The quantity may not pass ``limit(lot)`` of the lot chosen."""
    def check(value: float, values: Values) -> Problem | None:
        lot = next((lot for lot in lots if str(lot.lot_id) == str(values.get("lot"))), None)
        if lot is not None and value > limit(lot):
            return ValidationError("", message, n=fmt.count(limit(lot)))
        return None

    return check


def release(actor: Actor, site_id: int, title: str, lots: Sequence[LotStock]) -> DocumentDialog:
    """Release quarantined stock of a lot (it passed its test): available again."""
    held = [lot for lot in lots if lot.quarantine > 0]
    parts: list[Field | str] = [
        Field("lot", "Lot", kind="choice", required=True, options=lambda v: _lot_options(held)),
        Field("quantity", "Quantity", kind="number", required=True,
              checks=[whole, _positive, _at_most(held, lambda lot: lot.quarantine, "Only {n} are in quarantine")]),
        Field("note", "Release note", max_len=500, placeholder=t("test report, inspector")),
    ]
    start = {"lot": str(held[0].lot_id), "quantity": str(held[0].quarantine)} if held else {}

    def submit(values: dict[str, Any]) -> Any:
        return _done(lambda s: release_quarantine(s, actor=actor, site_id=site_id, lot_id=int(values["lot"]),
                                                  quantity=number(values["quantity"]),
                                                  note=values["note"].strip() or None))

    dialog = DocumentDialog(t("Release from quarantine · {what}", what=title), parts, start, submit,
                            notes={"quantity": ""})
    _note_of_lot(dialog, held, lambda lot: t("{n} in quarantine", n=fmt.count(lot.quarantine)))
    return dialog


def hold(actor: Actor, site_id: int, title: str, lots: Sequence[LotStock]) -> DocumentDialog:
    """Put stock of a lot on hold (a lot failing its test): still on hand, no longer available."""
    free = [lot for lot in lots if lot.free > 0]
    parts: list[Field | str] = [
        Field("lot", "Lot", kind="choice", required=True, options=lambda v: _lot_options(free)),
        Field("quantity", "Quantity", kind="number", required=True,
              checks=[whole, _positive, _at_most(free, lambda lot: lot.free, "Only {n} are available")]),
        Field("reason", "Reason", required=True, max_len=500, placeholder=t("e.g. failed its test")),
    ]
    start = {"lot": str(free[0].lot_id)} if free else {}

    def submit(values: dict[str, Any]) -> Any:
        return _done(lambda s: hold_stock(s, actor=actor, site_id=site_id, lot_id=int(values["lot"]),
                                          quantity=number(values["quantity"]), note=values["reason"].strip()))

    dialog = DocumentDialog(t("Put on hold · {what}", what=title), parts, start, submit, notes={"quantity": ""})
    _note_of_lot(dialog, free, lambda lot: t("{n} available", n=fmt.count(lot.free)))
    return dialog


def _done(call: Callable[[Session], None]) -> Callable[[Session], bool]:
    """The call, answering True once done (the dialog dismisses with None only when left)."""
    def run(session: Session) -> bool:
        call(session)
        return True

    return run


def _positive(value: float, values: Values) -> str | None:
    return None if value > 0 else "More than nothing, please"


def _note_of_lot(dialog: DocumentDialog, lots: Sequence[LotStock], say: Any) -> None:
    """The note after the quantity says what the chosen lot holds."""
    def changed(name: str) -> None:
        chosen = str(dialog.values().get("lot") or "")
        lot = next((lot for lot in lots if str(lot.lot_id) == chosen), None)
        dialog.set_note("quantity", say(lot) if lot is not None else "")

    dialog.changed = changed


# ---- the daily close ---------------------------------------------------------------------------------


def close_which(warehouses: Sequence[Option], site_id: int | None, yesterday: date) -> DocumentDialog:
    """The warehouse and the day to close; saving reads the day's sheet (refused for a day that has
    not ended or is closed already) and dismisses with ``(site_id, day, sheet)``."""
    parts: list[Field | str] = [
        Field("warehouse", "Warehouse", kind="choice", required=True, options=lambda v: warehouses),
        Field("day", "Day", kind="date", required=True, placeholder=t("YYYY-MM-DD")),
    ]
    start = {"warehouse": str(site_id) if site_id is not None else (warehouses[0][0] if warehouses else ""),
             "day": yesterday.isoformat()}

    def submit(values: dict[str, Any]) -> Any:
        site, day = int(values["warehouse"]), parse_day(values["day"], field="day")
        return lambda s: (site, day, day_sheet(s, site_id=site, day=day))

    return DocumentDialog(t("Close the day (扎账)"), parts, start, submit,
                          intro=t("A day is closed once it has ended, and once only."))


def identity(line: SheetLine) -> str:
    """``1,000 + 500 − 300 − 10 = 1,190``: 期初 + 入 − 出 ± 调整 = 结存 of one item."""
    adjusted = f"+ {fmt.count(line.adjusted)}" if line.adjusted >= 0 else f"− {fmt.count(-line.adjusted)}"
    text = (f"{fmt.count(line.opening)} + {fmt.count(line.received)} − {fmt.count(line.issued)} {adjusted} "
            f"= {fmt.count(line.closing)}")
    if line.closing != line.books:
        text += " " + t("(the ledger says {n})", n=fmt.count(line.books))
    return text


def close_sheet(actor: Actor, site_id: int, site: str, day: date, sheet: Sequence[SheetLine]) -> DocumentDialog:
    """The day's sheet, one item a line, and a reason for each item a count changed; saving closes."""
    parts: list[Field | str] = []
    start: dict[str, Any] = {}
    for line in sheet:
        name = t("{name} ({unit})", name=for_tui(fmt.local_name(line.item_name, line.item_name_en)),
                 unit=fmt.unit(line.unit))
        parts.append(f"{name}: {identity(line)}")
        if line.variance:
            parts.append(Field(f"reason_{line.item_id}", "Why it differs", required=True, max_len=500))
            start[f"reason_{line.item_id}"] = "; ".join(line.notes)

    def submit(values: dict[str, Any]) -> Any:
        reasons = {line.item_id: values[f"reason_{line.item_id}"].strip() for line in sheet if line.variance}
        return lambda s: close_day(s, actor=actor, site_id=site_id, day=day, reasons=reasons)

    return DocumentDialog(t("Close {day} · {site}", day=fmt.day(day), site=site), parts, start, submit,
                          intro=t("Opening + in − out ± adjusted = closing, per item. Ctrl+S closes the day."))


__all__ = ["close_sheet", "close_which", "count", "hold", "identity", "lot_label", "release", "signed"]
