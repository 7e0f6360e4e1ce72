"""Enterprises and cadres to pick from when checking in or stationing, and the command line's match.

``match_enterprises`` finds an enterprise the way the directory filter does (Chinese, full pinyin,
initials, credit code, every term must match, in SQL); an exact name, short name or credit code
wins over partial matches, so ``茶园康护`` is not ambiguous because of ``茶园康护二厂``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select
from sqlmodel import Session

from models.base import SEVERITY_RANK, ShortageStatus
from models.enterprise import Enterprise
from models.people import Cadre
from models.reference import CatalogueItem, District, Material, SpecialGroup, Unit
from models.search import SEPARATOR, has_han
from models.services.access import assigned_enterprise_ids
from models.services.paging import text_filter
from models.shortage import Shortage


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
    id: int
    name: str
    login: str
    unit: str
    group: str
    search_key: str


@dataclass(frozen=True)
class Match:
    """What a typed enterprise name found: ``found`` (exactly one), or the candidates and their count."""

    found: EnterpriseChoice | None
    candidates: list[EnterpriseChoice]
    total: int


def _choices(session: Session, where: list[ColumnElement[bool]], *, limit: int | None = None) -> list[EnterpriseChoice]:
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
    return _choices(session, [] if matched is None else [matched], limit=limit)


def enterprises_by_id(session: Session, *, ids: list[int]) -> list[EnterpriseChoice]:
    return _choices(session, [Enterprise.id.in_(ids)]) if ids else []


def enterprise_label(session: Session, *, enterprise_id: int) -> str:
    """The short name (or the name) of an enterprise, archived or not."""
    row = session.execute(select(Enterprise.name, Enterprise.short_name).where(Enterprise.id == enterprise_id)).first()
    return (row.short_name or row.name) if row else ""


def assigned_choices(session: Session, *, cadre_id: int) -> list[EnterpriseChoice]:
    """The enterprises the cadre is stationed at today."""
    return enterprises_by_id(session, ids=assigned_enterprise_ids(session, cadre_id=cadre_id))


def match_enterprises(session: Session, *, query: str, limit: int = 10) -> Match:
    """The enterprise ``query`` names: exact name, short name or credit code first, then the filter."""
    text = query.strip()
    if not text:
        return Match(None, [], 0)
    exact = _choices(session, [or_(Enterprise.name == text, Enterprise.short_name == text,
                                   Enterprise.credit_code == text.upper())], limit=limit + 1)
    if len(exact) == 1:
        return Match(exact[0], exact, 1)
    matched = text_filter(Enterprise.search_key, text)
    where = [matched] if matched is not None else []
    total = session.execute(select(func.count()).select_from(Enterprise)
                            .where(Enterprise.archived == False, *where)).scalar_one()  # noqa: E712
    candidates = exact or _choices(session, where, limit=limit)
    if len(exact) > 1:
        total = len(exact)
    return Match(candidates[0] if total == 1 else None, candidates, total)


def cadre_choices(session: Session, *, limit: int = 5000) -> list[CadreChoice]:
    """Active cadres in pinyin order of their names, with their unit and special group (for stationing)."""
    rows = session.execute(
        select(Cadre.id, Cadre.name, Cadre.login, Unit.name, SpecialGroup.name, Cadre.search_key)
        .outerjoin(Unit, Unit.id == Cadre.unit_id)
        .outerjoin(SpecialGroup, SpecialGroup.id == Cadre.group_id)
        .where(Cadre.active == True)  # noqa: E712
        .order_by(Cadre.id).limit(limit)
    )
    choices = [CadreChoice(i, n, lg or "", u or "", g or "", k) for i, n, lg, u, g, k in rows]
    return sorted(choices, key=lambda c: _pinyin_order(c.name, c.search_key))


def _pinyin_order(name: str, key: str) -> str:
    """Names in pinyin order, read from the search key (name|full pinyin|initials|login) without pypinyin."""
    parts = key.split(SEPARATOR)
    return parts[1] if has_han(name) and len(parts) > 1 else name.lower()


@dataclass(frozen=True)
class ShortageChoice:
    """A shortage a cadre may say they worked on when checking out."""

    id: int
    kind: str
    what: str  # the material or item, if any
    description: str
    severity: str


def shortages_at(session: Session, *, enterprise_id: int, limit: int = 50) -> list[ShortageChoice]:
    """The enterprise's shortages still open or being coordinated, most severe first, then newest."""
    rows = session.execute(
        select(Shortage.id, Shortage.kind, Material.name, CatalogueItem.name, Shortage.description, Shortage.severity,
               Shortage.reported_at)
        .outerjoin(Material, Material.id == Shortage.material_id)
        .outerjoin(CatalogueItem, CatalogueItem.id == Shortage.item_id)
        .where(Shortage.enterprise_id == enterprise_id,
               Shortage.status.in_((ShortageStatus.OPEN.value, ShortageStatus.COORDINATING.value)))
        .order_by(Shortage.reported_at.desc()).limit(limit)
    ).all()
    rank = {s.value: r for s, r in SEVERITY_RANK.items()}
    rows = sorted(rows, key=lambda r: -rank.get(r[5], 0))
    return [ShortageChoice(i, k, m or c or "", d or "", sev) for i, k, m, c, d, sev, _ in rows]
