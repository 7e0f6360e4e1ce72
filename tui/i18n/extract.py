"""Find the message ids in the source (development time only: Babel's extractor, and the catalogue tests).

Besides the calls of the translation functions (``t``, ``tn``, ``pt``, ``npt``, ``n_``), the app shows
text that is translated where it is displayed: a ``Binding``'s description and tooltip, a ``Column``'s
label, a screen's ``HELP``, and the fixed messages of service errors. One scanner finds them all, so
``pybabel extract`` (see ``babel.cfg``) and the test that the Chinese catalogue is complete agree.

Codes (enum values, audit actions, table names) are shown through ``pt(context, code)`` with a code
known only at run time: the tests check them against the enums instead.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any


@dataclass(frozen=True)
class Message:
    line: int
    msgid: str
    plural: str | None = None
    context: str | None = None

    @property
    def key(self) -> str:
        """The catalogue's lookup key (``context\\x04msgid``)."""
        return f"{self.context}\x04{self.msgid}" if self.context is not None else self.msgid


def _service_errors() -> dict[str, type]:
    from models.errors import ServiceError

    found: dict[str, type] = {"ServiceError": ServiceError}
    todo: list[type] = [ServiceError]
    while todo:
        subclasses: list[type] = todo.pop().__subclasses__()
        for sub in subclasses:
            found[sub.__name__] = sub
            todo.append(sub)
    return found


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _arg(call: ast.Call, position: int, keyword: str) -> str | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return _literal(kw.value)
    return _literal(call.args[position]) if len(call.args) > position else None


def _call(node: ast.Call, name: str, errors: dict[str, type]) -> Iterator[Message]:
    line = node.lineno
    if name in ("t", "n_"):
        yield Message(line, _arg(node, 0, "msgid") or "")
    elif name == "tn":
        yield Message(line, _arg(node, 0, "singular") or "", _arg(node, 1, "plural"))
    elif name == "pt":
        yield Message(line, _arg(node, 1, "msgid") or "", context=_arg(node, 0, "context"))
    elif name == "npt":
        yield Message(line, _arg(node, 2, "singular") or "", _arg(node, 3, "plural"), _arg(node, 1, "context"))
    elif name == "Binding":
        # Binding(key, action, description, show, key_display, priority, tooltip, ...)
        yield Message(line, _arg(node, 2, "description") or "")
        yield Message(line, _arg(node, 6, "tooltip") or "")
    elif name == "Column":
        yield Message(line, _arg(node, 1, "label") or "")
    elif name in errors and errors[name].__name__ != "ConflictError":
        from models.errors import ValidationError

        position = 1 if issubclass(errors[name], ValidationError) else 0
        yield Message(line, _arg(node, position, "message") or "")


def messages(source: str, *, name: str = "<source>") -> list[Message]:
    """Every message id of a module that is shown through the translation functions."""
    tree = ast.parse(source, filename=name)
    errors = _service_errors()
    found: list[Message] = []
    error_classes = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                     and any(_name(base) in errors for base in node.bases)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                targets = item.targets if isinstance(item, ast.Assign) else []
                if isinstance(item, ast.Assign) and any(isinstance(x, ast.Name) and x.id == "HELP" for x in targets):
                    found.append(Message(item.lineno, _literal(item.value) or ""))
            if node.name in error_classes:  # a fixed message given to ServiceError.__init__
                for call in ast.walk(node):
                    if (isinstance(call, ast.Call) and _name(call.func) == "__init__"
                            and isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Call)
                            and _name(call.func.value.func) == "super"):
                        found.append(Message(call.lineno, _arg(call, 0, "message") or ""))
        elif isinstance(node, ast.Call):
            found += _call(node, _name(node.func), errors)
    return [message for message in found if message.msgid]


def babel_extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any,
) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel's extraction method (``babel.cfg``): yields with Babel's default keyword names, so the
    context and plural of each message land where ``pybabel`` expects them."""
    encoding = options.get("encoding", "utf-8") if isinstance(options, dict) else "utf-8"
    for message in messages(fileobj.read().decode(encoding), name=getattr(fileobj, "name", "<source>")):
        if message.context is not None and message.plural is not None:
            yield message.line, "npgettext", (message.context, message.msgid, message.plural), []
        elif message.context is not None:
            yield message.line, "pgettext", (message.context, message.msgid), []
        elif message.plural is not None:
            yield message.line, "ngettext", (message.msgid, message.plural), []
        else:
            yield message.line, "gettext", message.msgid, []


__all__ = ["Message", "babel_extract", "messages"]
