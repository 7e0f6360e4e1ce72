"""What start-up loads: on a current database neither Alembic nor pypinyin nor the tables the start
screen does not read, nor (in English) the Chinese catalogue, nor Babel (a build tool only); the
first write still finds every table its foreign keys point at.

Each case runs in a fresh interpreter, whose ``sys.modules`` shows what start-up imported.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models.db import Database
from models.migrate import ensure_schema

LATER = ("models.activity", "models.supply", "models.licences", "models.organisation", "models.audit")


def run_python(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                            env=dict(os.environ), timeout=120)
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

    open_context(db_url=str(current_db), login="first").db.dispose()  # a coordinator: the reader only reads
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


def test_tables_living_elsewhere_are_still_named_by_their_aggregate() -> None:
    import models.activity
    import models.licences
    import models.organisation
    import models.supply
    from models.enterprise import EnterpriseStatusChange, HolidayPlan, Qualification
    from models.people import CheckIn
    from models.reference import Material, SpecialGroup, Unit
    from models.shortage import ShortageEvent, Supplier, SupplierItem

    assert (CheckIn, EnterpriseStatusChange, ShortageEvent) == (
        models.activity.CheckIn, models.activity.EnterpriseStatusChange, models.activity.ShortageEvent)
    assert (Material, Supplier, SupplierItem) == (models.supply.Material, models.supply.Supplier,
                                                  models.supply.SupplierItem)
    assert (Qualification, HolidayPlan) == (models.licences.Qualification, models.licences.HolidayPlan)
    assert (Unit, SpecialGroup) == (models.organisation.Unit, models.organisation.SpecialGroup)
    with pytest.raises(ImportError):
        from models.people import Unknown  # noqa: F401
