"""Importing the sheets offices keep: messy real sheets (title and note rows, synonyms, merged cells,
full-width digits, units, GBK CSV, totals), the forms' validation, dry runs, idempotence and the audit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import select

from models.audit import AuditLog
from models.enterprise import Enterprise, Product
from models.errors import ValidationError
from models.exchange.importing import import_sheet
from models.exchange.sheet import number, read_sheet
from models.parks import Park
from models.people import Cadre
from tests.conftest import valid_credit_code

CODE_A, CODE_C = valid_credit_code(101), valid_credit_code(103)
#: a code whose check character is wrong
BAD_CODE = CODE_C[:17] + ("0" if CODE_C[17] != "0" else "1")


def full_width(text: str) -> str:
    """ASCII digits and letters as the full-width forms a Chinese input method types."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def directory_sheet(path: Path, rows: list[list[object]] | None = None) -> Path:
    """A directory as an office keeps it: a merged title, a note, synonyms and units in the header."""
    book = Workbook()
    ws = book.active
    ws.title = "名录"
    ws.append(["重庆市医疗物资生产企业名录"])
    ws.merge_cells("A1:J1")
    ws.append(["填报说明：请如实填写，带*为必填项"])
    ws.append(["序号", "*单位名称", "统一社会信用代码", "所在区县", "园区", "联系人", "联系电话", "主要产品",
               "日产能（万只）", "备注"])
    for row in rows or [
        [1, "甲医疗用品有限公司", full_width(CODE_A), "南岸区", "茶园新区", "张三", full_width("13800000011"),
         "医用外科口罩", 0.35, None],
        [None] * 10,
        [2, "乙防护用品公司", BAD_CODE, "渝中", None, None, "12345", None, None, None],
        [3, "丙公司", None, "火星区", None, None, None, None, -5, None],
        [4, "甲医疗用品有限公司（重复）", CODE_A, "南岸区", None, None, None, None, None, None],
        [5, "丁卫材厂", None, "北碚区", None, "李四", 13800000012, "医用防护口罩", "1.2万", None],
        [6, "戊科技公司", None, None, None, None, None, None, None, None],
        [7, None, None, None, None, None, None, None, None, None],  # numbered, left empty
        ["合计", None, None, None, None, None, None, None, 1.55, None],
    ]:
        ws.append(row)
    if rows:
        book.save(path)
        return path
    # the district of the last two enterprises written once, in a cell merged over both rows
    ws.merge_cells(start_row=ws.max_row - 3, start_column=4, end_row=ws.max_row - 2, end_column=4)
    ws.cell(row=ws.max_row - 3, column=4).value = "北碚区"
    book.save(path)
    return path


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    return directory_sheet(tmp_path / "企业名录.xlsx")


def refusals(report) -> list[tuple[int, str, str]]:
    return [(r.row, r.column, r.error.message) for r in report.refused]


def test_a_messy_directory_is_read_and_every_bad_row_named(session, coordinator, directory) -> None:
    report = import_sheet(session, actor=coordinator, kind="enterprises", path=directory)
    assert (report.header_row, report.new, report.updated, report.unchanged) == (3, 3, 0, 0)
    assert refusals(report) == [  # in the sheet's order, each column by its header as the sheet writes it
        (6, "统一社会信用代码", "Wrong check character: expected {expected}"),
        (6, "联系电话", "A mobile, a landline with its area code, or +country code"),
        (7, "所在区县", "{value} is not one of the 38 districts"),
        (7, "日产能（万只）", "Must not be negative"),
        (8, "统一社会信用代码", "The same record as row {row} of this sheet"),
    ]
    assert [(s.row, s.word) for s in report.skipped] == [(12, "合计")]
    session.rollback()
    firms = {e.name: e for e in session.exec(select(Enterprise))}
    assert set(firms) == {"甲医疗用品有限公司", "丁卫材厂", "戊科技公司"}
    first = firms["甲医疗用品有限公司"]
    assert (first.credit_code, first.phone) == (CODE_A, "13800000011")  # full-width folded
    assert session.get(Park, first.park_id).name == "茶园新区"
    capacities = {p.enterprise_id: p.daily_capacity for p in session.exec(select(Product))}
    assert capacities == {first.id: 3500, firms["丁卫材厂"].id: 12000}  # units in the header and in the cell
    assert firms["丁卫材厂"].district_id == firms["戊科技公司"].district_id  # the merged district cell
    audit = session.exec(select(AuditLog).where(AuditLog.table_name == "enterprise")).all()
    assert len(audit) == 3 and all(json.loads(a.changes)["source"] == "企业名录.xlsx" for a in audit)


def test_a_dry_run_writes_nothing(session, coordinator, directory, row_counts) -> None:
    before = row_counts()
    report = import_sheet(session, actor=coordinator, kind="enterprises", path=directory, dry_run=True)
    assert (report.new, len(report.refused)) == (3, 5)
    assert row_counts() == before


