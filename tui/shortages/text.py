"""How shortages read on screen: short labels for narrow columns, ages, marks, and timeline lines.

Everything returns ``rich.text.Text`` or plain ``str`` built from data, never markup, so a note
that contains ``[bold]`` shows as typed. Labels go through ``t()``; the short forms of the list
columns are message ids of their own (``"Crit"`` → 特急), so both languages stay complete.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from models import clock
from tui.i18n import current_language, pt, t
from tui.i18n import format as fmt
from tui.i18n.safe import for_tui

if TYPE_CHECKING:  # types only: the dashboard takes the severities' styles and none of the lists' services
    from models.services.choices import GroupChoice
    from models.services.shortage_views import EventView, ShortageRow

ESCALATION_MARK = "^"
OVERDUE_MARK = "!"
SEVERITY_STYLE = {"critical": "bold red", "high": "bold yellow", "medium": "", "low": "dim"}


#: the widths of the list's columns of codes: a label is shortened only where its full word is wider
SEVERITY_WIDTH, KIND_WIDTH, LEVEL_WIDTH, STATUS_WIDTH = 4, 7, 5, 8
#: their widths on a wide terminal, where the English full words fit (Critical, Raw material, District,
#: Coordinating; "Closed unresolved" stays "Closed")
SEVERITY_WIDE, KIND_WIDE, LEVEL_WIDE, STATUS_WIDE = 8, 12, 8, 12


def _fitting(full: str, short: str, width: int) -> str:
    """The full word where it fits ``width`` cells, so that a list and a detail say the same word;
    the abbreviation only where it does not."""
    return full if cell_len(full) <= width else short


def severity_label(code: str, *, short: bool = False, width: int = SEVERITY_WIDTH) -> str:
    """The severity's word; ``short``: as it fits a column of ``width`` cells."""
    full = pt("severity", code)
    if short:
        labels = {"critical": t("Crit"), "high": t("High"), "medium": t("Med"), "low": t("Low")}
        return _fitting(full, labels.get(code, code), width)
    return full


def status_label(code: str, *, short: bool = False, width: int = STATUS_WIDTH) -> str:
    full = pt("shortage status", code)
    if short:
        labels = {"coordinating": t("Coord."), "closed_unresolved": t("Closed")}
        return _fitting(full, labels.get(code, full), width)
    return full


def kind_label(code: str, *, short: bool = False, width: int = KIND_WIDTH) -> str:
    full = pt("shortage kind", code)
    if short:
        labels = {"raw_material": t("Raw mat"), "electricity": t("Power"), "transport": t("Transp."),
                  "logistics": t("Logist.")}
        return _fitting(full, labels.get(code, full), width)
    return full


def level_label(code: str, *, short: bool = False, width: int = LEVEL_WIDTH) -> str:
    full = pt("level", code)
    return _fitting(full, t("Dist"), width) if short and code == "district" else full


def group_label(name: str, name_en: str, *, short: bool = False) -> str:
    """A special group in the current language, as shown (stored names escaped, ``tui.i18n.safe``);
    short: 医疗物资生产组 → 生产, 综合协调组 → 综合, Production."""
    return for_tui(_group_name(name, name_en, short=short))


def _group_name(name: str, name_en: str, *, short: bool) -> str:
    if current_language() != "zh" and name_en:
        if not short:
            return name_en
        word = name_en.split()[0]
        return word if len(word) <= 7 else word[:5] + "."
    if short:
        return name.removeprefix("医疗物资")[:2]
    return name


material_name = fmt.local_name
number = fmt.amount


def quantity(value: float | None, unit: str, *, compact: bool = False) -> str:
    if value is None:
        return ""
    amount, unit = number(value, compact=compact), fmt.unit(unit)
    return f"{amount}{unit}" if current_language() == "zh" else f"{amount} {unit}".strip()


def what(row: ShortageRow, *, compact: bool = False) -> Text:
    """The material or item and the quantity short: ``熔喷布 5吨``; severely short items in bold red."""
    text = Text()
    name = material_name(row.material, row.material_en)
    if name:
        text.append(for_tui(name), style="bold red" if row.severely_short else "")
    amount = quantity(row.quantity, row.unit, compact=compact)
    if amount:
        text.append((" " if name else "") + for_tui(amount))
    return text


def minute() -> str:
    """What the ages shown change with (a list's ``stamp``)."""
    return clock.now().strftime("%Y-%m-%d %H:%M")


def age(start: datetime, end: datetime | None = None) -> str:
    """Time since ``start`` (until ``end`` when solved): ``45 min``, ``26 h``, ``3d``."""
    return fmt.age(int(((end or clock.now()) - start).total_seconds() // 60))


def marks(row: ShortageRow) -> Text:
    text = Text()
    if row.escalation_due:
        text.append(ESCALATION_MARK, style="bold yellow")
    if row.overdue:
        text.append(OVERDUE_MARK, style="bold red")
    return text


def severity_cell(row: ShortageRow, width: int = SEVERITY_WIDTH) -> Text:
    return Text(severity_label(row.severity, short=True, width=width), style=SEVERITY_STYLE.get(row.severity, ""))


def who(event: EventView) -> str:
    """Who took a step, as shown."""
    return for_tui(event.by_name or event.by)


def action_label(action: str) -> str:
    labels = {
        "reported": t("Reported"), "assign": t("Assigned"), "escalate": t("Escalated"),
        "coordinating": t("Coordinating"), "note": t("Progress note"), "supplier_contacted": t("Supplier contacted"),
        "reserve_notified": t("Reserve unit notified"), "resolve": t("Resolved"), "close": t("Closed unresolved"),
        "reopen": t("Reopened"), "delivery": t("Delivered"),
    }
    return labels.get(action, action)


def assignment(value: str, groups: Sequence[GroupChoice]) -> str:
    """``production/李强`` as kept in an assign event → ``医疗物资生产组 / 李强`` (or its English name),
    as shown."""
    code, _, cadre = value.partition("/")
    group = next((g for g in groups if g.code == code), None)
    name = group_label(group.name, group.name_en) if group else for_tui(code)
    return " / ".join(part for part in (name, for_tui(cadre)) if part) or "—"


def event_detail(event: EventView, groups: Sequence[GroupChoice]) -> Text:
    """What a step did, after its label: the change (old → new) and the note."""
    text = Text()
    if event.action == "assign":
        if event.old_value.strip("/"):
            text.append(assignment(event.old_value, groups) + " → ")
        text.append(assignment(event.new_value, groups))
    elif event.action == "escalate":
        text.append(f"{level_label(event.old_value or 'district')} → {level_label(event.new_value or 'city')}")
    elif event.action == "delivery":  # a raw-material order's delivery: "accepted/rejected/unit"
        accepted, _, rest = event.new_value.partition("/")
        rejected, _, unit = rest.partition("/")
        text.append(t("{number}: {accepted} {unit} accepted, {rejected} rejected", number=for_tui(event.old_value),
                      accepted=accepted, rejected=rejected or "0", unit=for_tui(fmt.unit(unit))))
    elif event.action in ("supplier_contacted", "reserve_notified") and event.new_value:
        text.append(for_tui(event.new_value), style="bold")
    if event.note:
        if text:
            text.append(t(": "))
        text.append(for_tui(event.note, lines=True))
    return text


__all__ = [
    "ESCALATION_MARK", "OVERDUE_MARK", "action_label", "age", "assignment", "event_detail", "group_label",
    "kind_label", "level_label", "marks", "material_name", "quantity", "severity_cell", "severity_label",
    "status_label", "what", "who",
]
