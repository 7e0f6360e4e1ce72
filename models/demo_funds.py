"""The demo's funds, through the commands: four sources of money, the key-supply list, and requests
in every state — a capacity grant for 茶园康护 waiting for approval that answers its funding shortage
(approve and pay it on screen 9 to resolve the shortage), a buy-up payment for 重药集团 approved and
paid in part, a transport grant paid in full — and an interest-subsidy application.

Written inside the demo's load transaction (``commands_inside``); nothing is added when the sources
are there already (a demo loaded twice).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from models.base import ShortageKind
from models.enterprise import Enterprise
from models.funds import FundRequest, FundSource
from models.services.common import Actor, commands_inside, row_id
from models.services.disbursements import disburse
from models.services.fund_requests import approve_fund_request, create_fund_request
from models.services.fund_sources import add_source
from models.services.identity import current_actor
from models.services.key_supply import list_enterprise
from models.services.shortages import report_shortage
from models.services.subsidies import apply_subsidy
from models.shortage import ShortageCreate
from models.supply import Supplier

#: fen in 1 万元
WAN = 1_000_000
#: name | English name | kind | available (万元) | approving document
SOURCES = (
    ("市级疫情防控专项资金", "City special funds", "city_special", 5000, "渝财〔2020〕12号"),
    ("中央财政补助资金", "Central subsidy", "central_subsidy", 3000, "财建〔2020〕8号"),
    ("社会捐赠资金（非定向）", "Donated money, not directed", "donation_open", 800, "市慈善总会拨付通知"),
    ("市级收储资金", "City buy-up funds", "buy_up", 2000, "渝经信〔2020〕5号"),
)


def load_funds(session: Session, *, login: str, as_of: datetime) -> int:
    """Sources, the list, requests and a subsidy application; returns the number of requests."""
    if session.execute(select(FundSource.id).limit(1)).first():
        return 0
    actor = current_actor(session, login=login)
    firms = list(session.execute(select(Enterprise.id).order_by(Enterprise.id).limit(3)).scalars())
    unit = session.execute(select(Supplier.id).where(col(Supplier.reserve_unit).is_(True))
                           .order_by(Supplier.id)).scalars().first()
    if len(firms) < 3:
        return 0
    chayuan = firms[0]

    def ago(days: float) -> datetime:
        return as_of - timedelta(days=days)

    with commands_inside(session, source="demo"):
        sources = [add_source(session, actor=actor, name=name, name_en=en, kind_=kind, available=amount * WAN,
                              document=document, at=ago(6)) for name, en, kind, amount, document in SOURCES]
        list_enterprise(session, actor=actor, enterprise_id=chayuan, level="local", category="医用口罩",
                        document="渝经信〔2020〕3号", at=ago(5))
        list_enterprise(session, actor=actor, enterprise_id=firms[1], level="national", category="医用防护服",
                        document="工信部重点保障企业名单", at=ago(5))
        shortage = report_shortage(session, actor=actor, data=ShortageCreate(
            enterprise_id=chayuan, kind=ShortageKind.FUNDING.value, severity="high",
            description="扩产资金缺口：新增两条口罩生产线的设备款 300 万元"))
        create_fund_request(session, actor=actor, purpose="capacity", requested=300 * WAN, enterprise_id=chayuan,
                            shortage_id=row_id(shortage), description="新增两条口罩生产线设备款", at=ago(1))
        if unit is not None:
            buy_up = create_fund_request(session, actor=actor, purpose="buy_up", requested=600 * WAN,
                                         reserve_unit_id=unit, order_ref="CG-0001", description="本地口罩兜底收储",
                                         at=ago(3))
            _approve_and_pay(session, actor, buy_up, sources[3], 500 * WAN, 200 * WAN, "财付-0001", ago(2),
                             reason="按收储计划核定")
        transport = create_fund_request(session, actor=actor, purpose="transport", requested=40 * WAN,
                                        enterprise_id=firms[2], description="原料包机运费", at=ago(4))
        _approve_and_pay(session, actor, transport, sources[0], 40 * WAN, 40 * WAN, "财付-0002", ago(3))
        apply_subsidy(session, actor=actor, enterprise_id=chayuan, lender="重庆农村商业银行", principal=1000 * WAN,
                      rate_bp=435, start=as_of.date() - timedelta(days=20),
                      end=as_of.date() + timedelta(days=344), contract_no="渝农商流贷〔2020〕001", at=ago(2))
    session.flush()
    return len(session.execute(select(FundRequest.id)).all())


def _approve_and_pay(session: Session, actor: Actor, request_id: int, source_id: int, approved: int, paid: int,
                     voucher: str, at: datetime, reason: str | None = None) -> None:
    def version() -> int:
        row = session.get(FundRequest, request_id)
        assert row is not None
        return row.version

    approve_fund_request(session, actor=actor, request_id=request_id, version=version(), approved=approved,
                         source_id=source_id, reason=reason, at=at)
    disburse(session, actor=actor, request_id=request_id, version=version(), amount=paid, voucher_no=voucher,
             at=at + timedelta(hours=2))
