"""The language a piece of code speaks: a ``Translator`` held by the app, found through context variables.

Each app holds its own translator (``app.translator``); code running for an app (its handlers, its
async workers, the threads ``asyncio.to_thread`` starts, Textual's thread workers) finds it through
Textual's ``active_app`` (or ``active_worker``). Code outside any app (the command line, a script, a
test) sets one for its own context with ``use_language``. So an English and a Chinese app can run in
one process, one after the other or side by side, and neither changes what the other shows.

A Chinese translator falls back to the English catalogue for a message it lacks and records the
message id, so tests can fail on a missing translation.
"""

from __future__ import annotations

import gettext
import sys
from contextvars import ContextVar, Token
from functools import cache

from tui.i18n.catalogue import CONTEXT_SEPARATOR, translations

LANGUAGES = ("en", "zh")
#: message ids (``context\x04msgid`` with a context) asked for in Chinese and not in its catalogue
MISSING: set[str] = set()


class _Recorder(gettext.NullTranslations):
    """The fallback of a catalogue that must be complete: notes what was asked, answers in English."""

    def __init__(self, english: gettext.NullTranslations) -> None:
        super().__init__()
        self._english = english

    def gettext(self, message: str) -> str:
        MISSING.add(message)
        return self._english.gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        MISSING.add(msgid1)
        return self._english.ngettext(msgid1, msgid2, n)

    def pgettext(self, context: str, message: str) -> str:
        MISSING.add(f"{context}{CONTEXT_SEPARATOR}{message}")
        return self._english.pgettext(context, message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        MISSING.add(f"{context}{CONTEXT_SEPARATOR}{msgid1}")
        return self._english.npgettext(context, msgid1, msgid2, n)


@cache
def _chinese() -> gettext.NullTranslations:
    """The Chinese catalogue, with the recorder behind it: chained once per process."""
    catalogue = translations("zh")
    catalogue.add_fallback(_Recorder(translations("en")))
    return catalogue


class Translator:
    """One language's lookups: ``gettext`` and its plural and context forms over the compiled catalogue."""

    def __init__(self, language: str) -> None:
        self.language = "zh" if language.lower().startswith("zh") else "en"
        self._catalogue: gettext.NullTranslations | None = None

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"

    @property
    def catalogue(self) -> gettext.NullTranslations:
        """Loaded on the first lookup: an English session never reads the Chinese catalogue."""
        if self._catalogue is None:
            if self.language == "zh":
                self._catalogue = _chinese()
            else:
                self._catalogue = translations("en")
        return self._catalogue

    def gettext(self, message: str) -> str:
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalogue.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.catalogue.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.catalogue.npgettext(context, singular, plural, n)


@cache
def translator_for(language: str) -> Translator:
    """The shared translator of ``language`` (``en`` or ``zh``; ``zh_CN`` and the like count as ``zh``)."""
    return Translator(language)


_current: ContextVar[Translator | None] = ContextVar("supplydesk_translator", default=None)


def _app_translator() -> Translator | None:
    # Textual is looked at only when it is loaded: the command line's subcommands never import it.
    context = sys.modules.get("textual._context")
    if context is None:
        return None
    app = context.active_app.get(None)
    if app is None:  # a thread worker: Textual sets the worker, not the app, in its thread
        worker_module = sys.modules.get("textual.worker")
        worker = worker_module.active_worker.get(None) if worker_module else None
        if worker is not None:
            try:
                app = worker.node.app
            except Exception:
                app = None
    found = getattr(app, "translator", None)
    return found if isinstance(found, Translator) else None


def active() -> Translator:
    """The translator of the running app, else the one set for this context, else English."""
    return _app_translator() or _current.get() or translator_for("en")


def use_language(language: str | Translator) -> Token[Translator | None]:
    """Speak ``language`` in this context (and the tasks and threads it starts) outside an app."""
    chosen = language if isinstance(language, Translator) else translator_for(language)
    return _current.set(chosen)


def reset_language(token: Token[Translator | None]) -> None:
    _current.reset(token)


__all__ = ["LANGUAGES", "MISSING", "Translator", "active", "reset_language", "translator_for", "use_language"]
