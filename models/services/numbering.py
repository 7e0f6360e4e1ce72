"""Document numbers as the group writes them: a prefix, the day and a counter (RK-20200205-003).

The counter is the day's highest number plus one, read in the writing transaction; two writers on
PostgreSQL may read the same highest number, and the unique number makes the second one fail and
retry (``next_number`` is called inside a savepoint by the command that inserts).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

#: prefixes of the documents (入库 RK, 出库 CK, 调拨 DB, 需求 XQ, 盘点 PD, 采购 CG, 运输 YS)
RECEIPT, DISPATCH, ALLOCATION, REQUEST, COUNT = "RK", "CK", "DB", "XQ", "PD"
PURCHASE, CONSIGNMENT = "CG", "YS"


def next_number(session: Session, model: Any, prefix: str, day: date) -> str:
    """The next free number of ``model`` (a table with a unique ``number``) for ``day``."""
    stem = f"{prefix}-{day:%Y%m%d}-"
    # the longest number first: past 999 a day, "-1000" sorts before "-999" as text
    last = session.exec(select(col(model.number)).where(col(model.number).startswith(stem))
                        .order_by(func.length(col(model.number)).desc(), col(model.number).desc()).limit(1)).first()
    counter = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{stem}{counter:03d}"

#: prefixes of the donations' documents (捐赠登记 JZ, 公示 GS, 捐赠证书 ZS)
DONATION, PUBLICATION, CERTIFICATE = "JZ", "GS", "ZS"
