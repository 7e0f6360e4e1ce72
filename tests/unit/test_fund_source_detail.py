"""A source of funds in full, on both databases: each change of its amount with the document that
made it (read back from the audit rows), its requests the latest first, and the change refused
below what is approved from it."""

from __future__ import annotations

import pytest

from models.errors import ValidationError
from models.services.fund_source_detail import SHOWN, source_detail
from models.services.fund_sources import change_available
from tests.unit.fund_world import WAN, FundWorld


@pytest.fixture
def world(session, coordinator, enterprise, frozen_clock) -> FundWorld:
    return FundWorld(session=session, actor=coordinator, enterprise_id=enterprise.id)


def test_the_changes_of_the_amount_and_the_requests(world: FundWorld, frozen_clock) -> None:
    source = world.source(100 * WAN)
    first = world.request(50 * WAN)
    world.approve(first, 50 * WAN, source)
    with pytest.raises(ValidationError):
        change_available(world.session, actor=world.actor, source_id=source, version=world.src(source).version,
                         available=49 * WAN, document="渝财〔2020〕18号")
    frozen_clock.advance(hours=1)
    change_available(world.session, actor=world.actor, source_id=source, version=world.src(source).version,
                     available=150 * WAN, document="渝财〔2020〕18号")
    change_available(world.session, actor=world.actor, source_id=source, version=world.src(source).version,
                     available=120 * WAN, document="渝财〔2020〕18号")
    for _ in range(SHOWN):
        world.approve(world.request(WAN), WAN, source)
    detail = source_detail(world.session, source_id=source)
    assert detail is not None and detail.row.available == 120 * WAN and detail.row.left == 120 * WAN - 62 * WAN
    assert [(c.old, c.new, c.document) for c in detail.changes] == [
        (150 * WAN, 120 * WAN, None), (100 * WAN, 150 * WAN, "渝财〔2020〕18号")]  # None: the same document
    assert detail.request_count == SHOWN + 1 and len(detail.requests) == SHOWN
    assert world.req(first).number not in [r.number for r in detail.requests]  # the oldest is left out
    assert source_detail(world.session, source_id=source + 1000) is None
