"""The interpreter a session runs in: one without docstrings (``python -OO``).

A session lives for hours beside a hundred others on the group's server. The docstrings of the modules
it imports (SQLAlchemy's, Textual's, pydantic's, the driver's, the app's) are about 5 MB of each
session's memory, and nothing in a session reads them. ``-OO`` leaves them out of the compiled code;
it also drops ``assert`` statements, which in this code only state what cannot happen.

So ``supplydesk``, starting the app, runs its own command line again with ``-OO`` before it imports
anything large: ``os.execv`` replaces the program in the same process (the same pid, terminal,
signals and descriptors), at the cost of one more interpreter start-up. Subcommands are left as they
are: they are short.

It does not when that would cost more than it saves: when the compiled ``.opt-2.pyc`` files are
missing and cannot be written (an installation owned by another user, ``PYTHONDONTWRITEBYTECODE``),
every start would compile every module from source. Whoever installs system-wide compiles them once
(``python -OO -m compileall`` on the installation, see the README). ``SUPPLYDESK_DOCSTRINGS=keep``
keeps the docstrings.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Mapping, Sequence

#: the environment variable that keeps the docstrings, and its value
KEEP_VARIABLE, KEEP = "SUPPLYDESK_DOCSTRINGS", "keep"
#: the packages whose compiled ``__init__`` stands for all of theirs: the app's and the two largest
#: a session imports
PACKAGES = ("tui", "sqlalchemy", "textual")


def compiled_or_writable(package: str, *, may_write: bool) -> bool:
    """Whether ``package``'s ``-OO`` compiled files are there, or can be written as it is imported."""
    spec = importlib.util.find_spec(package)  # a top-level package: nothing is imported
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return False
    cache = importlib.util.cache_from_source(spec.origin, optimization=2)
    if os.path.exists(cache):
        return True
    folder = os.path.dirname(cache)
    return may_write and os.access(folder if os.path.isdir(folder) else os.path.dirname(folder), os.W_OK)


def restart_argv(*, optimize: int, orig_argv: Sequence[str], executable: str, environ: Mapping[str, str],
                 ready: Callable[[str], bool]) -> list[str] | None:
    """The command line that runs this one again without docstrings, or None where it should run as
    it is: already without them, told to keep them, or without compiled files it could use."""
    if optimize >= 2 or environ.get(KEEP_VARIABLE, "").strip().lower() == KEEP or not executable:
        return None
    if len(orig_argv) < 2 or not all(ready(package) for package in PACKAGES):
        return None
    # the same interpreter options, script or module and arguments: only -OO is added
    return [executable, "-OO", *orig_argv[1:]]


def restart_without_docstrings() -> None:
    """Replace this process by the same command under ``-OO`` (see the module); return where it should not."""
    if os.name != "posix":  # elsewhere ``execv`` starts another process and this one ends
        return
    argv = restart_argv(optimize=sys.flags.optimize, orig_argv=sys.orig_argv, executable=sys.executable,
                        environ=os.environ,
                        ready=lambda package: compiled_or_writable(package, may_write=not sys.dont_write_bytecode))
    if argv is None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execv(argv[0], argv)
    except OSError:  # the interpreter cannot be run again: this one goes on, with its docstrings
        return
