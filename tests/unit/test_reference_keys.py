"""The reference rows and the cadres keep their search and sort keys (migration 0025, ``models.search.keep_keys``):
every key kept is the one its row builds, a write of a name builds it again and a write that leaves
the names builds nothing, and the lists that filter or sort by them (shortages, stock, catalogue,
suppliers, a shortage's pickers, time sheets, site pickers, the quick filters' dialogs) never load
pypinyin (about 50 MB)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

import models.search
from models import migrate
from models.demo import load_demo
from models.migrate import ensure_schema
from models.organisation import SpecialGroup, Unit
from models.parks import Park
from models.people import Cadre
from models.reference import CatalogueItem, District
from models.search import search_key, sort_key
from models.services.catalogue import ItemInput, create_item, update_item
from models.services.paging import PageRequest
from models.services.reference import add_park, rename_park
from models.services.suppliers import SupplierInput, create_supplier, list_suppliers, update_supplier
from models.sites import Site
from models.supply import Material, Supplier
from tests.unit.test_start_path import run_python

#: each keyed table: the attributes its search key is built of (None: it has its own builder), and
#: the one its sort key is built of (None: no sort key)
KEYED: dict[type[Any], tuple[tuple[str, ...] | None, str | None]] = {
    District: (("name",), None),
    Park: (("name",), None),
    Material: (("name", "code", "name_en"), None),
    CatalogueItem: (("code", "name", "name_en", "standard"), None),
    Supplier: (("name", "region", "contact_person"), None),
    SpecialGroup: (("name", "code", "name_en"), "name"),
    Unit: (("name", "name_en"), "name"),
    Site: (None, "name"),
    Cadre: (("name", "login"), "name"),
}


def test_every_key_kept_is_the_one_its_row_builds(db, coordinator, frozen_clock) -> None:
    # the catalogue, materials, groups and units as the migrations made them; suppliers and sites as
    # the demo writes them (the suppliers in one bulk insert)
    load_demo(db, actor=coordinator, today=frozen_clock.today())
    with Session(db.engine) as session:
        for model, (searched, sorted_by) in KEYED.items():
            rows = session.exec(select(model)).all()
            assert rows, model
            for row in rows:
                if searched:
                    assert row.search_key and row.search_key == search_key(getattr(row, n) for n in searched), row
                if sorted_by:
                    assert row.sort_key and row.sort_key == sort_key(getattr(row, sorted_by)), row


def test_the_migration_keys_the_rows_a_database_holds(empty_db) -> None:
    migrate.upgrade(empty_db, "0024_dashboard_read")
    with empty_db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO supplier (id, version, name, region, contact_person, archived, created_at, created_by, "
            "updated_at, updated_by) VALUES (7, 1, '桐君阁', '重庆', 'Wang', :no, :at, 'x', :at, 'x')"),
            {"no": False, "at": datetime(2020, 2, 3, 8, 0)})
        # the first coordinator as setup-postgres made it, without a sort key
        conn.execute(text("INSERT INTO cadre (id, version, name, login, role, active, search_key, sort_key) "
                          "VALUES (1, 1, 'wangfang', 'wangfang', 'coordinator', :yes, 'wangfang', '')"), {"yes": True})
    migrate.upgrade(empty_db)
    with empty_db.engine.connect() as conn:
        keys = conn.execute(text("SELECT search_key FROM supplier")).scalars().all()
        groups = conn.execute(text("SELECT sort_key FROM specialgroup ORDER BY id")).scalars().all()
        cadres = conn.execute(text("SELECT sort_key FROM cadre")).scalars().all()
    assert keys == ["桐君阁|tongjunge|tjg|重庆|chongqing|cq|wang"] and cadres == ["wangfang"]
    assert groups[0] == "zonghexietiaozu"


def test_the_kinds_keys_are_their_words_keyed() -> None:
    from models.services.shortage_list import KIND_KEYS, KIND_WORDS

    assert KIND_KEYS == {kind: search_key(words) for kind, words in KIND_WORDS.items()}


def test_a_write_of_a_name_builds_the_key_again_and_no_other_write_does(
        session, coordinator, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    keyed = models.search.search_key

    def counted(parts: Any) -> str:
        key = keyed(parts)
        built.append(key)
        return key

    monkeypatch.setattr(models.search, "search_key", counted)
    sid = create_supplier(session, actor=coordinator, data=SupplierInput(name="重药集团", region="重庆"))
    assert built == ["重药集团|zhongyaojituan|zyjt|重庆|chongqing|cq"]
    update_supplier(session, actor=coordinator, supplier_id=sid, expected_version=1,
                    data=SupplierInput(name="重药集团", region="重庆", phone="023-63000000"))
    assert len(built) == 1  # the phone alone: nothing built
    update_supplier(session, actor=coordinator, supplier_id=sid, expected_version=2,
                    data=SupplierInput(name="桐君阁", region="重庆"))
    assert [r.name for r in list_suppliers(session, request=PageRequest(query="tjg")).rows] == ["桐君阁"]
    assert list_suppliers(session, request=PageRequest(query="zyjt")).rows == []

    item = create_item(session, actor=coordinator, data=ItemInput(code="GOWN-ISO", name="隔离衣", unit="件",
                                                                  category="suit", name_en="Isolation gown"))
    stored = session.get(CatalogueItem, item)
    assert stored is not None and stored.search_key == "gown-iso|隔离衣|geliyi|gly|isolation gown"
    update_item(session, actor=coordinator, item_id=item, expected_version=1,
                data=ItemInput(code="GOWN-ISO", name="隔离衣", unit="件", category="suit", name_en="Isolation gown",
                               standard="GB 19082"))
    session.refresh(stored)
    assert stored.search_key.endswith("|gb 19082")

    park = add_park(session, actor=coordinator, district_id=1, name="茶园新区").id
    assert session.get(Park, park).search_key == "茶园新区|chayuanxinqu|cyxq"
    rename_park(session, actor=coordinator, park_id=park, expected_version=1, name="长江工业园")
    assert session.get(Park, park).search_key == "长江工业园|changjianggongyeyuan|cjgyy"  # 长 read chang


def test_a_cadres_keys_follow_its_name_and_login(session, coordinator, monkeypatch: pytest.MonkeyPatch) -> None:
    from models.people import CadreCreate, CadreUpdate
    from models.services.cadres import create_cadre, update_cadre

    cadre = create_cadre(session, actor=coordinator, data=CadreCreate(name="王芳", login="wangfang"))
    assert (cadre.search_key, cadre.sort_key) == ("王芳|wangfang|wf", "wangfang")  # the login is its pinyin
    built: list[str] = []
    keyed = models.search.search_key
    monkeypatch.setattr(models.search, "search_key", lambda parts: built.append("") or keyed(parts))
    update_cadre(session, actor=coordinator, cadre_id=cadre.id, expected_version=1,
                 data=CadreUpdate(phone="13912345678"))
    assert built == []  # the phone alone: nothing built
    update_cadre(session, actor=coordinator, cadre_id=cadre.id, expected_version=2,
                 data=CadreUpdate(name="李强", login="liqiang"))
    session.refresh(cadre)
    assert (cadre.search_key, cadre.sort_key) == ("李强|liqiang|lq", "liqiang")


def test_the_cadre_picker_takes_the_first_names_in_pinyin_order_in_sql(session, coordinator) -> None:
    from models.people import CadreCreate
    from models.services.cadres import create_cadre
    from models.services.choices import cadre_choices

    for name, login in (("赵磊", "zhaolei"), ("王芳", "wangfang"), ("安明", "anming")):  # written in this order
        create_cadre(session, actor=coordinator, data=CadreCreate(name=name, login=login))
    everyone = [c.name for c in cadre_choices(session)]
    assert everyone.index("安明") < everyone.index("王芳") < everyone.index("赵磊")
    assert "赵磊" not in [c.name for c in cadre_choices(session, limit=everyone.index("赵磊"))]
    assert [c.name for c in cadre_choices(session, limit=1)] == [everyone[0]]


def test_a_reserve_units_rename_keys_the_warehouses_it_runs_again(session, coordinator) -> None:
    from models.services.sites import SiteInput, create_site, list_sites, site_keys

    unit = create_supplier(session, actor=coordinator, data=SupplierInput(name="重药集团", region="重庆",
                                                                          reserve_unit=True))
    site = create_site(session, actor=coordinator, data=SiteInput(code="WH-ZY", name="一号库", operator_id=unit))
    other = create_site(session, actor=coordinator, data=SiteInput(code="WH-X", name="二号库"))
    before = {s: session.get(Site, s).search_key for s in (site, other)}
    version = session.get(Site, site).version
    update_supplier(session, actor=coordinator, supplier_id=unit, expected_version=1,
                    data=SupplierInput(name="桐君阁", region="重庆", reserve_unit=True))
    stored = session.get(Site, site)
    session.refresh(stored)
    assert "tongjunge" in stored.search_key and "zhongyao" not in stored.search_key
    rebuilt = site_keys(session, {"code": "WH-ZY", "name": "一号库", "operator_id": unit})
    assert stored.search_key == rebuilt["search_key"]
    assert stored.version == version  # a derived column: nobody's edit of the warehouse is refused for it
    assert session.get(Site, other).search_key == before[other]
    assert [r.name for r in list_sites(session, request=PageRequest(query="tjg")).rows] == ["一号库"]


@pytest.fixture
def demo_file(tmp_path: Path, frozen_clock) -> Path:  # type: ignore[no-untyped-def]
    from models.base import Role
    from models.db import Database
    from models.services.common import Actor

    path = tmp_path / "demo.db"
    db = Database.open(f"sqlite:///{path}")
    ensure_schema(db)
    load_demo(db, actor=Actor(login="demo", role=Role.COORDINATOR), today=frozen_clock.today())
    db.dispose()
    return path


def test_the_lists_that_filter_and_sort_by_names_load_no_pypinyin(demo_file: Path, frozen_clock) -> None:
    today = frozen_clock.today()
    code = f"""
