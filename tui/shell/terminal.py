"""The terminal as it is: mouse only when asked for, colours as the terminal says, few bytes per line.

Cadres reach the desk over SSH on 64 kbit/s lines, from plain terminals, often without a mouse.
So: no mouse reporting unless asked for (the ``mouse`` setting: ``SUPPLYDESK_MOUSE=1``, ``--mouse``), then clicks
only, never every movement; ``NO_COLOR`` means no colour codes at all (what stands out is shown
reversed or bold instead); and lines go out with one style sequence per run of cells of one style,
not one per cell.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter


def no_color(environ: Mapping[str, str] = os.environ) -> bool:
    """``NO_COLOR`` set to anything but empty (https://no-color.org)."""
    return bool(environ.get("NO_COLOR", ""))


if sys.platform != "win32":
    from textual.drivers.linux_driver import LinuxDriver

    class ClicksOnly(LinuxDriver):
        """Textual's terminal driver, asking for button presses only (``?1000h`` in SGR form), never
        for every motion (``?1003h``): over SSH every movement of the mouse is bytes upstream."""

        def _enable_mouse_support(self) -> None:
            if self._mouse:
                self.write("\x1b[?1000h")  # press and release
                self.write("\x1b[?1006h")  # in SGR form, any column

        def _disable_mouse_support(self) -> None:
            if self._mouse:
                self.write("\x1b[?1000l")
                self.write("\x1b[?1006l")


#: terminals that have 8 or 16 colours whatever COLORTERM says (it may be left over from another terminal)
SIXTEEN_COLOURS = ("linux", "vt100", "vt102", "vt220", "vt320", "ansi", "cons25")


def colours(environ: Mapping[str, str], detected: ColorSystem | None) -> ColorSystem | None:
    """The colours to send: Rich's reading of the terminal (``COLORTERM`` first, then ``TERM``), at
    most 16 on a console or a VT that says so in ``TERM``."""
    term = environ.get("TERM", "").lower()
    if term in SIXTEEN_COLOURS and detected is not None:
        return min(detected, ColorSystem.STANDARD, key=lambda system: system.value)
    return detected


class Runs(LineFilter):
    """Neighbouring cells of one style become one segment: the terminal gets one style sequence and
    one reset for a run, not for each cell (a table row is about half as many bytes)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return list(Segment.simplify(segments))


class Plain(LineFilter):
    """No colour at all (``NO_COLOR``): text keeps bold, underline and reverse, and a cell whose
    background stands out from the screen's (a cursor, a selected tab, the header) is reversed."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [Segment(text, None if style is None else _plain(style, background), control)
                for text, style, control in segments]


def _plain(style: Style, background: Color) -> Style:
    highlighted = False
    if style.bgcolor is not None and not style.bgcolor.is_default:
        red, green, blue = style.bgcolor.get_truecolor()
        highlighted = abs(Color(red, green, blue).brightness - background.brightness) > 0.15
    return Style(bold=style.bold, dim=style.dim, italic=style.italic, underline=style.underline, strike=style.strike,
                 reverse=bool(style.reverse) != highlighted)


#: the filters every line goes through (one of each: Textual caches lines per filter)
RUNS = Runs()
PLAIN = Plain()
