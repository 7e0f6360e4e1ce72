"""Where the compiled catalogues are, and how a source checkout gets them.

An installed package carries ``locale/<lang>/LC_MESSAGES/supplydesk.mo``, compiled from the ``.po``
by the build (``setup.py``, with Babel). A source checkout (a clone run with ``PYTHONPATH=.``, or an
editable install, which imports the sources) has only the ``.po``: it is compiled here on first use,
with the standard library (``tui.i18n.pofile``), into the user cache directory under a name made of
its digest, so an edited ``.po`` is compiled again and an unchanged one never is. Where the cache
cannot be written the catalogue is compiled in memory. Whichever way, ``gettext.GNUTranslations``
does the lookups.

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
LOCALE_DIR = Path(__file__).parent / "locale"
#: the catalogue of each language of the app
LOCALES = {"en": "en", "zh": "zh_CN"}
#: the languages whose catalogue this process has read (start-up must read no more than it needs)
LOADED: set[str] = set()


def po_path(lang: str) -> Path:
    return LOCALE_DIR / LOCALES[lang] / "LC_MESSAGES" / f"{DOMAIN}.po"


def _cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("supplydesk", appauthor=False) / "locale"


def _compiled_from_source(po: Path, lang: str) -> io.BufferedIOBase:
    from tui.i18n.pofile import compile_mo, read_po

    source = po.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    try:
        cached = _cache_dir() / f"{LOCALES[lang]}-{digest}.mo"
        if not cached.exists():
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(compile_mo(read_po(source.decode("utf-8"), name=str(po))))
            partial.replace(cached)  # atomic: two sessions starting at once both see a whole file
        return open(cached, "rb")
    except OSError:
        return io.BytesIO(compile_mo(read_po(source.decode("utf-8"), name=str(po))))


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


def entries(lang: str) -> dict[str, list[str]]:
    """Every translated message of ``lang``'s ``.po``, by lookup key (``context\\x04msgid``), for
    tests and tools; the app itself looks messages up through ``translations``."""
    from tui.i18n.pofile import read_po_file

    return {entry.key: entry.msgstr for entry in read_po_file(po_path(lang)) if entry.msgid and entry.translated}


__all__ = ["DOMAIN", "LOADED", "LOCALES", "LOCALE_DIR", "entries", "po_path", "translations"]
