"""The screen mirror: a terminal fed only the differences shows what it shows when fed Textual's whole lines.

A small terminal (cursor moves, style sequences, erase, wide characters as xterm treats them) is fed
the same random updates twice: as Textual writes them, and through the mirror; the cells must match
after every update, and the mirror must send less.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

from rich.color import ColorSystem
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual._compositor import LayoutUpdate
from textual.geometry import Region
from textual.strip import Strip

from tui.shell.mirror import Differences, Mirror, erases_with_background

ROOT = Path(__file__).resolve().parents[2]

WIDTH, HEIGHT = 30, 8
SEQUENCE = re.compile(r"\x1b\[([0-9;]*)([A-Za-z])")
#: made anew for each segment: equal styles that are distinct objects, as widgets make them
STYLES: list[dict[str, object]] = [
    {}, {"color": "red"}, {"bgcolor": "blue"}, {"bold": True, "color": "green", "bgcolor": "blue"},
    {"reverse": True}, {"underline": True, "bgcolor": "blue"}]


class Screen:
    """Cells of (character, SGR in force) as a terminal with background-colour erase keeps them."""

    def __init__(self) -> None:
        self.cells: list[list[tuple[str, str]]] = [[(" ", "")] * WIDTH for _ in range(HEIGHT)]
        self.x = self.y = 0
        self.sgr = ""

    def feed(self, data: str) -> None:
        i = 0
        while i < len(data):
            match = SEQUENCE.match(data, i)
            if match:
                self._control(match.group(1), match.group(2))
                i = match.end()
                continue
            char = data[i]
            i += 1
            if char == "\n":
                self.x, self.y = 0, self.y + 1
                continue
            self._put(char)

    def _control(self, params: str, final: str) -> None:
        numbers = [int(p) for p in params.split(";") if p] or [1]
        if final == "H":
            self.y, self.x = numbers[0] - 1, (numbers[1] - 1 if len(numbers) > 1 else 0)
        elif final == "C":
            self.x = min(self.x + numbers[0], WIDTH - 1)
        elif final == "m":
            self.sgr = "" if params in ("", "0") else params.removeprefix("0;")
        elif final == "X":
            for x in range(self.x, min(self.x + numbers[0], WIDTH)):
                self._set(x, (" ", self.sgr))
        elif final == "K":
            for x in range(self.x, WIDTH):
                self._set(x, (" ", self.sgr))

    def _set(self, x: int, cell: tuple[str, str]) -> None:
        row = self.cells[self.y]
        # writing over half of a wide character blanks its other half (as xterm does)
        if row[x][0] == "" and x > 0:
            row[x - 1] = (" ", row[x - 1][1])
        if x + 1 < WIDTH and row[x + 1][0] == "" and row[x][0] != "":
            row[x + 1] = (" ", row[x + 1][1])
        row[x] = cell

    def _put(self, char: str) -> None:
        wide = char == "茶"
        if self.x + (2 if wide else 1) > WIDTH:
            return
        self._set(self.x, (char, self.sgr))
        if wide:
            self._set(self.x + 1, ("", self.sgr))
        self.x += 2 if wide else 1


def _update(rng: random.Random) -> LayoutUpdate:
    x, y = rng.randrange(WIDTH - 4), rng.randrange(HEIGHT - 1)
    width, height = rng.randint(4, WIDTH - x), rng.randint(1, HEIGHT - y)
    lines = []
    for _ in range(height):
        segments, left = [], width
        while left:
            text = "".join(rng.choice("ab  茶") for _ in range(rng.randint(1, left)))
            while sum(2 if c == "茶" else 1 for c in text) > left:
                text = text[:-1]
            if not text:
                text = " "
            segments.append(Segment(text, Style(**rng.choice(STYLES))))  # type: ignore[arg-type]
            left -= sum(2 if c == "茶" else 1 for c in text)
        lines.append([Strip(segments)])
    return LayoutUpdate(lines, Region(x, y, width, height))


def _run(seed: int, erase: bool) -> tuple[int, int]:
    rng = random.Random(seed)
    console = Console(color_system="256", width=WIDTH, height=HEIGHT, force_terminal=True)
    whole, diffed, mirror = Screen(), Screen(), Mirror(erase=erase)
    sent_whole = sent_diffed = 0
    for _ in range(30):
        update = _update(rng) if rng.random() < 0.8 else LayoutUpdate(
            [[Strip([Segment("a" * WIDTH)])]] * HEIGHT, Region(0, 0, WIDTH, HEIGHT))
        full = update.render_segments(console)
        less = Differences(update, mirror, (WIDTH, HEIGHT)).render_segments(console)
        whole.feed(full)
        diffed.feed(less)
        sent_whole, sent_diffed = sent_whole + len(full), sent_diffed + len(less)
        assert [[c[0] for c in row] for row in diffed.cells] == [[c[0] for c in row] for row in whole.cells]
        for row_whole, row_diffed in zip(whole.cells, diffed.cells, strict=True):
            for (char, sgr_whole), (_, sgr_diffed) in zip(row_whole, row_diffed, strict=True):
                if char != " " or not erase:
                    assert sgr_diffed == sgr_whole
    return sent_whole, sent_diffed


def test_the_terminal_shows_the_same_cells_with_less_sent() -> None:
    for seed in range(40):
        for erase in (False, True):
            whole, diffed = _run(seed, erase)
            assert diffed < whole


def test_an_update_already_shown_sends_nothing() -> None:
    console = Console(color_system="256", width=WIDTH, height=HEIGHT, force_terminal=True)
    update = _update(random.Random(1))
    mirror = Mirror()
    assert Differences(update, mirror, (WIDTH, HEIGHT)).render_segments(console)
    assert Differences(update, mirror, (WIDTH, HEIGHT)).render_segments(console) == ""
    mirror.forget()  # after a resize or a cleared screen everything goes out again
    assert Differences(update, mirror, (WIDTH, HEIGHT)).render_segments(console)


def test_one_changed_cell_is_a_move_and_the_cell() -> None:
    console = Console(color_system="256", width=WIDTH, height=HEIGHT, force_terminal=True)
    mirror = Mirror()
    line = [Segment("x" * WIDTH, Style(color="red"))]
    Differences(LayoutUpdate([[Strip(line)]], Region(0, 3, WIDTH, 1)), mirror, (WIDTH, HEIGHT)).render_segments(console)
    changed = [Segment("x" * 10 + "y" + "x" * (WIDTH - 11), Style(color="red"))]
    sent = Differences(LayoutUpdate([[Strip(changed)]], Region(0, 3, WIDTH, 1)), mirror,
                       (WIDTH, HEIGHT)).render_segments(console)
    assert sent == "\x1b[4;11H\x1b[0;31my\x1b[0m"


def test_blanks_are_erased_only_where_the_terminal_erases_with_the_background() -> None:
    assert erases_with_background({"TERM": "dumb"}, plain=True)
    assert erases_with_background({"TERM": "xterm-256color"}, plain=False)
    assert not erases_with_background({"TERM": "screen"}, plain=False)
    assert not erases_with_background({"TERM": "no-such-terminal"}, plain=False)
    assert not erases_with_background({}, plain=False)  # no TERM: a dumb terminal
    assert ColorSystem.STANDARD  # the 16-colour console is handled by the colour filter, not here


def test_the_terminal_is_asked_without_loading_curses() -> None:
    script = ("import sys; from tui.shell.mirror import erases_with_background as e; "
              "print(e({'TERM': 'xterm'}, plain=False), 'curses' in sys.modules)")
    asked = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert asked.stdout.strip() == "True False"
