"""The directory's filter never reads the enterprise table from end to end, on either database.

The statements are the ones the service really sends: they are captured while the page and the
count run (the count capped, as the directory asks for it: an exact count of a term in most names
has to look at most rows, and there reading the table is the cheapest way), then explained with
their parameters. The directory is of a realistic size and analysed, with common and rare terms of one,
two and three or more characters, because the planner's choice is what matters: with a few hundred
rows PostgreSQL rightly prefers to read the table, and ``enable_seqscan = off`` would only prove
that an index path exists, not that it is taken.

On SQLite a SCAN or SEARCH of the covering index (archived, sort_key, id, search_key) is accepted: it
walks names in order and a page stops once it has its rows (a rare term of one or two characters
does read the whole index, which is narrower than the table; the FTS5 table needs three
characters). A plain ``SCAN enterprise`` reads the wide rows and is refused.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import event, insert, select

from models.enterprise import Enterprise
from models.reference import District
from models.search import search_key, sort_key
from models.services import enterprise_list
from models.services.enterprise_list import count_enterprises, list_enterprises
from models.services.paging import PageRequest

ROWS = 20_000
PLACES = ["重庆", "渝北", "南岸", "江北", "巴南", "北碚", "涪陵", "万州"]
BRANDS = ["安康", "华美", "恒通", "瑞丰", "永安", "金鼎", "天润", "宏达", "博远", "嘉禾"]
TRADES = ["医疗用品", "防护用品", "电子科技", "纺织", "化工", "包装材料", "机械", "食品"]
SUFFIXES = ["有限公司", "股份有限公司", "有限责任公司"]
PRODUCTS = ["医用口罩", "一次性使用医用口罩", "医用防护服", "测温仪", "消毒液", "检查手套", "护目镜"]
#: common and rare terms of every length, as typed one key at a time
TERMS = ["c", "茶", "cy", "口罩", "茶园", "8k", "kou", "kouzhao", "cykh", "nanan", "ma00a", "茶园 kanghu"]


def directory(session, rows: int) -> None:
    """``rows`` enterprises like the real directory's: a few names recur everywhere, 茶园 in 1 of 100."""
    rng = random.Random(7)
    districts = list(session.execute(select(District.id, District.name)).all())
    batch = []
    for n in range(rows):
        brand = ("茶园", "康护") if n % 100 == 0 else (rng.choice(BRANDS),)
        name = (rng.choice(PLACES), *brand, rng.choice(TRADES), rng.choice(SUFFIXES))
        district_id, district = districts[n % len(districts)]
        code = f"91500{n:05d}ma{n * 7_368_787 % 16**6:06x}"  # distinct: the serial is in it
        products = rng.sample(PRODUCTS, rng.randint(0, 2))
        batch.append({
            "name": "".join(name), "short_name": "".join(brand), "credit_code": code, "district_id": district_id,
            "status": "producing", "archived": n % 50 == 0, "version": 1,
            "search_key": search_key([name, brand, code, district, *products]), "sort_key": sort_key("".join(name)),
        })
    session.execute(insert(Enterprise), batch)
    session.commit()


def analysed(db) -> None:
    """What autovacuum would have done by now on a live directory: statistics and the visibility map."""
    if db.backend == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE enterprise")
    else:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


def statements(db, session, request: PageRequest) -> list[tuple[str, object]]:
    """Every statement (with its parameters) that the page and the capped count send for ``request``."""
    sent: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if ("FROM enterprise" in statement and "enterprise.search_key" in statement) or "enterprise_fts" in statement:
            sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        list_enterprises(session, request=request)
        count_enterprises(session, request=request, at_most=1000)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    assert sent, "no filter statement was captured"
    return sent


def plan(session, statement: str, parameters: object) -> list[str]:
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return [row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters)]
    return [row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]


def reads_the_table(line: str) -> bool:
    line = line.strip().removeprefix("->").strip()
    if "Seq Scan on enterprise" in line:  # PostgreSQL, parallel or not
        return True
    return line.startswith("SCAN enterprise") and "INDEX" not in line  # SQLite: SCAN without an index


@pytest.mark.parametrize("archived", [False, True], ids=["current", "with-archived"])
def test_no_filter_reads_the_whole_enterprise_table(db, session, archived: bool) -> None:
    directory(session, ROWS)
    analysed(db)
    offenders = []
    for term in TERMS:
        request = PageRequest(query=term, sort="name", limit=100, filters={"archived": archived})
        for statement, parameters in statements(db, session, request):
            lines = plan(session, statement, parameters)
            if any(reads_the_table(line) for line in lines):
                offenders.append((term, " ".join(statement.split())[:160],
                                  [line for line in lines if "Scan" in line or "SCAN" in line]))
    assert offenders == []


@pytest.mark.parametrize("dense", [0, enterprise_list.DENSE], ids=["walk", "indexes"])
def test_every_path_finds_what_a_substring_test_finds(db, session, monkeypatch, dense: int) -> None:
    """The covering-index walk (every term "dense") and the FTS5, gram and trigram indexes find
    exactly the keys that contain every term, in name order, and count them, capped or not."""
    monkeypatch.setattr(enterprise_list, "DENSE", dense)
    directory(session, 3_000)
    analysed(db)
    rows = session.execute(select(Enterprise.id, Enterprise.search_key, Enterprise.sort_key, Enterprise.archived)).all()
    for archived in (False, True):
        for term in TERMS:
            expected = [r.id for r in sorted(rows, key=lambda r: (r.sort_key, r.id))
                        if (archived or not r.archived) and all(t in r.search_key for t in term.split())]
            request = PageRequest(query=term, sort="name", limit=5000, filters={"archived": archived})
            assert [row.id for row in list_enterprises(session, request=request).rows] == expected, term
            window = PageRequest(query=term, sort="name", offset=7, limit=20, filters={"archived": archived})
            assert [row.id for row in list_enterprises(session, request=window).rows] == expected[7:27], term
            assert count_enterprises(session, request=request) == len(expected), term
            assert count_enterprises(session, request=request, at_most=10) == min(len(expected), 11), term
