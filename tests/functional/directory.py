"""The filled directory of the functional tests: 茶园康护 (the sample of the case) and 60 other makers,
made through the services, and the names tests look for in it."""

from __future__ import annotations

from datetime import datetime

from models.db import Database
from models.migrate import ensure_schema

#: the moment of the case (the same as tests/conftest.py CASE_TIME): Monday 3 February 2020, 07:50
CASE_TIME = datetime(2020, 2, 3, 7, 50)
COORDINATOR = "coord"
DB_NAME = "supplydesk.db"

SAMPLE_NAME = "茶园康护医疗用品有限公司"
SAMPLE_SHORT = "茶园康护"
SAMPLE_DISTRICT = "南岸区"
SAMPLE_PARK = "茶园新区"
#: a very long name, for truncation in narrow columns
LONG_NAME = "重庆市渝北区两路空港经济开发区国际医疗卫生防护用品与应急物资保障供应链管理股份有限公司"
#: the one maker in an autonomous county (the widest district name); its name sorts last (shizhu…)
SHIZHU_NAME = "石柱土家族自治县黄水医用卫生材料有限公司"
SHIZHU_DISTRICT = "石柱土家族自治县"

DISTRICTS = ("渝北", "江北", "沙坪坝", "九龙坡", "巴南", "涪陵", "永川", "璧山", "长寿", "南岸")
TRADES = ("防护用品", "医疗器械", "卫生材料", "医用敷料", "消毒制品", "检测试剂")


def credit_code(serial: int, *, region: str = "500108") -> str:
    """A valid unified social credit code (GB 32100-2015) made from ``serial``."""
    from models.validation import CREDIT_ALPHABET, credit_check_char

    digits, n = "", serial
    for _ in range(5):
        digits = CREDIT_ALPHABET[n % 31] + digits
        n //= 31
    first17 = f"91{region}MA5U{digits}"
    return first17 + credit_check_char(first17)


SAMPLE_CODE = credit_code(7)


def other_names() -> list[tuple[str, str]]:
    """(name, district) of the 60 other makers: 57 重庆… names, the long one, 石柱… and 万州."""
    rows = [(f"重庆{d}{trade}有限公司", f"{d}区") for d in DISTRICTS for trade in TRADES]
    rows = rows[:57]
    rows.append((LONG_NAME, "渝北区"))
    rows.append((SHIZHU_NAME, SHIZHU_DISTRICT))
    rows.append(("重庆万州三峡医用敷料有限公司", "万州区"))
    return rows


def build_directory(url: str) -> None:
    """Fill a fresh database at ``url`` through the services (never raw inserts)."""
    from models.enterprise import EnterpriseCreate
    from models.services.enterprise_products import set_product
    from models.services.enterprises import create_enterprise, set_status
    from models.services.identity import resolve_actor
    from models.services.reference import add_park, catalogue, district_by_name

    db = Database.open(url)
    try:
        ensure_schema(db)
        with db.session() as session:
            coord = resolve_actor(session, login=COORDINATOR)  # first login: the coordinator
            nanan = district_by_name(session, SAMPLE_DISTRICT).id
            park = add_park(session, actor=coord, district_id=nanan, name=SAMPLE_PARK)
            mask = next(item for item in catalogue(session) if item.code == "MASK-DISP")
            sample = create_enterprise(session, actor=coord, data=EnterpriseCreate(
                name=SAMPLE_NAME, short_name=SAMPLE_SHORT, district_id=nanan, park_id=park.id,
                credit_code=SAMPLE_CODE, contact_person="刘敏", phone="13800000001",
            ))
            set_product(session, actor=coord, enterprise_id=sample.id, item_id=mask.id, daily_capacity=50_000)
            for serial, (name, district) in enumerate(other_names(), start=100):
                made = create_enterprise(session, actor=coord, data=EnterpriseCreate(
                    name=name, district_id=district_by_name(session, district).id, credit_code=credit_code(serial),
                ))
                if serial % 4 == 1:
                    set_status(session, actor=coord, enterprise_id=made.id, expected_version=made.version,
                               status="resumed")
    finally:
        db.dispose()
