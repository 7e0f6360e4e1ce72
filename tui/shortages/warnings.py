"""Early warnings: reserves under N days of cover, shown as suggested shortages in a paged table."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from models import clock
from models.errors import ConflictError, ServiceError
from models.services.shortage_views import WarningRow
from tui.i18n import error_text, t
from tui.i18n import format as fmt
from tui.shortages.text import material_name, quantity
from tui.widgets.paged_table import Column


def _cover(row: WarningRow) -> Text:
    return Text(fmt.days(row.cover_days), style="bold red" if row.cover_days < 1 else "bold yellow")


WARNING_COLUMNS = [
    Column("cover_days", "Cover", 10, align="right", sort="cover", render=_cover),
    Column("enterprise", "Enterprise", 10, flex=1, render=lambda r: Text(r.enterprise)),
    Column("district", "District", 8, render=lambda r: fmt.district(r.district)),
    Column("material", "Material", 17, flex=1, render=lambda r: material_name(r.material, r.material_en)),
    Column("quantity", "Stock", 9, align="right", render=lambda r: quantity(r.quantity, r.unit)),
    Column("daily_use", "Daily use", 9, align="right", render=lambda r: quantity(r.daily_use, r.unit)),
    Column("updated_at", "Updated", 11, drop=1,
           render=lambda r: r.updated_at.strftime("%m-%d %H:%M") if r.updated_at else ""),
]


def warning_description(row: WarningRow) -> str:
    """The description of the shortage a confirmed warning reports (in the language of the user)."""
    return t("{material}: {stock} left, {days} of cover (early warning)",
             material=material_name(row.material, row.material_en),
             stock=quantity(row.quantity, row.unit), days=fmt.days(row.cover_days))


def warning_summary(row: WarningRow) -> str:
    return t("{enterprise}: {material}, {days} of cover", enterprise=row.enterprise_name,
             material=material_name(row.material, row.material_en), days=fmt.days(row.cover_days))


def refusal_text(error: ServiceError) -> str:
    """Why a confirmation or dismissal was refused; for a conflict, the reserve as someone left it."""
    text = error_text(error)
    if isinstance(error, ConflictError):
        current = error.current
        at = current.get("updated_at")
        text += t(": ") + t("{login} updated the reserve at {at}: {stock} left, {use} a day",
                        login=current.get("updated_by") or "", at=clock.fmt(at) if isinstance(at, datetime) else "",
                        stock=quantity(current.get("quantity"), ""), use=quantity(current.get("daily_use"), ""))
    return text
