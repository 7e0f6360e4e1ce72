"""The allocation mode of ``bench/stress.py``: many writers allocating and dispatching the same scarce stock.

    python bench/stress.py --mode allocation [--writers 16] [--ops 2000] [--db URL] [--seed 1]

The parent migrates, makes the coordinator, one warehouse holding scarce N95 masks (three good lots,
one expired, one partly quarantined) and one hospital per writer. Each writer process repeats a cycle
through the services: a request of its hospital, approved as asked; an allocation order (refused
when the free stock is gone, which is counted, not an error); then, by a seeded draw, the order is
cancelled, or dispatched in one or two parts and each part signed (sometimes with goods rejected,
which return into quarantine). Every writer reports what it was told succeeded; the parent then
proves from the stored rows: no over-allocation (no lot gave out more than it received), no
negative balance, and no lost update (balances equal the ledger, reserved equals what live picks
still hold, allocated equals the live order lines less what was rejected at signed deliveries, the
writers' successes equal the rows).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import timedelta
from typing import Any

import _workload as wl
from sqlalchemy import text

MASKS = "MASK-N95"
#: the warehouse's lots: (code, quantity, days to expiry or None, quarantined)
LOTS = (("N95-A", 1500, 40, 0), ("N95-B", 1500, 200, 0), ("N95-C", 1000, None, 0), ("N95-OLD", 5000, -3, 0),
        ("N95-HELD", 800, 300, 500))
CONTACTS = {"receiver": "王医生", "receiver_phone": "13900000001", "sender": "刘仓管", "sender_phone": "023-63000000"}
WORK_START = wl.BASE + timedelta(hours=1)


def set_up(db: Any, *, writers: int) -> dict[str, Any]:
    """The coordinator, the warehouse with its lots and one hospital per writer."""
    from sqlmodel import select

    from models.migrate import ensure_schema
    from models.reference import CatalogueItem
    from models.services import ledger
    from models.services.common import create_row, write_transaction
    from models.services.identity import resolve_actor
    from models.sites import Site, SiteKind
    from models.stock import EntryKind

    ensure_schema(db)
    with db.session() as session:
        coord = resolve_actor(session, login=wl.COORDINATOR)
        item = session.exec(select(CatalogueItem.id).where(CatalogueItem.code == MASKS)).one()
        at = wl.BASE
        with write_transaction(session):
            warehouse = create_row(session, Site(code="WH-STRESS", name="市储备库", kind=SiteKind.WAREHOUSE.value),
                                   actor=coord, at=at).id
            hospitals = [create_row(session, Site(code=f"H-{i:02d}", name=f"定点医院{i}", kind=SiteKind.HOSPITAL.value,
                                                  designated=True), actor=coord, at=at).id for i in range(writers)]
            for code, quantity, days, held in LOTS:
                lot = ledger.find_lot(session, actor=coord, at=at, item_id=item, code=code, grade="medical_protective",
                                      expiry=None if days is None else WORK_START.date() + timedelta(days=days))
                balance = ledger.balance_for_update(session, site_id=warehouse, item_id=item, lot_id=lot.id,
                                                    create=True)
                ledger.post(session, actor=coord, at=at, balance=balance, kind=EntryKind.IN, quantity=quantity,
                            reason="receipt")
                if held:
                    ledger.post(session, actor=coord, at=at, balance=balance, kind=EntryKind.HOLD, quantity=held,
                                reason="quarantine")
    return {"coordinator": wl.COORDINATOR, "warehouse": warehouse, "hospitals": hospitals, "item": item}


def worker(index: int, url: str, world: dict[str, Any], cycles: int, seed: int, barrier, queue) -> None:  # type: ignore[no-untyped-def]
    """One writer: its own engine and fake clock; what succeeded goes to ``queue``."""
    from sqlmodel import select

    from models.allocation import AllocationLine, AllocationOrder
    from models.db import Database
    from models.delivery import Dispatch, DispatchLine
    from models.errors import ServiceError
    from models.requests import RequestLine
    from models.services import allocations, dispatches, requests

    wl.FakeClock(WORK_START).install()
    db = Database.open(url)
    me = wl.actor_for(db, world["coordinator"])
    rng = random.Random(seed * 1000 + index)
    st: dict[str, Any] = {"ops": Counter(), "refused": Counter(), "errors": 0, "error_samples": [], "latency_ms": [],
                          "allocated": 0, "cancelled": 0, "dispatched": 0, "rejected": 0, "orders": [],
                          "cancelled_orders": [], "dispatch_ids": []}

    def call(kind: str, fn):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        with db.session() as session:
            result = fn(session)
        st["latency_ms"].append((time.perf_counter() - started) * 1000)
        st["ops"][kind] += 1
        return result

    def read(fn):  # type: ignore[no-untyped-def]
        with db.session() as session:
            return fn(session)

    def cycle() -> None:
        asked = rng.randint(10, 120)
        request_id = call("request", lambda s: requests.create_request(
            s, actor=me, site_id=world["hospitals"][index], lines=[requests.RequestLineIn(world["item"], asked)]))
        line_id, version = read(lambda s: (s.exec(select(RequestLine.id).where(RequestLine.request_id == request_id))
                                           .one(), s.get(requests.Request, request_id).version))
        call("approve", lambda s: requests.approve_request(s, actor=me, request_id=request_id, version=version,
                                                           approved={line_id: asked}))
        try:
            order_id = call("issue", lambda s: allocations.issue_allocation(
                s, actor=me, request_id=request_id, from_site_id=world["warehouse"], lines={line_id: asked},
                verbal=rng.random() < 0.3, **CONTACTS))
        except ServiceError as refused:  # the stock is gone (or reserved by the others): expected
            st["refused"][refused.message[:40]] += 1
            return
        st["allocated"] += asked
        st["orders"].append(order_id)
        if rng.random() < 0.25:
            version = read(lambda s: s.get(AllocationOrder, order_id).version)
            call("cancel", lambda s: allocations.cancel_allocation(s, actor=me, order_id=order_id, version=version,
                                                                   reason="改派"))
            st["cancelled"] += asked
            st["cancelled_orders"].append(order_id)
            return
        (allocation_line,) = read(lambda s: s.exec(select(AllocationLine.id).where(
            AllocationLine.order_id == order_id)).all())
        first = rng.randint(1, asked)
        parts = [first, asked - first] if first < asked and rng.random() < 0.5 else [asked]
        for part in parts:
            sent = call("dispatch", lambda s: dispatches.dispatch(
                s, actor=me, order_id=order_id, delivered_by="司机老陈", quantities={allocation_line: part}))  # noqa: B023
            st["dispatched"] += part
            st["dispatch_ids"].append(sent)
            rows, version = read(lambda s: (s.exec(select(DispatchLine).where(
                DispatchLine.dispatch_id == sent)).all(), s.get(Dispatch, sent).version))  # noqa: B023
            counted = {}
            for row in rows:
                back = rng.choice([0, 0, 0, 1]) if row.shipped > 1 else 0
                counted[row.id] = (row.shipped - back, back, "外包装破损" if back else None)
                st["rejected"] += back
            call("sign", lambda s: dispatches.sign_delivery(
                s, actor=me, dispatch_id=sent, version=version, received_by="李护士长",  # noqa: B023
                counted_together=True, lines=counted))  # noqa: B023

    barrier.wait()
    st["t_start"] = time.time()
    for _ in range(cycles):
        try:
            cycle()
        except Exception as exc:  # anything but an expected refusal reaches the user
            st["errors"] += 1
            if len(st["error_samples"]) < 5:
                st["error_samples"].append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
    st["t_end"] = time.time()
    db.dispose()
    queue.put((index, st))


def check(db: Any, world: dict[str, Any], results: list[dict[str, Any]]) -> dict[str, Any]:
    """The invariants, from the stored rows and what the writers were told succeeded."""
    q = {
        "negative_balances": "SELECT count(*) FROM stockbalance WHERE on_hand < 0 OR reserved < 0 OR quarantine < 0 "
                             "OR reserved + quarantine > on_hand",
        # a lot gave out more than it ever received: picks of live orders beyond its receipts
        "over_allocations": "SELECT count(*) FROM lot l WHERE (SELECT coalesce(sum(p.quantity), 0) "
                            "FROM allocationpick p JOIN allocationline al ON al.id = p.line_id "
                            "JOIN allocationorder o ON o.id = al.order_id "
                            "WHERE p.lot_id = l.id AND o.status <> 'cancelled') > (SELECT coalesce(sum(e.quantity), 0) "
                            "FROM stockentry e WHERE e.lot_id = l.id AND e.reason = 'receipt')",
        "over_approved": "SELECT count(*) FROM requestline WHERE allocated > approved",
        "balance_vs_ledger": "SELECT count(*) FROM stockbalance b WHERE b.on_hand <> (SELECT "
                             "coalesce(sum(e.quantity), 0) FROM stockentry e "
                             "WHERE e.lot_id = b.lot_id AND e.site_id = b.site_id "
                             "AND e.kind IN ('in', 'out', 'adj'))",
        "reserved_vs_picks": "SELECT count(*) FROM stockbalance b WHERE b.reserved <> (SELECT coalesce(sum(p.quantity "
                             "- p.dispatched), 0) FROM allocationpick p JOIN allocationline al ON al.id = p.line_id "
                             "JOIN allocationorder o ON o.id = al.order_id WHERE p.lot_id = b.lot_id "
                             "AND o.from_site_id = b.site_id AND o.status <> 'cancelled')",
        # allocated is net of what was rejected at signed deliveries (RequestLine.outstanding)
        "allocated_vs_lines": "SELECT count(*) FROM requestline r WHERE r.allocated <> (SELECT "
                              "coalesce(sum(al.quantity), 0) FROM allocationline al "
                              "JOIN allocationorder o ON o.id = al.order_id "
                              "WHERE al.request_line_id = r.id AND o.status <> 'cancelled') - (SELECT "
                              "coalesce(sum(d.rejected), 0) FROM dispatchline d "
                              "JOIN dispatch ds ON ds.id = d.dispatch_id JOIN allocationpick p ON p.id = d.pick_id "
                              "JOIN allocationline al ON al.id = p.line_id "
                              "WHERE al.request_line_id = r.id AND ds.status = 'signed')",
        "dispatched_vs_shipped": "SELECT count(*) FROM allocationline al WHERE al.dispatched <> (SELECT "
                                 "coalesce(sum(d.shipped), 0) FROM dispatchline d JOIN allocationpick p ON "
                                 "p.id = d.pick_id WHERE p.line_id = al.id)",
        "unsigned_dispatches": "SELECT count(*) FROM dispatch WHERE status <> 'signed'",
        "undelivered_orders": "SELECT count(*) FROM allocationorder WHERE status NOT IN ('delivered', 'cancelled')",
        "expired_or_held_picked": "SELECT count(*) FROM allocationpick p JOIN lot l ON l.id = p.lot_id "
                                  "WHERE l.code IN ('N95-OLD')",
        "allocated_total": "SELECT coalesce(sum(quantity), 0) FROM allocationline",
        "cancelled_total": "SELECT coalesce(sum(al.quantity), 0) FROM allocationline al JOIN allocationorder o "
                           "ON o.id = al.order_id WHERE o.status = 'cancelled'",
        "out_total": "SELECT coalesce(-sum(quantity), 0) FROM stockentry WHERE kind = 'out'",
        "returned_total": "SELECT coalesce(sum(quantity), 0) FROM stockentry WHERE kind = 'in' AND reason = 'return'",
        "orders": "SELECT count(*) FROM allocationorder",
        "audit_mismatch": "SELECT count(*) FROM (SELECT 'request' AS t, id, version FROM request UNION ALL SELECT "
                          "'allocationorder', id, version FROM allocationorder UNION ALL "
                          "SELECT 'dispatch', id, version FROM dispatch) r "
                          "WHERE r.version <> (SELECT count(*) FROM auditlog a WHERE "
                          "a.table_name = r.t AND a.row_id = r.id)",
        "held_reserved": "SELECT coalesce(sum(b.reserved), 0) FROM stockbalance b JOIN lot l ON l.id = b.lot_id "
                         "WHERE l.code = 'N95-HELD' AND b.reserved > 300",
    }
    with db.engine.connect() as conn:
        got = {key: int(conn.execute(text(sql)).scalar() or 0) for key, sql in q.items()}
    told = {key: sum(r[key] for r in results) for key in ("allocated", "cancelled", "dispatched", "rejected")}
    lost = {
        "allocated": told["allocated"] - got["allocated_total"],
        "cancelled": told["cancelled"] - got["cancelled_total"],
        "dispatched": told["dispatched"] - got["out_total"],
        "returned": told["rejected"] - got["returned_total"],
        "orders": sum(len(r["orders"]) for r in results) - got["orders"],
        "balance_vs_ledger": got["balance_vs_ledger"], "reserved_vs_picks": got["reserved_vs_picks"],
        "allocated_vs_lines": got["allocated_vs_lines"], "dispatched_vs_shipped": got["dispatched_vs_shipped"],
        "audit_rows": got["audit_mismatch"],
    }
    failures = {
        **{f"lost {k}": v for k, v in lost.items() if v},
        "over-allocations": got["over_allocations"], "negative balances": got["negative_balances"],
        "allocated beyond approved": got["over_approved"], "unsigned dispatches": got["unsigned_dispatches"],
        "orders neither delivered nor cancelled": got["undelivered_orders"],
        "expired lot picked": got["expired_or_held_picked"], "quarantined stock reserved": got["held_reserved"],
    }
    return {"figures": got, "lost_updates": sum(abs(v) for v in lost.values()),
            "failures": {k: v for k, v in failures.items() if v}}


def run(args: Any, mp: Any) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """Set up, start the writers together, wait for them and check; returns (figures, verdict, results)."""
    from models.db import Database

    wl.FakeClock(wl.BASE).install()
    with wl.database_url(args.db) as url:
        db = Database.open(url)
        world = set_up(db, writers=args.writers)
        backend = wl.backend_label(db)
        ctx = mp.get_context("spawn")
        barrier, queue = ctx.Barrier(args.writers), ctx.Queue()
        share = [args.ops // args.writers + (1 if i < args.ops % args.writers else 0) for i in range(args.writers)]
        procs = [ctx.Process(target=worker, args=(i, url, world, share[i], args.seed, barrier, queue))
                 for i in range(args.writers)]
        for p in procs:
            p.start()
        results = [st for _, st in sorted((queue.get() for _ in procs), key=lambda r: r[0])]
        for p in procs:
            p.join()
        verdict = check(db, world, results)
        db.dispose()
    latency = [ms for r in results for ms in r["latency_ms"]]
    seconds = max(r["t_end"] for r in results) - min(r["t_start"] for r in results)
    got = verdict["figures"]
    figures = {
        "backend": backend, "mode": "allocation", "writers": args.writers, "cycles": args.ops, "seed": args.seed,
        "writes": len(latency), "writes_by_kind": dict(sum((r["ops"] for r in results), Counter())),
        "issues_refused": dict(sum((r["refused"] for r in results), Counter())),
        "orders": got["orders"], "allocated": got["allocated_total"], "cancelled": got["cancelled_total"],
        "dispatched": got["out_total"], "returned": got["returned_total"],
        "over_allocations": got["over_allocations"], "negative_balances": got["negative_balances"],
        "lost_updates": verdict["lost_updates"], "errors_reaching_user": sum(r["errors"] for r in results),
        "error_samples": [e for r in results for e in r["error_samples"]][:10],
        "write_latency_p50_ms": round(wl.percentile(latency, 50), 2),
        "write_latency_p99_ms": round(wl.percentile(latency, 99), 2),
        "write_latency_max_ms": round(max(latency, default=0), 2), "seconds": round(seconds, 2),
        "throughput_writes_s": round(len(latency) / seconds, 1) if seconds else 0.0,
        "invariant_failures": verdict["failures"],
    }
    return figures, verdict, results
