"""How the paged table lays out its columns and fits a value into a cell.

Plain functions over strings and ``rich`` text, no widget: a cell is cut and padded by terminal
cells (a Chinese character takes two), never split in half, and control characters never reach the
terminal. The enterprise card uses ``fit_cell`` for its own tables too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

from tui.i18n.safe import for_tui, is_safe


@dataclass(frozen=True)
class Column:
    """How one column shows: the row attribute, a label (msgid), widths, and the service's sort key."""

    key: str
    label: str
    width: int
    flex: int = 0
    align: str = "left"
    sort: str | None = None
    render: Callable[[Any], str | Text] | None = None
    #: dropped first when the terminal is narrow (higher drops earlier); 0 never drops
    drop: int = 0
    #: the width at which the column shows full words instead of abbreviations (Critical, not Crit),
    #: taken when the terminal has room to spare; 0: the column has one width
    wide: int = 0
    #: the cell at the width the column got (``render`` when None): a full word where it fits
    fitted: Callable[[Any, int], str | Text] | None = None
    #: the label (msgid) where the column is wide enough for it: "Severity" where "Sev." is the label
    wide_label: str = ""

    def value(self, row: Any, width: int | None = None) -> str | Text:
        """What the cell of ``row`` shows, before it is fitted (at ``width``, when the column says
        how it shows at a width)."""
        if self.fitted is not None and width is not None:
            return self.fitted(row, width)
        if self.render is not None:
            return self.render(row)
        value = getattr(row, self.key, "")
        return "" if value is None else str(value)


@dataclass
class Layout:
    """The columns shown at one width, and the width of each."""

    width: int = -1
    columns: list[Column] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)


#: the cells the flexible columns keep beyond their least before a column widens to full words
ROOM_FOR_NAMES = 12


def fit_columns(columns: Sequence[Column], width: int) -> Layout:
    """Columns that fit ``width`` (dropping the droppable ones first) and their widths; the flexible
    ones share what is left."""
    shown = list(columns)
    while sum(c.width + 1 for c in shown) > width and any(c.drop for c in shown):
        shown.remove(max(shown, key=lambda c: c.drop))
    widths = [c.width for c in shown]
    spare = width - sum(w + 1 for w in widths)
    # room to spare: the columns of abbreviations widen to their full words, one after the other,
    # as long as the flexible columns (names) keep ROOM_FOR_NAMES more cells than their least
    for i, column in enumerate(shown):
        grow = column.wide - column.width
        if grow > 0 and spare - grow >= ROOM_FOR_NAMES:
            widths[i] += grow
            spare -= grow
    flex = sum(c.flex for c in shown)
    if spare > 0 and flex:
        for i, column in enumerate(shown):
            widths[i] += spare * column.flex // flex
    return Layout(width, shown, widths)


def _cut(plain: str, width: int) -> tuple[int, int]:
    """How many characters of ``plain`` fit ``width - 1`` cells (room for "…"), and their cells."""
    used = 0
    for cut, char in enumerate(plain):
        size = get_character_cell_size(char)
        if used + size > width - 1:
            return cut, used
        used += size
    return len(plain), used


def fit_plain(value: str, width: int, align: str = "left") -> str:
    """``fit_cell`` for plain text, as a string (the table's common case, without building a Text)."""
    # control, bidi and zero-width characters show as visible escapes (tui.i18n.safe): written raw
    # they would move the terminal's cursor or hide what the text says
    value = for_tui(value)
    size = cell_len(value)
    if size > width:
        cut, size = _cut(value, width)
        value, size = value[:cut] + "…", size + 1
    pad = " " * max(0, width - size)
    return pad + value if align == "right" else value + pad


def fit_cell(value: str | Text, width: int, align: str = "left") -> Text:
    """``value`` in exactly ``width`` cells: cut with "…" (never half a wide character), then padded."""
    if isinstance(value, str):
        return Text(fit_plain(value, width, align))
    text = value.copy()
    if not is_safe(text.plain):
        # a stored value with unsafe characters: its spans cannot survive the escapes, its style can
        text = Text(for_tui(text.plain), style=text.style)
    if cell_len(text.plain) > width:
        text = text[:_cut(text.plain, width)[0]]
        text.append("…")
    pad = " " * max(0, width - cell_len(text.plain))
    return Text(pad) + text if align == "right" else text + Text(pad)
