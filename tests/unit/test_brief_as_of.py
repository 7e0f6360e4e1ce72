"""A brief as of a moment does not move: whatever is recorded afterwards, made again it is identical.

The history is brief_world.py's timeline; the moment is drawn from it; then changes of every kind
the services make are recorded later (back-dated ones among them: a late report for an earlier
day, a licence granted "today", a check-in entered with an earlier time, a shortage closed) and the
brief is made again. Changes pile up across examples, always after every moment drawn.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from models.allocation import AllocationOrder
from models.delivery import Dispatch
from models.enterprise import DailyReport, Enterprise, EnterpriseUpdate, Product
from models.licences import Qualification
from models.procurement import PurchaseOrder
from models.services.brief import brief
from models.services.catalogue import ItemInput, item, update_item
from models.services.checkin_roster import first_checkin_day, headcount
from models.services.checkins import check_in, check_out
from models.services.consignment_receiving import CountIn, receive_consignment
from models.services.consignments import record_leg
from models.services.enterprise_licences import add_qualification, advance_qualification
from models.services.enterprise_products import set_product
from models.services.enterprise_reports import ReportLine, submit_report
from models.services.enterprises import set_archived, set_status, update_enterprise
from models.services.order_closing import cancel_quantity
from models.services.receipts import ReceiptLineIn
from models.services.shortages import act, report_shortage
from models.shortage import Shortage, ShortageCreate
from models.transport import ON_THE_WAY, Consignment
from tests.unit.procure_world import ProcureWorld, procurement_history
from tui.brief.transit_text import transit_sections, transit_table

from .brief_world import AS_OF, world  # noqa: F401  (world: the fixture)
from .stock_history import StockWorld, build_stock_world, contacts

#: every moment of the timeline, hour by hour, from before the first row to the morning after
MOMENTS = [datetime(2020, 1, 31, 20) + timedelta(hours=h) for h in range(3 * 24 + 12)]
KINDS = ("late_report", "report_again", "capacity", "new_product", "status", "archive", "rename", "new_enterprise",
         "licence_held", "licence_advanced", "shortage", "shortage_step", "backdated_checkin", "cadre", "demand",
         "stock_receipt", "stock_request", "stock_dispatch", "stock_sign", "stock_paper",
         "procure_receipt", "procure_consignment", "procure_leg", "procure_cancel", "procure_order")


class Later:
    """Records one change of a kind at the clock's time, the clock moving on a minute each time."""

    def __init__(self, clock, make, world, stock: StockWorld, procure: ProcureWorld) -> None:  # type: ignore[no-untyped-def]
        self.clock, self.make, self.world, self.session = clock, make, world, make.session
        self.boss = make.coordinator
        self.stock = stock
        self.procure = procure
        self.serial = 0

    def tick(self) -> None:
        self.clock.advance(minutes=7)
        self.serial += 1

    def enterprise(self, n: int) -> Enterprise:
        rows = self.session.exec(select(Enterprise).order_by(Enterprise.id)).all()
        return rows[n % len(rows)]

    def do(self, kind: str, n: int) -> None:
        self.tick()
        getattr(self, kind)(n)
        if kind.startswith("stock_"):
            self.session.commit()  # the books write in the open transaction, as a command would, and end it

    def late_report(self, n: int) -> None:
        """A report for an earlier day (the brief's output day among them), entered now."""
        firm = self.world.enterprises["E1"] if n % 2 else self.world.enterprises["E2"]
        day = date(2020, 2, 1) + timedelta(days=n % 3)
        item = self.world.items["MASK-SURG"]
        row = self.session.exec(select(DailyReport).where(
            DailyReport.enterprise_id == firm.id, DailyReport.item_id == item, DailyReport.report_date == day)).first()
        submit_report(self.session, actor=self.boss, enterprise_id=firm.id, report_date=day, reason="补报",
                      lines=[ReportLine(item, 1_000 * (n + 1), 500 * (n + 1), 0, row.version if row else None)])

    def report_again(self, n: int) -> None:
        row = self.session.exec(select(DailyReport).order_by(DailyReport.id)).all()[0]
        submit_report(self.session, actor=self.boss, enterprise_id=row.enterprise_id, report_date=row.report_date,
                      reason="更正", lines=[ReportLine(row.item_id, row.output + 1 + n, row.stock + 1, 0, row.version)])

    def capacity(self, n: int) -> None:
        product = self.session.exec(select(Product).order_by(Product.id)).all()[n % 3]
        set_product(self.session, actor=self.boss, enterprise_id=product.enterprise_id, item_id=product.item_id,
                    daily_capacity=product.daily_capacity + 1_000 * (n + 1))

    def new_product(self, n: int) -> None:
        firm = self.enterprise(n)
        if not firm.archived:
            set_product(self.session, actor=self.boss, enterprise_id=firm.id, item_id=self.world.items["GLOVE"],
                        daily_capacity=10 + n)

    def status(self, n: int) -> None:
        firm = self.enterprise(n)
        if not firm.archived:
            value = ("resumed", "full_load", "stopped", "not_resumed")[n % 4]
            if value != firm.status:
                set_status(self.session, actor=self.boss, enterprise_id=firm.id, expected_version=firm.version,
                           status=value)

    def archive(self, n: int) -> None:
        firm = self.enterprise(n)
        set_archived(self.session, actor=self.boss, enterprise_id=firm.id, expected_version=firm.version,
                     archived=not firm.archived, reason="整理名录")

    def rename(self, n: int) -> None:
        firm = self.enterprise(n)
        update_enterprise(self.session, actor=self.boss, enterprise_id=firm.id, expected_version=firm.version,
                          data=EnterpriseUpdate(short_name=f"改名{self.serial}"))

    def new_enterprise(self, n: int) -> None:
        self.make.enterprise(f"后来企业{self.serial}有限公司", status=("resumed", "full_load")[n % 2])

    def licence_held(self, n: int) -> None:
        """Recorded now as granted today or earlier: the brief made before must not count it."""
        firm = self.world.enterprises["E3"]
        today = self.clock.today()
        add_qualification(self.session, actor=self.boss, enterprise_id=firm.id, kind=f"许可{self.serial}",
                          item_id=self.world.items["MASK-SURG"], status="held",
                          applied_on=date(2020, 1, 20), granted_on=today - timedelta(days=n % 4))

    def licence_advanced(self, n: int) -> None:
        pending = self.session.exec(select(Qualification).where(Qualification.status == "applying")).first()
        if pending is None:
            add_qualification(self.session, actor=self.boss, enterprise_id=self.world.enterprises["E4"].id,
                              kind=f"申请{self.serial}", applied_on=date(2020, 1, 25))
            return
        advance_qualification(self.session, actor=self.boss, qualification_id=pending.id,
                              expected_version=pending.version, status="held", granted_on=date(2020, 2, 1))

    def shortage(self, n: int) -> None:
        firm = self.enterprise(n)
        if not firm.archived:
            report_shortage(self.session, actor=self.boss, data=ShortageCreate(
                enterprise_id=firm.id, kind="labour", severity=("critical", "low")[n % 2], description="后来"))

    def shortage_step(self, n: int) -> None:
        rows = self.session.exec(select(Shortage).order_by(Shortage.id)).all()
        row = rows[n % len(rows)]
        action = "reopen" if row.status in ("resolved", "closed_unresolved") else ("resolve", "close")[n % 2]
        act(self.session, actor=self.boss, shortage_id=row.id, expected_version=row.version, action=action,
            note="后来")

    def backdated_checkin(self, n: int) -> None:
        """A visit entered now with the times it really had, before every moment drawn."""
        actor = self.make.cadre(f"late{self.serial}")
        began = datetime(2020, 2, 1, 9) + timedelta(hours=n % 40)
        check_in(self.session, actor=actor, enterprise_id=self.world.enterprises["E1"].id, at=began, reason="补录")
        check_out(self.session, actor=actor, at=began + timedelta(hours=2), reason="补录", note="补录")

    def demand(self, n: int) -> None:
        """The city's demand of an item changed now, in effect from today or a few days back."""
        row = item(self.session, item_id=self.world.items[("MASK-SURG", "SUIT", "GLOVE")[n % 3]])
        update_item(self.session, actor=self.boss, item_id=row.id, expected_version=row.version,
                    data=ItemInput(code=row.code, name=row.name, name_en=row.name_en, unit=row.unit,
                                   category=row.category, severely_short=row.severely_short,
                                   short_since=row.short_since, daily_demand=row.daily_demand + 1_000 * (n + 1),
                                   demand_from=self.clock.today() - timedelta(days=n % 4)))

    def cadre(self, n: int) -> None:
        actor = self.make.cadre(f"new{self.serial}", role=("field_cadre", "coordinator", "viewer")[n % 3])
        if n % 3 == 2:
            return  # a viewer only reads
        check_in(self.session, actor=actor, enterprise_id=self.world.enterprises["E2"].id, reason="新来")
        if n % 2:
            self.clock.advance(minutes=30)
            check_out(self.session, actor=actor, note="走了")


    # --- stock: entries and documents recorded now (the stock history itself is before the moments)

    def stock_receipt(self, n: int) -> None:
        item = self.stock.items[("MASK-N95", "SUIT")[n % 2]]
        line = ReceiptLineIn(item, f"L{self.serial}", 100 * (n + 1), grade="medical_protective")
        self.stock.books.receive(site_id=self.stock.sites["W1"], at=self.clock.moment, voucher_no=f"SH-L{self.serial}",
                                 lines=[line])

    def stock_request(self, n: int) -> None:
        """A request asked, approved and allocated now (stock reserved)."""
        books = self.stock.books
        site = self.stock.sites[("U1", "H1")[n % 2]]
        request = books.request(site_id=site, at=self.clock.moment, lines={self.stock.items["MASK-N95"]: 10 + n})
        books.approve(request, at=self.clock.moment)
        books.allocate(request, from_site_id=self.stock.sites["W1"], at=self.clock.moment, sides=contacts(),
                       verbal=bool(n % 2))

    def stock_dispatch(self, n: int) -> None:
        order = self.session.exec(select(AllocationOrder).where(AllocationOrder.status == "issued")).first()
        if order is None:
            self.stock_request(n)
            order = self.session.exec(select(AllocationOrder).where(AllocationOrder.status == "issued")).one()
        self.stock.books.dispatch(order.id, at=self.clock.moment, delivered_by="后来的司机")

    def stock_sign(self, n: int) -> None:
        dispatch = self.session.exec(select(Dispatch).where(Dispatch.status == "in_transit")).first()
        if dispatch is not None:
            self.stock.books.sign(dispatch.id, at=self.clock.moment, received_by="后来签收")

    def stock_paper(self, n: int) -> None:
        order = self.session.exec(select(AllocationOrder).where(
            AllocationOrder.verbal == True, AllocationOrder.paper_no == None)).first()  # noqa: E711, E712
        if order is not None:
            self.stock.books.paper(order.id, at=self.clock.moment, paper_no=f"补{self.serial}号")


    # --- procurement: goods on the way (the procurement history is before the moments' end)

    def _on_the_way(self) -> list[Consignment]:
        self.session.rollback()
        return list(self.session.exec(select(Consignment).where(col(Consignment.status).in_(ON_THE_WAY))
                                      .order_by(col(Consignment.id))).all())

    def procure_receipt(self, n: int) -> None:
        """A part of a consignment on the way counted in now, one carton rejected."""
        for consignment in self._on_the_way():
            for line in self.procure.cons_lines(consignment.id):  # type: ignore[arg-type]
                left = line.quantity - line.accepted - line.rejected
                if left > 1:
                    receive_consignment(self.session, actor=self.boss, consignment_id=consignment.id,  # type: ignore[arg-type]
                                        version=consignment.version, voucher_no=f"YS-L{self.serial}",
                                        counts=[CountIn(line.id, left // 2, 1, "一箱受潮")])  # type: ignore[arg-type]
                    return

    def procure_consignment(self, n: int) -> None:
        """A new order shipped now, by air then by road."""
        order = self.procure.order({("MASK-SURG", "THERMO")[n % 2]: 100 * (n + 1)})
        self.procure.ship({self.procure.lines(order)[0].id: 100 * (n + 1)}, eta_hours=n % 12)  # type: ignore[dict-item]

    def procure_leg(self, n: int) -> None:
        """The next leg of a consignment on the way recorded now: a new ETA, or its arrival."""
        for consignment in self._on_the_way():
            for leg in self.procure.legs(consignment.id):  # type: ignore[arg-type]
                if leg.arrived_at is None:
                    moment = self.clock.moment
                    record_leg(self.session, actor=self.boss, leg_id=leg.id, version=leg.version,  # type: ignore[arg-type]
                               departed_at=leg.departed_at or moment,
                               **({"arrived_at": moment} if n % 2 else {"eta": moment + timedelta(hours=n)}))
                    return

    def procure_cancel(self, n: int) -> None:
        """Part of an open order's line still to ship cancelled now."""
        for order in self.session.exec(select(PurchaseOrder).where(
                col(PurchaseOrder.status).in_(("confirmed", "partial"))).order_by(col(PurchaseOrder.id))).all():
            for line in self.procure.lines(order.id):  # type: ignore[arg-type]
                spare = line.quantity - max(line.shipped, line.accepted) - line.cancelled
                if spare > 0:
                    cancel_quantity(self.session, actor=self.boss, order_id=order.id, version=order.version,  # type: ignore[arg-type]
                                    line_id=line.id, cancelled=line.cancelled + 1)  # type: ignore[arg-type]
                    return

    def procure_order(self, n: int) -> None:
        """A new order written now, confirmed or still a draft."""
        self.procure.order({"THERMO": 10 + n}, confirm=bool(n % 2))


@pytest.fixture
def later(frozen_clock, make, world, session):
    stock = build_stock_world(session, make.coordinator, make)
    return Later(frozen_clock, make, world, stock, procurement_history(frozen_clock, session, make.coordinator))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moment=st.sampled_from(MOMENTS),
       changes=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 50)), min_size=1, max_size=6))