import sys
from datetime import date, timedelta
from models.db import Database
from models.services.catalogue import count_items
from models.services.choices import filter_choices, form_choices, group_choices
from models.services.paging import PageRequest
from models.services.shortage_detail import all_suppliers
from models.services.shortage_list import count_shortages
from models.services.sites import warehouse_choices
from models.services.stock_views import count_stock
from models.services.suppliers import count_suppliers
from models.services.timesheets import time_sheet
from sqlmodel import Session

today = date.fromisoformat({today.isoformat()!r})
db = Database.open({f"sqlite:///{demo_file}"!r})
with Session(db.engine) as s:
    counts = [
        count_shortages(s, request=PageRequest(query="rpb")),  # 熔喷布, a raw material, in initials
        count_shortages(s, request=PageRequest(query="kouzhao")),  # the masks, catalogue items
        count_shortages(s, request=PageRequest(query="yongdian")),  # a kind
        count_stock(s, filter_text="kz"),
        count_items(s, request=PageRequest(query="fhf")),  # 防护服
        count_suppliers(s, request=PageRequest(query="rongpen")),  # by what they supply
        sum("zyjt" in v.key for v in all_suppliers(s)),
        sum("zhxtz" in g.key for g in group_choices(s)),  # 综合协调组
        len(time_sheet(s, start=today - timedelta(days=6), end=today, by="unit").rows),
        len(time_sheet(s, start=today - timedelta(days=6), end=today, by="group").rows),
        len(warehouse_choices(s)),
        len(filter_choices(s).groups),
        len(form_choices(s).items),
    ]
