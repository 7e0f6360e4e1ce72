"""The columns of the check-in lists: who is on site, who has not come, where nobody is stationed,
the stationing, and the time sheets by cadre, unit or special group."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from rich.text import Text

from models.services.checkin_roster import AbsentRow, AssignmentRow, OnSiteRow, UnstaffedRow
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.widgets.paged_table import Column


class _Unit(Protocol):
    """A row that names a cadre's unit (in Chinese and in English)."""

    @property
    def unit(self) -> str: ...
    @property
    def unit_en(self) -> str: ...


def _hours_flag(row: OnSiteRow) -> Text:
    """Hours so far, ``!`` past 16 hours or midnight, ``*`` when the check-in was entered afterwards."""
    text = Text(fmt.hours(row.minutes) or "0.0")
    if row.flagged or row.corrected:
        text.append(" ")
    if row.flagged:
        text.append("!", style="bold")
    if row.corrected:
        text.append("*", style="bold")
    return text


def _since(row: OnSiteRow) -> str:
    """``07:50`` today, ``02-02 07:50`` an earlier day (the column is narrow)."""
    return fmt.hhmm(row.since) if row.since.date() == row.now.date() else fmt.when(row.since)


def _district(row: OnSiteRow | AbsentRow | UnstaffedRow | AssignmentRow) -> str:
    return fmt.district(row.district)


def _unit(row: _Unit) -> str:
    return fmt.local_name(row.unit, row.unit_en)


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


ON_SITE = [
    Column("district", "District", 10, sort="district", render=_district),
    Column("enterprise", "Enterprise", 12, flex=2, sort="enterprise"),
    Column("cadre", "Cadre", 8, flex=1, sort="cadre"),
    Column("unit", "Unit", 10, flex=1, sort="unit", drop=2, render=_unit),
    Column("phone", "Phone", 11, drop=3),
    Column("since", "Since", 11, sort="since", render=_since),
    Column("minutes", "Hours", 7, align="right", render=_hours_flag),
]

ABSENT = [
    Column("district", "District", 10, sort="district", render=_district),
    Column("enterprise", "Enterprise", 12, flex=2, sort="enterprise"),
    Column("cadre", "Cadre", 8, flex=1, sort="cadre"),
    Column("unit", "Unit", 10, flex=1, sort="unit", drop=2, render=_unit),
    Column("phone", "Phone", 11, drop=3),
    Column("last_seen", "Last in", 11, sort="last_seen", render=lambda r: fmt.when(r.last_seen)),
]

UNSTAFFED = [
    Column("name", "Name", 16, flex=3, sort="name"),
    Column("district", "District", 10, sort="district", render=_district),
    Column("park", "Park", 8, flex=1, drop=2),
    Column("status", "Status", 11, sort="status", render=lambda r: pt("enterprise status", r.status)),
    Column("last_visit", "Last visit", 11, sort="last_visit", render=lambda r: fmt.when(r.last_visit)),
]

ASSIGNMENTS = [
    Column("cadre", "Cadre", 8, flex=1, sort="cadre"),
    Column("unit", "Unit", 10, flex=1, drop=2, render=_unit),
    Column("enterprise", "Enterprise", 12, flex=2, sort="enterprise"),
    Column("district", "District", 10, sort="district", render=_district),
    Column("start_date", "From", 10, sort="start", render=lambda r: _date(r.start_date)),
    Column("end_date", "Until", 10, sort="end", render=lambda r: _date(r.end_date)),
]


def _count(value: int) -> str:
    return f"{value:,}" if value else ""


_SHEET_FIGURES = [
    Column("days", "Days", 5, align="right", sort="days", render=lambda r: _count(r.days)),
    Column("minutes", "Hours", 7, align="right", sort="hours", render=lambda r: fmt.hours(r.minutes)),
    Column("visits", "Visits", 6, align="right", sort="visits", render=lambda r: _count(r.visits)),
    Column("latest_finish", "Latest out", 11, sort="latest", drop=1,
           render=lambda r: fmt.when(r.latest_finish)),
    Column("corrected", "Corr.", 5, align="right", drop=4, render=lambda r: _count(r.corrected)),
]

SHEET_BY = {
    "cadre": [
        Column("label", "Cadre", 8, flex=1, sort="label"),
        Column("unit", "Unit", 10, flex=1, sort="unit", drop=2, render=_unit),
        Column("group", "Special group", 10, flex=1, sort="group", drop=3,
               render=lambda r: fmt.local_name(r.group, r.group_en)),
        *_SHEET_FIGURES,
    ],
    "unit": [
        Column("label", "Unit", 16, flex=2, sort="label",
               render=lambda r: fmt.local_name(r.label, r.label_en) if r.id is not None else t("No unit")),
        Column("cadres", "Cadres", 6, align="right", sort="cadres", render=lambda r: _count(r.cadres)),
        *_SHEET_FIGURES,
    ],
    "group": [
        Column("label", "Special group", 16, flex=2, sort="label",
               render=lambda r: fmt.local_name(r.label, r.label_en) if r.id is not None else t("No special group")),
        Column("cadres", "Cadres", 6, align="right", sort="cadres", render=lambda r: _count(r.cadres)),
        *_SHEET_FIGURES,
    ],
}
