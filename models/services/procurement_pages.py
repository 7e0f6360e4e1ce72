"""The procurement screen's short lists as pages: the pipeline by item, consignments on the way and
lead times are a row per item, per consignment on the road or per supplier (tens, not thousands),
read whole and cut to the page asked for; the text filter matches their names and numbers."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from models.services.paging import Page, PageRequest, matches
from models.services.procurement_views import consignments_on_way, lead_times, pipeline_by_item


def _key(row: Any) -> str:
    return " ".join(str(getattr(row, name, "")) for name in ("code", "name", "name_en", "number", "site_name",
                                                              "site_name_en", "vehicle", "supplier")).lower()


def _page(rows: list[Any], request: PageRequest) -> Page[Any]:
    wanted = [row for row in rows if matches(_key(row), request.query)]
    return Page(rows=wanted[request.offset:request.offset + request.limit], offset=request.offset)


def _count(rows: list[Any], request: PageRequest) -> int:
    return sum(1 for row in rows if matches(_key(row), request.query))


def list_pipeline(session: Session, *, request: PageRequest) -> Page[Any]:
    return _page(pipeline_by_item(session), request)


def count_pipeline(session: Session, *, request: PageRequest) -> int:
    return _count(pipeline_by_item(session), request)


def list_on_the_way(session: Session, *, request: PageRequest) -> Page[Any]:
    return _page(consignments_on_way(session), request)


def count_on_the_way(session: Session, *, request: PageRequest) -> int:
    return _count(consignments_on_way(session), request)


def list_lead_times(session: Session, *, request: PageRequest) -> Page[Any]:
    return _page(lead_times(session), request)


def count_lead_times(session: Session, *, request: PageRequest) -> int:
    return _count(lead_times(session), request)
