"""Supply Desk's terminal front end (presentation only: screens, widgets, styles, catalogues)."""

from tui.openssl import leave_unloaded

leave_unloaded()  # first, before anything imports asyncio or hashlib: 4.6 MB less per session

__version__ = "0.1.0"
__all__ = ["__version__"]
