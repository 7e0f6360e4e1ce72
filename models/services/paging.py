"""What every paged list asks for and gets back: filter, sort, a window of rows, and a count."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import and_
from sqlalchemy.sql import ColumnElement

from models.search import like_pattern, query_terms

R = TypeVar("R")


@dataclass(frozen=True)
class PageRequest:
    """A window of a list: text filter, quick filters, sort column and direction, offset and size."""

    query: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
    sort: str = ""
    descending: bool = False
    offset: int = 0
    limit: int = 50


@dataclass(frozen=True)
class Page(Generic[R]):
    rows: list[R]
    offset: int


def text_filter(column: Any, query: str) -> ColumnElement[bool] | None:
    """Every whitespace-separated term must occur in the lower-case key column (SQL LIKE, escaped)."""
    terms = query_terms(query)
    if not terms:
        return None
    return and_(*(column.like(like_pattern(term), escape="\\") for term in terms))


def matches(key: str, query: str) -> bool:
    """``text_filter`` in Python, for the short reference lists (the catalogue, the suppliers) read
    whole with their stored keys: every term occurs in the key."""
    return all(term in key for term in query_terms(query))
