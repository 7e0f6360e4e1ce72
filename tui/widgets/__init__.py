"""One reusable widget per file."""

from tui.widgets.app_header import AppHeader
from tui.widgets.paged_table import Column, PagedTable

__all__ = ["AppHeader", "Column", "PagedTable"]
