"""``supplydesk import`` / ``supplydesk export``: the report in the user's language, exit codes, the
template that imports as it is, xlsx cells of the right type, and the round trip export → import
that changes nothing."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from sqlmodel import select

import tui.i18n as i18n
from models.audit import AuditLog
from models.enterprise import Enterprise


@pytest.fixture(autouse=True)
def frozen_then_english(frozen_clock):
    yield frozen_clock
    i18n.set_language("en")


@pytest.fixture
def world(make, coordinator):
    """Two enterprises (one with Chinese punctuation and a text that looks like a formula) and two cadres."""
    make.enterprise("重庆（集团）医疗：第一厂", short_name="一厂", contact_person="刘敏", phone="13800000001",
                    notes="=HYPERLINK(\"x\")，备注", address="南岸区茶园路1号")
    make.enterprise("乙公司", park=None, district="渝中区")
    make.field_cadre("liqiang")
    make.cadre("wangfang", role="viewer", name="王芳")
    return make


CSV = ("职工名册\n姓名,手机号,账号,角色\n"
       "张三,13900000001,zhangsan,驻厂干部\n"
       "李四,139000,lisi,只读\n"
       "王五,13900000003,wangwu,不知道\n")


@pytest.mark.parametrize(("lang", "lines"), [
    ("en", ["Row 4, 手机号: A mobile number has 11 digits and starts with 1",
            "Row 5, 角色: Unknown value 不知道",
            "Dry run, nothing written: 1 to add, 0 to update, 0 unchanged",
            "2 rows refused"]),
    ("zh", ["第 4 行，手机号：手机号为以 1 开头的 11 位数字",
            "第 5 行，角色：",
            "试运行，未写入：将新增 1 条，更新 0 条，0 条无变化",
            "2 行被拒绝"]),
])
def test_refused_rows_are_named_in_the_users_language(run, coordinator, tmp_path, lang, lines) -> None:
    path = tmp_path / "名册.csv"
    path.write_bytes(CSV.encode("gbk"))
    code, out, err = run("zhangwei", "import", "cadres", str(path), "--dry-run", "--lang", lang)
    assert (code, err) == (1, "")
    for line in lines:
        assert any(shown.startswith(line) for shown in out.splitlines()), (line, out)


def test_a_clean_import_exits_0_and_a_viewer_is_refused(run, coordinator, tmp_path, session) -> None:
    path = tmp_path / "名册.csv"
    path.write_text("姓名,手机号\n张三,13900000001\n", encoding="utf-8-sig")
    assert run("zhangwei", "import", "cadres", str(path))[0] == 0
    code, out, err = run("visitor", "import", "cadres", str(path))
    assert (code, out) == (1, "") and err.strip() == "supplydesk: Only coordinators may do this"


def test_a_file_that_is_no_sheet_is_one_line(run, coordinator, tmp_path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF")
    code, out, err = run("zhangwei", "import", "enterprises", str(path))
    assert (code, out) == (1, "")
    assert err.strip() == "supplydesk: x.pdf is not an xlsx or CSV file: save it as one of them"


@pytest.mark.parametrize("kind", ["enterprises", "cadres", "suppliers", "catalogue"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_template_imports_as_it_is(run, coordinator, tmp_path, kind, lang) -> None:
    path = tmp_path / f"{kind}.xlsx"
    assert run("zhangwei", "import", "--template", kind, str(path), "--lang", lang)[0] == 0
    book = load_workbook(path)
    assert len(book.sheetnames) == 2 and book.worksheets[0].freeze_panes == "A2"
    assert book.worksheets[1].max_row > 3  # a line per column
    code, out, _ = run("zhangwei", "import", kind, str(path), "--dry-run")
    assert code == 0 and "1 to add" in out, out


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_round_trip_changes_nothing(run, world, session, tmp_path, fmt, lang) -> None:
    for kind in ("enterprises", "cadres"):
        path = tmp_path / f"{kind}.{fmt}"
        code, _, _ = run("zhangwei", "export", kind, "--format", fmt, "--output", str(path), "--lang", lang)
        assert code == 0
        session.rollback()
        audit_before = len(session.exec(select(AuditLog)).all())
        code, out, err = run("zhangwei", "import", kind, str(path), "--lang", "en")
        assert (code, err) == (0, ""), out
        assert "0 added, 0 updated" in out, out
        session.rollback()
        assert len(session.exec(select(AuditLog)).all()) == audit_before
    first = session.exec(select(Enterprise).where(Enterprise.short_name == "一厂")).one()
    assert first.name == "重庆（集团）医疗：第一厂" and first.version == 1


def test_xlsx_cells_have_their_types_and_no_formula(run, world, session, tmp_path) -> None:
    path = tmp_path / "e.xlsx"
    assert run("zhangwei", "export", "enterprises", "--output", str(path))[0] == 0
    sheet = load_workbook(path).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2" and header[:3] == ["Enterprise name", "Short name", "Credit code"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    first = rows["重庆（集团）医疗：第一厂"]
    notes = first[header.index("Notes")]
    assert notes.value.startswith("=HYPERLINK") and notes.data_type == "s"
    assert first[header.index("Daily capacity in all")].data_type == "n"
    assert sheet.column_dimensions["A"].width >= 20


def test_export_filters_as_the_filter_box(run, world, tmp_path) -> None:
    code, out, _ = run("zhangwei", "export", "enterprises", "--format", "csv", "--filter", "yigongsi")
    assert code == 0
    assert "乙公司" in out and "第一厂" not in out
    code, out, _ = run("zhangwei", "export", "enterprises", "--format", "csv", "--filter", "茶园")
    assert "乙公司" not in out and "第一厂" in out


def test_every_list_exports(run, world, tmp_path) -> None:
    for kind in ("enterprises", "shortages", "cadres", "checkins", "suppliers", "catalogue"):
        path = tmp_path / f"{kind}.xlsx"
        code, _, err = run("zhangwei", "export", kind, "--output", str(path))
        assert code == 0, err
        assert load_workbook(path).worksheets[0].max_row >= 1


def test_an_xlsx_export_needs_a_file(run, world) -> None:
    code, out, err = run("zhangwei", "export", "cadres")
    assert (code, out) == (2, "") and "--output FILE" in err


def test_headers_in_either_language_are_read_back() -> None:
    from models.exchange.columns import COLUMNS, find_header
    from tui.exchange.labels import header

    for lang in ("en", "zh"):
        i18n.set_language(lang)
        for kind, columns in COLUMNS.items():
            titles = [header(kind, c.field) for c in columns]
            found = find_header(kind, [(1, list(titles))])
            assert found is not None and sorted(found.index) == sorted(c.field for c in columns), (lang, kind)


SUPPLIERS = ("供应商名录（2月）\n"
             "序号,供应商名称,是否境外,所在地,备注\n"
             "1,重庆无纺布厂,否,重庆,熔喷布、无纺布\n"
             "2,Acme Masks Ltd,是,Germany,\n"
             "3,重庆无纺布厂,否,重庆,\n"
             "4,坏数据厂,也许,重庆,\n")


def test_suppliers_import_and_read_back(run, coordinator, session, tmp_path) -> None:
    from models.supply import Supplier

    path = tmp_path / "供应商.csv"
    path.write_bytes(SUPPLIERS.encode("gb18030"))
    code, out, _ = run("zhangwei", "import", "suppliers", str(path))
    assert code == 1
    assert "Row 5, 供应商名称: The same record as row 3 of this sheet" in out
    assert "Row 6, 是否境外: Unknown value 也许" in out
    session.rollback()
    assert {(s.name, s.origin, s.region) for s in session.exec(select(Supplier))} == {
        ("重庆无纺布厂", "local", "重庆"), ("Acme Masks Ltd", "overseas", "Germany")}
    back = tmp_path / "s.xlsx"
    assert run("zhangwei", "export", "suppliers", "--output", str(back), "--lang", "zh")[0] == 0
    code, out, _ = run("zhangwei", "import", "suppliers", str(back))
    assert code == 0 and "0 added, 0 updated, 2 unchanged" in out


def test_the_catalogue_reads_back_and_updates_by_name(run, coordinator, session, tmp_path) -> None:
    from models.reference import CatalogueItem

    path = tmp_path / "目录.xlsx"
    assert run("zhangwei", "export", "catalogue", "--output", str(path))[0] == 0
    code, out, _ = run("zhangwei", "import", "catalogue", str(path))
    assert code == 0 and "0 added, 0 updated, 9 unchanged" in out
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("Item")].value == "医用防护服":
            row[header.index("Daily demand")].value = "1.5万"
            row[header.index("Code")].value = "MASK-N95"  # another item's code
    sheet.append(["KN95", "KN95口罩", "KN95 mask", "mask", "只", 8000, "no"])
    book.save(path)
    code, out, _ = run("zhangwei", "import", "catalogue", str(path))
    assert code == 1 and "1 added, 0 updated, 8 unchanged" in out
    assert "Row 5, Code: The same record as row 4 of this sheet" in out
    sheet.delete_rows(4)  # without the N95 row, its code is still the stored N95's
    book.save(path)
    code, out, _ = run("zhangwei", "import", "catalogue", str(path))
    assert code == 1 and "Row 4, Code: Another record already has this value" in out
    sheet.cell(row=[r[1].value for r in sheet.iter_rows()].index("医用防护服") + 1,
               column=header.index("Code") + 1).value = "SUIT"
    book.save(path)
    code, out, _ = run("zhangwei", "import", "catalogue", str(path))
    assert code == 0 and "0 added, 1 updated, 8 unchanged" in out
    session.rollback()
    assert session.exec(select(CatalogueItem).where(CatalogueItem.code == "SUIT")).one().daily_demand == 15000
