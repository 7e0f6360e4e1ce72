"""Supply Desk's terminal front end (presentation only: screens, widgets, styles, catalogues)."""

__version__ = "0.1.0"
__all__ = ["__version__"]
