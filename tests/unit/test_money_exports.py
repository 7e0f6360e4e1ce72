"""The donation offers and the funds' requests and sources as ``export`` writes them, on both
databases: the rows of the screen's list for the request it passes (its filter too), in its order,
money as exact numbers of 万元, codes as codes; and the workbook of ``export: this list``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

import tui.i18n as i18n
from models.exchange.exporting import EXPORTS
from models.services.paging import PageRequest
from tests.unit.alloc_world import AllocWorld
from tests.unit.donation_world import DonationWorld
from tests.unit.fund_world import WAN, FundWorld


@pytest.fixture
def funds(session, coordinator, enterprise, frozen_clock) -> FundWorld:
    return FundWorld(session=session, actor=coordinator, enterprise_id=enterprise.id)


@pytest.fixture
def gifts(session, coordinator, frozen_clock) -> DonationWorld:
    return DonationWorld(AllocWorld(session=session, actor=coordinator))


def test_fund_requests_in_the_lists_order_with_its_filter(funds: FundWorld) -> None:
    source = funds.source(100 * WAN)
    first, second = funds.request(50 * WAN), funds.request(30 * WAN + 1_234)
    funds.approve(first, 40 * WAN, source, reason="部分")
    table = EXPORTS["fund_requests"](funds.session, request=PageRequest())
    # waiting for approval first, then waiting for payment
    assert [row[0] for row in table.rows] == [funds.req(second).number, funds.req(first).number]
    row = dict(zip(table.fields, table.rows[1], strict=True))
    assert (row["requested"], row["approved"], row["disbursed"], row["to_pay"]) == (50, 40, 0, 40)
    assert row["status"] == "approved" and row["purpose"] == "capacity" and row["source"] == "市级专项资金"
    assert dict(zip(table.fields, table.rows[0], strict=True))["requested"] == Decimal("30.001234")
    filtered = EXPORTS["fund_requests"](funds.session, request=PageRequest(query=funds.req(first).number))
    assert [row[0] for row in filtered.rows] == [funds.req(first).number]


def test_fund_sources_with_what_is_left(funds: FundWorld) -> None:
    source = funds.source(100 * WAN)
    funds.approve(funds.request(50 * WAN), 50 * WAN, source)
    table = EXPORTS["fund_sources"](funds.session, request=PageRequest())
    (row,) = [dict(zip(table.fields, r, strict=True)) for r in table.rows]
    assert (row["name"], row["available"], row["approved"], row["left"]) == ("市级专项资金", 100, 50, 50)
    assert row["document"] == "渝财〔2020〕12号" and row["kind"] == "city_special"
    assert EXPORTS["fund_sources"](funds.session, request=PageRequest(query="nothing such")).rows == []


def test_donation_offers_newest_first_and_filtered_by_donor(gifts: DonationWorld, frozen_clock) -> None:
    first = gifts.donation()
    frozen_clock.advance(minutes=5)
    gifts.donation(anonymous=True, directed=False)
    table = EXPORTS["donations"](gifts.session, request=PageRequest())
    rows = [dict(zip(table.fields, r, strict=True)) for r in table.rows]
    assert [r["donor"] for r in rows] == [None, "旅德华侨联合会"]
    assert rows[1]["directed"] is True and rows[1]["offered"] == 30_000 and rows[1]["status"] == "offered"
    only = EXPORTS["donations"](gifts.session, request=PageRequest(query="旅德"))
    assert [r[0] for r in only.rows] == [rows[1]["number"]] and first


@pytest.mark.parametrize(("lang", "header"), [("en", "Requested (10k yuan)"), ("zh", "申请金额（万元）")])
def test_the_workbook_has_headers_in_the_language_and_money_as_numbers(funds: FundWorld, tmp_path: Path,
                                                                         lang: str, header: str) -> None:
    from tui.exchange.this_list import write_list

    rid = funds.request(50 * WAN + 500_000)
    i18n.set_language(lang)
    try:
        path = write_list(EXPORTS["fund_requests"](funds.session, request=PageRequest()), tmp_path,
                          funds.req(rid).requested_at)
        rows = list(load_workbook(path).active.iter_rows(values_only=True))
    finally:
        i18n.set_language("en")
    assert path.name.startswith("fund_requests-") and header in rows[0]
    assert rows[1][rows[0].index(header)] == 50.5
