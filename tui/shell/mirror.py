"""The terminal's screen as last sent: only the cells that differ from it go out.

Textual repaints a region by sending each of its lines whole, with a style sequence for each run,
even when the terminal already shows most of it: the rows a filter did not change, the header and
the footer of a new screen, the blank space of a card. Over SSH on a 64 kbit/s line each of those
lines is time. ``Mirror`` keeps what the terminal shows, cell by cell (a character and its SGR
parameters), as far as the app has sent it; an update from the compositor is laid over it, and only
the spans that differ are written: a cursor move, the cells, a style sequence only where the style
changes (the terminal keeps the last one across moves). A run of blanks may go out as "erase n
characters" when the terminal erases with the current background (terminfo ``bce``).

The terminal ends up with the cells Textual would have sent, so every screen looks the same. What
is unknown (the start, a resize) is sent whole: the mirror forgets everything when the size changes
or when told to (``forget``).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterable, Mapping

from rich.cells import get_character_cell_size
from rich.color import ColorSystem
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import ControlType, Segment
from rich.style import Style
from textual._compositor import CompositorUpdate, InlineUpdate
from textual.strip import Strip

#: a cell: its character ("" for the right half of a wide one) and its SGR parameters ("" for none)
Cell = tuple[str, str]
#: unchanged cells between two changed spans of a line that are sent again rather than moved over
#: (a cursor move costs 4 to 8 bytes, and may need the style sent again)
GAP = 4
#: a run of at least this many blanks of one style goes out as "erase n, forward n" (10 bytes)
ERASE_RUN = 12
#: SGR parameters that show on a blank cell beyond its background: such blanks are written, not erased
_VISIBLE_ON_BLANK = {"4", "7", "9", "21", "51", "52", "53"}


class Mirror:
    """What the terminal shows, cell by cell; ``render`` turns an update into the bytes that differ."""

    def __init__(self, erase: bool = False) -> None:
        self.erase = erase  # the terminal erases with the current background (bce)
        self._size = (0, 0)
        self._rows: list[list[Cell | None]] = []

    def forget(self) -> None:
        """The terminal's cells are unknown again (its screen was cleared or written by another)."""
        self._rows = []

    def render(self, segments: Iterable[Segment], size: tuple[int, int], color_system: ColorSystem | None) -> str:
        """The escape sequences that bring the terminal from what it shows to ``segments`` laid over it."""
        width, height = size
        if size != self._size or not self._rows:
            self._size = size
            self._rows = [[None] * width for _ in range(height)]
        changes = _cells(segments, width, height, color_system or ColorSystem.TRUECOLOR)
        out = _Writer(width, self.erase)
        for y in sorted(changes):
            self._row(out, y, changes[y])
        return out.finish()

    def _row(self, out: _Writer, y: int, new: dict[int, Cell]) -> None:
        old = self._rows[y]
        changed = sorted(x for x, cell in new.items() if old[x] != cell)
        if not changed:
            return

        def cell(x: int) -> Cell | None:
            return new.get(x, old[x])

        spans: list[list[int]] = []
        for x in changed:
            if spans and x - spans[-1][1] <= GAP + 1 and all(cell(g) is not None for g in range(spans[-1][1] + 1, x)):
                spans[-1][1] = x
            else:
                spans.append([x, x])
        width = len(old)
        for span in spans:
            start, end = span
            # a wide character goes out whole: never start on its right half
            while start > 0 and _right_half(cell(start)):
                start -= 1
            x = start
            while x <= end:
                current = cell(x)
                if current is None or current[0] == "":
                    x += 1
                    continue
                blanks = _blank_run(cell, x, end, current) if self.erase else 0
                if blanks >= ERASE_RUN or (blanks and x + blanks == width and blanks >= 3):
                    out.erase(x, y, blanks, current[1])
                    x += blanks
                    continue
                out.put(x, y, current)
                x += _width(current)
            for x in range(start, min(end + 2, width)):
                if (current := cell(x)) is not None:
                    old[x] = current
            # half a wide character written over: the terminal blanked the other half, in a style
            # the mirror does not know (it is sent again when an update covers it)
            for x in range(max(start - 1, 0), min(end + 2, width)):
                orphan_right = _right_half(old[x]) and (x == 0 or old[x - 1] is None or _width(old[x - 1]) != 2)
                orphan_left = _width(old[x]) == 2 and (x + 1 == width or not _right_half(old[x + 1]))
                if orphan_right or orphan_left:
                    old[x] = None


def _width(cell: Cell | None) -> int:
    return get_character_cell_size(cell[0][0]) if cell and cell[0] else 1


def _right_half(cell: Cell | None) -> bool:
    return cell is not None and cell[0] == ""


def _blank_run(cell: Callable[[int], Cell | None], x: int, end: int, first: Cell) -> int:
    """How many blanks of ``first``'s style start at ``x`` (0 if it is not a blank one may erase)."""
    if first[0] != " " or _VISIBLE_ON_BLANK & set(first[1].split(";")):
        return 0
    n = 0
    while x + n <= end and cell(x + n) == first:
        n += 1
    return n


