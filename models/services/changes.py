"""A cheap marker of "someone changed data", read by every open session about once a second.

Every command appends an audit row in its own transaction, so the newest audit rows tell when
anything changed. The marker is (highest id, rows in a window below it): on PostgreSQL ids are
handed out before commit, so a transaction may commit an id lower than one already seen; counting
the recent window catches it. Both parts come from the primary-key index: an idle session costs one
tiny query per poll and the screens re-run their own queries only when the marker moves.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlmodel import Session

from models.audit import AuditLog

WINDOW = 1000


def _marker_statement() -> Select[tuple[int, int]]:
    top = select(func.coalesce(func.max(AuditLog.id), 0)).scalar_subquery()
    return select(top, select(func.count()).where(AuditLog.id > top - WINDOW).scalar_subquery())


#: one statement, one round trip: every open session reads it at every change (a hundred sessions on
#: PostgreSQL: a hundred round trips less each change than two statements)
_MARKER = _marker_statement()


def change_marker(session: Session) -> tuple[int, int]:
    top, recent = session.execute(_MARKER).one()
    return int(top or 0), int(recent or 0)


# --- which parts of the data changed -----------------------------------------------------------------

#: every area a screen may show; a table not named below belongs to all of them
ALL_AREAS = frozenset({"enterprises", "reports", "shortages", "checkins", "stock", "allocation", "reference",
                       "procurement", "donations", "funds"})

_AREA_OF_TABLE = {
    **dict.fromkeys(("enterprise", "product", "site", "park", "enterprisestatuschange", "holidayplan",
                     "materialreserve", "qualification"), "enterprises"),
    "dailyreport": "reports",
    **dict.fromkeys(("shortage", "shortageevent"), "shortages"),
    **dict.fromkeys(("checkin", "assignment"), "checkins"),
    **dict.fromkeys(("lot", "stockbalance", "stockclose", "stockcount", "stockcountline", "stockentry", "receipt",
                     "receiptline", "dispatch", "dispatchline"), "stock"),
    **dict.fromkeys(("allocationline", "allocationorder", "allocationpick", "request", "requestline"), "allocation"),
    **dict.fromkeys(("purchaseorder", "purchaseline", "consignment", "consignmentline", "leg"), "procurement"),
    **dict.fromkeys(("donation", "donationline", "donationcertificate", "donationredirect", "publicationbatch",
                     "publicationcorrection", "publicationrow"), "donations"),
    **dict.fromkeys(("fundsource", "fundrequest", "disbursement", "keysupplyenterprise", "subsidyapplication"),
                    "funds"),
    **dict.fromkeys(("catalogueitem", "cataloguedemand", "district", "supplier", "supplieritem", "cadre", "material",
                     "specialgroup", "unit"), "reference"),
}


def areas_of(tables: set[str]) -> frozenset[str]:
    """The areas the changes to ``tables`` touch; all of them for a table not mapped (a bulk load)."""
    found = {_AREA_OF_TABLE.get(table) for table in tables}
    return ALL_AREAS if None in found else frozenset(a for a in found if a is not None)


def changed_areas(session: Session, *, known: tuple[int, int] | None, marker: tuple[int, int]) -> frozenset[str]:
    """The areas changed between the marker ``known`` and ``marker`` (read just before).

    The audit rows above the known top name their tables. A transaction that committed an id at or
    below the known top (PostgreSQL hands ids out before commit) shows as a different count of the
    window below it: then which rows are new is not known, and every area counts as changed.
    Two small queries on the primary key, and only when the marker moved.
    """
    if known is None:
        return ALL_AREAS
    top, recent = known
    if marker == known:
        return frozenset()
    below = select(func.count()).where(AuditLog.id > top - WINDOW, AuditLog.id <= top).scalar_subquery()
    # the tables written above the known top, each with the count below it, in one round trip
    rows = session.execute(select(AuditLog.table_name, below).where(AuditLog.id > top).distinct()).all()
    counted = rows[0][1] if rows else session.execute(select(below)).scalar_one()
    if counted != recent:
        return ALL_AREAS
    return areas_of({name for name, _ in rows}) if rows else frozenset()
