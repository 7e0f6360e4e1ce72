"""The sources tab of screen 9 at 80×24 in both languages: ``e`` changes a source's amount available
with the document that changes it, refused below what is approved from it; ``enter`` opens the
source with that change and its requests; a field cadre is not offered the key."""

from __future__ import annotations

import pytest
from sqlmodel import select

from models.funds import FundRequest, FundSource
from models.services.fund_requests import approve_fund_request
from models.settings import Settings, install

from .conftest import DeskFactory
from .test_funds_screen import WAN, grant, shown, words  # noqa: F401  (grant: a source of 200 and a request)

LANGS = ["en", "zh"]


@pytest.fixture(autouse=True)
def no_polling() -> None:
    install(Settings(poll_seconds=3600.0))


@pytest.fixture
def approved(desk_db, coord, grant) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The request approved in full: 50 of the source's 200 approved."""
    with desk_db.session() as s:
        request = s.exec(select(FundRequest)).one()
        source = s.exec(select(FundSource)).one()
        approve_fund_request(s, actor=coord, request_id=request.id, version=request.version, approved=50 * WAN,
                             source_id=source.id)


def fits(desk) -> bool:  # type: ignore[no-untyped-def]
    return all(len(line) <= 80 for line in desk.text().splitlines())


@pytest.mark.parametrize("lang", LANGS)
async def test_change_the_amount_available_never_below_what_is_approved(desk_factory: DeskFactory, desk_db,
                                                                        approved, lang: str) -> None:  # type: ignore[no-untyped-def]
    async with desk_factory(lang=lang) as desk:
        await desk.open("funds")
        assert desk.screen.active_tab == "sources"
        assert words(lang, "Amount", "额度") in desk.footer()
        await desk.press("e")
        assert words(lang, "Amount available: City special funds", "可用额度：市级专项资金") in desk.flat()
        assert words(lang, "50 (10k yuan) approved from it", "已从中批准") in desk.flat() and fits(desk)
        await desk.fill("#doc-available", "10")
        await desk.fill("#doc-document", "渝财2020-18号")
        await desk.press("ctrl+s")
        assert words(lang, "Less than is approved from this source already", "少于该来源已批准的金额") in desk.flat()
        await desk.fill("#doc-available", "300")
        await desk.press("ctrl+s")
        source = shown(desk)[1]
        assert "300" in source and "250" in source
        await desk.press("enter")
        detail = desk.flat()
        assert "ZJ-20200203-001" in detail and "渝财2020-18号" in detail and "200 → 300" in detail
        assert words(lang, "Changes of the amount available", "可用额度调整记录") in detail and fits(desk)
        await desk.press("escape")
        assert desk.screen.active_tab == "sources" and fits(desk)
    with desk_db.session() as s:
        row = s.exec(select(FundSource)).one()
        assert (row.available, row.approved, row.document) == (300 * WAN, 50 * WAN, "渝财2020-18号")


@pytest.mark.parametrize("lang", LANGS)
async def test_a_field_cadre_reads_a_source_but_cannot_change_it(desk_factory: DeskFactory, desk_db, coord,
                                                                 grant, lang: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from models.people import CadreCreate
    from models.services.cadres import create_cadre

    with desk_db.session() as s:
        create_cadre(s, actor=coord, data=CadreCreate(name="李干部", login="lifield", role="field_cadre"))
    async with desk_factory(lang=lang, login="lifield") as desk:
        await desk.open("funds")
        assert words(lang, "Amount", "额度") not in desk.footer()
        await desk.press("e")
        assert words(lang, "Amount available:", "可用额度：") not in desk.flat()
        await desk.press("enter")
        assert "ZJ-20200203-001" not in desk.flat()  # the request was never approved from it
        assert "渝财〔2020〕12号" in desk.flat() and fits(desk)
    with desk_db.session() as s:
        assert s.exec(select(FundSource)).one().available == 200 * WAN
