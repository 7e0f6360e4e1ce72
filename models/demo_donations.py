"""The demo's donations: offers as they stood in the first week of February 2020.

An enterprise's surgical masks given directly to the group, undirected: vetted, received into the
Tongjunge reserve, published in the first batch, its certificate issued. An anonymous person's
protective suits through the charity federation: accepted and received into the Nan'an depot, not yet
published. An overseas association's masks for the public health centre, through the Red Cross,
waiting for vetting: one line is KN95 (GB 2626), which the vetting refuses for medical-protective use.

Written by the donation commands themselves, each in a savepoint of the demo's load transaction, at
moments counted back from the demo's moment.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session

from models.donations import Donation
from models.services.certificates import issue_certificate
from models.services.common import commands_inside
from models.services.donation_offers import DonationLineIn, register_donation, start_vetting
from models.services.donation_receipts import DonationReceiptLineIn, receive_donation
from models.services.donation_vetting import vet_donation
from models.services.identity import current_actor
from models.services.publication import publish_batch
from models.sites import Site
from models.tables import CatalogueItem


def load_donations(session: Session, *, login: str, as_of: datetime, today: date) -> int:
    """The demo's offers; returns how many. Nothing is added when there are offers already."""
    if session.execute(select(Donation.id).limit(1)).first():
        return 0
    sites = dict(session.execute(select(Site.code, Site.id)).all())
    if "CQ-TJG" not in sites:  # the demo's stock (and its sites) are not loaded
        return 0
    items = dict(session.execute(select(CatalogueItem.code, CatalogueItem.id)).all())
    actor = current_actor(session, login=login)

    def ago(days: float, hours: float = 0) -> datetime:
        return as_of - timedelta(days=days, hours=hours)

    with commands_inside(session, source="demo"):
        firm = register_donation(
            session, actor=actor, donor_kind="enterprise", channel="direct", donor_name="重庆渝康实业有限公司",
            donor_contact="刘经理 13983000011", documents="产品注册证, 检测报告", at=ago(5, 4),
            lines=[DonationLineIn(items["MASK-SURG"], 50_000, "17.5×9.5cm 挂耳", "YY 0469-2011", 40_000.0)])
        vet_donation(session, actor=actor, donation_id=firm, version=1, at=ago(5, 2))
        (line,) = _lines(session, firm)
        receive_donation(session, actor=actor, donation_id=firm, site_id=sites["CQ-TJG"], voucher_no="JZRK-0201",
                         received_by="李强", received_at=ago(4, 6), at=ago(4, 6),
                         lines=[DonationReceiptLineIn(line, "YK-20200128", 50_000, today + timedelta(days=700))])
        publish_batch(session, actor=actor, at=ago(3, 3))
        issue_certificate(session, actor=actor, donation_id=firm, at=ago(3, 2))

        person = register_donation(
            session, actor=actor, donor_kind="person", channel="charity", anonymous=True, at=ago(2, 5),
            lines=[DonationLineIn(items["SUIT"], 500, "连体式 L", "GB 19082-2009", 75_000.0)])
        vet_donation(session, actor=actor, donation_id=person, version=1, at=ago(2, 4))
        (line,) = _lines(session, person)
        receive_donation(session, actor=actor, donation_id=person, site_id=sites["NA-DEPOT"], voucher_no="JZRK-0203",
                         received_by="周强", received_at=ago(2, 1), at=ago(2, 1),
                         lines=[DonationReceiptLineIn(line, "NM-SUIT-0203", 500, today + timedelta(days=900))])

        overseas = register_donation(
            session, actor=actor, donor_kind="overseas", channel="red_cross", donor_name="旅德华侨联合会",
            directed=True, recipient_site_id=sites["GW"], addressee="张医生（重症科）", documents="CE, 检测报告",
            at=ago(0, 6), lines=[DonationLineIn(items["MASK-N95"], 20_000, "KN95 耳挂式", "GB 2626-2006", 60_000.0),
                                 DonationLineIn(items["MASK-N95"], 10_000, "1860", "GB 19083-2010", 80_000.0)])
        start_vetting(session, actor=actor, donation_id=overseas, version=1, at=ago(0, 5))
    session.flush()
    return 3


def _lines(session: Session, donation_id: int) -> list[int]:
    from models.donations import DonationLine

    return [int(i) for i in session.execute(select(DonationLine.id).where(DonationLine.donation_id == donation_id)
                                            .order_by(DonationLine.id)).scalars()]