def test_a_brief_as_of_a_moment_is_the_same_made_later(session, later, moment, changes) -> None:
    before = brief(session, as_of=moment)
    for kind, n in changes:
        later.do(kind, n)
    assert brief(session, as_of=moment) == before


def test_every_kind_of_change_leaves_the_noon_brief_alone(session, later) -> None:
    """Each kind at least once, the brief of 12:00 compared after each (a failure names the kind)."""
    before = brief(session, as_of=AS_OF)
    for kind in KINDS:
        for n in range(3):
            later.do(kind, n)
            assert brief(session, as_of=AS_OF) == before, kind


def test_the_stock_sections_are_there_and_stand_as_of_their_time(session, later) -> None:
    """The book and the days of supply of 02-03 12:00: the N95 masks of the stock history."""
    before = brief(session, as_of=AS_OF)
    n95 = next(row for row in before.stock if row.code == "MASK-N95")
    assert (n95.on_hand, n95.available) == (21_000, 16_000)
    [book] = before.book
    assert (book.opening, book.received, book.issued, book.closing) == (21_000, 0, 0, 21_000)
    assert before.has_stock
    for kind in ("stock_receipt", "stock_request", "stock_dispatch", "stock_sign", "stock_paper"):
        later.do(kind, 1)
        assert brief(session, as_of=AS_OF) == before, kind
    assert brief(session, as_of=later.clock.moment).stock != before.stock


