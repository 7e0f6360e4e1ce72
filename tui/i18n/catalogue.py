"""Where the compiled catalogues are, and how a source checkout gets them.

An installed package carries ``locale/<lang>/LC_MESSAGES/supplydesk.mo``, compiled from the ``.po``
by the build (``setup.py``, with Babel). A source checkout (a clone run with ``PYTHONPATH=.``, or an
editable install, which imports the sources) has only the ``.po``: it is compiled here on first use,
with Babel (in the ``test`` extra: a developer's checkout has it), into the user cache directory
under a name made of its digest, so an edited ``.po`` is compiled again and an unchanged one never
is. Where the cache cannot be written the catalogue is compiled in memory. Whichever way,
``gettext.GNUTranslations`` does the lookups.

The source wins where both exist: a ``.mo`` left beside an edited ``.po`` must not hide the edit, and
the wheel ships no ``.po``.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
from functools import cache
from pathlib import Path

DOMAIN = "supplydesk"
#: what gettext puts between a context and its message id in a compiled catalogue
CONTEXT_SEPARATOR = "\x04"
LOCALE_DIR = Path(__file__).parent / "locale"
#: the catalogue of each language of the app
LOCALES = {"en": "en", "zh": "zh_CN"}
#: the languages whose catalogue this process has read (start-up must read no more than it needs)
LOADED: set[str] = set()


def po_path(lang: str, *, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / LOCALES[lang] / "LC_MESSAGES" / f"{DOMAIN}.po"


def _cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("supplydesk", appauthor=False) / "locale"


def _compile(source: bytes, name: str) -> bytes:
    """``.po`` bytes compiled to ``.mo`` bytes by Babel, as the build does."""
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError as error:  # a bare source checkout: say what to do instead of a traceback
        raise RuntimeError(f"{name} is not compiled and Babel is not installed: "
                           "pip install '.[test]' (or pip install . to use the built package)") from error
    compiled = io.BytesIO()
    write_mo(compiled, read_po(io.BytesIO(source)))
    return compiled.getvalue()


def _compiled_from_source(po: Path, lang: str) -> io.BufferedIOBase:
    source = po.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    try:
        cached = _cache_dir() / f"{LOCALES[lang]}-{digest}.mo"
        if not cached.exists():
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(_compile(source, str(po)))
            partial.replace(cached)  # atomic: two sessions starting at once both see a whole file
        return open(cached, "rb")
    except OSError:
        return io.BytesIO(_compile(source, str(po)))


def prepare(lang: str) -> None:
    """Compile ``lang``'s catalogue of a source checkout into the cache now, so a later start
    finds it compiled (nothing to do for an installed package, which carries the ``.mo``)."""
    po = po_path(lang)
    if po.exists():
        _compiled_from_source(po, lang).close()


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The compiled catalogue of ``lang`` (``en`` or ``zh``), loaded once per process."""
    LOADED.add(lang)
    po = po_path(lang)
    if po.exists():
        stream = _compiled_from_source(po, lang)
    else:
        stream = open(po.with_suffix(".mo"), "rb")  # noqa: SIM115
    with stream:
        return gettext.GNUTranslations(stream)


def entries(lang: str, *, locale_dir: Path = LOCALE_DIR) -> dict[str, list[str]]:
    """Every translated message of ``lang``'s ``.po`` (read with Babel), by lookup key
    (``context\\x04msgid``), for tests and tools: they pass the source tree's ``locale_dir`` (an
    installed package carries only the compiled catalogue). The app looks messages up through
    ``translations``."""
    from babel.messages.pofile import read_po

    with po_path(lang, locale_dir=locale_dir).open("rb") as source:
        catalogue = read_po(source)
    out: dict[str, list[str]] = {}
    for message in catalogue:
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        texts = [text for text in strings if text]
        msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        if msgid and not message.fuzzy and texts and len(texts) == len(strings):
            out[f"{message.context}{CONTEXT_SEPARATOR}{msgid}" if message.context else msgid] = texts
    return out


__all__ = ["CONTEXT_SEPARATOR", "DOMAIN", "LOADED", "LOCALES", "LOCALE_DIR", "entries", "po_path", "prepare",
           "translations"]
