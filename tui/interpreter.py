"""The interpreter a session runs in: one without docstrings (``python -OO``).

A session lives for hours beside a hundred others on the group's server. The docstrings of the modules
it imports (SQLAlchemy's, Textual's, pydantic's, the driver's, the app's) are about 5 MB of each
session's memory, and nothing in a session reads them. ``-OO`` leaves them out of the compiled code;
it also drops ``assert`` statements, which in this code only state what cannot happen.

So the ``supplydesk`` command (``tui.cli.run``), once it knows it starts the app and before it imports
anything large, runs its own command line again with ``-OO``: ``os.execv`` replaces the program in
the same process (the same pid, terminal and descriptors), at the cost of one more interpreter
start-up, 30–40 ms. Subcommands run as they are, and so does ``tui.cli.main`` called from other
code.

It does not when that would cost more than it saves, or where it would not run the same program:

- the compiled ``.opt-2.pyc`` files are missing or older than their modules, and cannot be written
  (an installation or a Python owned by another user, ``PYTHONDONTWRITEBYTECODE``): every start would
  compile every module from source, about a second of CPU and a higher peak. Whoever installs
  system-wide compiles them once (``python -OO -m compileall``, see the README's "PostgreSQL and
  shared servers");
- the interpreter's command line is not this program's script or ``-m tui.cli`` with these
  arguments (``-c``, standard input, another program calling it), a debugger or tracer is attached,
  or the program is frozen;
- ``SUPPLYDESK_DOCSTRINGS=keep``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
from collections.abc import Callable, Mapping, Sequence

#: the environment variable that keeps the docstrings, and its value
KEEP_VARIABLE, KEEP = "SUPPLYDESK_DOCSTRINGS", "keep"
#: the packages whose compiled ``__init__`` stands for all of their folder's: the app's, the two largest
#: installed ones a session imports, and one of the standard library (a system's Python often ships
#: without ``-OO`` files, in a folder only root may write)
PACKAGES = ("tui", "sqlalchemy", "textual", "asyncio")
#: the module ``python -m`` runs for the app
MODULE = "tui.cli"


def _current(cache: str, source: str) -> bool:
    """Whether the compiled file ``cache`` is one the interpreter takes for ``source`` as it is now
    (its header: the magic number, then the source's modification time and size, or a hash)."""
    try:
        with open(cache, "rb") as file:
            header = file.read(16)
        stat = os.stat(source)
    except OSError:
        return False
    if len(header) < 16 or header[:4] != importlib.util.MAGIC_NUMBER:
        return False
    if int.from_bytes(header[4:8], "little") & 1:  # hash-based: valid until its source's hash changes
        return True
    return (int.from_bytes(header[8:12], "little") == int(stat.st_mtime) & 0xFFFFFFFF
            and int.from_bytes(header[12:16], "little") == stat.st_size & 0xFFFFFFFF)


def _writable(folder: str) -> bool:
    """Whether ``folder`` can be written, or made in its nearest existing parent."""
    while not os.path.isdir(folder):
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent
    return os.access(folder, os.W_OK)


def compiled_or_writable(package: str, *, may_write: bool) -> bool:
    """Whether ``package``'s ``-OO`` compiled files are there and current, or can be written as it is imported."""
    spec = importlib.util.find_spec(package)  # a top-level package: nothing is imported
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return False
    cache = importlib.util.cache_from_source(spec.origin, optimization=2)
    return _current(cache, spec.origin) or (may_write and _writable(os.path.dirname(cache)))


def runs_this_program(orig_argv: Sequence[str], argv: Sequence[str]) -> bool:
    """Whether the interpreter's command line (``orig_argv``) runs this program: the script ``argv[0]``,
    or ``-m tui.cli``, then exactly the arguments the program was given."""
    given = list(argv[1:])
    at = len(orig_argv) - len(given)  # where the program's arguments begin
    if at < 2 or not argv or argv[0] in ("-", "-c") or list(orig_argv[at:]) != given:
        return False  # (standard input is read already; code on the command line may be anything)
    if orig_argv[at - 1] == MODULE:
        return at >= 3 and orig_argv[at - 2] == "-m"
    return orig_argv[at - 1] == argv[0]


def restart_argv(*, optimize: int, orig_argv: Sequence[str], argv: Sequence[str], executable: str,
                 environ: Mapping[str, str], ready: Callable[[str], bool]) -> list[str] | None:
    """The command line that runs this one again without docstrings, or None where it should run as
    it is (see the module)."""
    if optimize >= 2 or environ.get(KEEP_VARIABLE, "").strip().lower() == KEEP or not executable:
        return None
    if not runs_this_program(orig_argv, argv) or not all(ready(package) for package in PACKAGES):
        return None
    # the same interpreter options, script or module and arguments: only -OO is added
    return [executable, "-OO", *orig_argv[1:]]


def restart_without_docstrings() -> None:
    """Replace this process by the same command under ``-OO`` (see the module); return where it should not."""
    if os.name != "posix" or getattr(sys, "frozen", False) or sys.gettrace() is not None:
        return  # elsewhere ``execv`` starts another process and this one ends; a debugger would be lost
    argv = restart_argv(optimize=sys.flags.optimize, orig_argv=sys.orig_argv, argv=sys.argv,
                        executable=sys.executable, environ=os.environ,
                        ready=lambda package: compiled_or_writable(package, may_write=not sys.dont_write_bytecode))
    if argv is None:
        return
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):  # closed, or gone: nothing of it to lose
                stream.flush()
    try:
        os.execv(argv[0], argv)
    except OSError:  # the interpreter cannot be run again: this one goes on, with its docstrings
        return
