"""The daily brief's figures against figures worked out by hand from the timeline of brief_world.py.

Every figure is checked as of 2020-02-03 12:00 (period from 2020-02-02 12:00), where changes made
after 12:00 must not count, and again as of 16:00, where they must.
"""

from __future__ import annotations

from datetime import datetime

from models.services.brief import brief

from .brief_world import AS_OF, SINCE, world  # noqa: F401  (world: the fixture)


def check_people_as_of_noon(session, world) -> None:
    people = brief(session, as_of=AS_OF).people
    # taking part (the headcount tab's figure): cadres with a check-in by 12:00: chenjing (02-01),
    # liqiang (02-02), sunli, zhaolei (02-03) = 4; not a role on the roster
    assert people.participating == 4
    # check-ins overlapping 02-02 12:00 .. 02-03 12:00: liqiang 02-02 08–18, sunli 02-03 09–open,
    # zhaolei 02-03 11–13; not chenjing (02-01 09–17, then 02-03 12:30 after the brief) = 3
    assert people.on_duty == 3
    # on site at 12:00: sunli (open), zhaolei (11–13) = 2
    assert people.on_site == 2


def check_enterprises_as_of_noon(session, world) -> None:
    firms = brief(session, as_of=AS_OF).enterprises
    # on the directory at 12:00: E1 E2 E3 E4 E5 E8 = 6 (E6 made at 13:00; E7 archived 02-02 09:00;
    # E8 archived only at 15:00, so it still counts)
    assert firms.total == 6
    # E1 full load (02-02 15:00); E2 resumed (09:00), E3 resumed (full load only at 13:00), E5 made
    # resumed; E4 not resumed (resumed only at 14:00); E8 stopped
    assert firms.by_status == {"not_resumed": 1, "resumed": 3, "full_load": 1, "stopped": 1}
    assert firms.resumed == 3 + 1
    assert firms.full_load == 1
    # running at 12:00 but not at 02-02 12:00: E2 (resumed 09:00), E5 (made 02-02 20:00) = 2;
    # E1 was already resumed (02-01 10:00), E3 made resumed on 02-01
    assert firms.resumed_in_period == 2


def check_licences_as_of_noon(session, world) -> None:
    licences = brief(session, as_of=AS_OF).licences
    # granted on or before 02-03: Q1 01-30, Q5 02-01, Q2 02-02, Q3 02-03 = 4 (Q4 applying, Q6 02-04)
    assert licences.granted_total == 4
    # granted on 02-02 or 02-03: Q2, Q3 = 2
    assert licences.granted_in_period == 2


def check_shortages_as_of_noon(session, world) -> None:
    shortages = brief(session, as_of=AS_OF).shortages
    # reported by 12:00: S1 S2 S3 S4 S5 S6 S7 S8 S10 = 9 (S9 at 13:00)
    assert shortages.reported_total == 9
    # reported after 02-02 12:00: S4 13:00, S5 16:00, S6 09:00, S7 10:30, S8 11:00 = 5
    assert shortages.opened == 5
    # resolved in the period: S3 (02-02 14:00, reopened 02-03 08:00 but solved then) = 1;
    # S4's resolution at 15:00 is after the brief
    assert shortages.solved == 1
    assert shortages.closed == 1  # S5, 02-03 10:00
    # resolved at 12:00: S2 (02-02 10:00), S10 (02-01 15:00; its reopening at 14:00 is after) = 2
    assert shortages.solved_total == 2
    assert shortages.closed_total == 1  # S5
    # open at 12:00: S1, S3 (reopened), S4 (resolved only at 15:00), S6, S7, S8 = 6; 2 + 1 + 6 = 9
    assert shortages.still_open == 6
    ids = {v: k for k, v in world.shortages.items()}
    assert [ids[row.shortage_id] for row in shortages.oldest] == ["S1", "S3", "S4", "S6", "S7"]
    first = shortages.oldest[0]
    assert (first.enterprise, first.kind, first.severity, first.what) == ("茶园康护",
                                                                          "raw_material", "critical", "熔喷布")
    assert first.reported_at == datetime(2020, 2, 1, 10, 0)
    # hours open at 12:00: S1 02-01 10:00 -> 50, S3 02-02 09:00 -> 27, S4 13:00 -> 23, S6 -> 3, S7 -> 1.5
    assert [row.hours_open for row in shortages.oldest] == [50, 27, 23, 3, 1.5]