def test_the_brief_and_the_headcount_tab_count_the_same_people(session, later) -> None:
    for kind in ("backdated_checkin", "cadre", "cadre"):
        later.do(kind, 1)
    now = later.clock.moment
    tab = headcount(session, since=first_checkin_day(session), as_of=now)
    assert brief(session, as_of=now).people.participating == tab.total


def test_the_goods_on_the_way_as_of_their_time(session, later) -> None:
    """The 在途 section of 02-03 12:00 (one consignment overdue since 02-02 10:00, one due at 20:00)
    and of 20:30 (the first partly counted in), made again after later receipts, consignments, legs
    and cancellations: identical."""
    import tui.i18n as i18n

    def section(moment: datetime) -> tuple[object, ...]:
        made = brief(session, as_of=moment)
        return made.transit, transit_sections(made), transit_table(made)

    noon, evening = datetime(2020, 2, 3, 12), datetime(2020, 2, 3, 20, 30)
    i18n.set_language("en")
    before = {moment: section(moment) for moment in (noon, evening)}
    transit = before[noon][0]
    assert (transit.in_transit, transit.on_the_way, transit.open_orders) == (3500, 2, 1)  # type: ignore[attr-defined]
    assert [row.number for row in transit.overdue] == ["YS-20200201-001"]  # type: ignore[attr-defined]
    assert transit.fill_rate == 0.0  # type: ignore[attr-defined]
    masks = next(r for r in transit.items if r.name_en == "Surgical mask")  # type: ignore[attr-defined]
    assert (masks.in_transit, masks.this_week) == (3000, 3000)
    assert masks.days_with_transit == pytest.approx(3000 / 400_000)
    late = before[evening][0]
    assert (late.in_transit, len(late.overdue), late.fill_rate) == (2300, 2, pytest.approx(1190 / 3500))  # type: ignore[attr-defined]
    assert before[noon][1] and "9. Goods on the way" in before[noon][1][0][0]
    for kind in ("procure_receipt", "procure_consignment", "procure_leg", "procure_cancel", "procure_order",
                 "procure_receipt", "procure_leg", "procure_consignment"):
        for n in range(2):
            later.do(kind, n)
            for moment, shown in before.items():
                assert section(moment) == shown, (kind, moment)
    assert brief(session, as_of=later.clock.moment).transit != before[evening][0]
