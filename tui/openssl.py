"""Python's OpenSSL bindings stay unloaded: a session never speaks TLS or hashes with OpenSSL itself.

Loading ``ssl`` (which asyncio, and so Textual, imports whenever it can) and ``_hashlib`` (which
``hashlib`` prefers) maps and relocates the system's libssl and libcrypto: 4.6 MB of every
session's RSS, measured at 80×24 on both databases. Nothing of the desk needs them:
- asyncio opens no TLS connection here, and runs without ``ssl`` (it checks for ``None``);
- ``hashlib`` falls back to CPython's own SHA-2 and MD5, which give the same digests (the audit
  chain, the catalogue cache, the shared figures' shape, SQLAlchemy's names);
- the PostgreSQL driver's compiled implementation links its own OpenSSL for TLS to the server.

So both are marked absent before anything imports them, unless they are already loaded or something
here needs them: psycopg's pure-Python implementation (used when no compiled one is installed, or
when ``PSYCOPG_IMPL=python``) imports ``ssl``, and a Python built without its own hashes needs
``_hashlib``. An import of either then fails with "halted; None in sys.modules".
"""

from __future__ import annotations

import os
import sys
from importlib.util import find_spec

#: the hashes ``hashlib`` falls back to without OpenSSL (CPython 3.11's module names)
_OWN_HASHES = ("_sha256", "_md5")


def leave_unloaded() -> None:
    """Mark ``ssl`` and ``_hashlib`` absent where nothing needs them (see the module's text)."""
    if "ssl" not in sys.modules and not _psycopg_needs_ssl():
        sys.modules["ssl"] = None  # type: ignore[assignment]  # Python's documented "import blocked"
    if "_hashlib" not in sys.modules and all(find_spec(name) is not None for name in _OWN_HASHES):
        sys.modules["_hashlib"] = None  # type: ignore[assignment]


def _psycopg_needs_ssl() -> bool:
    """Whether psycopg, if installed, would use its pure-Python implementation (which imports ssl)."""
    if find_spec("psycopg") is None:
        return False
    if os.environ.get("PSYCOPG_IMPL", "").strip().lower() == "python":
        return True
    return find_spec("psycopg_binary") is None and find_spec("psycopg_c") is None
