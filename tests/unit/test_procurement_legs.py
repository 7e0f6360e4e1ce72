"""Adding a leg to a consignment on the way, on both databases: by air to Chongqing, the plane
lands (the air leg's arrival recorded), then the road leg to the warehouse is added. The
consignment's ETA and arrival follow its last leg; a received consignment takes no more legs and
a stale version is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models import clock
from models.errors import ConflictError, TransitionError
from models.services.consignment_receiving import CountIn, receive_consignment
from models.services.consignments import LegIn, add_leg, create_consignment, record_leg
from tests.unit.procure_world import ProcureWorld


@pytest.fixture
def world(session, coordinator, frozen_clock) -> ProcureWorld:
    return ProcureWorld(session, coordinator)


def _by_air(world: ProcureWorld) -> int:
    """1,000 protective masks on a consignment with only its air leg, departed now."""
    order = world.order({"MASK-N95": 1000})
    now = clock.now()
    consignment = create_consignment(world.session, actor=world.actor, site_id=world.warehouse,
                                     lines={world.lines(order)[0].id: 1000},  # type: ignore[dict-item]
                                     legs=[LegIn(mode="air", origin="Frankfurt", destination="重庆江北机场",
                                                 vehicle="CA1048", eta=now + timedelta(hours=6))])
    world.depart(consignment, now)
    return consignment


def test_the_road_leg_added_when_the_plane_lands(world: ProcureWorld, frozen_clock) -> None:
    consignment = _by_air(world)
    landed = clock.now() + timedelta(hours=6)
    [air] = world.legs(consignment)
    record_leg(world.session, actor=world.actor, leg_id=air.id, version=air.version,  # type: ignore[arg-type]
               arrived_at=landed)
    assert world.consignment(consignment).arrived_at == landed  # the last leg so far
    eta = landed + timedelta(hours=2)
    leg_id = add_leg(world.session, actor=world.actor, consignment_id=consignment,
                     version=world.consignment(consignment).version,
                     leg=LegIn(mode="road", origin="重庆江北机场", destination="市储备一号库", vehicle="渝A12345",
                               driver_phone="13900000002", green_pass="渝绿通-0203-15", eta=eta))
    air, road = world.legs(consignment)
    assert (road.id, road.seq, road.mode, road.vehicle) == (leg_id, 2, "road", "渝A12345")
    assert air.arrived_at == landed
    shown = world.consignment(consignment)
    # the journey is not over: no arrival, the road leg's ETA, still in transit
    assert (shown.status, shown.eta, shown.arrived_at) == ("in_transit", eta, None)
    record_leg(world.session, actor=world.actor, leg_id=road.id, version=road.version,  # type: ignore[arg-type]
               departed_at=landed + timedelta(minutes=30), arrived_at=eta)
    assert world.consignment(consignment).arrived_at == eta


def test_no_leg_on_a_received_consignment_nor_from_a_stale_screen(world: ProcureWorld) -> None:
    consignment = _by_air(world)
    stale = world.consignment(consignment).version
    [air] = world.legs(consignment)
    record_leg(world.session, actor=world.actor, leg_id=air.id, version=air.version, eta=clock.now())  # type: ignore[arg-type]
    with pytest.raises(ConflictError):
        add_leg(world.session, actor=world.actor, consignment_id=consignment, version=stale, leg=LegIn(mode="road"))
    [line] = world.cons_lines(consignment)
    receive_consignment(world.session, actor=world.actor, consignment_id=consignment,
                        version=world.consignment(consignment).version, voucher_no="V",
                        counts=[CountIn(line.id, 1000)])  # type: ignore[arg-type]
    with pytest.raises(TransitionError):
        add_leg(world.session, actor=world.actor, consignment_id=consignment,
                version=world.consignment(consignment).version, leg=LegIn(mode="road"))
    assert len(world.legs(consignment)) == 1
