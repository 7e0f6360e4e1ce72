"""Screen 9 at 80×24 in both languages, driven by keys: a coordinator approves and pays a
capacity-expansion grant that answers a funding shortage, which is resolved with its history; the
sources show what is left; the subsidy tab shows the expected subsidy; a field cadre is offered no
key that writes. Assertions are on what the user sees."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from models.base import ShortageKind, ShortageStatus
from models.history import ShortageEvent
from models.services.checkin_match import match_enterprises
from models.services.fund_requests import create_fund_request
from models.services.fund_sources import add_source
from models.services.key_supply import list_enterprise
from models.services.shortages import report_shortage
from models.services.subsidies import apply_subsidy
from models.settings import Settings, install
from models.shortage import Shortage, ShortageCreate
from tui import i18n

from .conftest import DeskFactory

LANGS = ["en", "zh"]
WAN = 1_000_000


@pytest.fixture(autouse=True)
def no_polling() -> None:
    install(Settings(poll_seconds=3600.0))


@pytest.fixture
def grant(desk_db, coord) -> int:  # type: ignore[no-untyped-def]
    """A source of 200万元, a funding shortage of 茶园康护 and its 50万元 capacity request; the shortage's id."""
    with desk_db.session() as s:
        enterprise = match_enterprises(s, query="茶园康护").found.id
        add_source(s, actor=coord, name="市级专项资金", name_en="City special funds", kind_="city_special",
                   available=200 * WAN, document="渝财〔2020〕12号")
        shortage = report_shortage(s, actor=coord, data=ShortageCreate(
            enterprise_id=enterprise, kind=ShortageKind.FUNDING.value, description="扩产设备款缺口")).id
        create_fund_request(s, actor=coord, purpose="capacity", requested=50 * WAN, enterprise_id=enterprise,
                            shortage_id=shortage)
        list_enterprise(s, actor=coord, enterprise_id=enterprise, level="local", category="医用口罩")
        apply_subsidy(s, actor=coord, enterprise_id=enterprise, lender="重庆农商行", principal=1000 * WAN,
                      rate_bp=435, start=date(2020, 2, 1), end=date(2021, 1, 31))
        return shortage  # type: ignore[return-value]


