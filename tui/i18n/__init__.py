"""The translation functions for every user-visible string, over gettext catalogues (zh-CN and English).

Message ids are the English text; ``locale/<lang>/LC_MESSAGES/supplydesk.po`` holds the catalogues.
The English catalogue maps only the ids whose display differs (codes such as ``not_resumed``); every
other id is shown as written. The Chinese catalogue must hold every id: ``missing()`` lists those
asked for but absent, and tests fail when it is not empty.

- ``t(msgid, **params)``: translate and fill ``{name}`` parameters;
- ``tn(singular, plural, n, **params)``: the form for ``n`` (``n`` is a parameter too);
- ``pt(context, msgid, **params)``: a message whose meaning depends on where it is shown, chiefly the
  codes of the domain: ``pt("shortage status", "open")`` (待处理) is not the key label ``t("Open")`` (打开);
- ``npt(context, singular, plural, n, **params)``: both;
- ``n_(msgid)``: marks a message id for extraction where it is defined, translated later with ``t``.

Which language: the running app's translator, else the one the command line set for its context
(``set_language``), else English (see ``tui.i18n.translator``). Adding a message and extracting the
catalogue are described in ``babel.cfg``.
"""

from __future__ import annotations

import os
from typing import Any

from tui.i18n.translator import (
    LANGUAGES,
    MISSING,
    Translator,
    active,
    translator_for,
    use_language,
)

#: kept under its old name: tests clear it between cases
_missing = MISSING


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
    """Speak ``lang`` in this context outside an app (the command line, scripts, tests)."""
    use_language(lang)


def current_language() -> str:
    """``en`` or ``zh``: the language of the running app, or of this context."""
    return active().language


def in_language(lang: str) -> Translator:
    """A translator of ``lang``, whatever the current language (e.g. to accept names in both)."""
    return translator_for(lang)


def _fill(text: str, params: dict[str, Any]) -> str:
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def t(msgid: str, **params: Any) -> str:
    """Translate ``msgid`` into the current language and fill ``{name}`` parameters."""
    return _fill(active().gettext(msgid), params)


def tn(singular: str, plural: str, n: int, **params: Any) -> str:
    """The form of a message for ``n``: ``tn("{n} day", "{n} days", n)``; ``n`` fills ``{n}``."""
    return _fill(active().ngettext(singular, plural, n), {"n": n, **params})


def pt(context: str, msgid: str, **params: Any) -> str:
    """Translate ``msgid`` as meant in ``context``."""
    return _fill(active().pgettext(context, msgid), params)


def npt(context: str, singular: str, plural: str, n: int, **params: Any) -> str:
    return _fill(active().npgettext(context, singular, plural, n), {"n": n, **params})


def n_(msgid: str) -> str:
    """Mark ``msgid`` for extraction; it is translated where it is shown, with ``t``."""
    return msgid


def command_title(namespace: str, action: str) -> str:
    """A palette title ``namespace: action``; in Chinese with the English after it, so it can be
    found by typing on a terminal without a Chinese input method."""
    english = translator_for("en")
    title = f"{english.pgettext('command', namespace)}: {english.pgettext('command', action)}"
    if current_language() != "zh":
        return title
    return f"{pt('command', namespace)}: {pt('command', action)} · {title}"


def missing() -> set[str]:
    """Message ids asked for in Chinese that the catalogue lacks (``context\\x04msgid`` with a context)."""
    return set(MISSING)


#: the contexts of the codes services put in an error's parameters: any message's ``table``, and the
#: ``status`` of the two messages that name one
_PARAM_CONTEXTS = {"table": "record", "role": "role"}
_STATUS_CONTEXTS = {"Not possible while the shortage is {status}": "shortage status",
                    "Not possible while the licence is {status}": "licence status"}


def error_text(error: BaseException) -> str:
    """A translated one-line message for a service error (or any exception)."""
    message = getattr(error, "message", None)
    if message is None:
        return str(error).splitlines()[0] if str(error) else type(error).__name__
    params: dict[str, Any] = getattr(error, "params", {})
    contexts = {**_PARAM_CONTEXTS, "status": _STATUS_CONTEXTS.get(message, "")}
    shown = {key: pt(contexts[key], value) if contexts.get(key) and isinstance(value, str) else value
             for key, value in params.items()}
    return t(message, **shown)


__all__ = [
    "LANGUAGES", "Translator", "command_title", "current_language", "error_text", "in_language", "missing",
    "n_", "npt", "pt", "resolve_language", "set_language", "t", "tn",
]
