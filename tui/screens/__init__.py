"""One screen per file, imported when first asked for: start-up loads only the screen it opens."""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "BriefScreen": "tui.screens.brief",
    "CheckInScreen": "tui.screens.checkins",
    "DashboardScreen": "tui.screens.dashboard",
    "EnterpriseCardScreen": "tui.screens.enterprise_card",
    "EnterpriseListScreen": "tui.screens.enterprises",
    "HelpScreen": "tui.screens.help",
    "ShortageListScreen": "tui.screens.shortages",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
