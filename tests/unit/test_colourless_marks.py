"""Every state that is coloured says itself in a mark or a word too: with ``NO_COLOR``, on a console
without colours or to a colour-blind eye, red and green are the same grey.

The cells are read as a terminal without colour gets them (``Plain``, the ``NO_COLOR`` filter): the
mark must be there, and absent in the state it does not mark.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from textual.color import Color

from models.dashboard_view import ItemSupply
from models.rules import low_cover_days
from tui.dashboard.figures import SHORT_MARK, supply_cells
from tui.enterprises.reserves import cover_text
from tui.shell.terminal import PLAIN


def _seen(text: Text) -> str:
    """What a terminal without colours shows of ``text``: its characters, after the NO_COLOR filter."""
    console = Console(width=80, color_system=None)
    segments = PLAIN.apply(list(text.render(console)), Color(0, 0, 0))
    assert all(s.style is None or (s.style.color is None and s.style.bgcolor is None) for s in segments)
    return "".join(segment.text for segment in segments if not segment.control)


def _item(output: float, demand: float) -> ItemSupply:
    return ItemSupply(item_id=1, name="口罩", name_en="Masks", unit="只", severely_short=False, capacity=500.0,
                      output=output, stock=10.0, demand=demand, trend=(1.0,) * 7)


def test_an_output_below_demand_carries_a_mark() -> None:
    assert SHORT_MARK in _seen(supply_cells(_item(output=100, demand=400))[2])
    assert SHORT_MARK not in _seen(supply_cells(_item(output=400, demand=400))[2])


def test_a_low_reserve_typed_in_the_form_says_so_in_words() -> None:
    low = low_cover_days()
    short = _seen(cover_text(str(low / 2 * 10), "10"))
    enough = _seen(cover_text(str(low * 2 * 10), "10"))
    assert short.startswith("= ") and enough.startswith("= ")
    assert len(short) > len(enough) + 4  # "under N days" (in the language shown) follows only the low one
