"""Time sheets: a cadre's days and week, and time sheets over any date range by cadre, unit or group.

Hours are split at midnight: a visit from 20:00 to 02:00 gives 4 h to its first day and 2 h to the
next, so a date range counts only the time inside it. A visit still open counts until now, but at
most ``rules.long_shift()``: a forgotten check-out does not fill a time sheet with days of hours before it
is corrected. The figures are computed in one pass over the visits of the range (the range bounds
the work). Where a cadre is now is ``checkins.cadre_status`` (re-exported here); the roster, the
stationing and the headcount are paged or counted in SQL in ``checkin_roster``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, or_, select
from sqlmodel import Session

from models import clock
from models.checkin import CheckIn
from models.checkin_hours import day_start as day_start  # the day's cut, shared with the hours kept per day
from models.checkin_hours import split_by_day as split_by_day
from models.enterprise import Enterprise
from models.errors import ValidationError
from models.organisation import SpecialGroup, Unit
from models.people import Cadre
from models.rules import long_shift

# the check-in screens read these here, beside the week and the time sheets
from models.services.checkins import CadreStatus as CadreStatus
from models.services.checkins import cadre_status as cadre_status
from models.services.checkins import is_flagged
from models.services.checkins import minutes as minutes
from models.services.paging import Page, PageRequest, text_filter

GROUPINGS = ("cadre", "unit", "group")
#: how far back the run of consecutive days is followed
STREAK_LIMIT = 90
#: stands for "without a unit / special group" in the unit_id and group_id filters
NONE_ID = -1
#: the longest date range a time sheet covers (a year and a bit)
MAX_RANGE_DAYS = 400


def effective_end(check_in: datetime, check_out: datetime | None, now: datetime) -> datetime:
    """Where a visit ends for counting: its check-out, or now, but never more than ``long_shift()`` after it began."""
    if check_out is not None:
        return check_out
    return max(check_in, min(now, check_in + long_shift()))


def check_range(start: date, end: date) -> None:
    if end < start:
        raise ValidationError("end", "The end is before the start")
    if (end - start).days >= MAX_RANGE_DAYS:
        raise ValidationError("end", "At most {max} days at a time", max=MAX_RANGE_DAYS)


@dataclass(frozen=True)
class _Visit:
    cadre_id: int
    enterprise_id: int
    check_in: datetime
    check_out: datetime | None
    categories: str
    corrected: bool


def _visits(session: Session, *, start: datetime, end: datetime,
            where: Iterable[ColumnElement[bool]] = ()) -> Iterator[_Visit]:
    """Visits that overlap ``start``–``end`` (open ones included), in order of arrival."""
    stmt = (select(CheckIn.cadre_id, CheckIn.enterprise_id, CheckIn.check_in, CheckIn.check_out,
                   CheckIn.categories, CheckIn.corrected)
            .where(CheckIn.check_in < end, or_(CheckIn.check_out.is_(None), CheckIn.check_out > start), *where)
            .order_by(CheckIn.check_in))
    for row in session.execute(stmt):
        yield _Visit(*row)


# --- one cadre -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayLine:
    """One day of a cadre's time sheet. ``first_in``: the first arrival of the day (None when the day
    has only the end of a visit from the day before); ``continues``: the last visit went on past
    midnight; ``open``: a visit is still open; ``flagged``: one is open and flagged, or lasted over 16 hours."""

    day: date
    minutes: int = 0
    first_in: datetime | None = None
    last_out: datetime | None = None
    continues: bool = False
    open: bool = False
    flagged: bool = False
    corrected: bool = False
    visits: int = 0
    enterprises: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    @property
    def on_site(self) -> bool:
        return self.minutes > 0 or self.open or self.visits > 0


@dataclass(frozen=True)
class CadreWeek:
    """A cadre's days from ``start`` to ``end``, with the figures of their week."""

    cadre_id: int
    name: str
    unit: str
    unit_en: str
    group: str
    group_en: str
    start: date
    end: date
    days: list[DayLine] = field(default_factory=list)
    streak: int = 0
    latest_finish: datetime | None = None

    @property
    def days_on_site(self) -> int:
        return sum(1 for d in self.days if d.on_site)

    @property
    def minutes(self) -> int:
        return sum(d.minutes for d in self.days)


