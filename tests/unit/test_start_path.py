"""What start-up loads: on a current database neither Alembic nor pypinyin nor the tables the start
screen does not read, nor (in English) the Chinese catalogue, nor Babel (a build tool only), nor
Python's OpenSSL bindings; the first write still finds every table its foreign keys point at.

Each case runs in a fresh interpreter, whose ``sys.modules`` shows what start-up imported.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from models.db import Database
from models.migrate import ensure_schema

#: the modules of the tables the start screen does not read: start-up imports none of them
LATER = ("models.checkin", "models.history", "models.supply", "models.licences", "models.holiday_plans",
         "models.organisation", "models.audit")


def run_python(code: str) -> str:
    """``code`` in a fresh interpreter that imports the package this test imports: run outside the
    checkout (``-c`` puts the working directory first on the path), with PYTHONPATH made absolute."""
    env = dict(os.environ)
    if env.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.pathsep.join(str(Path(p).resolve()) for p in env["PYTHONPATH"].split(os.pathsep))
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, env=env,
                            timeout=120, cwd=tempfile.gettempdir())
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def current_db(tmp_path: Path) -> Path:
    """A database at head, with no cadre and no enterprise yet."""
    path = tmp_path / "desk.db"
    db = Database.open(f"sqlite:///{path}")
    ensure_schema(db)
    db.dispose()
    return path


def test_the_start_path_loads_neither_alembic_nor_pypinyin_nor_the_later_tables(current_db: Path) -> None:
    from tui.factory import open_context
    from tui.i18n.catalogue import prepare

    open_context(db_url=str(current_db), login="first").db.dispose()  # a coordinator: the reader only reads
    prepare("en")  # a source checkout compiles its catalogue once (with Babel), as a first start would
    code = f"""
import sys
from tui.factory import open_context
from tui.i18n import set_language, t
from models.services.enterprise_list import count_enterprises, list_enterprises
from models.services.paging import PageRequest
set_language("en")
ctx = open_context(db_url={str(current_db)!r}, login="reader")
rows = ctx.run(lambda s: list_enterprises(s, request=PageRequest(sort="name")).rows)
total = ctx.run(lambda s: count_enterprises(s, request=PageRequest()))
t("Enterprises")
from tui.i18n.catalogue import LOADED
loaded = [name for name in ("alembic", "pypinyin", "babel", *{LATER!r}) if name in sys.modules]
loaded += [f"the {{lang}} catalogue" for lang in sorted(LOADED - {{"en"}})]
print(ctx.actor.role.value, len(rows), total, loaded)
"""
    assert run_python(code) == "viewer 0 0 []"


def test_the_first_write_defines_every_table_first(current_db: Path) -> None:
    # The first login on a database without cadres becomes its coordinator: a flush of a cadre row,
    # whose foreign keys point at tables (unit, specialgroup) that start-up had not defined.
    code = f"""
import sys
from tui.factory import open_context
ctx = open_context(db_url={str(current_db)!r}, login="first")
print(ctx.actor.role.value, all(name in sys.modules for name in {LATER!r}))
"""
    assert run_python(code) == "coordinator True"
    with sqlite3.connect(current_db) as conn:
        assert conn.execute("SELECT login, role FROM cadre").fetchall() == [("first", "coordinator")]


def test_every_table_is_named_by_the_module_that_defines_it() -> None:
    # no forwarders: a table module names only its own tables, so an import says where a table lives
    # (start-up stays lean because the start path imports only the modules of the tables it reads)
    import models.enterprise
    import models.people
    import models.reference
    import models.tables

    for name in models.tables.__all__:
        table = getattr(models.tables, name)
        module = sys.modules[table.__module__]
        assert not hasattr(module, "__getattr__"), module.__name__
        assert [n for n in vars(module) if getattr(module, n) is table] == [name]
    # the aggregates no longer name the tables that live elsewhere
    assert not hasattr(models.people, "CheckIn")
    assert not hasattr(models.enterprise, "Qualification")
    assert not hasattr(models.reference, "Material")


def test_the_start_path_leaves_pythons_openssl_bindings_unloaded(current_db: Path) -> None:
    # asyncio runs, hashlib gives the same digests from CPython's own hashes, and neither ``_ssl`` nor
    # ``_hashlib`` (with the system's libssl and libcrypto) is mapped into the process
    code = f"""
import tui.app  # first, as the supplydesk command imports it
import asyncio, hashlib, sys
from pathlib import Path
from tui.factory import open_context
ctx = open_context(db_url={str(current_db)!r}, login="reader")
ctx.run(lambda s: None)
async def ran():
    return "ran"
print(asyncio.run(ran()), hashlib.sha256(b"desk").hexdigest()[:12],
      hashlib.md5(b"desk", usedforsecurity=False).hexdigest()[:12], sys.modules["ssl"], sys.modules["_hashlib"],
      [line.split()[-1] for line in Path("/proc/self/maps").read_text().splitlines()
       if "/_ssl." in line or "/_hashlib." in line])
"""
    assert run_python(code) == "ran 49be417ad740 b506e098cf25 None None []"


def test_a_pure_python_postgresql_driver_keeps_ssl(monkeypatch: pytest.MonkeyPatch) -> None:
    # psycopg's pure-Python implementation imports ssl: asked for, it gets it
    code = """
import sys
import tui
print(sys.modules.get("ssl", "not imported"))
"""
    monkeypatch.setenv("PSYCOPG_IMPL", "python")
    assert run_python(code) == "not imported"


def test_a_dashboard_fed_by_shared_figures_imports_none_of_the_services_that_read_them() -> None:
    # the screen and the shared figures' decoder need the view's values only: the services and their
    # tables are imported at the first read of the database
    code = """
import sys
import tui.dashboard.screen
from models.shared_figures import shape
shape()  # what reading a file asks first: every field of the view, its hints resolved
print([name for name in sys.modules if name.startswith("models.services.") and name.endswith(("dashboard",
       "dashboard_refresh", "donation_figures", "fund_figures"))] + [name for name in ("models.donations",
       "models.funds", "models.receipts") if name in sys.modules])
"""
    assert run_python(code) == "[]"


def test_the_shortage_list_imports_no_write_service_of_shortages() -> None:
    # confirming a warning writes through the shortages' service: imported then, not with the list
    code = """
import sys
import tui.shortages.screen
print("models.services.shortages" in sys.modules)
"""
    assert run_python(code) == "False"
