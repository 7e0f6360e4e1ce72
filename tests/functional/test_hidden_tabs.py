"""A change reloads the tab in view only; a hidden tab is marked and shows the change when it is shown
(funds at 80×24, both languages; the change made by another session, the poll run by hand)."""

from __future__ import annotations

import pytest

from models.services.checkin_match import match_enterprises
from models.services.fund_requests import create_fund_request
from models.services.fund_sources import add_source
from models.settings import Settings, install
from tui.widgets.paged_table import PagedTable

from .conftest import DeskFactory

WAN = 1_000_000


@pytest.fixture(autouse=True)
def no_polling() -> None:
    install(Settings(poll_seconds=3600.0))  # the test polls by hand, at the moments that matter


@pytest.fixture
def reloads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the tables reloaded for a change, in order."""
    seen: list[str] = []
    real = PagedTable.refresh_data

    def counting(self: PagedTable) -> None:
        seen.append(str(self.id))
        real(self)

    monkeypatch.setattr(PagedTable, "refresh_data", counting)
    return seen


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_change_while_a_tab_is_hidden_shows_when_the_tab_is_shown(desk_factory: DeskFactory, desk_db, coord,
                                                                          reloads: list[str], lang: str) -> None:  # type: ignore[no-untyped-def]
    with desk_db.session() as s:
        enterprise = match_enterprises(s, query="茶园康护").found.id
        add_source(s, actor=coord, name="市级专项资金", name_en="City special funds", kind_="city_special",
                   available=200 * WAN, document="渝财〔2020〕12号")
    async with desk_factory(lang=lang) as desk:
        await desk.open("funds")
        assert desk.screen.active_tab == "sources"
        desk.app._poll()  # the first poll: the app knows where the data stands
        await desk.settle()
        assert "ZJ-20200203-001" not in desk.flat()
        with desk_db.session() as s:  # another session asks for money while the requests tab is hidden
            create_fund_request(s, actor=coord, purpose="capacity", requested=50 * WAN, enterprise_id=enterprise)
        desk.app._poll()
        await desk.settle()
        assert reloads == ["funds-sources-table"]  # the tab in view only
        assert desk.screen.stale_tabs == set(desk.screen.TAB_IDS) - {"sources"}
        await desk.press("right_square_bracket")
        assert desk.screen.active_tab == "requests"
        assert "ZJ-20200203-001" in desk.rows("funds-requests-table")[1]
        assert reloads == ["funds-sources-table", "funds-requests-table"]
        await desk.press("left_square_bracket", "right_square_bracket")  # shown again, nothing new: no reload
        assert reloads == ["funds-sources-table", "funds-requests-table"]
        assert all(len(line) <= 80 for line in desk.text().splitlines())


async def test_the_reference_screen_reloads_a_hidden_tab_when_it_is_shown(desk_factory: DeskFactory, desk_db,
                                                                          coord) -> None:  # type: ignore[no-untyped-def]
    from models.people import CadreCreate
    from models.services.cadres import create_cadre
    from tui.reference.tab import ReferenceTab

    async with desk_factory() as desk:
        await desk.open("reference")
        await desk.press("right_square_bracket", "left_square_bracket")  # two tabs built, the first shown
        tabs = {type(tab).__name__: tab for tab in desk.screen.query(ReferenceTab)}
        assert set(tabs) == {"PeopleTab", "DistrictsTab"}
        reloaded: list[str] = []
        for name, tab in tabs.items():
            real = tab.reload

            def counting(real=real, name=name) -> None:  # type: ignore[no-untyped-def]
                reloaded.append(name)
                real()

            tab.reload = counting  # type: ignore[method-assign]
        desk.app._poll()
        await desk.settle()
        with desk_db.session() as s:  # another session adds a person
            create_cadre(s, actor=coord, data=CadreCreate(name="王新人", login="wangxin", role="field_cadre"))
        desk.app._poll()
        await desk.settle()
        assert reloaded == ["PeopleTab"] and desk.screen.stale_tabs == {tabs["DistrictsTab"]}
        await desk.press("right_square_bracket")
        assert reloaded == ["PeopleTab", "DistrictsTab"] and not desk.screen.stale_tabs
        await desk.press("left_square_bracket", "right_square_bracket")
        assert reloaded == ["PeopleTab", "DistrictsTab"]
