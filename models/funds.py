"""Funds (资金保障): the sources of money, the requests paid from them and the disbursements (the
key-supply enterprise list and its interest-subsidy applications are in models.subsidies).

Money is whole fen (分) in 64-bit integers, never a float. The figures a list shows are kept in the
writing transaction: a source's ``approved`` and ``disbursed`` are the sums of its requests', and a
request's ``disbursed`` the sum of its disbursements. The tables check what they can on their own
(disbursed ≤ approved ≤ requested on a request, approved ≤ available on a source); the services
check the rest. A disbursement is posted once and never changed: a mistake is reversed by a negative
entry that names the one it reverses.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Column, Index
from sqlmodel import Field

from models.base import Tracked, local_time


class SourceKind(StrEnum):
    CITY_SPECIAL = "city_special"  # 市级专项资金
    CENTRAL_SUBSIDY = "central_subsidy"  # 中央补助资金
    DONATION_DIRECTED = "donation_directed"  # 定向捐赠资金
    DONATION_OPEN = "donation_open"  # 非定向捐赠资金
    BUY_UP = "buy_up"  # 收储资金
    INTEREST_SUBSIDY = "interest_subsidy"  # 贴息资金


class Purpose(StrEnum):
    ORDER_PAYMENT = "order_payment"  # 订单货款
    BUY_UP = "buy_up"  # 兜底收储
    CAPACITY = "capacity"  # 扩产补助
    TRANSPORT = "transport"  # 运输
    INTEREST_SUBSIDY = "interest_subsidy"  # 贴息
    OTHER = "other"


class FundRequestStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"  # approved, not yet (fully) paid
    PAID = "paid"  # everything approved is paid
    REJECTED = "rejected"


def money(**kwargs: Any) -> Any:
    """A column of money: whole fen, a 64-bit integer, never null (``kwargs``: the column's default…)."""
    return Field(sa_column=Column(BigInteger, nullable=False, **kwargs))


class FundSource(Tracked, table=True):
    """Money the group may grant: its kind, how much is available and the document approving it."""

    __table_args__ = (
        CheckConstraint("available >= 0", name="ck_fundsource_available"),
        CheckConstraint("approved >= 0 AND approved <= available", name="ck_fundsource_approved"),
        CheckConstraint("disbursed >= 0 AND disbursed <= approved", name="ck_fundsource_disbursed"),
    )
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)
    kind: str = Field(max_length=24)  # SourceKind
    available: int = money()  # fen
    #: Σ approved of its live requests, kept by the commands
    approved: int = money(default=0)
    #: Σ disbursed of its requests, kept by the commands
    disbursed: int = money(default=0)
    document: str = Field(max_length=200)  # 批准文件: the document that makes the money available
    notes: str | None = Field(default=None, max_length=2000)
    archived: bool = Field(default=False)


class FundRequest(Tracked, table=True):
    """A request for money (资金申请): for an enterprise or a reserve unit, with its purpose."""

    __table_args__ = (
        CheckConstraint("requested > 0", name="ck_fundrequest_requested"),
        CheckConstraint("approved IS NULL OR (approved >= 0 AND approved <= requested)",
                        name="ck_fundrequest_approved"),
        CheckConstraint("disbursed >= 0 AND disbursed <= COALESCE(approved, 0)", name="ck_fundrequest_disbursed"),
        CheckConstraint("(enterprise_id IS NULL) <> (reserve_unit_id IS NULL)", name="ck_fundrequest_beneficiary"),
        Index("ix_fundrequest_status", "status", "requested_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True)  # ZJ-20200205-001
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id", index=True)
    #: a reserve unit (a supplier flagged reserve_unit: 重药集团, 桐君阁)
    reserve_unit_id: int | None = Field(default=None, foreign_key="supplier.id", index=True)
    purpose: str = Field(max_length=24)  # Purpose
    #: the order it pays (a free reference until purchase orders are on the desk)
    order_ref: str | None = Field(default=None, max_length=64)
    #: the funding shortage it answers: resolved when the money is paid
    shortage_id: int | None = Field(default=None, foreign_key="shortage.id", index=True)
    source_id: int | None = Field(default=None, foreign_key="fundsource.id", index=True)
    requested: int = money()
    approved: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    disbursed: int = money(default=0)
    status: str = Field(default=FundRequestStatus.SUBMITTED, max_length=16)
    requested_at: datetime = local_time()
    approver: str | None = Field(default=None, max_length=64)
    approved_at: datetime | None = local_time(default=None)
    reason: str | None = Field(default=None, max_length=500)  # approving less, or rejecting
    description: str | None = Field(default=None, max_length=2000)


class Disbursement(Tracked, table=True):
    """A payment (拨付) of a request, posted once; a reversal is a negative entry naming the one it reverses."""

    __table_args__ = (
        CheckConstraint("(reverses_id IS NULL AND amount > 0) OR (reverses_id IS NOT NULL AND amount < 0)",
                        name="ck_disbursement_amount"),
    )
    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="fundrequest.id", index=True)
    voucher_no: str = Field(max_length=64, unique=True)  # 凭证号
    amount: int = money()
    #: the entry this one reverses (each at most once)
    reverses_id: int | None = Field(default=None, foreign_key="disbursement.id", unique=True)
    paid_at: datetime = local_time()
    note: str | None = Field(default=None, max_length=500)
