"""The key-supply enterprise list (重点保障企业名单) and its interest-subsidy applications (贴息).

An approved application is paid through a fund request (models.funds); its money is whole fen in
64-bit integers, as the funds' is.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import CheckConstraint
from sqlmodel import Field

from models.base import Tracked
from models.funds import money


class KeySupplyLevel(StrEnum):
    NATIONAL = "national"  # 全国性重点保障企业
    LOCAL = "local"  # 地方性重点保障企业


class SubsidyStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"  # a fund request for the subsidy was made
    REJECTED = "rejected"


class KeySupplyEnterprise(Tracked, table=True):
    """An enterprise on the key-supply list (重点保障企业名单), national or local, with its category."""

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", unique=True)
    level: str = Field(max_length=16)  # KeySupplyLevel
    category: str = Field(max_length=64)  # what it is listed for: 医用口罩, 防护服, 原料…
    listed_on: date
    document: str | None = Field(default=None, max_length=200)
    active: bool = Field(default=True)


class SubsidyApplication(Tracked, table=True):
    """An interest-subsidy application (贴息申请) of a listed enterprise for one loan.

    The loan's rate is kept in basis points (4.35 % is 435); the expected subsidy is 50 % of the
    interest over the loan's days (models.services.subsidy_rules), computed when applied.
    """

    __table_args__ = (
        CheckConstraint("principal > 0", name="ck_subsidyapplication_principal"),
        CheckConstraint("rate_bp > 0 AND rate_bp < 10000", name="ck_subsidyapplication_rate"),
        CheckConstraint("end_date > start_date", name="ck_subsidyapplication_term"),
        CheckConstraint("expected >= 0", name="ck_subsidyapplication_expected"),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True)  # TX-20200205-001
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    lender: str = Field(max_length=200)
    contract_no: str | None = Field(default=None, max_length=64)
    principal: int = money()
    rate_bp: int
    start_date: date  # the loan contract's date
    end_date: date
    expected: int = money()
    status: str = Field(default=SubsidyStatus.SUBMITTED, max_length=16)
    fund_request_id: int | None = Field(default=None, foreign_key="fundrequest.id")
    reason: str | None = Field(default=None, max_length=500)
