"""Every enterprise form at 80×24, driven by keys: inline checks, nothing saved until the whole form
is valid, escape asks before discarding, the conflict view (their change next to yours), today's
report in one key per unchanged line, reserves, holiday plan, licences, and refusals shown clearly.
Assertions are on what the user sees and on what is stored."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlmodel import select

from models.audit import AuditLog
from models.enterprise import DailyReport, Enterprise, EnterpriseUpdate
from models.holiday_plans import HolidayPlan
from models.licences import Qualification
from models.material_reserves import MaterialReserve
from models.settings import Settings, install
from tui.enterprises.card import EnterpriseCardScreen
from tui.enterprises.form import EnterpriseFormScreen
from tui.enterprises.report import ReportFormScreen
from tui.enterprises.screen import EnterpriseListScreen
from tui.forms.conflict import ConflictDialog

from .conftest import SAMPLE_NAME, credit_code, notifications, press_text, screen_text, settle
from .test_enterprise_card import fill_chayuan, open_card, pick, whole_card

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def no_change_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the screens, not live updates (tests/functional/test_live_updates.py):
    no poll of the change marker lands at a random moment, such as while the app shuts down."""
    install(Settings(poll_seconds=3600.0))
TODAY = date(2020, 2, 3)


@pytest.fixture
def chayuan(desk_db, coord) -> dict[str, int]:
    return fill_chayuan(desk_db, coord)


async def goto(pilot, name: str) -> None:  # type: ignore[no-untyped-def]
    """Tab to the field ``name`` (as a person would), at most once round the form."""
    for _ in range(40):
        if (pilot.app.focused.id or "") == f"field-{name}":
            return
        await pilot.press("tab")
    raise AssertionError(f"no field {name}")