@dataclass(frozen=True)
class _Piece:
    begin: datetime
    finish: datetime
    visit: _Visit
    stop: datetime  # where the whole visit ends for counting

    @property
    def arrival(self) -> bool:
        return self.begin == self.visit.check_in

    @property
    def departure(self) -> bool:
        return self.visit.check_out is not None and self.finish == self.visit.check_out


def _long(visit: _Visit, now: datetime) -> bool:
    """A visit the week marks ``!``: still open and flagged (past 16 h or midnight), or closed after
    more than ``long_shift()``: a long day stays marked once it has ended."""
    if visit.check_out is None:
        return is_flagged(visit.check_in, now)
    return visit.check_out - visit.check_in > long_shift()


def _day_lines(visits: list[_Visit], names: dict[int, str], start: date, end: date, now: datetime) -> list[DayLine]:
    """One line per day from ``start`` to ``end``: the visits cut at midnight, each day's pieces summed."""
    pieces: dict[date, list[_Piece]] = {start + timedelta(days=i): [] for i in range((end - start).days + 1)}
    for visit in visits:
        stop = effective_end(visit.check_in, visit.check_out, now)
        cuts = list(split_by_day(visit.check_in, stop)) or [(visit.check_in.date(), visit.check_in, stop)]
        for day, begin, finish in cuts:
            if day in pieces:
                pieces[day].append(_Piece(begin, finish, visit, stop))
    lines = []
    for day, parts in pieces.items():
        if not parts:
            lines.append(DayLine(day))
            continue
        arrivals = [p.begin for p in parts if p.arrival]
        last = max(parts, key=lambda p: p.finish)
        lines.append(DayLine(
            day=day,
            minutes=sum(minutes(p.finish - p.begin) for p in parts),
            first_in=min(arrivals, default=None),
            last_out=last.finish if last.departure else None,
            continues=not last.departure and last.finish < last.stop,
            open=any(p.visit.check_out is None and p.finish == p.stop for p in parts),
            flagged=any(_long(p.visit, now) for p in parts),
            corrected=any(p.visit.corrected for p in parts),
            visits=sum(1 for p in parts if p.arrival),
            enterprises=tuple(dict.fromkeys(names[p.visit.enterprise_id] for p in parts
                                            if names.get(p.visit.enterprise_id))),
            categories=tuple(dict.fromkeys(c for p in parts for c in p.visit.categories.split(",") if c)),
        ))
    return lines


