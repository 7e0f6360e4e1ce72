"""Screen 8 at 80×24 in both languages, driven by keys: a directed overseas donation of masks is
vetted (its KN95 line refused for medical-protective use), received into the warehouse, published,
one published row corrected, the batch exported, the certificate issued; a new offer typed in the
form; a field cadre is offered no key that writes."""

from __future__ import annotations

import pytest

from models.settings import Settings, install

from .allocation_world import HOSPITAL, HOSPITAL_EN, World, build
from .conftest import DeskFactory

LANGS = ["en", "zh"]


@pytest.fixture(autouse=True)
def no_polling() -> None:
    install(Settings(poll_seconds=3600.0))


@pytest.fixture
def world(desk_db, coord) -> World:  # type: ignore[no-untyped-def]
    from models.services.donation_offers import DonationLineIn, register_donation

    with desk_db.session() as s:
        world = build(s, coord)
        register_donation(s, actor=coord, donor_kind="overseas", channel="red_cross", donor_name="旅德华侨联合会",
                          directed=True, recipient_site_id=world.hospital, addressee="张医生", documents="CE, FDA",
                          lines=[DonationLineIn(world.n95, 20_000, "KN95", "GB 2626"),
                                 DonationLineIn(world.n95, 10_000, "1860", "GB 19083")])
        return world


def words(lang: str, en: str, zh: str) -> str:
    return en if lang == "en" else zh


def fits(desk) -> bool:  # type: ignore[no-untyped-def]
    return all(len(line) <= 80 for line in desk.text().splitlines())


@pytest.mark.parametrize("lang", LANGS)
async def test_the_story_of_a_directed_donation(desk_factory: DeskFactory, world: World, lang: str,
                                                tmp_path) -> None:  # type: ignore[no-untyped-def]
    async with desk_factory(lang=lang) as desk:
        await desk.press("8")
        rows = desk.rows()
        assert words(lang, "Donor", "捐赠方") in rows[0]
        assert "JZ-20200203-001" in rows[1] and words(lang, "offered", "已登记") in rows[1]
        assert fits(desk)
        await desk.press("enter")
        assert "旅德华侨联合会" in desk.flat() and words(lang, HOSPITAL_EN, HOSPITAL)[:6] in desk.flat()
        await desk.press("v")
        assert words(lang, "vetting", "审核中") in desk.flat()
        await desk.press("v")
        assert words(lang, "Vet JZ-20200203-001", "审核 JZ-20200203-001") in desk.flat() and fits(desk)
        await desk.fill(f"#doc-accepted_{desk.screen.parts[1].name.split('_')[1]}", "20000")
        await desk.press("ctrl+s")
        assert words(lang, "At most", "最多") in str(desk.screen.query_one("#doc-error").render())
        await desk.fill(f"#doc-accepted_{desk.screen.parts[1].name.split('_')[1]}", "8000")
        await desk.press("ctrl+s")
        shown = desk.flat()
        assert words(lang, "below the catalogue's", "低于目录要求") in shown
        assert words(lang, "accepted", "已接收") in shown
        assert fits(desk)
        # receive the accepted line into the warehouse
        await desk.press("r")
        line = next(p.name.split("_")[1] for p in desk.screen.parts if not isinstance(p, str)
                    and p.name.startswith("qty_"))
        await desk.fill("#doc-voucher", "RK-JZ-01")
        await desk.fill(f"#doc-qty_{line}", "8000")
        await desk.fill(f"#doc-lot_{line}", "DN-1860-01")
        await desk.press("ctrl+s")
        assert "10,000 · 8,000 · 8,000" in desk.flat()
        # the certificate
        await desk.press("c")
        assert "ZS-20200203-001" in desk.flat()
        # publish: the row, then correct it
        await desk.press("escape", "p", "y")
        shown = desk.flat()
        assert "GS-20200203-001" in shown and "8,000" in shown and "1860 GB 19083" in shown
        await desk.press("c")
        await desk.fill("#doc-new_value", "7800")
        await desk.fill("#doc-reason", "入库复核")
        await desk.press("ctrl+s")
        assert fits(desk)
        await desk.press("e")
        await desk.press("escape")
        assert desk.screen.active_tab == "published" and "GS-20200203-001" in desk.flat()
        await desk.press("p", "y")
        shown = desk.flat()
        assert "GS-20200203-002" in shown and "8000 → 7800" in shown and "入库复核" in shown
        assert fits(desk)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_new_anonymous_offer_typed_in_the_form(desk_factory: DeskFactory, world: World, lang: str) -> None:
    async with desk_factory(lang=lang) as desk:
        await desk.press("8", "n")
        assert fits(desk)
        desk.screen.query_one("#doc-anonymous").value = "yes"
        desk.screen.query_one("#doc-item_1").value = str(world.surgical)
        await desk.fill("#doc-qty_1", "5000")
        await desk.fill("#doc-standard_1", "YY 0469")
        await desk.press("ctrl+s")
        shown = desk.flat()
        assert "JZ-20200203-002" in shown and words(lang, "anonymous", "匿名") in shown


@pytest.mark.parametrize("lang", LANGS)
async def test_a_field_cadre_is_offered_no_write_key(desk_factory: DeskFactory, desk_db, coord, world: World,
                                                      lang: str) -> None:  # type: ignore[no-untyped-def]
    from models.people import CadreCreate
    from models.services.cadres import create_cadre

    with desk_db.session() as s:
        create_cadre(s, actor=coord, data=CadreCreate(name="李四", login="lisi", role="field_cadre"))
    async with desk_factory(lang=lang, login="lisi") as desk:
        await desk.press("8")
        assert words(lang, "New offer", "登记捐赠") not in desk.footer()
        await desk.press("enter")
        assert "旅德华侨联合会" in desk.flat()
        assert words(lang, "Vet", "审核") not in desk.footer()


@pytest.mark.parametrize("lang", LANGS)
async def test_the_dashboard_shows_the_donations_line(desk_factory: DeskFactory, desk_db, coord, world: World,
                                                      lang: str) -> None:  # type: ignore[no-untyped-def]
    async with desk_factory(lang=lang, start="dashboard") as desk:
        shown = desk.flat()
        assert words(lang, "Donations today: received 0", "今日捐赠：入库 0") in shown
        assert fits(desk)
