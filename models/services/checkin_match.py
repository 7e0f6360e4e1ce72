"""The enterprise a typed name means: the check-in command line's match, and an enterprise's label.

``match_enterprises`` finds an enterprise the way the directory filter does (Chinese, full pinyin,
initials, credit code, every term must match, in SQL); an exact name, short name or credit code
wins over partial matches, so ``茶园康护`` is not ambiguous because of ``茶园康护二厂``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlmodel import Session

from models.enterprise import Enterprise
from models.services.choices import EnterpriseChoice, enterprises_where
from models.services.paging import text_filter


@dataclass(frozen=True)
class Match:
    """What a typed enterprise name found: ``found`` (exactly one), or the candidates and their count."""

    found: EnterpriseChoice | None
    candidates: list[EnterpriseChoice]
    total: int


def enterprise_label(session: Session, *, enterprise_id: int) -> str:
    """The short name (or the name) of an enterprise, archived or not."""
    row = session.execute(select(Enterprise.name, Enterprise.short_name).where(Enterprise.id == enterprise_id)).first()
    return (row.short_name or row.name) if row else ""


def match_enterprises(session: Session, *, query: str, limit: int = 10) -> Match:
    """The enterprise ``query`` names: exact name, short name or credit code first, then the filter."""
    text = query.strip()
    if not text:
        return Match(None, [], 0)
    exact = enterprises_where(session, [or_(Enterprise.name == text, Enterprise.short_name == text,
                                            Enterprise.credit_code == text.upper())], limit=limit + 1)
    if len(exact) == 1:
        return Match(exact[0], exact, 1)
    matched = text_filter(Enterprise.search_key, text)
    where = [matched] if matched is not None else []
    total = session.execute(select(func.count()).select_from(Enterprise)
                            .where(Enterprise.archived == False, *where)).scalar_one()  # noqa: E712
    candidates = exact or enterprises_where(session, where, limit=limit)
    if len(exact) > 1:
        total = len(exact)
    return Match(candidates[0] if total == 1 else None, candidates, total)