def test_importing_again_changes_nothing_and_an_update_changes_only_its_fields(
        session, coordinator, directory, tmp_path, row_counts) -> None:
    import_sheet(session, actor=coordinator, kind="enterprises", path=directory)
    before = row_counts()
    again = import_sheet(session, actor=coordinator, kind="enterprises", path=directory)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert row_counts() == before
    changed = directory_sheet(tmp_path / "更新.xlsx", [
        [1, "甲医疗用品有限公司", CODE_A, "南岸区", "茶园新区", "王五", "13800000011", "医用外科口罩", 0.5, None],
    ])
    report = import_sheet(session, actor=coordinator, kind="enterprises", path=changed)
    assert (report.new, report.updated, report.unchanged, report.refused) == (0, 1, 0, [])
    session.rollback()
    first = session.exec(select(Enterprise).where(Enterprise.credit_code == CODE_A)).one()
    assert (first.contact_person, first.version) == ("王五", 2)
    assert session.exec(select(Product).where(Product.enterprise_id == first.id)).one().daily_capacity == 5000


def test_only_coordinators_import(session, make, directory) -> None:
    from models.errors import PermissionDenied

    make.enterprise()
    viewer = make.viewer()
    with pytest.raises(PermissionDenied):
        import_sheet(session, actor=viewer, kind="enterprises", path=directory, dry_run=True)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_a_csv_in_any_encoding_chinese_excel_writes(session, coordinator, tmp_path, encoding) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(("干部花名册\n"
                      "姓名,所在单位,专项组,手机号,账号,角色\n"
                      "王伟,市经信委,医疗物资生产组,13900000001,wangwei,驻厂干部\n"
                      "李娜,Finance Bureau,funding,１３９００００００02,,协调人员\n"
                      "王芳,市经信委,,13900000001,,\n"
                      "赵敏,不存在的单位,,139,,\n"
                      "小计,,,,,\n").encode(encoding))
    report = import_sheet(session, actor=coordinator, kind="cadres", path=path)
    assert report.new == 2
    assert [(r.row, r.column, r.error.message) for r in report.refused] == [
        (5, "手机号", "The same record as row {row} of this sheet"),
        (6, "所在单位", "Unknown value {value}"),
        (6, "手机号", "A mobile number has 11 digits and starts with 1"),
    ]
    assert [s.row for s in report.skipped] == [7]
    session.rollback()
    zhang = session.exec(select(Cadre).where(Cadre.login == "wangwei")).one()
    li = session.exec(select(Cadre).where(Cadre.name == "李娜")).one()
    assert (zhang.role, li.role, li.phone) == ("field_cadre", "coordinator", "13900000002")
    again = import_sheet(session, actor=coordinator, kind="cadres", path=path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)


def test_no_header_row_is_one_error_naming_the_columns(session, coordinator, tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        import_sheet(session, actor=coordinator, kind="enterprises", path=path)
    assert caught.value.message == "No header row found in {sheet}: it needs the columns {columns}"


def test_figures_with_units_and_full_width_digits() -> None:
    assert number("0.35万") == 3500
    assert number("3,500 只") == 3500
    assert number(0.35, scale=10_000) == 3500
    assert number("1.2万", scale=10_000) == 12000  # the cell's own unit wins
    assert number("许多") == "许多"


def test_a_sheet_named_that_the_workbook_lacks(tmp_path) -> None:
    path = directory_sheet(tmp_path / "d.xlsx")
    with pytest.raises(ValidationError):
        read_sheet(path, sheet="Sheet9")
    assert read_sheet(path, sheet="名录").sheet == "名录"


def test_a_row_refused_while_writing_leaves_the_rest_of_its_batch(session, coordinator, tmp_path,
                                                                   monkeypatch) -> None:
    import models.services.enterprises as enterprises

    real = enterprises.create_enterprise

    def refuse_one(session, *, actor, data, park_name=None):
        made = real(session, actor=actor, data=data, park_name=park_name)
        if data.name == "乙厂":  # refused after its row was written: the row's savepoint takes it back
            raise ValidationError("name", "Required")
        return made

    monkeypatch.setattr(enterprises, "create_enterprise", refuse_one)
    path = tmp_path / "d.csv"
    path.write_text("企业名称,区县\n甲厂,南岸区\n乙厂,南岸区\n丙厂,南岸区\n", encoding="utf-8")
    report = import_sheet(session, actor=coordinator, kind="enterprises", path=path, batch_size=2)
    assert (report.new, refusals(report)) == (2, [(3, "企业名称", "Required")])
    session.rollback()
    assert {e.name for e in session.exec(select(Enterprise))} == {"甲厂", "丙厂"}


def test_a_dry_run_tells_how_far_its_check_got(session, coordinator, tmp_path) -> None:
    """A long sheet's check says how far it got (the app's import shows it), then the writing does."""
    book = Workbook()
    book.active.append(["物资名称", "编码", "类别", "计量单位"])
    for n in range(250):
        book.active.append([f"物资{n}", f"ITEM-{n}", "mask", "只"])
    path = tmp_path / "目录.xlsx"
    book.save(path)
    heard: list[tuple[str, int, int]] = []
    report = import_sheet(session, actor=coordinator, kind="catalogue", path=path, dry_run=True,
                          progress=lambda *step: heard.append(step))
    assert heard == [("check", 100, 250), ("check", 200, 250), ("check", 250, 250)]
    assert report.new == 250
    heard.clear()
    import_sheet(session, actor=coordinator, kind="catalogue", path=path, progress=lambda *step: heard.append(step))
    assert heard[:3] == [("check", 100, 250), ("check", 200, 250), ("check", 250, 250)]
    assert heard[3:] == [("import", 200, 250), ("import", 250, 250)]