def shown(desk) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines of the list in view (its header first)."""
    return desk.rows(f"funds-{desk.screen.active_tab}-table")


def words(lang: str, en: str, zh: str) -> str:
    return en if lang == "en" else zh


@pytest.mark.parametrize("lang", LANGS)
async def test_approve_and_pay_a_grant_that_resolves_its_funding_shortage(desk_factory: DeskFactory, desk_db,
                                                                          grant: int, lang: str) -> None:  # type: ignore[no-untyped-def]
    async with desk_factory(lang=lang) as desk:
        await desk.open("funds")
        assert desk.screen.active_tab == "sources"
        await desk.press("right_square_bracket")
        rows = shown(desk)
        assert "ZJ-20200203-001" in rows[1] and words(lang, "submitted", "待审批") in rows[1]
        assert words(lang, "Asked (10k)", "申请（万元）") in rows[0]
        await desk.press("a")
        assert words(lang, "Approve ZJ-20200203-001", "审批 ZJ-20200203-001") in desk.flat()
        await desk.press("ctrl+s")
        assert words(lang, "approved", "已批准") in shown(desk)[1]
        await desk.press("p")
        assert words(lang, "resolves the funding shortage", "资金类短缺") in desk.flat()
        await desk.fill("#doc-voucher", "PZ-0203-01")
        await desk.press("ctrl+s")
        assert words(lang, "paid", "已拨付") in shown(desk)[1]
        # the request in full: its payment with the voucher, and its shortage resolved
        await desk.press("enter")
        detail = desk.flat()
        assert "PZ-0203-01" in detail and words(lang, "resolved", "已解决") in detail
        assert all(len(line) <= 80 for line in desk.text().splitlines())
        await desk.press("escape")
        assert all(len(line) <= 80 for line in desk.text().splitlines())
        # the sources: 200 available, 50 approved and paid, 150 left
        await desk.press("left_square_bracket")
        assert desk.screen.active_tab == "sources"
        source = shown(desk)[1]
        assert "200" in source and "150" in source
        # the subsidies: 1000万 at 4.35 % for 365 days, half the interest: 21.75万
        await desk.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        assert desk.screen.active_tab == "subsidies"
        assert "21.75" in shown(desk)[1] and "4.35%" in shown(desk)[1]
        assert all(len(line) <= 80 for line in desk.text().splitlines())
        # the dashboard says what was approved and paid today, and what each source has left
        await desk.open("dashboard")
        await desk.wait_until(lambda: words(lang, "Funds today", "今日资金") in desk.flat(), 5)
        assert words(lang, "approved 50, paid 50", "批准 50、拨付 50") in desk.flat()
        assert all(len(line) <= 80 for line in desk.text().splitlines())
        assert i18n.missing() == set()
    with desk_db.session() as s:
        shortage = s.get(Shortage, grant)
        assert shortage.status == ShortageStatus.RESOLVED
        actions = s.exec(select(ShortageEvent.action).where(ShortageEvent.shortage_id == grant)).all()
        assert list(actions) == ["reported", "resolve"]


@pytest.mark.parametrize("lang", LANGS)
async def test_a_field_cadre_is_offered_no_write_key(desk_factory: DeskFactory, desk_db, coord, grant: int,
                                                     lang: str) -> None:  # type: ignore[no-untyped-def]
    from models.people import CadreCreate
    from models.services.cadres import create_cadre

    with desk_db.session() as s:
        create_cadre(s, actor=coord, data=CadreCreate(name="李干部", login="lifield", role="field_cadre"))
    async with desk_factory(lang=lang, login="lifield") as desk:
        await desk.open("funds")
        await desk.press("right_square_bracket")
        footer = desk.footer()
        assert words(lang, "Approve", "审批") not in footer and words(lang, "Pay", "拨付") not in footer
        await desk.press("a", "p")
        assert "ZJ-20200203-001" in shown(desk)[1]


@pytest.mark.parametrize("lang", LANGS)
async def test_a_new_request_names_its_shortage_and_a_subsidy_shows_its_figure(desk_factory: DeskFactory, desk_db,
                                                                               grant: int, lang: str) -> None:  # type: ignore[no-untyped-def]
    async with desk_factory(lang=lang) as desk:
        await desk.open("funds")
        await desk.press("right_square_bracket", "n")
        assert words(lang, "New fund request", "新增资金申请") in desk.flat()
        assert desk.screen.query_one("#doc-shortage").value == str(grant)  # the open funding shortage first
        await desk.fill("#doc-requested", "20.5")
        await desk.press("ctrl+s")
        assert "ZJ-20200203-002" in desk.flat()
        await desk.press("right_square_bracket", "right_square_bracket", "n")
        assert words(lang, "Interest-subsidy application", "贴息申请") in desk.flat()
        for box, value in (("principal", "1000"), ("rate", "4.35"), ("start", "2020-02-01"), ("end", "2021-01-31")):
            await desk.fill(f"#doc-{box}", value)
        assert words(lang, "Subsidy 21.75 (10k yuan)", "预计贴息 21.75 万元") in desk.flat()
        await desk.fill("#doc-end", "2021-03-01")
        assert words(lang, "at most a year", "期限不超过一年") in desk.flat()
        assert all(len(line) <= 80 for line in desk.text().splitlines())
    with desk_db.session() as s:
        from models.funds import FundRequest

        added = s.exec(select(FundRequest).where(FundRequest.number == "ZJ-20200203-002")).one()
        assert (added.shortage_id, added.requested, added.purpose) == (grant, 20_500_000, "capacity")
