"""Services: the only way the app reads and writes. Keyword-only functions taking a Session."""

from models.services.common import Actor

__all__ = ["Actor"]
