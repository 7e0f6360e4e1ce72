"""The directory filtered by a catalogue item and sorted by that item's output, read by index walks.

The order is the one the directory computed per enterprise: the output of the item reported today
(an enterprise reports an item once a day, never for a day to come), -1 for a maker with no report
of it today, ties by id, in both directions. It is read in parts, each walked in its own order up
to ``offset + limit`` and merged for the page:

- the makers that reported the item today, by that output: the maintained latest reports
  (models.latest_reports) whose day is today, walking (item, day, output, enterprise);
- the other makers (key -1), by id. Many of them (early in the day): the products of the item,
  walking (item, enterprise), each checked against the latest report (a key lookup), stop soon.
  Few (later): the latest reports of an earlier day, a range of the same index put in id order,
  and the makers that never reported the item, looked for only when there are some.

Three counts of index ranges, read first (``counts``), say which: a fraction of a millisecond per
ten thousand makers, where computing each maker's output took ten times that. Each row met is
checked against the directory's other conditions on its enterprise (the archive among them).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Float, Select, cast, exists, func, literal, select, union_all

from models.enterprise import Enterprise, Product
from models.latest_reports import LatestReport
from models.services.paging import PageRequest

#: the key of a maker with no report of the item today (as the directory computed it)
NO_OUTPUT = -1.0

L = LatestReport


def answers(request: PageRequest) -> bool:
    """Whether this request is the order by an item's output (filtered by that item)."""
    return request.sort == "output" and bool(request.filters.get("item_id"))


def counts(request: PageRequest, *, today: date) -> Select[Any]:
    """The item's makers, its latest reports and those of today (three index ranges counted)."""
    item = request.filters["item_id"]
    return select(select(func.count()).where(Product.item_id == item).scalar_subquery(),
                  select(func.count()).where(L.item_id == item).scalar_subquery(),
                  select(func.count()).where(L.item_id == item, L.report_date == today).scalar_subquery())


def window(request: PageRequest, where: list[Any], *, today: date, counted: tuple[int, int, int]) -> Select[Any]:
    """The statement of the page's ids (``answers`` it), ``where`` being the directory's conditions on
    the enterprise but the one on the item (the walks hold it), ``counted`` what ``counts`` read."""
    item = request.filters["item_id"]
    makers, followed, today_s = counted

    def ordered(*columns: Any) -> list[Any]:
        return [c.desc() if request.descending else c.asc() for c in columns]

    reach = request.offset + request.limit
    # a report of an item is only made by its maker (the report form refuses others); a product is
    # archived, never deleted: still, the latest reports count only for the makers of the item
    makes = exists().where(Product.enterprise_id == L.enterprise_id, Product.item_id == item)
    none = cast(literal(NO_OUTPUT), Float).label("k")
    parts = [select(L.output.label("k"), L.enterprise_id.label("id"))
             .join(Enterprise, Enterprise.id == L.enterprise_id)
             .where(L.item_id == item, L.report_date == today, makes, *where)
             .order_by(*ordered(L.output, L.enterprise_id))]
    silent = makers - today_s
    if silent * silent >= reach * makers:
        # many: the walk of the makers meets one at least every makers/silent rows
        parts.append(select(none, Product.enterprise_id.label("id"))
                     .join(Enterprise, Enterprise.id == Product.enterprise_id)
                     .where(Product.item_id == item, *where, ~exists().where(
                         L.enterprise_id == Product.enterprise_id, L.item_id == item, L.report_date == today))
                     .order_by(*ordered(Product.enterprise_id)))
    else:
        if followed > today_s:  # few: the latest reports of an earlier day, in id order
            parts.append(select(none, L.enterprise_id.label("id"))
                         .join(Enterprise, Enterprise.id == L.enterprise_id)
                         .where(L.item_id == item, L.report_date < today, makes, *where)
                         .order_by(*ordered(L.enterprise_id)))
        if makers > followed:  # and the makers that never reported it
            parts.append(select(none, Product.enterprise_id.label("id"))
                         .join(Enterprise, Enterprise.id == Product.enterprise_id)
                         .where(Product.item_id == item, *where, ~exists().where(
                             L.enterprise_id == Product.enterprise_id, L.item_id == item))
                         .order_by(*ordered(Product.enterprise_id)))
    walked = [part.limit(reach).subquery() for part in parts]
    merged = union_all(*(select(part.c.k, part.c.id) for part in walked)).subquery()
    return (select(merged.c.id).order_by(*ordered(merged.c.k, merged.c.id))
            .offset(request.offset).limit(request.limit))