def check_output_and_stock_are_yesterdays(session, world) -> None:
    result = brief(session, as_of=AS_OF)
    assert (result.since, result.output_day) == (SINCE, datetime(2020, 2, 2).date())
    items = {item.item_id: item for item in result.items}
    assert len(items) == 9  # every item of the catalogue, made or not
    masks = items[world.items["MASK-SURG"]]
    # 02-02 output: E1 80,000 (E2 sent no 02-02 line for masks); stock: each maker's latest report up to
    # 02-02: E1 30,000 (02-02) + E2 10,000 (02-01) = 40,000; capacity 100,000 + 50,000
    assert (masks.output, masks.stock, masks.capacity, masks.demand) == (80_000, 40_000, 150_000, 400_000)
    suits = items[world.items["SUIT"]]
    # 02-02: 800 made, 300 in stock; the 02-03 line (500 / 600) is today's, not yet in the brief
    assert (suits.output, suits.stock, suits.capacity, suits.demand) == (800, 300, 1_000, 12_000)
    gloves = items[world.items["GLOVE"]]
    assert (gloves.output, gloves.stock) == (0, 0)


def test_the_brief_at_noon(session, world, row_counts) -> None:
    """One timeline (it takes seconds to build), every section of the brief checked on it."""
    before = row_counts()
    check_people_as_of_noon(session, world)
    check_enterprises_as_of_noon(session, world)
    check_licences_as_of_noon(session, world)
    check_shortages_as_of_noon(session, world)
    check_output_and_stock_are_yesterdays(session, world)
    assert row_counts() == before  # a brief writes nothing


def test_later_changes_count_in_a_later_brief(session, world) -> None:
    """The same data as of 16:00: what happened between 12:00 and 16:00 now counts."""
    later = brief(session, as_of=datetime(2020, 2, 3, 16, 0))
    # E8 archived at 15:00 leaves; E6 (13:00) joins: E1 E2 E3 E4 E5 E6 = 6
    assert later.enterprises.by_status == {"not_resumed": 0, "resumed": 3, "full_load": 3, "stopped": 0}
    # running now, not at 02-02 16:00: E2, E4 (14:00), E5 and E6 (not on the directory then) = 4
    assert later.enterprises.resumed_in_period == 4
    s = later.shortages
    # S4 resolved 15:00, S10 reopened 14:00, S9 reported 13:00: open S1 S3 S6 S7 S8 S9 S10 = 7
    assert (s.reported_total, s.still_open, s.solved_total, s.closed_total) == (10, 7, 2, 1)
    # after 02-02 16:00: S6 S7 S8 S9 (S5 at exactly 16:00 is the period's start) = 4; solved: S4
    assert (s.opened, s.solved, s.closed) == (4, 1, 1)
    ids = {v: k for k, v in world.shortages.items()}
    assert [ids[row.shortage_id] for row in s.oldest] == ["S1", "S10", "S3", "S6", "S7"]
    # chenjing checked in at 12:30: on duty liqiang sunli zhaolei chenjing; taking part the same 4
    p = later.people
    assert (p.participating, p.on_duty, p.on_site) == (4, 4, 2)


def test_an_empty_database_gives_a_brief_of_zeros(session) -> None:
    result = brief(session, as_of=AS_OF)
    assert result.enterprises.total == 0 and result.enterprises.by_status["resumed"] == 0
    assert (result.shortages.still_open, result.shortages.oldest, result.licences.granted_total) == (0, (), 0)
    assert result.people.participating == 0
    assert all(item.output == 0 for item in result.items)
