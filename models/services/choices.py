"""What the forms and dialogs pick from: one picker read model, ``Choice``, and the few that carry
more than a picker shows.

``Choice`` is the entry of every plain picker (districts, parks, catalogue items, raw materials,
cadres to assign, enterprises to report for). Kept apart because they carry other data:
``GroupChoice`` (a special group's code, which assign events store), ``EnterpriseChoice`` (the check-in
pickers' enterprise: short name, district and the label rule the command line shares),
``CadreChoice`` (login, unit and group of a cadre to station) and ``ShortageChoice`` (a shortage to
name when checking out).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session

from models.base import SEVERITY_RANK
from models.enterprise import Enterprise
from models.errors import NotFoundError
from models.organisation import SpecialGroup, Unit
from models.parks import Park
from models.people import Cadre
from models.reference import CatalogueItem, District
from models.rules import ACTIVE_SHORTAGE
from models.search import like_pattern, query_terms
from models.services.access import assigned_enterprise_ids
from models.services.common import Actor
from models.services.paging import text_filter
from models.shortage import Shortage
from models.supply import Material


@dataclass(frozen=True)
class Choice:
    """An entry of a picker: the id, the name, a second name (English, pinyin, or an enterprise's
    short name), the search key typing matches, ``extra`` shown next to the name (unit, district,
    special group) and ``group``, the id of the entry it belongs under (a park's district)."""

    id: int
    name: str
    alt: str = ""
    key: str = ""
    extra: str = ""
    group: int | None = None


@dataclass(frozen=True)
class GroupChoice:
    """A special group: its ``code`` is what assign events keep, so the timeline shows the name."""

    id: int
    code: str
    name: str
    name_en: str
    key: str = ""  # what typing matches: the name, its pinyin and initials, the code, the English name


@dataclass(frozen=True)
class FilterChoices:
    """The shortage list's quick filters: special groups and districts."""

    groups: list[GroupChoice]
    districts: list[Choice]


@dataclass(frozen=True)
class ReportChoices:
    """What the report form picks from: raw materials and catalogue items (``extra`` is the unit)."""

    materials: list[Choice]
    items: list[Choice]
    severely_short: frozenset[int]


@dataclass(frozen=True)
class FormChoices:
    """The enterprise form's pickers: districts, parks (``group``: their district), items, materials."""

    districts: list[Choice]
    parks: list[Choice]
    items: list[Choice]
    materials: list[Choice]


@dataclass(frozen=True)
class EnterpriseChoice:
    id: int
    name: str
    short_name: str
    district: str
    search_key: str

    @property
    def label(self) -> str:
        """The short name where there is one: what a cadre calls the factory."""
        return self.short_name or self.name


@dataclass(frozen=True)
class CadreChoice:
    """A cadre to station: the unit and group shown beside the name, the login to find them by."""

    id: int
    name: str
    login: str
    unit: str
    group: str
    search_key: str
    unit_en: str = ""  # the unit's and group's English names, where they have one
    group_en: str = ""


@dataclass(frozen=True)
class ShortageChoice:
    """A shortage a cadre may say they worked on when checking out."""

    id: int
    kind: str
    what: str  # the material or item, if any
    description: str
    severity: str
    what_en: str = ""  # the material's or item's English name, where it has one


# --- the shortage screens ------------------------------------------------------------------------


def group_choices(session: Session) -> list[GroupChoice]:
    """The five special groups in their official order, with their stored search keys."""
    return [GroupChoice(g.id, g.code, g.name, g.name_en, g.search_key)
            for g in session.execute(select(SpecialGroup).order_by(SpecialGroup.id)).scalars()]


def filter_choices(session: Session) -> FilterChoices:
    """The special groups and the districts (``alt``: the pinyin) the list's quick filters offer."""
    districts = [Choice(d.id, d.name, d.pinyin, d.search_key)
                 for d in session.execute(select(District).order_by(District.id)).scalars()]
    return FilterChoices(groups=group_choices(session), districts=districts)


def assignee_choices(session: Session) -> list[Choice]:
    """Active cadres with their special group (``extra``), those of a group first."""
    rows = session.execute(
        select(Cadre.id, Cadre.name, Cadre.search_key, SpecialGroup.name)
        .outerjoin(SpecialGroup, SpecialGroup.id == Cadre.group_id)
        .where(Cadre.active == True)  # noqa: E712
        .order_by(func.coalesce(Cadre.group_id, 99), Cadre.name, Cadre.id)
    ).all()
    return [Choice(cid, name, "", key or "", group or "") for cid, name, key, group in rows]


def report_choices(session: Session) -> ReportChoices:
    """Raw materials and catalogue items (``alt``: English name, ``key``: the code, ``extra``: the unit)."""
    materials = [Choice(m.id, m.name, m.name_en, m.code.lower(), m.unit)
                 for m in session.execute(select(Material).order_by(Material.id)).scalars()]
    items = list(session.execute(select(CatalogueItem).order_by(CatalogueItem.id)).scalars())
    return ReportChoices(
        materials=materials,
        items=[Choice(i.id, i.name, i.name_en, i.code.lower(), i.unit) for i in items],
        severely_short=frozenset(i.id for i in items if i.severely_short),
    )


def reportable_enterprises(session: Session, *, actor: Actor, query: str = "", limit: int = 8) -> list[Choice]:
    """Enterprises ``actor`` may report for that match ``query`` (Chinese, pinyin, initials, code).

    Field cadres get the enterprises they are stationed at; coordinators any (``extra`` is the district).
    """
    stmt = (select(Enterprise.id, Enterprise.name, Enterprise.short_name, District.name)
            .join(District, District.id == Enterprise.district_id)
            .where(Enterprise.archived == False))  # noqa: E712
    if not actor.is_coordinator:
        stationed = assigned_enterprise_ids(session, cadre_id=actor.cadre_id) if actor.cadre_id else []
        stmt = stmt.where(Enterprise.id.in_(stationed or [-1]))
    for term in query_terms(query):
        stmt = stmt.where(Enterprise.search_key.like(like_pattern(term), escape="\\"))
    rows = session.execute(stmt.order_by(Enterprise.sort_key, Enterprise.id).limit(limit)).all()
    return [Choice(eid, name, short or "", "", district) for eid, name, short, district in rows]


def enterprise_choice(session: Session, *, enterprise_id: int) -> Choice:
    """One enterprise as ``reportable_enterprises`` shows it (the form opened for it). Raises NotFoundError."""
    row = session.execute(
        select(Enterprise.id, Enterprise.name, Enterprise.short_name, District.name)
        .join(District, District.id == Enterprise.district_id).where(Enterprise.id == enterprise_id)
    ).first()
    if row is None:
        raise NotFoundError("No {table} with id {id}", table="enterprise", id=enterprise_id)
    return Choice(row[0], row[1], row[2] or "", "", row[3])


# --- the enterprise form -------------------------------------------------------------------------


def form_choices(session: Session) -> FormChoices:
    """Districts (official order), parks, catalogue items and raw materials (``alt``: the English
    name), with their stored keys to filter by."""
    districts = [Choice(d.id, d.name, key=d.search_key) for d in
                 session.execute(select(District).order_by(District.id)).scalars()]
    parks = [Choice(p.id, p.name, key=p.search_key, group=p.district_id) for p in session.execute(
        select(Park).where(Park.archived == False).order_by(Park.name)).scalars()]  # noqa: E712
    items = [Choice(i.id, i.name, i.name_en, key=i.search_key) for i in
             session.execute(select(CatalogueItem).order_by(CatalogueItem.id)).scalars()]
    materials = [Choice(m.id, m.name, m.name_en, key=m.search_key)
                 for m in session.execute(select(Material).order_by(Material.id)).scalars()]
    return FormChoices(districts, parks, items, materials)


# --- checking in and stationing ------------------------------------------------------------------


def enterprises_where(session: Session, where: list[ColumnElement[bool]], *,
                      limit: int | None = None) -> list[EnterpriseChoice]:
    """Enterprises (not archived) matching ``where``, in directory order; at most ``limit``."""
    stmt = (select(Enterprise.id, Enterprise.name, Enterprise.short_name, District.name, Enterprise.search_key)
            .join(District, District.id == Enterprise.district_id)
            .where(Enterprise.archived == False, *where)  # noqa: E712
            .order_by(Enterprise.sort_key, Enterprise.id))
    if limit is not None:
        stmt = stmt.limit(limit)
    return [EnterpriseChoice(i, n, s or "", d, k) for i, n, s, d, k in session.execute(stmt)]


def enterprise_choices(session: Session, *, query: str = "", limit: int = 2000) -> list[EnterpriseChoice]:
    """Enterprises in directory order, filtered like the directory; at most ``limit``."""
    matched = text_filter(Enterprise.search_key, query)
    return enterprises_where(session, [] if matched is None else [matched], limit=limit)


def enterprises_by_id(session: Session, *, ids: list[int]) -> list[EnterpriseChoice]:
    """These enterprises (not archived), in directory order."""
    return enterprises_where(session, [Enterprise.id.in_(ids)]) if ids else []


def assigned_choices(session: Session, *, cadre_id: int) -> list[EnterpriseChoice]:
    """The enterprises the cadre is stationed at today."""
    return enterprises_by_id(session, ids=assigned_enterprise_ids(session, cadre_id=cadre_id))


def cadre_choices(session: Session, *, limit: int = 5000) -> list[CadreChoice]:
    """Active cadres in pinyin order of their names (their kept sort key), with their unit and special
    group (for stationing)."""
    rows = session.execute(
        select(Cadre.id, Cadre.name, Cadre.login, Unit.name, SpecialGroup.name, Cadre.search_key, Unit.name_en,
               SpecialGroup.name_en)
        .outerjoin(Unit, Unit.id == Cadre.unit_id)
        .outerjoin(SpecialGroup, SpecialGroup.id == Cadre.group_id)
        .where(Cadre.active == True)  # noqa: E712
        .order_by(Cadre.sort_key, Cadre.id).limit(limit)
    )
    return [CadreChoice(i, n, lg or "", u or "", g or "", k, ue or "", ge or "") for i, n, lg, u, g, k, ue, ge in rows]


def shortages_at(session: Session, *, enterprise_id: int, limit: int = 50) -> list[ShortageChoice]:
    """The enterprise's shortages still open or being coordinated, most severe first, then newest."""
    rows = session.execute(
        select(Shortage.id, Shortage.kind, Material.name, CatalogueItem.name, Shortage.description, Shortage.severity,
               Shortage.reported_at, Material.name_en, CatalogueItem.name_en)
        .outerjoin(Material, Material.id == Shortage.material_id)
        .outerjoin(CatalogueItem, CatalogueItem.id == Shortage.item_id)
        .where(Shortage.enterprise_id == enterprise_id, Shortage.status.in_(ACTIVE_SHORTAGE))
        .order_by(Shortage.reported_at.desc()).limit(limit)
    ).all()
    rank = {s.value: r for s, r in SEVERITY_RANK.items()}
    rows = sorted(rows, key=lambda r: -rank.get(r[5], 0))
    return [ShortageChoice(i, k, m or c or "", d or "", sev, (me if m else ce) or "")
            for i, k, m, c, d, sev, _, me, ce in rows]
