"""How a shortage's severity looks wherever it shows: the shortage list and detail, the dashboard.

A domain value's look shared by several features lives here, below them all; the labels are the
catalogue's (``pt("severity", code)``).
"""

from __future__ import annotations

#: severity code -> rich style of its label
SEVERITY_STYLE = {"critical": "bold red", "high": "bold yellow", "medium": "", "low": "dim"}

__all__ = ["SEVERITY_STYLE"]