def _enterprise_labels(session: Session, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.execute(select(Enterprise.id, Enterprise.name,
                                  Enterprise.short_name).where(Enterprise.id.in_(wanted)))
    return {i: s or n for i, n, s in rows}


def cadre_days(session: Session, *, cadre_id: int, start: date, end: date) -> CadreWeek:
    """A cadre's time sheet from ``start`` to ``end`` (one line per day), with the run of consecutive
    days on site up to ``end`` (up to yesterday when ``end`` is today without a visit yet) and the
    latest finish (the check-out latest in its day: 00:30 the next morning beats 23:55)."""
    check_range(start, end)
    now = clock.now()
    row = session.execute(
        select(Cadre.name, Unit.name, Unit.name_en, SpecialGroup.name, SpecialGroup.name_en)
        .outerjoin(Unit, Unit.id == Cadre.unit_id).outerjoin(SpecialGroup, SpecialGroup.id == Cadre.group_id)
        .where(Cadre.id == cadre_id)
    ).first()
    name, unit, unit_en, group, group_en = row or ("", None, None, None, None)
    back = min(start, end - timedelta(days=STREAK_LIMIT))
    visits = list(_visits(session, start=day_start(back), end=day_start(end + timedelta(days=1)),
                          where=[CheckIn.cadre_id == cadre_id]))
    names = _enterprise_labels(session, (v.enterprise_id for v in visits))
    history = _day_lines(visits, names, back, end, now)
    on_site = {line.day for line in history if line.on_site}
    day = end if end in on_site or end != now.date() else end - timedelta(days=1)  # today is not over yet
    streak = 0
    while day in on_site:
        streak += 1
        day -= timedelta(days=1)
    finishes = [(v.check_in, v.check_out) for v in visits
                if v.check_out is not None and start <= v.check_in.date() <= end]
    latest = max(finishes, key=lambda visit: visit[1] - day_start(visit[0].date()), default=None)
    return CadreWeek(cadre_id=cadre_id, name=name, unit=unit or "", unit_en=unit_en or "", group=group or "",
                     group_en=group_en or "", start=start, end=end,
                     days=[line for line in history if line.day >= start], streak=streak,
                     latest_finish=latest[1] if latest else None)


def week(session: Session, *, cadre_id: int, end: date | None = None, days: int = 7) -> CadreWeek:
    """The cadre's last ``days`` days up to ``end`` (default today)."""
    last = end or clock.today()
    return cadre_days(session, cadre_id=cadre_id, start=last - timedelta(days=days - 1), end=last)


# --- time sheets over a range ------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    """One line of a time sheet: a cadre, a unit or a special group (``id`` None: without one)."""

    id: int | None
    label: str
    label_en: str = ""
    unit: str = ""
    unit_en: str = ""
    group: str = ""
    group_en: str = ""
    cadres: int = 0
    days: int = 0
    visits: int = 0
    minutes: int = 0
    corrected: int = 0
    open: int = 0
    latest_finish: datetime | None = None
    order: str = ""


@dataclass(frozen=True)
class TimeSheet:
    start: date
    end: date
    by: str
    rows: list[SheetRow]
    total: SheetRow


SHEET_SORTS = {
    "label": lambda r: (r.id is None, r.order, r.id or 0),
    "unit": lambda r: (r.unit == "", r.unit, r.order),
    "group": lambda r: (r.group == "", r.group, r.order),
    "cadres": lambda r: (r.cadres, r.order),
    "days": lambda r: (r.days, r.order),
    "hours": lambda r: (r.minutes, r.order),
    "visits": lambda r: (r.visits, r.order),
    "latest": lambda r: (r.latest_finish is not None, r.latest_finish or datetime.min, r.order),
}


def time_sheet(session: Session, *, start: date, end: date, by: str = "cadre", query: str = "",
               unit_id: int | None = None, group_id: int | None = None, sort: str = "label",
               descending: bool = False) -> TimeSheet:
    """Time on site from ``start`` to ``end`` (whole days) per cadre, unit or special group, with totals.

    ``query`` keeps the cadres whose name or login matches (Chinese, pinyin or initials);
    ``unit_id`` / ``group_id`` keep one unit's or group's cadres (``NONE_ID``: those without one).
    """
    if by not in GROUPINGS:
        raise ValidationError("by", "Unknown value {value}", value=by)
    check_range(start, end)
    now = clock.now()
    cadres = select(Cadre.id, Cadre.name, Cadre.sort_key, Cadre.unit_id, Unit.name, Unit.name_en, Unit.sort_key,
                    Cadre.group_id, SpecialGroup.name, SpecialGroup.name_en, SpecialGroup.sort_key) \
        .outerjoin(Unit, Unit.id == Cadre.unit_id) \
        .outerjoin(SpecialGroup, SpecialGroup.id == Cadre.group_id)
    who = [c for c in (text_filter(Cadre.search_key, query),
                       _one_of(Cadre.unit_id, unit_id), _one_of(Cadre.group_id, group_id)) if c is not None]
    where = [CheckIn.cadre_id.in_(select(Cadre.id).where(*who))] if who else []
    by_cadre: dict[int, list[_Visit]] = {}
    for visit in _visits(session, start=day_start(start), end=day_start(end + timedelta(days=1)), where=where):
        by_cadre.setdefault(visit.cadre_id, []).append(visit)
    people = {r[0]: r for r in session.execute(cadres.where(Cadre.id.in_(list(by_cadre))))} if by_cadre else {}
    rows: dict[int | None, SheetRow] = {}
    total = SheetRow(None, "")
    for cadre_id, visits in by_cadre.items():
        _cid, name, order, unit_id, unit, unit_en, unit_order, group_id, group, group_en, group_order = people.get(
            cadre_id, (cadre_id, "", "", None, None, None, None, None, None, None, None))
        lines = _day_lines(visits, {}, start, end, now)
        if not any(d.on_site for d in lines):  # an open visit from before the range, counted up to its cap
            continue
        line = SheetRow(
            cadre_id, name, name, unit or "", unit_en or "", group or "", group_en or "", cadres=1,
            days=sum(1 for d in lines if d.on_site), visits=sum(d.visits for d in lines),
            minutes=sum(d.minutes for d in lines), corrected=sum(1 for v in visits if v.corrected),
            open=sum(1 for v in visits if v.check_out is None),
            latest_finish=max((v.check_out for v in visits if v.check_out and start <= v.check_in.date() <= end
                               ), key=lambda out: out, default=None),
            order=order,
        )
        total = _add(total, line)
        if by == "cadre":
            rows[cadre_id] = line
            continue
        key, label, label_en, label_order = ((unit_id, unit, unit_en, unit_order) if by == "unit"
                                             else (group_id, group, group_en, group_order))
        base = rows.get(key) or SheetRow(key, label or "", label_en or "", order=label_order or "")
        rows[key] = _add(base, line)
    ordered = sorted(rows.values(), key=SHEET_SORTS.get(sort, SHEET_SORTS["label"]), reverse=descending)
    return TimeSheet(start, end, by, ordered, total)


def _one_of(column: SQLColumnExpression[int | None], value: int | None) -> ColumnElement[bool] | None:
    if value is None:
        return None
    return column.is_(None) if value == NONE_ID else column == value


def _add(into: SheetRow, line: SheetRow) -> SheetRow:
    latest = max((x for x in (into.latest_finish, line.latest_finish) if x is not None), default=None)
    return replace(into, cadres=into.cadres + line.cadres, days=into.days + line.days, visits=into.visits + line.visits,
                   minutes=into.minutes + line.minutes, corrected=into.corrected + line.corrected,
                   open=into.open + line.open, latest_finish=latest)


def _sheet_args(request: PageRequest) -> dict[str, Any]:
    f = request.filters
    today = clock.today()
    return {"start": f.get("start") or today - timedelta(days=6), "end": f.get("end") or today,
            "by": f.get("by") or "cadre", "query": request.query, "unit_id": f.get("unit_id"),
            "group_id": f.get("group_id"), "sort": request.sort or "label",
            "descending": request.descending}


def sheet_for(session: Session, *, request: PageRequest) -> TimeSheet:
    """The whole sheet a paged request asks for (filters: start, end, by, unit_id, group_id; by
    default the last seven days by cadre, as the time sheets tab opens): the paged table's and the
    export's one computation."""
    return time_sheet(session, **_sheet_args(request))


def list_time_sheet(session: Session, *, request: PageRequest) -> Page[SheetRow]:
    """A window of ``time_sheet`` for the paged table (filters: start, end, by)."""
    rows = sheet_for(session, request=request).rows
    return Page(rows=rows[request.offset:request.offset + request.limit], offset=request.offset)


def count_time_sheet(session: Session, *, request: PageRequest) -> int:
    return len(sheet_for(session, request=request).rows)
