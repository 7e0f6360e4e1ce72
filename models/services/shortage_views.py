"""Shortages as the screens read them: plain read models of the list, one shortage's page and the
early warnings (the queries that fill them live in shortage_list, shortage_detail and
shortage_warnings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from models.rules import ACTIVE_SHORTAGE, days_of_cover
from models.services.choices import GroupChoice


@dataclass(frozen=True)
class ShortageRow:
    """One line of the list, plain data for the screen."""

    id: int
    version: int
    enterprise_id: int
    enterprise: str  # the short name when there is one
    enterprise_name: str
    district: str
    kind: str
    material: str  # material or catalogue item, Chinese name ("" for none)
    material_en: str
    severely_short: bool  # a catalogue item flagged 严重紧缺
    quantity: float | None
    unit: str
    severity: str
    level: str
    group_id: int | None
    group: str
    group_en: str
    assignee_id: int | None
    assignee: str
    status: str
    reported_at: datetime
    reported_by: str
    need_by: date | None
    resolved_at: datetime | None
    description: str
    escalation_due: bool
    overdue: bool

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_SHORTAGE


@dataclass(frozen=True)
class EventView:
    id: int
    at: datetime
    by: str
    by_name: str
    action: str
    note: str
    old_value: str
    new_value: str


@dataclass(frozen=True)
class SupplierView:
    id: int
    name: str
    foreign: bool
    region: str
    contact: str
    phone: str
    notes: str
    key: str = ""  # what typing matches: name and region, with their pinyin and initials
    reserve_unit: bool = False  # a reserve-task unit (重药集团), offered by the "reserve unit notified" step


@dataclass(frozen=True)
class ReserveView:
    id: int
    quantity: float
    daily_use: float
    unit: str

    @property
    def cover_days(self) -> float | None:
        return days_of_cover(self.quantity, self.daily_use)


@dataclass(frozen=True)
class ShortageDetail:
    """One shortage with everything its screen shows: facts, timeline, suppliers, the reserve."""

    row: ShortageRow
    reported_by_name: str
    resolution: str
    park: str
    contact: str
    phone: str
    reserve: ReserveView | None
    events: list[EventView]
    suppliers: list[SupplierView]
    groups: list[GroupChoice]  # to show "production/李强" of an assign event by the group's name
    updated_at: datetime | None
    updated_by: str


@dataclass(frozen=True)
class WarningRow:
    """A reserve under the threshold of cover: a suggested shortage. ``id`` is the reserve's."""

    id: int
    version: int
    enterprise_id: int
    enterprise: str
    enterprise_name: str
    district: str
    material_id: int
    material: str
    material_en: str
    unit: str
    quantity: float
    daily_use: float
    cover_days: float
    updated_at: datetime | None
