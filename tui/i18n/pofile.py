"""Read a gettext ``.po`` catalogue and compile it to ``.mo`` bytes, with the standard library only.

The build compiles the catalogues with Babel (``setup.py``); a source checkout has no build step, so
``tui.i18n.catalogue`` compiles its ``.po`` here on first use. The subset read is the one Babel and
msgfmt write: ``#`` comments and ``#,`` flags, ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` and
``msgstr[n]``, each a run of double-quoted C strings. Fuzzy and untranslated entries are left out of the
``.mo``, as msgfmt does, so looking them up falls back to the English text.
"""

from __future__ import annotations

import ast
import struct
from dataclasses import dataclass, field
from pathlib import Path

#: what gettext puts between a context and its message id in a compiled catalogue
CONTEXT_SEPARATOR = "\x04"


@dataclass
class Entry:
    """One message of a catalogue; ``msgstr`` holds one text, or one per plural form."""

    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        """The lookup key gettext uses: ``context\\x04msgid`` or ``msgid``."""
        return f"{self.msgctxt}{CONTEXT_SEPARATOR}{self.msgid}" if self.msgctxt is not None else self.msgid

    @property
    def translated(self) -> bool:
        return "fuzzy" not in self.flags and bool(self.msgstr) and all(self.msgstr)


class PoSyntaxError(ValueError):
    pass


def _unquote(text: str, where: str) -> str:
    text = text.strip()
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise PoSyntaxError(f"{where}: expected a quoted string, got {text!r}")
    value = ast.literal_eval(text)  # a C string literal is a Python one for the escapes .po files use
    if not isinstance(value, str):
        raise PoSyntaxError(f"{where}: not a string: {text!r}")
    return value


def read_po(text: str, *, name: str = "<po>") -> list[Entry]:
    """The entries of a ``.po`` file, the header (``msgid ""``) first when there is one."""
    entries: list[Entry] = []
    current: Entry | None = None
    flags: set[str] = set()
    target: tuple[str, int] | None = None  # the field the next continuation line extends

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        where = f"{name}:{number}"
        if not line:
            continue
        if line.startswith("#"):
            if current is not None and target is not None and target[0] == "msgstr":
                finish()  # a comment after a complete entry starts the next one
                target = None
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or target is None:
                raise PoSyntaxError(f"{where}: a string outside an entry")
            what, index = target
            piece = _unquote(line, where)
            if what == "msgstr":
                current.msgstr[index] += piece
            else:
                setattr(current, what, (getattr(current, what) or "") + piece)
            continue
        if keyword in ("msgctxt", "msgid") and (current is None or target is None or target[0] == "msgstr"):
            finish()
            current, flags = Entry(msgid="", flags=flags), set()
        if current is None:
            raise PoSyntaxError(f"{where}: {keyword} before msgid")
        value = _unquote(rest, where)
        if keyword == "msgctxt":
            current.msgctxt, target = value, ("msgctxt", 0)
        elif keyword == "msgid":
            current.msgid, target = value, ("msgid", 0)
        elif keyword == "msgid_plural":
            current.msgid_plural, target = value, ("msgid_plural", 0)
        elif keyword == "msgstr":
            current.msgstr, target = [value], ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[7:-1])
            if index != len(current.msgstr):
                raise PoSyntaxError(f"{where}: {keyword} out of order")
            current.msgstr.append(value)
            target = ("msgstr", index)
        else:
            raise PoSyntaxError(f"{where}: unknown keyword {keyword!r}")
    finish()
    return entries


def compile_mo(entries: list[Entry]) -> bytes:
    """The GNU ``.mo`` image of ``entries`` (the layout of CPython's ``Tools/i18n/msgfmt.py``)."""
    messages: dict[bytes, bytes] = {}
    for entry in entries:
        if entry.msgid == "" and entry.msgctxt is None:
            messages[b""] = entry.msgstr[0].encode("utf-8") if entry.msgstr else b""
            continue
        if not entry.translated:
            continue
        lookup = entry.key if entry.msgid_plural is None else f"{entry.key}\x00{entry.msgid_plural}"
        messages[lookup.encode("utf-8")] = "\x00".join(entry.msgstr).encode("utf-8")
    keys = sorted(messages)
    ids = b"".join(key + b"\x00" for key in keys)
    strs = b"".join(messages[key] + b"\x00" for key in keys)
    count = len(keys)
    ids_start = 7 * 4 + 16 * count  # the header, then the two tables of (length, offset)
    strs_start = ids_start + len(ids)
    offsets: list[int] = []
    position = 0
    for key in keys:
        offsets += [len(key), ids_start + position]
        position += len(key) + 1
    position = 0
    for key in keys:
        offsets += [len(messages[key]), strs_start + position]
        position += len(messages[key]) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    return header + struct.pack(f"{len(offsets)}i", *offsets) + ids + strs


def read_po_file(path: Path) -> list[Entry]:
    return read_po(path.read_text(encoding="utf-8"), name=str(path))


__all__ = ["CONTEXT_SEPARATOR", "Entry", "PoSyntaxError", "compile_mo", "read_po", "read_po_file"]
