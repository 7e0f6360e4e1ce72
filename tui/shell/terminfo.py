"""A terminal's boolean capabilities, read from its compiled terminfo entry.

The app asks one question of terminfo at start (does the terminal erase with the current background,
``bce``: ``tui.shell.mirror``). ``curses.setupterm`` answers it, but loads the curses and terminfo
libraries for it (about 0.5 MB in every session, for one flag); the entry's format is small and
stable (``term(5)``): a header of six little-endian shorts (the magic number, then the sizes of the
names, the booleans, the numbers, the strings and the string table), the terminal's names, then
one byte per boolean, in the order below. Only the files are read: the search path is the one
ncurses uses (``$TERMINFO``, ``~/.terminfo``, ``$TERMINFO_DIRS``, then the system's folders).
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from pathlib import Path

#: the booleans in the order of every compiled entry (``term.h``), up to the one the app asks for
BOOLEANS = ("bw", "am", "xsb", "xhp", "xenl", "eo", "gn", "hc", "km", "hs", "in", "da", "db", "mir", "msgr", "os",
            "eslok", "xt", "hz", "ul", "xon", "nxon", "mc5i", "chts", "nrrmc", "npc", "ndscr", "ccc", "bce")
#: the legacy format's magic number, and that of the format with 32-bit numbers (ncurses 6.1)
MAGIC = (0o432, 0o1036)
#: where the system's entries are, after the user's (ncurses' defaults, Debian's and others')
SYSTEM = ("/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo", "/usr/share/lib/terminfo")
HEADER = struct.Struct("<6h")


def folders(environ: Mapping[str, str]) -> list[Path]:
    """The folders searched, in order."""
    found = [environ["TERMINFO"]] if environ.get("TERMINFO") else []
    if environ.get("HOME"):
        found.append(str(Path(environ["HOME"]) / ".terminfo"))
    for part in environ.get("TERMINFO_DIRS", "").split(":") if environ.get("TERMINFO_DIRS") else ():
        found.extend([part] if part else SYSTEM)  # an empty part: the system's folders there
    found.extend(SYSTEM)
    return [Path(folder) for folder in dict.fromkeys(found)]


def entry(term: str, environ: Mapping[str, str]) -> bytes | None:
    """The compiled entry of ``term`` (in a folder by its first letter, or by its code in hex as on
    macOS), or None."""
    if not term or "/" in term or term.startswith("."):
        return None
    for folder in folders(environ):
        for sub in (term[0], f"{ord(term[0]):02x}"):
            try:
                return (folder / sub / term).read_bytes()
            except OSError:
                continue
    return None


def flag(term: str, name: str, environ: Mapping[str, str]) -> bool | None:
    """Whether the terminal ``term`` has the boolean capability ``name`` (one of ``BOOLEANS``); None
    when there is no entry for it, or it is not one this reads."""
    data = entry(term, environ)
    if data is None or len(data) < HEADER.size:
        return None
    magic, names, booleans = (int(field) for field in HEADER.unpack_from(data)[:3])
    index = BOOLEANS.index(name)
    if magic not in MAGIC or names < 0 or booleans < 0:
        return None
    if len(data) < HEADER.size + names + min(booleans, index + 1):
        return None
    return index < booleans and data[HEADER.size + names + index] == 1
