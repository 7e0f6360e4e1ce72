"""Test data for the donations: the allocation world's sites, a second warehouse, and an overseas
donation of masks directed to the designated hospital (one KN95 line among them)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from models.delivery import DispatchLine
from models.donations import Donation, DonationLine, PublicationRow
from models.services.dispatches import dispatch, sign_delivery
from models.services.donation_offers import DonationLineIn, register_donation, start_vetting
from models.services.donation_receipts import DonationReceiptLineIn, receive_donation
from models.services.donation_vetting import vet_donation
from models.sites import SiteKind
from tests.unit.alloc_world import AllocWorld


@dataclass
class DonationWorld:
    world: AllocWorld

    def __post_init__(self) -> None:
        self.session, self.actor = self.world.session, self.world.actor
        self.second = self.world.site(SiteKind.WAREHOUSE, "南岸区中转库")

    def donation(self, *, directed: bool = True, anonymous: bool = False, lines: list[DonationLineIn] | None = None,
                 to: int | None = None) -> int:
        items = self.world.items
        return register_donation(
            self.session, actor=self.actor, donor_kind="overseas", channel="red_cross",
            donor_name=None if anonymous else "旅德华侨联合会", anonymous=anonymous, directed=directed,
            recipient_site_id=(to or self.world.hospital) if directed else None, addressee="张医生",
            documents="CE, FDA, 检测报告",
            lines=lines or [DonationLineIn(items["MASK-N95"], 20_000, "KN95 耳挂式", "GB 2626-2006", 60_000.0),
                            DonationLineIn(items["MASK-N95"], 10_000, "1860", "GB 19083-2010", 80_000.0)])

    def version(self, donation_id: int) -> int:
        return self.world.get(Donation, donation_id).version  # type: ignore[no-any-return]

    def lines(self, donation_id: int) -> list[DonationLine]:
        return self.world.rows(select(DonationLine).where(DonationLine.donation_id == donation_id)  # type: ignore[no-any-return]
                               .order_by(col(DonationLine.id)))

    def accept(self, donation_id: int) -> dict[int, str]:
        start_vetting(self.session, actor=self.actor, donation_id=donation_id, version=self.version(donation_id))
        return vet_donation(self.session, actor=self.actor, donation_id=donation_id, version=self.version(donation_id))

    def receive(self, donation_id: int, line_id: int, quantity: int, *, lot: str, site: int | None = None) -> int:
        return receive_donation(self.session, actor=self.actor, donation_id=donation_id,
                                site_id=site or self.world.warehouse, voucher_no=f"V-{lot}-{quantity}",
                                lines=[DonationReceiptLineIn(line_id, lot, quantity)])

    def deliver(self, order_id: int) -> int:
        """Send the whole order and sign for all of it."""
        dispatch_id = dispatch(self.session, actor=self.actor, order_id=order_id, delivered_by="张师傅")
        lines = self.world.dispatch_lines(dispatch_id)
        sign_delivery(self.session, actor=self.actor, dispatch_id=dispatch_id,
                      version=self.world.dispatch_row(dispatch_id).version, received_by="王医生", counted_together=True,
                      lines={line.id: (line.shipped, 0, None) for line in lines})
        return dispatch_id

    def published(self) -> list[PublicationRow]:
        return self.world.rows(select(PublicationRow).order_by(col(PublicationRow.id)))  # type: ignore[no-any-return]

    def dispatch_lines(self) -> list[DispatchLine]:
        return self.world.rows(select(DispatchLine))  # type: ignore[no-any-return]
