"""Property tests: random sequences of issue, cancel, dispatch and sign keep the stock's invariants.

Each example plays on its own warehouse with lots of random size, expiry, grade and quarantine, and
two approved requests (a designated hospital's and a district unit's). After every step, refused or
not: no negative stock, reserved ≤ on hand − quarantine, the balances equal the ledger, reserved is
what live picks still hold, approved ≤ requested, allocated = the live orders' lines less what was
rejected at signed deliveries ≤ approved, outstanding = approved − allocated (a rejected quantity is
outstanding again and the request approved again), shipped ≤ allocated, accepted + rejected =
shipped, signed dispatches unchanged. Every issue is compared with
an independent first-expiry-first oracle over the stock as it was just before.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from models.allocation import AllocationLine, AllocationOrder, AllocationPick, AllocationStatus
from models.delivery import Dispatch, DispatchLine, DispatchStatus
from models.errors import ServiceError
from models.lots import Lot
from models.requests import Request, RequestStatus
from models.services.allocations import cancel_allocation
from models.services.dispatches import dispatch, sign_delivery
from models.sites import SiteKind
from models.stock import StockBalance, StockEntry
from tests.unit.alloc_world import TODAY, AllocWorld

ITEMS = ("MASK-N95", "DRUG")  # one item the grade rule reads, one it does not
LOT = st.tuples(st.sampled_from(ITEMS), st.integers(20, 200), st.one_of(st.none(), st.integers(-20, 400)),
                st.sampled_from(["medical_protective", "medical_protective", "non_medical", None]),
                st.sampled_from([0, 0, 1, 3]))
ASK = st.one_of(st.just(0), st.integers(1, 40))
STEP = st.one_of(
    st.tuples(st.just("issue"), st.integers(0, 1), ASK, ASK),
    st.tuples(st.just("issue"), st.integers(0, 1), ASK, ASK),
    st.tuples(st.just("cancel"), st.integers(0, 7)),
    st.tuples(st.just("dispatch"), st.integers(0, 7), st.one_of(st.none(), st.integers(0, 30))),
    st.tuples(st.just("dispatch"), st.integers(0, 7), st.one_of(st.none(), st.integers(0, 30))),
    st.tuples(st.just("sign"), st.integers(0, 7), st.sampled_from([0, 0, 1, 5, 40])),
    st.tuples(st.just("sign"), st.integers(0, 7), st.sampled_from([0, 0, 1, 5, 40])),
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def world(session, coordinator, frozen_clock) -> AllocWorld:
    return AllocWorld(session=session, actor=coordinator)


class Play:
    """One example: its warehouse, requests, orders and dispatches, and the checks."""

    def __init__(self, world: AllocWorld, lots: list[tuple[str, int, int | None, str | None, int]]) -> None:
        self.world = world
        self.warehouse = world.site(SiteKind.WAREHOUSE, "区库")
        for k, (code, quantity, days, grade, held) in enumerate(lots):
            expiry = None if days is None else TODAY + timedelta(days=days)
            world.stock(code, f"L{self.warehouse}-{k}", quantity, expiry=expiry, grade=grade,
                        quarantine=quantity * held // 4, site=self.warehouse)
        self.requests = [world.request({"MASK-N95": 400, "DRUG": 400}, site=site, approved={"MASK-N95": 300,
                                                                                            "DRUG": 350})
                         for site in (world.hospital, world.unit)]
        self.orders: list[int] = []
        self.dispatches: list[int] = []
        self.signed: dict[int, object] = {}

    # --- steps ------------------------------------------------------------------------------------

    def step(self, step: tuple) -> None:  # type: ignore[type-arg]
        w = self.world
        try:
            if step[0] == "issue":
                self.issue(*step[1:])
            elif step[0] == "cancel" and self.orders:
                order = self.orders[step[1] % len(self.orders)]
                cancel_allocation(w.session, actor=w.actor, order_id=order, version=w.order(order).version,
                                  reason="改派")
            elif step[0] == "dispatch" and self.orders:
                order = self.orders[step[1] % len(self.orders)]
                lines = w.order_lines(order)
                quantities = None if step[2] is None else {lines[0].id: min(step[2], lines[0].quantity
                                                                            - lines[0].dispatched)}
                self.dispatches.append(dispatch(w.session, actor=w.actor, order_id=order, delivered_by="老陈",
                                                quantities=quantities))  # type: ignore[arg-type]
            elif step[0] == "sign" and self.dispatches:
                self.sign(self.dispatches[step[1] % len(self.dispatches)], step[2])
        except ServiceError:
            pass
        self.check()

    def issue(self, which: int, n95: int, drug: int) -> None:
        w = self.world
        request_id, ids = self.requests[which]
        site = (w.hospital, w.unit)[which]
        lines = {line.id: line for line in w.request_lines(request_id)}
        wanted = {ids["MASK-N95"]: n95, ids["DRUG"]: drug}
        expected = self.oracle(designated=site == w.hospital, wanted={lines[i].item_id: n for i, n in wanted.items()})
        over = any(n > (lines[i].approved or 0) - lines[i].allocated for i, n in wanted.items()) or not any(
            wanted.values())
        try:
            order = w.issue(request_id, wanted, site=self.warehouse)
        except ServiceError:
            assert over or expected is None
            return
        assert not over and expected is not None
        self.orders.append(order)
        got: dict[int, list[tuple[int, int]]] = {}
        for pick, lot in w.picks(order):
            got.setdefault(lot.item_id, []).append((lot.id, pick.quantity))  # type: ignore[arg-type]
        assert got == {item: picks for item, picks in expected.items() if picks}

    def oracle(self, *, designated: bool, wanted: dict[int, int]) -> dict[int, list[tuple[int, int]]] | None:
        """First expiry first over the free stock as it is now; None when there is not enough."""
        w = self.world
        rows = w.rows(select(StockBalance, Lot).join(Lot, col(Lot.id) == StockBalance.lot_id)
                      .where(StockBalance.site_id == self.warehouse))
        result: dict[int, list[tuple[int, int]]] = {}
        for item, quantity in wanted.items():
            mask = item == w.items["MASK-N95"]
            usable = sorted(
                ((lot.expiry is None, lot.expiry, lot.id, balance.on_hand - balance.quarantine - balance.reserved)
                 for balance, lot in rows if lot.item_id == item and (lot.expiry is None or lot.expiry >= TODAY)
                 and not (designated and mask and lot.grade != "medical_protective")),
                key=lambda r: (r[0], r[1] or TODAY, r[2]))
            picks, left = [], quantity
            for _, _, lot_id, free in usable:
                take = min(free, left)
                if take > 0:
                    picks.append((lot_id, take))
                    left -= take
            if left:
                return None
            result[item] = picks
        return result

    def sign(self, dispatch_id: int, rejected: int) -> None:
        w = self.world
        rows = w.dispatch_lines(dispatch_id)
        counted = {row.id: (row.shipped, 0, None) for row in rows}
        first = rows[0]
        back = min(rejected, first.shipped)
        counted[first.id] = (first.shipped - back, back, "破损" if back else None)
        sign_delivery(w.session, actor=w.actor, dispatch_id=dispatch_id, version=w.dispatch_row(dispatch_id).version,
                      received_by="李护士长", counted_together=True, lines=counted)  # type: ignore[arg-type]
        assert dispatch_id not in self.signed
        self.signed[dispatch_id] = (w.dispatch_row(dispatch_id), w.dispatch_lines(dispatch_id))

    # --- the invariants ---------------------------------------------------------------------------

    def check(self) -> None:
        w = self.world
        balances = w.rows(select(StockBalance).where(StockBalance.site_id == self.warehouse))
        entries = w.rows(select(StockEntry).where(StockEntry.site_id == self.warehouse))
        orders = {o.id: o for o in w.rows(select(AllocationOrder).where(
            AllocationOrder.from_site_id == self.warehouse))}
        lines = w.rows(select(AllocationLine).where(col(AllocationLine.order_id).in_(list(orders))))
        picks = w.rows(select(AllocationPick).where(col(AllocationPick.line_id).in_([x.id for x in lines])))
        sent = w.rows(select(Dispatch).where(col(Dispatch.order_id).in_(list(orders))))
        shipped = w.rows(select(DispatchLine).where(col(DispatchLine.dispatch_id).in_([d.id for d in sent])))
        live = {o for o, order in orders.items() if order.status != AllocationStatus.CANCELLED}
        line_order = {x.id: x.order_id for x in lines}
        for b in balances:
            assert 0 <= b.reserved and 0 <= b.quarantine and b.reserved <= b.on_hand - b.quarantine
            mine = [e for e in entries if e.lot_id == b.lot_id]
            assert b.on_hand == sum(e.quantity for e in mine if e.kind in ("in", "out", "adj")) >= 0
            assert b.quarantine == sum(e.quantity for e in mine if e.kind == "hold") - sum(
                e.quantity for e in mine if e.kind == "release")
            assert b.reserved == sum(p.quantity - p.dispatched for p in picks
                                     if p.lot_id == b.lot_id and line_order[p.line_id] in live)
        for x in lines:
            mine = [p for p in picks if p.line_id == x.id]
            assert sum(p.quantity for p in mine) == x.quantity and 0 <= x.dispatched <= x.quantity
            assert x.dispatched == sum(p.dispatched for p in mine) == sum(
                s.shipped for s in shipped if s.pick_id in {p.id for p in mine})
            assert all(p.dispatched <= p.quantity for p in mine)
        signed_ids = {d.id for d in sent if d.status == DispatchStatus.SIGNED}
        pick_line = {p.id: p.line_id for p in picks}
        line_request = {x.id: x.request_line_id for x in lines}
        for request_id, _ in self.requests:
            request_lines = w.request_lines(request_id)
            for r in request_lines:
                # the quantities as RequestLine.outstanding defines them
                gross = sum(x.quantity for x in lines if x.request_line_id == r.id and x.order_id in live)
                mine = [s for s in shipped if line_request[pick_line[s.pick_id]] == r.id]
                rejected = sum(s.rejected for s in mine if s.dispatch_id in signed_ids)
                shipped_here = sum(s.shipped for s in mine)
                assert r.approved is not None and r.approved <= r.requested
                assert shipped_here <= gross
                assert r.allocated == gross - rejected <= r.approved
                assert r.outstanding == r.approved - (gross - rejected) >= 0
            status = w.get(Request, request_id).status
            filled = all(r.outstanding == 0 for r in request_lines)
            assert status == (RequestStatus.FILLED if filled else RequestStatus.APPROVED)
        for s in shipped:
            assert s.accepted is None or s.accepted + s.rejected == s.shipped
        for order_id, order in orders.items():
            mine = [x for x in lines if x.order_id == order_id]
            done = all(x.dispatched == x.quantity for x in mine)
            signed = all(d.status == DispatchStatus.SIGNED for d in sent if d.order_id == order_id)
            expected = (AllocationStatus.CANCELLED if order.status == AllocationStatus.CANCELLED else
                        AllocationStatus.ISSUED if not done else
                        AllocationStatus.DELIVERED if signed else AllocationStatus.DISPATCHED)
            assert order.status == expected
        for dispatch_id, snapshot in self.signed.items():
            assert (w.dispatch_row(dispatch_id), w.dispatch_lines(dispatch_id)) == snapshot


@SETTINGS
@given(n95=st.lists(LOT.map(lambda lot: ("MASK-N95", *lot[1:])), min_size=1, max_size=3),
       drugs=st.lists(LOT.map(lambda lot: ("DRUG", *lot[1:])), min_size=1, max_size=3),
       steps=st.lists(STEP, min_size=3, max_size=14))
def test_random_allocation_sequences_keep_the_invariants(world: AllocWorld, n95, drugs, steps) -> None:  # type: ignore[no-untyped-def]
    play = Play(world, n95 + drugs)
    play.check()
    for step in steps:
        play.step(step)


def test_a_second_signature_is_refused_and_changes_nothing(world: AllocWorld) -> None:
    play = Play(world, [("DRUG", 100, None, None, 0)])
    play.step(("issue", 1, 0, 50))
    play.step(("dispatch", 0, None))
    play.step(("sign", 0, 5))
    assert len(play.signed) == 1
    play.step(("sign", 0, 0))  # refused; check() proves nothing changed
    assert sum(r.allocated for r in world.request_lines(play.requests[1][0])) == 45  # 5 rejected: outstanding


def test_a_line_rejected_at_delivery_can_be_allocated_again(world: AllocWorld) -> None:
    play = Play(world, [("MASK-N95", 200, None, "medical_protective", 0)])
    request_id, ids = play.requests[0]  # the designated hospital's: 300 N95 approved
    play.step(("issue", 0, 100, 0))
    play.step(("issue", 0, 100, 0))
    play.step(("dispatch", 0, None))
    play.step(("sign", 0, 30))  # 30 of the first order rejected at the door
    (line,) = [r for r in world.request_lines(request_id) if r.id == ids["MASK-N95"]]
    assert (line.allocated, line.outstanding) == (170, 130)
    play.step(("issue", 0, 130, 0))  # 30 back in quarantine: not available; 0 free left
    assert len(play.orders) == 2
    world.stock("MASK-N95", "L-NEW", 200, site=play.warehouse)
    play.step(("issue", 0, 130, 0))  # the rejected 30 and the 100 never allocated, allocated again
    assert len(play.orders) == 3
    (line,) = [r for r in world.request_lines(request_id) if r.id == ids["MASK-N95"]]
    assert (line.allocated, line.outstanding) == (300, 0)
