"""Test data for the funds commands: an enterprise, a reserve unit, sources and requests, through
the services. Amounts are whole fen (1 万元 is 1,000,000 fen)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from models import clock
from models.base import ShortageKind
from models.funds import FundRequest, FundSource, SourceKind
from models.services.common import Actor, create_row, write_transaction
from models.services.fund_requests import approve_fund_request, create_fund_request
from models.services.fund_sources import add_source
from models.services.shortages import report_shortage
from models.shortage import ShortageCreate
from models.supply import Supplier

WAN = 1_000_000  # fen in 1 万元


@dataclass
class FundWorld:
    session: Session
    actor: Actor
    enterprise_id: int

    def reserve_unit(self, name: str = "重药集团") -> int:
        with write_transaction(self.session):
            row = create_row(self.session, Supplier(name=name, reserve_unit=True), actor=self.actor, at=clock.now())
            return row.id  # type: ignore[return-value]

    def source(self, available: int = 100 * WAN, kind: str = SourceKind.CITY_SPECIAL.value) -> int:
        return add_source(self.session, actor=self.actor, name="市级专项资金", kind_=kind, available=available,
                          document="渝财〔2020〕12号")

    def shortage(self) -> int:
        row = report_shortage(self.session, actor=self.actor, data=ShortageCreate(
            enterprise_id=self.enterprise_id, kind=ShortageKind.FUNDING.value, description="扩产资金缺口"))
        return row.id  # type: ignore[return-value]

    def request(self, requested: int = 50 * WAN, *, purpose: str = "capacity", shortage_id: int | None = None) -> int:
        return create_fund_request(self.session, actor=self.actor, purpose=purpose, requested=requested,
                                   enterprise_id=self.enterprise_id, shortage_id=shortage_id)

    def approve(self, request_id: int, amount: int, source_id: int, reason: str | None = None) -> None:
        approve_fund_request(self.session, actor=self.actor, request_id=request_id,
                             version=self.req(request_id).version, approved=amount, source_id=source_id, reason=reason)

    def req(self, request_id: int) -> FundRequest:
        self.session.expire_all()
        row = self.session.get(FundRequest, request_id)
        assert row is not None
        return row

    def src(self, source_id: int) -> FundSource:
        self.session.expire_all()
        row = self.session.get(FundSource, source_id)
        assert row is not None
        return row