print(all(counts), "pypinyin" in sys.modules, counts)
"""
    shown = run_python(code)
    assert shown.startswith("True False"), shown


def test_the_quick_filters_dialogs_load_no_pypinyin(demo_file: Path) -> None:
    # every dialog of the three lists' quick filters (``f``), in Chinese, with the choices loaded as
    # the screens load them
    code = f"""
import json, sys
from sqlmodel import Session
from models.base import Role
from models.db import Database
from models.services.choices import filter_choices, form_choices
from models.services.common import Actor
from models.services.reference import groups, units
from tui import i18n
from tui.enterprises.quick_filters import directory_filters, load_choices as load_directory
from tui.reference.people import people_filters
from tui.shortages.quick_filters import load_choices as load_shortages, shortage_filters
from tui.widgets.quick_filters import Choice

i18n.set_language("zh")
db = Database.open({f"sqlite:///{demo_file}"!r})
directory, shortages, people = directory_filters(), shortage_filters(Actor("x", Role.COORDINATOR)), people_filters()
with Session(db.engine) as s:
    load_directory(directory, form_choices(s))
    load_shortages(shortages, filter_choices(s))
    people.load(unit_id=[Choice(u.id, u.name, u.key) for u in units(s)],
                group_id=[Choice(g.id, g.name, g.key) for g in groups(s)])
keys = {{}}
for quick in (directory, shortages, people):
    keys.update((label.strip("✓ "), key) for _, label, key in quick.menu({{}}))
    for spec in quick.filters:
        if spec.valued:
            keys.update((label, key) for _, label, key in quick.options(spec.name))
print(json.dumps(["pypinyin" in sys.modules, keys], ensure_ascii=False))
"""
    loaded, keys = json.loads(run_python(code))
    assert not loaded
    assert "qx" in keys["区县"] and "zhuangtai" in keys["状态"] and "mfh" in keys["满负荷"]
    assert "naq" in keys["南岸区"] and "yiliaowuzicaigouzu" in keys["医疗物资采购组"]
    assert "sjxw" in keys["市经信委"] and "kouzhao" in keys["医用外科口罩"]
