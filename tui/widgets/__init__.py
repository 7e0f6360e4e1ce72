"""One reusable widget per file, imported when first asked for: the command-line subcommands use the
plain formatting modules here without paying for Textual."""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "AppFooter": "tui.widgets.footer",
    "AppHeader": "tui.widgets.header",
    "Column": "tui.widgets.paged_table",
    "FilterBox": "tui.widgets.filter_box",
    "PagedTable": "tui.widgets.paged_table",
    "QuickFilter": "tui.widgets.quick_filters",
    "QuickFilters": "tui.widgets.quick_filters",
}
__all__ = ["AppFooter", "AppHeader", "Column", "FilterBox", "PagedTable", "QuickFilter", "QuickFilters"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
