"""Palette ``export: this list`` on screens 8 and 9 at 80×24, in both languages: the donation offers
and the funds' requests and sources go out as filtered, each to a new workbook in ``exports/``;
the publication batches, the key-supply list and the subsidies are not offered it."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from models import paths
from models.settings import Settings, install

from .conftest import DeskFactory
from .test_donations_screen import world  # noqa: F401  (the directed donation of masks)
from .test_funds_screen import grant  # noqa: F401  (a source, a funding shortage and its request)

LANGS = ["en", "zh"]


@pytest.fixture(autouse=True)
def no_polling() -> None:
    install(Settings(poll_seconds=3600.0))


async def _export(desk) -> None:  # type: ignore[no-untyped-def]
    await desk.press("ctrl+p")
    await desk.type("export: this list")
    await desk.press("enter")


def _offered(desk) -> bool:  # type: ignore[no-untyped-def]
    from tui.i18n import command_title

    return command_title("export", "this list") in [c.title for c in desk.app.get_system_commands(desk.screen)]


def _sheet(name: str) -> list[tuple[object, ...]]:
    return list(load_workbook(paths.export_dir() / name).active.iter_rows(values_only=True))


@pytest.mark.parametrize("lang", LANGS)
async def test_the_donation_offers_go_out_as_filtered(desk_factory: DeskFactory, world, lang: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    async with desk_factory(lang=lang) as desk:
        await desk.press("8")
        await desk.filter("旅德")
        assert _offered(desk)
        await _export(desk)
        rows = _sheet(f"donations-20200203-0750-{lang}.xlsx")
        assert rows[0][:2] == (("Number", "Donor") if lang == "en" else ("编号", "捐赠方"))
        assert [row[0] for row in rows[1:]] == ["JZ-20200203-001"] and rows[1][1] == "旅德华侨联合会"
        await desk.dismiss_notices()
        await desk.filter("nobody such")
        await _export(desk)
        assert len(_sheet(f"donations-20200203-0750-{lang}-2.xlsx")) == 1  # the header only
        await desk.press("right_square_bracket")  # the batches: exported by their own screen
        assert not _offered(desk)
        assert all(len(line) <= 80 for line in desk.text().splitlines())


@pytest.mark.parametrize("lang", LANGS)
async def test_the_fund_sources_and_requests_go_out(desk_factory: DeskFactory, grant, lang: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    async with desk_factory(lang=lang) as desk:
        await desk.open("funds")
        await _export(desk)
        sources = _sheet(f"fund_sources-20200203-0750-{lang}.xlsx")
        assert sources[0][0] == ("Source" if lang == "en" else "来源")
        assert sources[1][0] == "市级专项资金" and 200 in sources[1] and "渝财〔2020〕12号" in sources[1]
        await desk.dismiss_notices()
        await desk.press("right_square_bracket")
        await desk.filter("ZJ-20200203-001")
        await _export(desk)
        requests = _sheet(f"fund_requests-20200203-0750-{lang}.xlsx")
        assert [row[0] for row in requests[1:]] == ["ZJ-20200203-001"] and 50 in requests[1]
        assert ("submitted" if lang == "en" else "待审批") in requests[1]
        await desk.press("right_square_bracket")  # the key-supply list: no export of its kind
        assert not _offered(desk)
        assert all(len(line) <= 80 for line in desk.text().splitlines())
