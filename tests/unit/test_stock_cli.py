"""``supplydesk stock``: figures per warehouse and item (text and xlsx, both languages), one warehouse,
and ``--check`` exiting 1 with the differences when a balance left its ledger."""

from __future__ import annotations

from openpyxl import load_workbook
from sqlalchemy import update

from models.services.common import write_transaction
from models.services.receipts import ReceiptLineIn, create_receipt
from models.stock import StockBalance
from tests.unit.stock_world import item_id, warehouse


def _stock(session, coordinator) -> None:
    first = warehouse(session, coordinator)
    second = warehouse(session, coordinator, code="WH-NA", name="南岸区储备库", name_en="Nan'an depot")
    create_receipt(session, actor=coordinator, site_id=first, source="central", voucher_no="V1",
                   lines=[ReceiptLineIn(item_id(session), "L1", accepted=12_000, quarantine=True)])
    create_receipt(session, actor=coordinator, site_id=second, source="central", voucher_no="V2",
                   lines=[ReceiptLineIn(item_id(session, "SUIT"), "S1", accepted=300)])


def test_stock_prints_each_warehouse_and_item_in_the_language_asked(run, session, coordinator):
    _stock(session, coordinator)
    code, out, _ = run("zhangwei", "stock", "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["Warehouse", "Item"]
    assert "City reserve no. 1" in lines[1] and "Surgical mask" in lines[1] and "12,000" in lines[1]
    assert "Nan'an depot" in lines[2] and "Protective suit" in lines[2]
    code, out, _ = run("zhangwei", "stock", "--lang", "zh", "--warehouse", "WH-NA")
    assert code == 0 and "医用防护服" in out and "口罩" not in out
    code, _, err = run("zhangwei", "stock", "--warehouse", "NOPE")
    assert code == 2 and "NOPE" in err


def test_stock_as_a_workbook(run, session, coordinator, tmp_path):
    _stock(session, coordinator)
    assert run("zhangwei", "stock", "--format", "xlsx")[0] == 2  # no file named
    path = tmp_path / "stock.xlsx"
    code, _, _ = run("zhangwei", "stock", "--format", "xlsx", "--output", str(path))
    assert code == 0
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[1][3:] == (12_000, 0, 0, 12_000)


def test_check_exits_1_naming_each_difference(run, session, coordinator):
    _stock(session, coordinator)
    code, out, _ = run("zhangwei", "stock", "--check")
    assert code == 0 and "hold" in out
    with write_transaction(session):
        session.execute(update(StockBalance).where(StockBalance.on_hand == 300).values(on_hand=301))
    code, out, err = run("zhangwei", "stock", "--check")
    assert code == 1
    assert "the ledger says 300, stored 301" in out and "1 difference between" in err
