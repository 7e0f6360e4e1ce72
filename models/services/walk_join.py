"""A join whose left side is walked in index order, the right side looked up for each row.

A page of the check-in roster sorted by district walks the enterprises in (district, name key) order
and looks up each one's open check-ins or stationings, stopping once the page is full. SQLite's
planner, with no statistics, starts from the open check-ins instead (``check_out IS NULL`` is an index
equality), reads all of them and sorts them for one page. In SQLite ``CROSS JOIN`` keeps the left
table outside the right one (its documented way to fix the order of two tables); elsewhere it is a
plain join and the planner chooses (PostgreSQL weighs the ``LIMIT``).

The rows are those of the plain join: only the plan differs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.selectable import FromClause, Join


class WalkJoin(Join):
    """An inner join run with ``left`` as the outer loop on SQLite."""

    inherit_cache = True


def walk_join(left: Any, right: Any, onclause: ColumnElement[bool]) -> WalkJoin:
    """``left JOIN right ON onclause``, with SQLite walking ``left`` first."""
    return WalkJoin(_from(left), _from(right), onclause)


def _from(entity: Any) -> FromClause:
    table: FromClause = entity.__table__ if hasattr(entity, "__table__") else entity
    return table


@compiles(WalkJoin, "sqlite")
def _sqlite_cross_join(join: WalkJoin, compiler: SQLCompiler, **kw: Any) -> str:
    kw.pop("asfrom", None)
    assert join.onclause is not None  # made by walk_join, always with one
    linter = kw.pop("from_linter", None)
    if linter:  # the same bookkeeping as a plain join: the two sides are joined
        linter.edges.update((left, right) for left in join.left._from_objects for right in join.right._from_objects)
    return (join.left._compiler_dispatch(compiler, asfrom=True, from_linter=linter, **kw) + " CROSS JOIN "
            + join.right._compiler_dispatch(compiler, asfrom=True, from_linter=linter, **kw) + " ON "
            + join.onclause._compiler_dispatch(compiler, from_linter=linter, **kw))
