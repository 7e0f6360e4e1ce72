"""The reserve units tab (储备任务承担单位: 重药集团, 桐君阁…): the suppliers that hold the city's
reserves, with their contacts and the items they hold; the card lists the reserves notified from
shortages. It is the suppliers tab on the reserve units only, and a new row is a reserve unit.
"""

from __future__ import annotations

from typing import Any, ClassVar

from tui.i18n import n_
from tui.reference.suppliers import SuppliersTab


class ReserveUnitsTab(SuppliersTab):
    HELP = ("Reserve units (储备任务承担单位): the items they hold in reserve, their contact cadre and phone, and "
            "the reserves notified from shortages. / filters; n adds and e edits (coordinators).")
    TABLE_ID = "reserve-units"
    PLACEHOLDER = n_("/ filter: zhongyao, 重药, 口罩…")
    QUICK: ClassVar[tuple[str, Any, str]] = ("", None, "")
    FIXED: ClassVar[dict[str, Any]] = {"reserve_unit": True}
    RESERVE = True


__all__ = ["ReserveUnitsTab"]
