"""The directory sorted by a figure, read from the maintained figures (models.enterprise_figures).

Each figure has an (archived, figure, id) index: a page walks it in order, checks the directory's
filters on each enterprise it meets and stops after ``offset + limit`` rows, whatever the size of
the directory. The order is the one the figures computed per enterprise gave (the same keys, missing
figures last, ties by id), in both directions.

A figure of the day is read in parts, each walked in its own order up to ``offset + limit`` and
the two merged for the page:

- output: enterprises whose latest report day is today, by that day's output; the others have none
  today (the key -1, before or after today: two ranges of the index), by id;
- cadre: enterprises whose stored cadre holds today, by it; the others (a stationing began or ended
  since their last write: few, found by two ranges of indexes) by the cadre computed for them.

With archived ones too, the current and the archived part of each index are walked and merged likewise.
The directory filtered by an item sorts by that item's output, which the table does not hold: its
own walk answers it (models.services.item_output_sort).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Float, Select, cast, func, literal, select, union_all
from sqlalchemy.sql import ColumnElement

from models.enterprise import Enterprise
from models.enterprise_figures import ALWAYS, FOREVER, NO_OUTPUT, EnterpriseFigure
from models.services.paging import PageRequest

#: the directory's sort keys answered here, and the column each walks
_COLUMNS: dict[str, Any] = {
    "status": EnterpriseFigure.status_order,
    "products": EnterpriseFigure.products,
    "cover": EnterpriseFigure.cover,
    "shortages": EnterpriseFigure.shortages,
    "reported": EnterpriseFigure.reported,
    "output": EnterpriseFigure.output,
    "cadre": EnterpriseFigure.cadre,
}
FIGURE_SORTS = tuple(_COLUMNS)

F = EnterpriseFigure
#: one part of the order: its key, its condition, the columns it is walked by (before the id)
_Part = tuple[Any, ColumnElement[bool] | None, tuple[Any, ...]]


def _from(reads_enterprise: bool, *columns: Any) -> Select[Any]:
    """The figures' columns, with the enterprises joined when a condition or the key reads them."""
    statement = select(*columns).select_from(F)
    return statement.join(Enterprise, Enterprise.id == F.enterprise_id) if reads_enterprise else statement


def _parts(sort: str, today: date, computed: Any) -> list[_Part]:
    column = _COLUMNS[sort]
    # the other parts' conditions are ranges of an index: usually empty, found so at once
    if sort == "output":
        none = cast(literal(NO_OUTPUT), Float)
        return [(column, F.reported == today, (column,)), (none, F.reported < today, ()),
                (none, F.reported > today, ())]
    if sort == "cadre":
        # (coalesce over a column never null: no planner walks the validity's own indexes for this part,
        # where nearly every row holds, in place of the cadre's index in order)
        holds = (func.coalesce(F.cadre_from, ALWAYS) <= today) & (func.coalesce(F.cadre_until, FOREVER) > today)
        return [(column, holds, (column,)),
                (computed, F.cadre_from > today, (computed,)),
                (computed, (F.cadre_until <= today) & (func.coalesce(F.cadre_from, ALWAYS) <= today), (computed,))]
    return [(column, None, (column,))]


def answers(request: PageRequest) -> bool:
    """Whether the figures give this request's order (not an item's output)."""
    return request.sort in _COLUMNS and not (request.sort == "output" and request.filters.get("item_id"))


def window(request: PageRequest, where: list[Any], *, today: date, computed: Any) -> Select[Any]:
    """The statement of the page's ids in ``request.sort`` order (``answers`` it).

    ``where`` are the directory's conditions on the enterprise but the archived one (the figures hold
    it): none, and the enterprises are not read at all. ``computed`` is the figure as the directory
    computes it per enterprise (read for the rows whose stored cadre no longer holds).
    """

    def ordered(*columns: Any) -> list[Any]:
        return [c.desc() if request.descending else c.asc() for c in columns]

    flags = (False, True) if request.filters.get("archived") else (False,)
    parts = [(key, condition, by, flag) for key, condition, by in _parts(request.sort, today, computed)
             for flag in flags]
    if len(parts) == 1:
        key, condition, by, flag = parts[0]
        return (_from(bool(where) or key is computed, F.enterprise_id)
                .where(*where, F.archived == flag, *([] if condition is None else [condition]))
                .order_by(*ordered(*by, F.enterprise_id)).offset(request.offset).limit(request.limit))
    reach = request.offset + request.limit
    walked = [_from(bool(where) or key is computed, key.label("k"), F.enterprise_id.label("id"))
              .where(*where, F.archived == flag, *([] if condition is None else [condition]))
              .order_by(*ordered(*by, F.enterprise_id)).limit(reach).subquery()
              for key, condition, by, flag in parts]
    merged = union_all(*(select(part.c.k, part.c.id) for part in walked)).subquery()
    return (select(merged.c.id).order_by(*ordered(merged.c.k, merged.c.id))
            .offset(request.offset).limit(request.limit))
