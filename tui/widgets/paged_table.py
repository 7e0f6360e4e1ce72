"""The paged record table: one widget for every list, over any number of rows.

Filtering, sorting, counting and paging happen in the database. The table asks its loader for
blocks of rows around what is on screen and keeps a few of them; it never holds the whole list, so
100,000 rows scroll like 100. Rows are plain read models; columns say how to show them. The table
is generic: it is given a loader and a counter, and calls no service itself.

Like Textual's ``DataTable``, the cursor is reactive (``cursor``, the row's index) and moving it to
another row posts ``Highlighted``; ``enter`` posts ``Selected``. A load that failed posts
``LoadFailed``, which bubbles up to the app (the table knows nothing of how errors are shown).

With ``count_cap``, counting stops past the cap ("1–20 of 1,000+"): a common filter term then
costs a few index pages per key instead of every matching row. The exact count is asked for only
when it is needed: ``end``, or rows beyond what is known (each full block raises the floor). The
cap may depend on the request (the directory caps only while a text filter is typed).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, Protocol

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker, WorkerState

from tui.i18n import t
from tui.widgets.cells import Column, Layout, fit_cell, fit_columns, fit_plain

__all__ = ["BLOCK", "Column", "PagedTable", "Request", "fit_cell", "fit_plain"]

BLOCK = 50
KEEP_BLOCKS = 16
#: painted lines kept for rows seen again (a cursor move or a count repaints every line): ten screens
#: of 80×24. A line and its key hold about 4.6 KB, so 2,000 lines were 9 MB of a session that ran
#: long enough to fill them (a shortage list does within two hours: its ages move every minute)
KEEP_STRIPS = 200


class Request(Protocol):
    """What the table asks for (the services' ``PageRequest``): a frozen dataclass that the table
    copies with another ``query``, ``filters``, sort, ``offset`` and ``limit``."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def query(self) -> str: ...
    @property
    def filters(self) -> dict[str, Any]: ...
    @property
    def sort(self) -> str: ...
    @property
    def descending(self) -> bool: ...


class Rows(Protocol):
    """What the loader returns (the services' ``Page``)."""

    @property
    def rows(self) -> Sequence[Any]: ...


class PagedTable(ScrollView, can_focus=True):
    """A virtual table whose rows come from ``loader`` (a window) and ``counter`` (the total)."""

    BINDINGS: ClassVar[list[BindingType]] = [
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
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paged-table--header",
        "paged-table--header-marked",
        "paged-table--cursor",
        "paged-table--placeholder",
        "paged-table--alert",
    }
    # Textual reads a widget's own styles from DEFAULT_CSS only; they live in the .tcss beside it,
    # and stay defaults that a screen's styles override
    DEFAULT_CSS = Path(__file__).with_name("paged_table.tcss").read_text(encoding="utf-8")

    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    """The index of the row under the cursor: setting it scrolls that row into view and, once the
    row is known, posts ``Highlighted``."""

    @dataclass
    class Selected(Message):
        """``enter`` on a row."""

        table: PagedTable
        row: Any

        @property
        def control(self) -> PagedTable:
            return self.table

    @dataclass
    class Highlighted(Message):
        """Another record is under the cursor: the cursor moved, or rows arrived where it is
        (``row`` is None when the list turned out empty)."""

        table: PagedTable
        row: Any
        index: int

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
    class LoadFailed(Message):
        """Rows or the count could not be read: the app shows ``error`` (the table asks again when
        the rows are next needed)."""

        table: PagedTable
        error: BaseException

        @property
        def control(self) -> PagedTable:
            return self.table

    def __init__(
        self,
        *,
        columns: list[Column],
        loader: Callable[[Any], Rows],
        counter: Callable[..., int],
        request: Request,
        row_alert: Callable[[Any], bool] | None = None,
        count_cap: int | Callable[[Any], int | None] | None = None,
        stamp: Callable[[], Hashable] | None = None,
        id: str | None = None,
    ) -> None:
        """``loader(request)`` gives a window of rows; ``counter(request)`` counts exactly and, with
        ``count_cap`` (a multiple of the block size, or one for each request),
        ``counter(request, at_most=cap)`` may stop counting past the cap. ``stamp``: for a table whose
        cells move with the clock (a shortage's age), what changes when they may (the minute): a row
        is painted again when it changes, even with the row itself as it was."""
        super().__init__(id=id)
        self.columns = columns
        self.loader = loader
        self.counter = counter
        self.count_cap = count_cap
        self.request: Request = request
        self.row_alert = row_alert
        self.stamp = stamp
        #: rows in the list; while ``more``, only how many are known to exist
        self.total: int | None = None
        self.more = False
        self.marked = next((i for i, c in enumerate(columns) if c.sort == self.request.sort), 0)
        self._blocks: LRUCache[int, list[Any]] = LRUCache(KEEP_BLOCKS)
        #: the blocks of the request before, shown until the new rows arrive
        self._stale: LRUCache[int, list[Any]] = LRUCache(KEEP_BLOCKS)
        self._pending: set[int] = set()
        #: blocks whose load failed: asked for again when the user moves or the list reloads, not at every repaint
        self._failed: set[int] = set()
        #: which request the loads belong to: a result of an older one is never shown
        self._generation = 0
        self._follow_id: Any = None
        self._to_end = False  # ``end`` waits for the exact count
        self._layout = Layout()
        self._strips: LRUCache[tuple[Any, ...], Strip] = LRUCache(KEEP_STRIPS)
        #: the width and the stamp the kept lines were painted at: lines of another are never seen again
        self._strips_for: tuple[int, Hashable] | None = None
        self._highlighted: Any = None
        #: a reload of the same list (``refresh_data``) keeps saying the count it had until the new one comes
        self._reloading = False
        #: what the table last painted after a load, and its subtitle: a reload that reads the same
        #: rows paints nothing (a change elsewhere costs a hundred sessions no repaint each)
        self._painted: tuple[Any, ...] = ()
        self._subtitle = ""

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
        """Reload what is shown (someone changed data); the cursor stays on the same record. The
        screen changes only where the rows read differ from those shown."""
        self._restart(self.request, keep_cursor=True)

    async def start_over(self, request: Request) -> None:
        """Another list in this table (a screen kept and pointed at another record): its first rows
        and its count are read first, then shown from the top with nothing of the list before, so a
        screen shown again after this appears with them in one paint. A failed read changes nothing."""
        cap = self._cap(request)
        first = replace(request, offset=0, limit=BLOCK)

        def read() -> tuple[Rows, int]:
            total = self.counter(request) if cap is None else self.counter(request, at_most=cap)
            return self.loader(first), total

        page, total = await asyncio.to_thread(read)
        self.request = request
        self._generation += 1  # a load of the list before, still on its way, is dropped
        for cache in (self._blocks, self._stale, self._strips):
            cache.clear()
        self._pending.clear()
        self._failed.clear()
        self._highlighted = self._follow_id = None
        self.more = cap is not None and total > cap
        self.total, self._to_end = total, False
        self.cursor = 0
        self.scroll_to(y=0, animate=False)
        self._blocks.set(0, list(page.rows))
        self._after_change()

    # ---- the cursor -----------------------------------------------------------------------------

    def validate_cursor(self, index: int) -> int:
        known = self.total if self.total is not None else self.virtual_size.height - 1
        return max(0, min(index, known - 1))

    def watch_cursor(self) -> None:
        self._failed.clear()  # the user moved: rows that failed to load are asked for again
        self._scroll_to_cursor()
        self._look_further()
        self.refresh()
        self._highlight()

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)

    def _highlight(self) -> None:
        """Post ``Highlighted`` when the record under the cursor is another one than last said."""
        row = self.cursor_row
        if row is not self._highlighted and (row is not None or self.total == 0):
            self._highlighted = row
            self.post_message(self.Highlighted(self, row, self.cursor))

    def _move_to(self, index: int) -> None:
        self.cursor = index
        self._scroll_to_cursor()  # also when the cursor stays: the row it follows may be out of view

    # ---- loading ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._restart(self.request, keep_cursor=False)

    def _restart(self, request: Request, *, keep_cursor: bool) -> None:
        self.request = request
        self._generation += 1
        current = self.cursor_row if keep_cursor else None
        self._follow_id = getattr(current, "id", None)
        # What is on screen stays there until the new rows arrive: no flash of placeholders per key.
        if self._blocks:  # a second restart before rows arrived keeps the first one's stale rows
            self._stale = self._blocks
        self._blocks = LRUCache(KEEP_BLOCKS)
        self._pending.clear()
        self._failed.clear()
        self._reloading = keep_cursor and self.total is not None
        self.total, self.more, self._to_end = None, False, False
        if not keep_cursor:
            self.cursor = 0
            self.scroll_to(y=0, animate=False)
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
        if number in self._blocks or number in self._pending or number in self._failed or number < 0:
            if then_count:
                self._count()
            return
        self._pending.add(number)
        request = replace(self.request, offset=number * BLOCK, limit=BLOCK)
        # a partial, not a coroutine: a load replaced before it started is then never created
        _: Worker[None] = self.run_worker(partial(self._load_block, self._generation, number, request, then_count),
                                          group=f"table-block-{number}", exclusive=True, exit_on_error=False)

    async def _load_block(self, generation: int, number: int, request: Request, then_count: bool) -> None:
        """Block ``number`` of ``request``, shown unless a newer request came while it loaded (a newer
        load of the same block cancels this one at the ``await``)."""
        try:
            page = await asyncio.to_thread(self.loader, request)
        except Exception:
            if generation == self._generation:  # said once: the next reload asks again; the count still comes
                self._pending.discard(number)
                self._failed.add(number)
                if then_count:
                    self._count()
            raise  # the app shows it
        if generation == self._generation:
            self._got_block(number, list(page.rows), then_count)

    def _got_block(self, number: int, rows: list[Any], then_count: bool) -> None:
        self._pending.discard(number)
        self._stale.clear()
        self._blocks.discard(number)
        self._blocks.set(number, rows)
        end = number * BLOCK + len(rows)
        if len(rows) < BLOCK and (self.total is None or self.more):
            self.total, self.more = end, False  # the last block tells the total
        elif self.more and self.total is not None and end > self.total:
            self.total = end  # at least this many
        self._after_change()
        if self._follow_id is not None:
            for index, row in enumerate(rows):
                if getattr(row, "id", None) == self._follow_id:
                    self._follow_id = None
                    self._move_to(number * BLOCK + index)
                    break
        # a short block with rows (or an empty first one) ends the list: it told the total itself
        if then_count and not (len(rows) < BLOCK and (rows or number == 0)):
            self.call_after_refresh(self._count_if, self._generation)

    def _count_if(self, generation: int) -> None:
        if generation == self._generation:
            self._count()

    def _count(self, *, exact: bool = False) -> None:
        cap = None if exact else self._cap(self.request)
        _: Worker[None] = self.run_worker(partial(self._load_count, self._generation, self.request, cap),
                                          group="table-count", exclusive=True, exit_on_error=False)

    def _cap(self, request: Request) -> int | None:
        cap = self.count_cap(request) if callable(self.count_cap) else self.count_cap
        assert cap is None or cap % BLOCK == 0, "a cap is a multiple of the block size"
        return cap

    async def _load_count(self, generation: int, request: Request, cap: int | None) -> None:
        """The count of ``request`` (up to ``cap``: a total above it means "at least"), unless replaced."""
        if cap is None:
            total = await asyncio.to_thread(self.counter, request)
        else:
            total = await asyncio.to_thread(lambda: self.counter(request, at_most=cap))
        if generation != self._generation:
            return
        self._reloading = False
        more = cap is not None and total > cap
        if not more or self.total is None or self.more:  # an exact total (from a short block) stays
            self.total, self.more = max(total, self.total or 0) if more else total, more
        self._after_change()
        if self._to_end and not self.more:
            self._to_end = False
            self._move_to(self.total - 1)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # a worker's state messages stay with the table: a failure is passed up as one that bubbles
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.post_message(self.LoadFailed(self, event.worker.error))

    def _after_change(self) -> None:
        loaded = self._blocks.keys()  # (an LRUCache is not iterable itself)
        known = self.total if self.total is not None else max(((n + 1) * BLOCK for n in loaded), default=0)
        height = known + 1
        if self.total is None:  # until the count comes, the scrollbar keeps its length (no second layout per key)
            height = max(height, self.virtual_size.height)
        if height != self.virtual_size.height:
            self.virtual_size = Size(self.size.width, height)
        self.cursor = min(self.cursor, known - 1)
        self._look_further()
        self._update_subtitle()
        self._paint_if_changed()
        self._highlight()
        self.post_message(self.Loaded(self))

    def _paint_if_changed(self) -> None:
        """Paint again unless everything the table shows is as it was last painted after a load."""
        top = self.scroll_offset.y
        rows = tuple(None if self.total is not None and i >= self.total else self._row_at(i, stale=True) or "…"
                     for i in range(top, top + max(0, self.size.height - 1)))
        alerts = tuple(self.row_alert is not None and row not in (None, "…") and self.row_alert(row) for row in rows)
        # the count as said (a reload keeps it until the new one comes) and the scrollbar's length
        look = (rows, alerts, self._subtitle, self.virtual_size, self.cursor, top, self.size, self.has_focus,
                self.request.sort, self.request.descending, self.stamp() if self.stamp is not None else None)
        try:
            same = look == self._painted
        except Exception:  # rows that cannot be compared are painted every time
            same = False
        if not same:
            self._painted = look
            self.refresh()

    def _row_at(self, index: int, *, stale: bool = False) -> Any | None:
        block = self._blocks.get(index // BLOCK)
        if block is None and stale:
            block = self._stale.get(index // BLOCK)
        if block is None:
            return None
        offset = index % BLOCK
        return block[offset] if offset < len(block) else None

    def _look_further(self) -> None:
        """While the total is a floor, the block after the known rows loads once the cursor nears them."""
        if self.more and self.total is not None and self.cursor >= self.total - BLOCK:
            self._want(self.total // BLOCK)

    # ---- layout and drawing -------------------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.virtual_size.height)
        self._update_subtitle()

    def _current_layout(self) -> Layout:
        """The column layout for the width the rows have now (the scrollbar may come and go)."""
        width = self.scrollable_content_region.width
        if self._layout.width != width:
            self._layout = fit_columns(self.columns, width)
        return self._layout

    def _cells(self, values: Sequence[str | Text], style: Style) -> Strip:
        segments: list[Segment] = []
        layout = self._current_layout()
        for column, width, value in zip(layout.columns, layout.widths, values, strict=False):
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
            return self._cells(["…", *[""] * (len(self._layout.columns) - 1)],
                               self.rich_style + self.get_component_rich_style("paged-table--placeholder"))
        alert = self.row_alert is not None and self.row_alert(row)  # may change with the day alone
        painted_for = (self._layout.width, self.stamp() if self.stamp is not None else None)
        if painted_for != self._strips_for:
            self._strips.clear()
            self._strips_for = painted_for
        key = (row, alert, index == self.cursor, self.has_focus)
        cacheable = True
        try:
            strip = self._strips.get(key)
        except TypeError:  # a row that cannot be hashed is painted every time
            strip, cacheable = None, False
        if strip is not None:
            return strip
        style = self.rich_style
        if alert:
            style += self.get_component_rich_style("paged-table--alert")
        if index == self.cursor:
            style += self.get_component_rich_style("paged-table--cursor")
        strip = self._cells([c.value(row, w) for c, w in zip(self._layout.columns, self._layout.widths,
                                                              strict=True)], style)
        if cacheable:
            self._strips.set(key, strip)
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _header(self) -> Strip:
        marked = self.columns[self.marked] if self.columns else None
        labels: list[str | Text] = []
        for column, width in zip(self._layout.columns, self._layout.widths, strict=True):
            label = t(column.label)
            if column.wide_label and cell_len(t(column.wide_label)) <= width:  # Severity, not Sev., where it fits
                label = t(column.wide_label)
            if column.sort and column.sort == self.request.sort:
                # the arrow says how the list is sorted: the label is cut for it, never the arrow
                arrow = " ↓" if self.request.descending else " ↑"
                label = (label if cell_len(label) + len(arrow) <= width
                         else fit_plain(label, max(1, width - len(arrow))).rstrip()) + arrow
            style = self.get_component_rich_style("paged-table--header-marked") if column is marked else Style()
            labels.append(Text(label, style=style))
        return self._cells(labels, self.rich_style + self.get_component_rich_style("paged-table--header"))

    def total_text(self) -> str:
        """The total as shown: "12,345", or "1,000+" while only a floor is known."""
        if self.total is None:
            return ""
        if self.more:
            return f"{self.total - self.total % BLOCK:,}+"
        return f"{self.total:,}"

    def _update_subtitle(self) -> None:
        if self.total is None and self._reloading:
            return  # the count it had stays until the new one comes (no "counting…" at every change)
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
        subtitle = " · ".join(parts)
        if subtitle != self._subtitle:  # setting it repaints the whole table, even to the same text
            self._subtitle = subtitle
            self.border_subtitle = Text(subtitle)  # Text, so user input is never read as markup

    def watch_scroll_y(self, old: float, new: float) -> None:
        self._failed.clear()  # as for a move of the cursor
        super().watch_scroll_y(old, new)
        self._update_subtitle()

    # ---- actions --------------------------------------------------------------------------------

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
            for column, width in zip(self._layout.columns, self._layout.widths, strict=True):
                if x <= event.x < x + width + 1:
                    self.marked = self.columns.index(column)
                    self.action_sort(column)
                    return
                x += width + 1
        else:
            self._move_to(self.scroll_offset.y + event.y - 1)
