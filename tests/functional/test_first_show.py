"""A screen's first show does less than Textual would, and shows the same: its stylesheet restyles only
the widgets it may style (every widget's styles as Textual's full restyle gives them), and the footer
kept from an earlier fit is the footer a new fit makes."""

from __future__ import annotations

from typing import Any

import pytest

import tui.widgets.footer as footer
from tests.functional.test_stock_screen import stocked  # noqa: F401  (the fixture: stock at two warehouses)

from .driver import Desk


def styles_of(app: Any) -> dict[int, tuple[str, ...]]:
    """Every node's rules as CSS lines, its parts' too, by node."""
    shown: dict[int, tuple[str, ...]] = {}
    for node in app.walk_children(with_self=True):
        parts = tuple(line for name in sorted(node._component_styles)
                      for line in (name, *node._component_styles[name].base.css_lines))
        shown[id(node)] = (*node.styles.base.css_lines, *parts)
    return shown


@pytest.mark.usefixtures("stocked")
@pytest.mark.parametrize("screens", [("stock",), ("stock", "allocation", "dashboard")])
async def test_a_first_show_styles_every_widget_as_textual_would(desk_factory, screens) -> None:
    async with desk_factory() as desk:
        for screen in screens:
            await desk.open(screen)
        app = desk.app
        ours = styles_of(app)
        app.stylesheet.reparse()  # Textual's own way: every stylesheet again, every widget restyled
        app.stylesheet.update(app)
        assert styles_of(app) == ours


@pytest.mark.usefixtures("stocked")
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_card_opened_again_has_the_footer_a_new_fit_makes(desk_factory, lang) -> None:
    footer._FITS.clear()
    async with desk_factory(lang=lang) as desk:
        await desk.open("stock")
        await desk.press("enter")
        fitted = desk.footer()
        assert footer._FITS, "the card's fit was kept"
        await desk.press("escape")
        await desk.press("enter")  # the kept fit, no measuring
        assert desk.footer() == fitted
        assert "q" in fitted.split()


@pytest.mark.usefixtures("stocked")
async def test_the_list_under_a_card_keeps_its_footer(desk: Desk) -> None:
    async with desk:
        await desk.open("stock")
        shown = desk.footer()
        await desk.press("enter")
        await desk.press("escape")
        assert desk.footer() == shown


async def test_the_directory_loads_its_choices_once_shown_again(desk: Desk) -> None:
    """Due while another screen is shown (opened at once after start-up), the directory's filter
    choices wait for it to show again rather than share the processor with that screen's first show."""
    from tui.enterprises.screen import EnterpriseListScreen

    async with desk:
        directory = desk.screen
        assert isinstance(directory, EnterpriseListScreen)
        await desk.wait_until(lambda: directory.choices is not None, 20)  # the load at start-up, done
        directory.choices = None  # as if they had not come yet
        await desk.open("stock")
        directory._ask_choices()  # the timer after the first rows, come due now
        await desk.settle()
        assert directory.choices is None and directory._choices_when_shown
        await desk.open("enterprises")
        await desk.wait_until(lambda: directory.choices is not None, 20)
