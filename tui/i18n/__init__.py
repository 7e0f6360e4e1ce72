"""One translation function for every user-visible string, with zh-CN and English catalogues.

Message ids are the English text. The English catalogue maps ids whose display differs (enum
values, short labels); every other id is shown as written. The Chinese catalogue must hold every id:
``missing()`` lists those asked for but absent, and a test fails when it is not empty.
"""

from __future__ import annotations

import os
from typing import Any

from tui.i18n.en import EN

LANGUAGES = ("en", "zh")
_state = {"lang": "en"}
_missing: set[str] = set()
_catalogues: dict[str, dict[str, str]] = {}


def resolve_language(cli_value: str | None = None) -> str:
    """``--lang``, then ``SUPPLYDESK_LANG``, then the locale (``LC_ALL``, ``LANG``), then English."""
    for value in (cli_value, os.environ.get("SUPPLYDESK_LANG"), os.environ.get("LC_ALL"), os.environ.get("LANG")):
        if value:
            code = value.lower().replace("-", "_")
            if code.startswith("zh"):
                return "zh"
            if code.startswith("en") or value is cli_value:
                return "en"
    return "en"


def set_language(lang: str) -> None:
    _state["lang"] = "zh" if lang.lower().startswith("zh") else "en"


def current_language() -> str:
    return _state["lang"]


def _zh() -> dict[str, str]:
    """The Chinese catalogue, imported when first needed (an English session never loads it)."""
    if "zh" not in _catalogues:
        from tui.i18n.zh_CN import ZH

        _catalogues["zh"] = ZH
    return _catalogues["zh"]


def t(msgid: str, **params: Any) -> str:
    """Translate ``msgid`` into the current language and fill ``{name}`` parameters."""
    if _state["lang"] == "zh":
        text = _zh().get(msgid)
        if text is None:
            _missing.add(msgid)
            text = EN.get(msgid, msgid)
    else:
        text = EN.get(msgid, msgid)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def command_title(namespace: str, action: str) -> str:
    """A palette title ``namespace: action``; in Chinese with the English after it, so it can be
    found by typing on a terminal without a Chinese input method."""
    english = f"{EN.get(namespace, namespace)}: {EN.get(action, action)}"
    if _state["lang"] != "zh":
        return english
    return f"{t(namespace)}: {t(action)} · {english}"


def missing() -> set[str]:
    """Message ids asked for in Chinese that the catalogue lacks."""
    return set(_missing)


def error_text(error: Exception) -> str:
    """A translated one-line message for a service error (or any exception)."""
    message = getattr(error, "message", None)
    if message is None:
        return str(error).splitlines()[0] if str(error) else type(error).__name__
    params = {k: t(v) if isinstance(v, str) and k in ("status", "table") else v for k, v in error.params.items()}  # type: ignore[attr-defined]
    return t(message, **params)


__all__ = [
    "LANGUAGES", "command_title", "current_language", "error_text", "missing", "resolve_language", "set_language", "t",
]