async def retype(pilot, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Go to the field, clear it and type ``text``."""
    await goto(pilot, name)
    await pilot.press("end", "ctrl+u")
    await press_text(pilot, text)


def error_of(app, name: str) -> str:  # type: ignore[no-untyped-def]
    row = app.screen.query_one(f"#row-{name}")
    return str(row.query_one(".field-error").render()) if row.has_class("-invalid") else ""


def messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in notifications(app)]


def stored(db, model, row_id):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.get(model, row_id)


def count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return len(s.exec(select(model)).all())


# --- new enterprise -------------------------------------------------------------------------------


async def test_a_new_enterprise_is_checked_inline_and_saved_only_when_whole(app, desk_db) -> None:
    before = count(desk_db, Enterprise)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseFormScreen)
        assert screen_text(app).splitlines()[1].strip() == "New enterprise"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Nothing saved: fix the marked fields first" in messages(app)
        assert error_of(app, "name") == "Required"
        assert error_of(app, "district") == "Pick one of the 38 districts"
        assert app.focused.id == "field-name"
        await press_text(pilot, "重庆长生桥防护用品有限公司")
        assert error_of(app, "name") == ""  # cleared as soon as it is right

        wrong = credit_code(4242)[:-1] + ("0" if credit_code(4242)[-1] != "0" else "1")
        await retype(pilot, "credit_code", wrong)
        await pilot.press("tab")
        assert error_of(app, "credit_code") == f"Wrong check character: expected {credit_code(4242)[-1]}"
        await retype(pilot, "credit_code", credit_code(4242))
        assert error_of(app, "credit_code") == ""

        await goto(pilot, "district")
        await pilot.press("enter")
        await settle(pilot)
        await pick(pilot, "naq")  # 南岸区 by its initials
        assert "南岸区" in str(app.screen.query_one("#field-district").render())
        assert app.focused.id == "field-park"  # on to the next field
        await pilot.press("enter")
        await settle(pilot)
        await pick(pilot, "new park")
        await press_text(pilot, "长生桥工业园")
        await pilot.press("enter")
        await settle(pilot)
        assert "长生桥工业园 (new)" in screen_text(app)

        await retype(pilot, "phone", "1380000")
        await pilot.press("tab")
        assert error_of(app, "phone") == "A mobile, a landline with its area code, or +country code"
        assert count(desk_db, Enterprise) == before  # nothing saved while a field is wrong
        await retype(pilot, "phone", "138 0000 0009")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen)  # the new enterprise's card
        assert "重庆长生桥防护用品有限公司" in screen_text(app)
        assert re.search(r"Park\s+长生桥工业园", screen_text(app))
    with desk_db.session() as s:
        made = s.exec(select(Enterprise).where(Enterprise.name == "重庆长生桥防护用品有限公司")).one()
        assert (made.phone, made.credit_code, made.status, made.created_by) == (
            "13800000009", credit_code(4242), "resumed", "coord")


async def test_escape_asks_before_discarding_typed_changes(app, desk_db) -> None:
    before = count(desk_db, Enterprise)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")  # nothing typed: leaves at once
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseListScreen)
        await pilot.press("n")
        await settle(pilot)
        await press_text(pilot, "半截企业")
        await pilot.press("escape")
        await settle(pilot)
        assert "Discard the changes you typed?" in screen_text(app)
        await pilot.press("n")  # keep editing
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseFormScreen)
        assert app.screen.query_one("#field-name").value == "半截企业"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseListScreen)
    assert count(desk_db, Enterprise) == before


# --- edit and conflicts -----------------------------------------------------------------------------


async def test_an_edit_saves_only_the_changed_fields(app, desk_db, chayuan) -> None:
    before = stored(desk_db, Enterprise, chayuan["enterprise"]).version
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_card(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert screen_text(app).splitlines()[1].strip() == f"Edit enterprise · {SAMPLE_NAME}"
        await retype(pilot, "address", "南岸区茶园新区通江大道 1 号")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen)
        assert re.search(r"Address\s+南岸区茶园新区通江大道 1 号", screen_text(app))
    row = stored(desk_db, Enterprise, chayuan["enterprise"])
    assert (row.address, row.version) == ("南岸区茶园新区通江大道 1 号", before + 1)
    with desk_db.session() as s:
        last = s.exec(select(AuditLog).where(AuditLog.table_name == "enterprise").order_by(AuditLog.id.desc())).first()
        assert last.changes == '{"address": [null, "南岸区茶园新区通江大道 1 号"]}'


def their_edit(db, coord, enterprise_id: int) -> None:  # type: ignore[no-untyped-def]
    """Someone else saves the enterprise while the form is open: a new contact and address."""
    from models.services.enterprises import update_enterprise

    with db.session() as s:
        version = s.get(Enterprise, enterprise_id).version
        update_enterprise(s, actor=coord, enterprise_id=enterprise_id, expected_version=version,
                          data=EnterpriseUpdate(contact_person="王芳", address="他们的地址 1 号"))


async def edit_against_them(pilot, desk_db, coord, chayuan) -> None:  # type: ignore[no-untyped-def]
    await open_card(pilot)
    await pilot.press("e")
    await settle(pilot)
    their_edit(desk_db, coord, chayuan["enterprise"])
    await retype(pilot, "address", "我的地址 8 号")
    await retype(pilot, "phone", "13900000009")
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_conflict_shows_their_change_next_to_mine(app, desk_db, coord, chayuan) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_against_them(pilot, desk_db, coord, chayuan)
        assert isinstance(app.screen, ConflictDialog)
        shown = screen_text(app)
        assert "Someone else changed this record" in shown
        assert "Saved by coord at 2020-02-03 07:50 while you were typing." in shown
        assert re.search(r"Address !\s+他们的地址 1 号\s+我的地址 8 号", shown)  # both changed it
        assert re.search(r"Contact person\s+王芳\s+刘敏", shown)
        assert re.search(r"Phone\s+13800000001\s+13900000009", shown)
    row = stored(desk_db, Enterprise, chayuan["enterprise"])
    assert (row.address, row.phone) == ("他们的地址 1 号", "13800000001")  # nothing overwritten


@pytest.mark.parametrize(("key", "address", "phone"), [
    pytest.param("m", "我的地址 8 号", "13900000009", id="save mine"),
    pytest.param("t", "他们的地址 1 号", "13800000001", id="take theirs"),
    pytest.param("escape", "我的地址 8 号", "13900000009", id="keep editing, then save"),
])
async def test_each_answer_to_a_conflict(app, desk_db, coord, chayuan, key, address, phone) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_against_them(pilot, desk_db, coord, chayuan)
        await pilot.press(key)
        await settle(pilot)
        if key != "m":
            assert isinstance(app.screen, EnterpriseFormScreen)
            shown_address = app.screen.query_one("#field-address").value
            assert shown_address == address
            assert app.screen.query_one("#field-contact_person").value == "王芳"  # theirs, untouched by me
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen)
    row = stored(desk_db, Enterprise, chayuan["enterprise"])
    assert (row.address, row.phone, row.contact_person) == (address, phone, "王芳")


# --- today's report ----------------------------------------------------------------------------------


def report_of(db, enterprise_id: int, day: date) -> DailyReport | None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.exec(select(DailyReport).where(DailyReport.enterprise_id == enterprise_id,
                                                DailyReport.report_date == day)).first()


async def open_report(pilot) -> None:  # type: ignore[no-untyped-def]
    await open_card(pilot)
    await pilot.press("r")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReportFormScreen)


async def test_an_unchanged_report_costs_one_key_per_line(app, desk_db, chayuan) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_report(pilot)
        shown = screen_text(app)
        assert "Figures of 2020-02-02 to start from: change what differs." in shown
        assert re.search(r"Output\s+250000\s+pieces", shown)
        await pilot.press("enter")  # the date as it is
        assert app.focused.id.startswith("field-output-")
        await pilot.press("enter")  # the only line as it is: saved
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen)
        assert "▅▆█████" in screen_text(app)  # today in the trend
    row = report_of(desk_db, chayuan["enterprise"], TODAY)
    assert (row.output, row.stock, row.shipped, row.late_reason, row.created_by) == (250_000,
                                                                                     60_000, 248_000, None, "coord")


async def test_a_report_for_an_earlier_date_needs_a_reason(app, desk_db, chayuan) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_report(pilot)
        assert not app.screen.query_one("#row-reason").display
        await retype(pilot, "date", "2020-02-01")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#row-reason").display
        assert "Editing the report of 2020-02-01 already saved." in screen_text(app)
        await retype(pilot, next(n for n in app.screen.names() if n.startswith("output-")), "246000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_of(app, "reason") == "Required"
        assert report_of(desk_db, chayuan["enterprise"], date(2020, 2, 1)).output == 245_000
        await retype(pilot, "reason", "昨晚断网 今晨补报")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen)
    row = report_of(desk_db, chayuan["enterprise"], date(2020, 2, 1))
    assert (row.output, row.late_reason, row.version) == (246_000, "昨晚断网 今晨补报", 2)


@pytest.mark.parametrize(("field", "text", "message"), [
    ("output", "-5", "Must not be negative"),
    ("stock", "很多", "Not a number"),
    ("date", "2020-02-04", "A report cannot be for a future date"),
    ("date", "2/3", "Not a date: type 2020-02-05, 02-05 or +2"),
])
async def test_a_wrong_report_figure_is_marked_and_nothing_is_saved(app, desk_db, chayuan,
                                                                    field, text, message) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_report(pilot)
        name = field if field == "date" else next(n for n in app.screen.names() if n.startswith(f"{field}-"))
        await retype(pilot, name, text)
        await pilot.press("tab")
        assert error_of(app, name) == message
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReportFormScreen)
        assert "Nothing saved: fix the marked fields first" in messages(app)
    assert report_of(desk_db, chayuan["enterprise"], TODAY) is None


async def test_a_report_saved_meanwhile_is_a_conflict_not_an_overwrite(app, desk_db, coord, chayuan) -> None:
    from models.services.enterprise_reports import ReportLine, submit_report

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_report(pilot)
        item = int(next(n for n in app.screen.names() if n.startswith("output-")).split("-")[1])
        with desk_db.session() as s:  # the factory's own report arrives first
            submit_report(s, actor=coord, enterprise_id=chayuan["enterprise"], report_date=TODAY,
                          lines=[ReportLine(item_id=item, output=230_000, stock=50_000, shipped=240_000)])
        await retype(pilot, f"output-{item}", "252000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        assert re.search(r"Disposable medical mask Output !\s+230000\s+252000", screen_text(app))
        assert report_of(desk_db, chayuan["enterprise"], TODAY).output == 230_000
        await pilot.press("t")  # take theirs
        await settle(pilot)
        assert app.screen.query_one(f"#field-output-{item}").value == "230000"
        assert app.screen.query_one(f"#field-stock-{item}").value == "50000"


# --- reserves, holiday plan, licences --------------------------------------------------------------


async def test_reserves_show_days_of_cover_as_you_type(app, desk_db, chayuan) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_card(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert re.search(r"Daily use\s+0\.25\s+t/day = 2\.0d", screen_text(app))
        with desk_db.session() as s:
            melt = s.exec(select(MaterialReserve).where(MaterialReserve.enterprise_id == chayuan["enterprise"],
                                                        MaterialReserve.daily_use == 0.25)).one()
        await retype(pilot, f"quantity-{melt.material_id}", "-2")
        await pilot.press("tab")
        assert error_of(app, f"quantity-{melt.material_id}") == "Must not be negative"
        await retype(pilot, f"quantity-{melt.material_id}", "2")
        assert re.search(r"t/day = 8\.0d", screen_text(app))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen)
        assert "reserves under 3 days" not in screen_text(app)
    row = stored(desk_db, MaterialReserve, melt.id)
    assert (row.quantity, row.daily_use, row.version) == (2, 0.25, 2)


async def test_the_holiday_plan_is_checked_and_saved(app, desk_db, chayuan) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_card(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert app.screen.query_one("#field-workers").value == "180"
        await retype(pilot, "end", "2020-01-01")
        await pilot.press("tab")
        assert error_of(app, "end") == "The end is before the start"
        await retype(pilot, "end", "2020-02-14")
        await retype(pilot, "shifts", "5")
        await pilot.press("tab")
        assert error_of(app, "shifts") == "Between 1 and 4"
        await retype(pilot, "shifts", "2")
        await retype(pilot, "workers", "120")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen)
        assert "2020-01-25 – 2020-02-14  2 shifts, 120 workers" in await whole_card(pilot)
    with desk_db.session() as s:
        [plan] = s.exec(select(HolidayPlan).where(HolidayPlan.enterprise_id == chayuan["enterprise"])).all()
        assert (plan.end_date, plan.shifts, plan.workers, plan.version) == (date(2020, 2, 14), 2, 120, 2)


async def test_a_licence_is_added_with_its_checks(app, desk_db, chayuan) -> None:
    from tui.enterprises.licence import LicenceFormScreen

    before = count(desk_db, Qualification)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_card(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pick(pilot, "add")
        assert isinstance(app.screen, LicenceFormScreen)
        await pilot.press("enter")  # the item picker
        await settle(pilot)
        await pick(pilot, "fhf")  # 医用防护服
        await goto(pilot, "status")
        await pilot.press("enter")
        await settle(pilot)
        await pick(pilot, "held")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_of(app, "granted_on") == "Required"  # held: when was it granted?
        await retype(pilot, "granted_on", "2020-02-03")
        await retype(pilot, "number", "渝械注准20202140009")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen)
    assert count(desk_db, Qualification) == before + 1
    with desk_db.session() as s:
        row = s.exec(select(Qualification).order_by(Qualification.id.desc())).first()
        assert (row.status, row.granted_on, row.number) == ("held", TODAY, "渝械注准20202140009")


# --- refusals shown clearly ------------------------------------------------------------------------


async def test_a_form_the_service_refuses_is_closed_with_the_reason(make_desk_app, chayuan) -> None:
    app = make_desk_app(login="wangfang")  # not stationed at 茶园康护
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.push_screen(EnterpriseFormScreen(chayuan["enterprise"]))
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseListScreen)
        assert "You are not stationed at this enterprise" in messages(app)


async def test_a_refusal_on_save_keeps_what_was_typed(make_desk_app, desk_db, coord, chayuan) -> None:
    from models.assignments import Assignment
    from models.services.cadres import end_station

    app = make_desk_app(login="liqiang")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_card(pilot)
        await pilot.press("e")
        await settle(pilot)
        await retype(pilot, "notes", "夜班加派 20 人")
        with desk_db.session() as s:  # his stationing ends while he types
            post = s.exec(select(Assignment).where(Assignment.enterprise_id == chayuan["enterprise"])).one()
            end_station(s, actor=coord, assignment_id=post.id, expected_version=post.version, end=date(2020, 2, 2))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseFormScreen)
        assert app.screen.query_one("#field-notes").value == "夜班加派 20 人"
        assert "You are not stationed at this enterprise" in messages(app)
    assert stored(desk_db, Enterprise, chayuan["enterprise"]).notes is None


async def test_products_give_a_new_enterprise_something_to_report(app, desk_db) -> None:
    from tui.enterprises.products import ProductsFormScreen

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await press_text(pilot, "万州三峡")  # a maker with no products yet
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert "No products recorded." in screen_text(app)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProductsFormScreen)
        await pilot.press("tab")  # 一次性使用医用口罩 → 医用外科口罩
        await press_text(pilot, "-3")
        await pilot.press("tab")
        assert error_of(app, next(n for n in app.screen.names() if n.endswith("-2"))) == "Must not be negative"
        await pilot.press("shift+tab", "backspace", "backspace")
        await press_text(pilot, "80000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen)
        assert re.search(r"Products\s+Surgical mask", screen_text(app))
        await pilot.press("r")
        await settle(pilot)
        assert re.search(r"Surgical mask\s+capacity 80k/day", screen_text(app))


async def test_a_report_of_a_maker_without_products_says_what_to_do(app, desk_db) -> None:
    before = count(desk_db, DailyReport)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await press_text(pilot, "万州三峡")
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert "This enterprise makes nothing yet: add its products first." in screen_text(app)
        await pilot.press("enter")  # past the date: nothing to save
        await settle(pilot)
        assert isinstance(app.screen, ReportFormScreen)
        assert "This enterprise makes nothing yet: add its products first." in messages(app)
    assert count(desk_db, DailyReport) == before