def _cells(segments: Iterable[Segment], width: int, height: int,
           color_system: ColorSystem) -> dict[int, dict[int, Cell]]:
    """The cells an update writes, by row and column (cursor moves and new lines followed)."""
    rows: dict[int, dict[int, Cell]] = {}
    x = y = 0
    for text, style, control in segments:
        if control:
            for code in control:
                if code[0] == ControlType.CURSOR_MOVE_TO:
                    x, y = int(code[1]), int(code[2])  # type: ignore[misc]
            continue
        if text == "\n":
            x, y = 0, y + 1
            continue
        if not 0 <= y < height:
            continue
        sgr = _sgr(style, color_system)
        row = rows.setdefault(y, {})
        for char in text:
            size = get_character_cell_size(char)
            if size == 0:  # a combining mark belongs to the cell before it
                if x - 1 in row:
                    row[x - 1] = (row[x - 1][0] + char, row[x - 1][1])
                continue
            if 0 <= x and x + size <= width:
                row[x] = (char, sgr)
                if size == 2:
                    row[x + 1] = ("", sgr)
            x += size
    return rows


def _sgr(style: Style | None, color_system: ColorSystem) -> str:
    if style is None:
        return ""
    if (ansi := style._ansi) is None:  # Textual's own rendering of a style (cached by style, not on each)
        ansi = Strip.render_ansi(style, color_system)
    return ansi


class _Writer:
    """Escape sequences for cells, with the fewest cursor moves and style sequences."""

    def __init__(self, width: int, erase: bool) -> None:
        self.width = width
        self.parts: list[str] = []
        self.cursor: tuple[int, int] | None = None
        self.sgr = ""  # what the terminal uses now (each render starts from a reset)
        self.dirty = False

    def move(self, x: int, y: int) -> None:
        if self.cursor == (x, y):
            return
        if self.cursor is not None and self.cursor[1] == y and self.cursor[0] < x < self.width:
            forward = x - self.cursor[0]
            self.parts.append(f"\x1b[{forward}C" if forward > 1 else "\x1b[C")
        else:
            self.parts.append(f"\x1b[{y + 1};{x + 1}H" if x else f"\x1b[{y + 1}H")
        self.cursor = (x, y)

    def style(self, sgr: str) -> None:
        if sgr != self.sgr:
            self.parts.append(f"\x1b[0;{sgr}m" if sgr else "\x1b[0m")
            self.sgr = sgr
            self.dirty = True

    def put(self, x: int, y: int, cell: Cell) -> None:
        self.move(x, y)
        self.style(cell[1])
        self.parts.append(cell[0])
        wide = _width(cell)
        self.cursor = (x + wide, y) if x + wide < self.width else None  # at the margin: a pending wrap

    def erase(self, x: int, y: int, n: int, sgr: str) -> None:
        self.move(x, y)
        self.style(sgr)
        if x + n >= self.width:
            self.parts.append("\x1b[K")  # to the end of the line; the cursor stays
        else:
            self.parts.append(f"\x1b[{n}X\x1b[{n}C")  # erase leaves the cursor where it is
            self.cursor = (x + n, y)

    def finish(self) -> str:
        if self.dirty and self.sgr:
            self.parts.append("\x1b[0m")
        return "".join(self.parts)


class Differences(CompositorUpdate):
    """A compositor update written as what differs from the mirror (Textual writes ``render_segments``)."""

    def __init__(self, update: CompositorUpdate, mirror: Mirror, size: tuple[int, int]) -> None:
        self.update = update
        self.mirror = mirror
        self.size = size

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.update.__rich_console__(console, options)  # type: ignore[attr-defined]

    def render_segments(self, console: Console) -> str:
        segments = self.update.__rich_console__(console, console.options)  # type: ignore[attr-defined]
        return self.mirror.render(segments, self.size, console._color_system)


def differences(update: RenderableType | None, mirror: Mirror | None, size: tuple[int, int]) -> RenderableType | None:
    """``update`` as its differences when it is a full-screen compositor update and there is a mirror."""
    if mirror is None or not isinstance(update, CompositorUpdate) or isinstance(update, InlineUpdate):
        return update
    return Differences(update, mirror, size)


def erases_with_background(environ: Mapping[str, str], plain: bool) -> bool:
    """Blank runs may be erased: without colours, or when terminfo says the terminal erases with the
    current background (``bce``: xterm, the Linux console; not screen).

    Asked of ``tput`` (ncurses' own reader of terminfo, exit status 0 for a flag that is set) rather
    than of the ``curses`` module, which would stay loaded in every session for this one flag (0.5 MB)."""
    if plain:
        return True
    try:
        asked = subprocess.run(["tput", "-T", environ.get("TERM", "dumb"), "bce"], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=5)
    except (OSError, subprocess.SubprocessError):  # no tput, or it hung: write blanks
        return False
    return asked.returncode == 0
