"""The paged record table: one widget for every list, over any number of rows.

Filtering, sorting, counting and paging happen in the database. The table asks its loader for
blocks of rows around what is on screen and keeps a few of them; it never holds the whole list, so
100,000 rows scroll like 100. Rows are plain read models; columns say how to show them.

With ``count_cap``, counting stops past the cap ("1–20 of 1,000+"): a common filter term then
costs a few index pages per key instead of every matching row. The exact count is asked for only
when it is needed: ``end``, or rows beyond what is known (each full block raises the floor). The
cap may depend on the request (the directory caps only while a text filter is typed).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker

from models.services.paging import Page, PageRequest
from tui.i18n import t
from tui.shell.workers import report_failed_worker

BLOCK = 50
KEEP_BLOCKS = 16
#: painted lines kept for rows seen again (a cursor move or a count repaints every line)
KEEP_STRIPS = 2000


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


@dataclass
class _Layout:
    width: int = -1
    columns: list[Column] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)


def _cut(plain: str, width: int) -> tuple[int, int]:
    """How many characters of ``plain`` fit ``width - 1`` cells (room for "…"), and their cells."""
    used = 0
    for cut, char in enumerate(plain):
        size = get_character_cell_size(char)
        if used + size > width - 1:
            return cut, used
        used += size
    return len(plain), used


#: control characters (C0, DEL, C1) show as spaces: written raw they would move the terminal's cursor
_CONTROLS = str.maketrans({c: " " for c in [*range(32), *range(127, 160)]})


def fit_plain(value: str, width: int, align: str = "left") -> str:
    """``fit_cell`` for plain text, as a string (the table's common case, without building a Text)."""
    value = value.translate(_CONTROLS)
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
    if cell_len(text.plain) > width:
        text = text[:_cut(text.plain, width)[0]]
        text.append("…")
    pad = " " * max(0, width - cell_len(text.plain))
    return Text(pad) + text if align == "right" else text + Text(pad)


class PagedTable(ScrollView, can_focus=True):
    """A virtual table whose rows come from ``loader`` (a window) and ``counter`` (the total)."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False, id="table-up"),
        Binding("down", "cursor(1)", "Down", show=False, id="table-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table-page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table-page-down"),
        Binding("home", "edge(-1)", "First", show=False, id="table-first"),
        Binding("end", "edge(1)", "Last", show=False, id="table-last"),
        Binding("left", "column(-1)", "Mark column left", show=False, id="table-column-left"),
        Binding("right", "column(1)", "Mark column right", show=False, id="table-column-right"),
        Binding("s", "sort", "Sort", tooltip="Sort by the marked column; again to reverse", id="table-sort"),
        Binding("enter", "select", "Open", id="table-open"),
    ]
    COMPONENT_CLASSES = {
        "paged-table--header",
        "paged-table--header-marked",
        "paged-table--cursor",
        "paged-table--placeholder",
        "paged-table--alert",
    }
    DEFAULT_CSS = """
    PagedTable { height: 1fr; scrollbar-size-vertical: 1; scrollbar-gutter: stable; overflow-x: hidden;
                 border-bottom: solid $primary-darken-2; border-subtitle-align: right; }
    PagedTable:focus { border-bottom: solid $accent; }
    PagedTable > .paged-table--header { text-style: bold; background: $primary-darken-2; color: $text; }
    PagedTable > .paged-table--header-marked { text-style: bold reverse; }
    PagedTable > .paged-table--cursor { background: $accent 40%; }
    PagedTable:focus > .paged-table--cursor { background: $accent; color: $text; }
    PagedTable > .paged-table--placeholder { color: $text-muted; }
    PagedTable > .paged-table--alert { color: $warning; text-style: bold; }
    """

    @dataclass
    class Selected(Message):
        """``enter`` on a row."""

        table: PagedTable
        row: Any

        @property
        def control(self) -> PagedTable:
            return self.table

    @dataclass
    class Loaded(Message):
        """A block of rows arrived (or the count); the screen may update around the table."""

        table: PagedTable

        @property
        def control(self) -> PagedTable:
            return self.table

    @dataclass
    class _Block(Message):
        generation: int
        number: int
        rows: list[Any]
        then_count: bool = False  # count the list once these rows are painted

    @dataclass
    class _Count(Message):
        generation: int
        total: int
        cap: int | None  # counted up to this: a total above it means "at least"

    @dataclass
    class _Failed(Message):
        generation: int
        number: int
        count: bool = False  # the count was to follow these rows

    def __init__(
        self,
        *,
        columns: list[Column],
        loader: Callable[[PageRequest], Page[Any]],
        counter: Callable[[PageRequest], int],
        request: PageRequest | None = None,
        row_alert: Callable[[Any], bool] | None = None,
        count_cap: int | Callable[[PageRequest], int | None] | None = None,
        id: str | None = None,
    ) -> None:
        """``count_cap`` (a multiple of the block size, or one for each request): with a cap,
        ``counter(request, at_most=cap)`` may stop counting past it; ``counter(request)`` counts exactly.
        """
        super().__init__(id=id)
        self.columns = columns
        self.loader = loader
        self.counter = counter
        self.count_cap = count_cap
        self.request = request or PageRequest()
        self.row_alert = row_alert
        #: rows in the list; while ``more``, only how many are known to exist
        self.total: int | None = None
        self.more = False
        self.cursor = 0
        self.marked = next((i for i, c in enumerate(columns) if c.sort == self.request.sort), 0)
        self._blocks: OrderedDict[int, list[Any]] = OrderedDict()
        self._stale: OrderedDict[int, list[Any]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self._follow_id: Any = None
        self._to_end = False  # ``end`` waits for the exact count
        self._layout = _Layout()
        self._strips: dict[tuple[Any, ...], Strip] = {}

    # ---- public API -------------------------------------------------------------------------

    @property
    def cursor_row(self) -> Any | None:
        """The record under the cursor, as shown (while new rows load, the ones still on screen)."""
        return self._row_at(self.cursor, stale=True)

    def set_query(self, query: str) -> None:
        """Filter as you type: a new query starts at the top."""
        if query != self.request.query:
            self._restart(replace(self.request, query=query), keep_cursor=False)

    def set_filters(self, **filters: Any) -> None:
        merged = {k: v for k, v in {**self.request.filters, **filters}.items() if v not in (None, False, "")}
        self._restart(replace(self.request, filters=merged), keep_cursor=False)

    def refresh_data(self) -> None:
        """Reload what is shown (someone changed data); the cursor stays on the same record."""
        self._strips.clear()  # what a row looks like may depend on the day (an alert)
        self._restart(self.request, keep_cursor=True)

    # ---- loading ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._restart(self.request, keep_cursor=False)

    def _restart(self, request: PageRequest, *, keep_cursor: bool) -> None:
        self.request = request
        self._generation += 1
        current = self.cursor_row if keep_cursor else None
        self._follow_id = getattr(current, "id", None)
        if not keep_cursor:
            self.cursor = 0
            self.scroll_to(y=0, animate=False)
        # What is on screen stays there until the new rows arrive: no flash of placeholders per key.
        if self._blocks:  # a second restart before rows arrived keeps the first one's stale rows
            self._stale = self._blocks
        self._blocks = OrderedDict()
        self._pending.clear()
        self.total, self.more, self._to_end = None, False, False
        # With nothing on screen yet (the first load), the count waits until the first rows are
        # painted instead of competing with them; later restarts count alongside.
        if self._stale:
            self._want(self.cursor // BLOCK)
            self._count()
        else:
            self._want(self.cursor // BLOCK, then_count=True)
        self._update_subtitle()

    def _want(self, number: int, *, then_count: bool = False) -> None:
        """Load block ``number`` unless it is here or coming; ``then_count``: count the list after it."""
        if number in self._blocks or number in self._pending or number < 0:
            if then_count:
                self._count()
            return
        self._pending.add(number)
        generation = self._generation
        request = replace(self.request, offset=number * BLOCK, limit=BLOCK)

        def load() -> None:
            try:
                rows = self.loader(request).rows
            except BaseException:
                self.post_message(self._Failed(generation, number, then_count))  # so the block is asked for again
                raise
            self.post_message(self._Block(generation, number, rows, then_count))

        self.run_worker(load, thread=True, group=f"table-block-{number}", exclusive=True, exit_on_error=False)

    def _count(self, *, exact: bool = False) -> None:
        generation, request = self._generation, self.request
        cap = None if exact else self._cap(request)

        def count() -> None:
            self.post_message(self._Count(generation, self._counted(request, cap), cap))

        self.run_worker(count, thread=True, group="table-count", exclusive=True, exit_on_error=False)

    def _cap(self, request: PageRequest) -> int | None:
        cap = self.count_cap(request) if callable(self.count_cap) else self.count_cap
        assert cap is None or cap % BLOCK == 0, "a cap is a multiple of the block size"
        return cap

    def _counted(self, request: PageRequest, cap: int | None) -> int:
        return self.counter(request) if cap is None else self.counter(request, at_most=cap)  # type: ignore[call-arg]

    @on(_Block)
    def _on_block(self, message: _Block) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._pending.discard(message.number)
        self._stale = OrderedDict()
        self._blocks[message.number] = message.rows
        while len(self._blocks) > KEEP_BLOCKS:
            self._blocks.popitem(last=False)
        end = message.number * BLOCK + len(message.rows)
        if len(message.rows) < BLOCK and (self.total is None or self.more):
            self.total, self.more = end, False  # the last block tells the total
        elif self.more and self.total is not None and end > self.total:
            self.total = end  # at least this many
        self._after_change()
        if self._follow_id is not None:
            for index, row in enumerate(message.rows):
                if getattr(row, "id", None) == self._follow_id:
                    self._follow_id = None
                    self._move_to(message.number * BLOCK + index)  # and scroll it into view
                    break
        # a short block with rows (or an empty first one) ends the list: it told the total itself
        if message.then_count and not (len(message.rows) < BLOCK and (message.rows or message.number == 0)):
            self.call_after_refresh(self._count_if, message.generation)

    def _count_if(self, generation: int) -> None:
        if generation == self._generation:
            self._count()

    @on(_Failed)
    def _on_failed(self, message: _Failed) -> None:
        message.stop()
        if message.generation == self._generation:
            self._pending.discard(message.number)
            if message.count:
                self._count()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)

    @on(_Count)
    def _on_count(self, message: _Count) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        more = message.cap is not None and message.total > message.cap
        if not more or self.total is None or self.more:  # an exact total (from a short block) stays
            self.total, self.more = max(message.total, self.total or 0) if more else message.total, more
        self._after_change()
        if self._to_end and not self.more:
            self._to_end = False
            self._move_to(self.total - 1)

    def _after_change(self) -> None:
        known = self.total if self.total is not None else max(((n + 1) * BLOCK for n in self._blocks), default=0)
        self.cursor = max(0, min(self.cursor, known - 1))
        height = known + 1
        if self.total is None:  # until the count comes, the scrollbar keeps its length (no second layout per key)
            height = max(height, self.virtual_size.height)
        if height != self.virtual_size.height:
            self.virtual_size = Size(self.size.width, height)
        self._look_further()
        self._update_subtitle()
        self.refresh()
        self.post_message(self.Loaded(self))

    def _row_at(self, index: int, *, stale: bool = False) -> Any | None:
        block = self._blocks.get(index // BLOCK)
        if block is None and stale:
            block = self._stale.get(index // BLOCK)
        if block is None:
            return None
        offset = index % BLOCK
        return block[offset] if offset < len(block) else None

    # ---- layout and drawing -------------------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.virtual_size.height)
        self._update_subtitle()

    def _current_layout(self) -> _Layout:
        """The column layout for the width the rows have now (the scrollbar may come and go)."""
        width = self.scrollable_content_region.width
        if self._layout.width != width:
            self._layout = self._fit(width)
        return self._layout

    def _fit(self, width: int) -> _Layout:
        """Columns that fit ``width`` (dropping the droppable ones first) and their widths."""
        columns = list(self.columns)
        while sum(c.width + 1 for c in columns) > width and any(c.drop for c in columns):
            columns.remove(max(columns, key=lambda c: c.drop))
        widths = [c.width for c in columns]
        spare = width - sum(w + 1 for w in widths)
        flex = sum(c.flex for c in columns)
        if spare > 0 and flex:
            for i, column in enumerate(columns):
                widths[i] += spare * column.flex // flex
        return _Layout(width, columns, widths)

    def _cells(self, values: list[str | Text], style: Style) -> Strip:
        segments: list[Segment] = []
        layout = self._current_layout()
        for column, width, value in zip(layout.columns, layout.widths, values):
            if isinstance(value, Text) and value.spans:
                cell = fit_cell(value, width, column.align)
                segments += Segment.apply_style(cell.render(self.app.console, end=""), style)
                segments.append(Segment(" ", style))
            else:  # plain text, perhaps in one style: one segment, no Text to build and render
                plain = value if isinstance(value, str) else value.plain
                own = value.style if isinstance(value, Text) and value.style else None
                if own:  # the cell's own style, not the space after it
                    segments.append(Segment(fit_plain(plain, width, column.align),
                                            style + (Style.parse(own) if isinstance(own, str) else own)))
                    segments.append(Segment(" ", style))
                else:
                    segments.append(Segment(fit_plain(plain, width, column.align) + " ", style))
        return Strip(segments).adjust_cell_length(self.scrollable_content_region.width, style)

    def render_line(self, y: int) -> Strip:
        self._current_layout()
        if y == 0:
            return self._header()
        index = self.scroll_offset.y + y - 1
        if self.total is not None and index >= self.total:
            return Strip.blank(self.scrollable_content_region.width, self.rich_style)
        row = self._row_at(index)
        if row is None:
            self._want(index // BLOCK)
            row = self._row_at(index, stale=True)
        if row is None:
            return self._cells(["…"] + [""] * (len(self._layout.columns) - 1),
                               self.rich_style + self.get_component_rich_style("paged-table--placeholder"))
        key = (row, index == self.cursor, self.has_focus, self._layout.width)
        try:
            return self._strips[key]
        except KeyError:
            pass
        except TypeError:  # a row that cannot be hashed is painted every time
            key = None
        style = self.rich_style
        if self.row_alert is not None and self.row_alert(row):
            style += self.get_component_rich_style("paged-table--alert")
        if index == self.cursor:
            style += self.get_component_rich_style("paged-table--cursor")
        strip = self._cells([self._value(c, row) for c in self._layout.columns], style)
        if key is not None:
            if len(self._strips) >= KEEP_STRIPS:
                self._strips.clear()
            self._strips[key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _value(self, column: Column, row: Any) -> str | Text:
        value = getattr(row, column.key, "")
        if column.render is not None:
            return column.render(row)
        return "" if value is None else str(value)

    def _header(self) -> Strip:
        marked = self.columns[self.marked] if self.columns else None
        labels: list[str | Text] = []
        for column in self._layout.columns:
            label = t(column.label)
            if column.sort and column.sort == self.request.sort:
                label += " ↓" if self.request.descending else " ↑"
            style = self.get_component_rich_style("paged-table--header-marked") if column is marked else Style()
            labels.append(Text(label, style=style))
        return self._cells(labels, self.rich_style + self.get_component_rich_style("paged-table--header"))

    def _look_further(self) -> None:
        """While the total is a floor, the block after the known rows loads once the cursor nears them."""
        if self.more and self.total is not None and self.cursor >= self.total - BLOCK:
            self._want(self.total // BLOCK)

    def total_text(self) -> str:
        """The total as shown: "12,345", or "1,000+" while only a floor is known."""
        if self.total is None:
            return ""
        if self.more:
            return f"{self.total - self.total % BLOCK:,}+"
        return f"{self.total:,}"

    def _update_subtitle(self) -> None:
        if self.total is None:
            span = t("counting…")
        elif self.total == 0:
            span = t("no records")
        else:
            first = self.scroll_offset.y + 1
            last = min(self.total, self.scroll_offset.y + max(1, self.scrollable_content_region.height - 1))
            span = t("{first}–{last} of {total}", first=f"{first:,}", last=f"{last:,}", total=self.total_text())
        parts = [span]
        if self.request.query:
            parts.append(t("filter: {query}", query=self.request.query))
        sort = next((c for c in self.columns if c.sort == self.request.sort), None)
        if sort is not None:
            parts.append(t("sort: {column}", column=t(sort.label)) + (" ↓" if self.request.descending else " ↑"))
        self.border_subtitle = Text(" · ".join(parts))  # Text, so user input is never read as markup

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._update_subtitle()

    # ---- actions --------------------------------------------------------------------------------

    def _move_to(self, index: int) -> None:
        last = (self.total if self.total is not None else self.virtual_size.height - 1) - 1
        self.cursor = max(0, min(index, last))
        visible = max(1, self.scrollable_content_region.height - 1)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)
        self._look_further()
        self.refresh()

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(1, self.scrollable_content_region.height - 2))

    def action_edge(self, direction: int) -> None:
        if direction > 0 and self.more:  # the last row needs the exact count
            self._to_end = True
            self._count(exact=True)
            return
        self._move_to(0 if direction < 0 else (self.total or 1) - 1)

    def action_column(self, delta: int) -> None:
        """Mark the next column that is on screen (columns dropped for width cannot be marked)."""
        shown = [self.columns.index(c) for c in self._current_layout().columns] or [0]
        position = shown.index(self.marked) if self.marked in shown else 0
        self.marked = shown[(position + delta) % len(shown)]
        self.refresh()

    def action_sort(self, column: Column | None = None) -> None:
        """Sort by the marked column; sorting by the same column again reverses the direction."""
        column = column or self.columns[self.marked]
        if column.sort is None:
            self.notify(t("This column cannot be sorted"), severity="warning")
            return
        descending = not self.request.descending if column.sort == self.request.sort else False
        self._restart(replace(self.request, sort=column.sort, descending=descending), keep_cursor=False)

    def action_select(self) -> None:
        row = self.cursor_row
        if row is not None:
            self.post_message(self.Selected(self, row))

    def on_click(self, event: Click) -> None:
        if event.y == 0:
            x = 0
            for column, width in zip(self._layout.columns, self._layout.widths):
                if x <= event.x < x + width + 1:
                    self.marked = self.columns.index(column)
                    self.action_sort(column)
                    return
                x += width + 1
        else:
            self._move_to(self.scroll_offset.y + event.y - 1)
