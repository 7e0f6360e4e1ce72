"""Who asked for what, who got it and who signed for it, as of a moment (part of the stock figures).

- the pipeline requested → approved → allocated → dispatched → signed per district and per
  designated hospital: request lines of requests made by ``T``; approved where the request was past
  approval at ``T`` (its status then, from the audit log); allocation lines of orders issued by
  ``T`` and live then; dispatch lines sent by ``T``; accepted quantities signed by ``T``.
- deliveries sent ``rules.UNSIGNED_AFTER`` or more before ``T`` and not signed by ``T``.
- verbal orders (先行调拨) live at ``T`` without their written order by ``T``, the overdue first.
- the oldest request still unfilled at ``T`` (submitted or approved then).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from models import rules
from models.allocation import AllocationLine, AllocationOrder, AllocationStatus
from models.delivery import Dispatch, DispatchLine
from models.reference import District
from models.requests import Request, RequestLine, RequestStatus
from models.services import as_of as then
from models.sites import Site

#: request states that are past approval (their approved quantities count)
APPROVED_STATES = (RequestStatus.APPROVED.value, RequestStatus.FILLED.value, RequestStatus.CLOSED.value)
#: request states still waiting to be filled
UNFILLED_STATES = (RequestStatus.SUBMITTED.value, RequestStatus.APPROVED.value)
#: the pipeline's stages, in order
STAGES = ("requested", "approved", "allocated", "dispatched", "signed")


@dataclass(frozen=True)
class Pipeline:
    """Quantities (all items, in their units) at each stage for a district or a designated hospital."""

    key: int  # the district's or the site's id (0: sites without a district)
    name: str
    requested: int = 0
    approved: int = 0
    allocated: int = 0
    dispatched: int = 0
    signed: int = 0


@dataclass(frozen=True)
class LateDelivery:
    dispatch_id: int
    number: str
    order_number: str
    to_site: str
    delivered_by: str
    phone: str
    dispatched_at: datetime
    hours: float


@dataclass(frozen=True)
class PaperOwed:
    order_id: int
    number: str
    to_site: str
    issued_at: datetime
    paper_due: datetime
    overdue: bool


@dataclass(frozen=True)
class OldestRequest:
    request_id: int
    number: str
    site: str
    priority: str
    status: str
    requested_at: datetime
    hours: float


def request_states(session: Session, moment: datetime) -> dict[int, str]:
    """{request id: its status at ``moment``} of the requests made by then."""
    changed = {rid: v["status"] for rid, v in then.rewound(session, Request, moment, ("status",)).items()
               if "status" in v}
    return {rid: changed.get(rid, now) for rid, now in session.execute(
        select(Request.id, Request.status).where(Request.requested_at <= moment, then.known(Request, moment)))}


def live_orders(session: Session, moment: datetime) -> set[int]:
    """Ids of the allocation orders issued by ``moment`` and not cancelled then."""
    status = {oid: v["status"] for oid, v in then.rewound(session, AllocationOrder, moment, ("status",)).items()
              if "status" in v}
    return {oid for oid, now in session.execute(
        select(AllocationOrder.id, AllocationOrder.status).where(AllocationOrder.issued_at <= moment))
        if status.get(oid, now) != AllocationStatus.CANCELLED.value}


def pipeline(session: Session, *, as_of: datetime) -> tuple[list[Pipeline], list[Pipeline]]:
    """(per district, per designated hospital) of the requesting sites, as of ``as_of``; rows with
    nothing at any stage are left out; districts in their seeded order, hospitals by name."""
    states = request_states(session, as_of)
    orders = live_orders(session, as_of)
    figures: dict[int, list[int]] = defaultdict(lambda: [0] * len(STAGES))
    sites: dict[int, tuple[int | None, str, bool]] = {
        sid: (district, name, designated) for sid, district, name, designated in session.execute(
            select(Site.id, Site.district_id, Site.name, Site.designated))}

    def add(site_id: int, stage: int, quantity: Any) -> None:
        figures[site_id][stage] += int(quantity or 0)

    for site_id, rid, requested, approved in session.execute(
        select(Request.site_id, Request.id, func.sum(RequestLine.requested),
               func.sum(func.coalesce(RequestLine.approved, 0)))
        .join(RequestLine, col(RequestLine.request_id) == Request.id)
        .where(col(Request.id).in_(list(states))).group_by(Request.site_id, Request.id)
    ):
        add(site_id, 0, requested)
        if states[rid] in APPROVED_STATES:
            add(site_id, 1, approved)
    for site_id, quantity in session.execute(
        select(AllocationOrder.to_site_id, func.sum(AllocationLine.quantity))
        .join(AllocationLine, col(AllocationLine.order_id) == AllocationOrder.id)
        .where(col(AllocationOrder.id).in_(list(orders))).group_by(AllocationOrder.to_site_id)
    ):
        add(site_id, 2, quantity)
    sent = (select(AllocationOrder.to_site_id, func.sum(DispatchLine.shipped),
                   func.sum(func.coalesce(DispatchLine.accepted, 0)))
            .join(Dispatch, col(Dispatch.id) == DispatchLine.dispatch_id)
            .join(AllocationOrder, col(AllocationOrder.id) == Dispatch.order_id))
    for site_id, shipped, _ in session.execute(
            sent.where(Dispatch.dispatched_at <= as_of).group_by(AllocationOrder.to_site_id)):
        add(site_id, 3, shipped)
    for site_id, _, accepted in session.execute(
            sent.where(col(Dispatch.signed_at) <= as_of).group_by(AllocationOrder.to_site_id)):
        add(site_id, 4, accepted)
    districts = dict(session.execute(select(District.id, District.name)).all())
    by_district: dict[int, list[int]] = defaultdict(lambda: [0] * len(STAGES))
    hospitals = []
    for site_id, values in figures.items():
        district, name, designated = sites[site_id]
        totals = by_district[district or 0]
        for k, value in enumerate(values):
            totals[k] += value
        if designated and any(values):
            hospitals.append(Pipeline(site_id, name, *values))
    rows = [Pipeline(key, districts.get(key, ""), *values)
            for key, values in sorted(by_district.items()) if any(values)]
    return rows, sorted(hospitals, key=lambda p: (p.name, p.key))


def late_deliveries(session: Session, *, as_of: datetime) -> list[LateDelivery]:
    """Dispatches sent ``UNSIGNED_AFTER`` or more before ``as_of`` and not signed by then, the oldest first."""
    order = aliased(AllocationOrder)
    rows = session.execute(
        select(Dispatch.id, Dispatch.number, order.number, Site.name, Dispatch.delivered_by, Dispatch.phone,
               Dispatch.dispatched_at)
        .join(order, order.id == Dispatch.order_id).join(Site, col(Site.id) == order.to_site_id)
        .where(Dispatch.dispatched_at <= as_of - rules.UNSIGNED_AFTER,
               or_(col(Dispatch.signed_at).is_(None), col(Dispatch.signed_at) > as_of))
        .order_by(Dispatch.dispatched_at, Dispatch.id))
    return [LateDelivery(did, number, order_no, site, by, phone or "", at, (as_of - at).total_seconds() / 3600)
            for did, number, order_no, site, by, phone, at in rows]


def paper_owed(session: Session, *, as_of: datetime) -> list[PaperOwed]:
    """Verbal orders live at ``as_of`` whose written order was not recorded by then, overdue first
    (then by when it is due)."""
    live = live_orders(session, as_of)
    rows = session.execute(
        select(AllocationOrder.id, AllocationOrder.number, Site.name, AllocationOrder.issued_at,
               AllocationOrder.paper_due)
        .join(Site, col(Site.id) == AllocationOrder.to_site_id)
        .where(AllocationOrder.verbal == True, col(AllocationOrder.id).in_(list(live)),  # noqa: E712
               or_(col(AllocationOrder.paper_at).is_(None), col(AllocationOrder.paper_at) > as_of)))
    owed = [PaperOwed(oid, number, site, issued, due or rules.paper_due(issued),
                      (due or rules.paper_due(issued)) < as_of) for oid, number, site, issued, due in rows]
    return sorted(owed, key=lambda p: (not p.overdue, p.paper_due, p.order_id))


def oldest_unfilled(session: Session, *, as_of: datetime) -> OldestRequest | None:
    """The request made longest before ``as_of`` that was still submitted or approved then."""
    states = request_states(session, as_of)
    waiting = [rid for rid, state in states.items() if state in UNFILLED_STATES]
    if not waiting:
        return None
    row = session.execute(
        select(Request.id, Request.number, Site.name, Request.priority, Request.requested_at)
        .join(Site, col(Site.id) == Request.site_id).where(col(Request.id).in_(waiting))
        .order_by(Request.requested_at, Request.id).limit(1)).one()
    rid, number, site, priority, at = row
    return OldestRequest(rid, number, site, priority, states[rid], at, (as_of - at).total_seconds() / 3600)


__all__ = ["STAGES", "LateDelivery", "OldestRequest", "PaperOwed", "Pipeline", "late_deliveries", "live_orders",
           "oldest_unfilled", "paper_owed", "pipeline", "request_states"]
