"""Snapshots of one shortage's detail and timeline at 80x24, in English and in Chinese.

The shortage is scenario 2 of the case: 茶园康护 has melt-blown fabric for 2 days; 李强 reports it,
a coordinator assigns it to the production group, escalates it, records the supplier's call and
resolves it. Every step is made through the services with the clock pinned, so times are fixed.

Update with ``pytest tests/functional/test_shortage_snapshots.py --snapshot-update`` and look at
the SVGs in ``__snapshots__/test_shortage_snapshots/`` before committing them.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from models.people import CadreCreate
from models.services import shortages as svc
from models.services.cadres import create_cadre, station
from models.services.choices import reportable_enterprises
from models.services.identity import resolve_actor
from models.shortage import Shortage, ShortageCreate

from .conftest import CASE_TIME, settle

SIZE = (80, 24)


def case_history(desk_db, coord, clock) -> int:  # type: ignore[no-untyped-def]
    with desk_db.session() as session:
        sample = reportable_enterprises(session, actor=coord, query="茶园康护")[0].id
        cadre = create_cadre(session, actor=coord, data=CadreCreate(name="李强", login="liqiang", role="field_cadre"))
        station(session, actor=coord, cadre_id=cadre.id, enterprise_id=sample, start=date(2020, 1, 24))
        reporter = resolve_actor(session, login="liqiang")
        clock.set(datetime(2020, 2, 2, 7, 20))  # unsolved for over 24 hours at 07:50 next day: marked
        shortage = svc.report_shortage(session, actor=reporter, data=ShortageCreate(
            enterprise_id=sample, kind="raw_material", material_id=2, quantity=5, unit="吨", severity="critical",
            need_by=date(2020, 2, 4), description="熔喷布库存仅够 2 天生产 [urgent]"))
        steps = [
            (datetime(2020, 2, 2, 9, 40), coord, "assign", {"group_id": 3, "assignee_id": cadre.id}),
            (datetime(2020, 2, 2, 11, 5), reporter, "supplier_contacted", {"note": "浙江恒远：明日发货 2 吨"}),
            (datetime(2020, 2, 3, 7, 30), coord, "note", {"note": "Supplier delays: trucks held at the toll gate"}),
        ]
        for at, actor, action, kwargs in steps:
            clock.set(at)
            version = session.get(Shortage, shortage.id, populate_existing=True).version
            svc.act(session, actor=actor, shortage_id=shortage.id, expected_version=version, action=action, **kwargs)
            session.rollback()
        clock.set(CASE_TIME)
        return shortage.id


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_shortage_timeline(snap_compare, make_desk_app, desk_db, coord, pinned_clock, lang: str) -> None:
    case_history(desk_db, coord, pinned_clock)

    async def open_it(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_desk_app(lang=lang, start="shortages"), terminal_size=SIZE, run_before=open_it)
