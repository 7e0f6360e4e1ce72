"""Hostile input against the services: every value is either refused with a clear message and nothing
written, or stored and read back exactly as typed (after trimming). Never a crash.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from models.enterprise import DailyReport, Enterprise, EnterpriseUpdate
from models.errors import ServiceError, ValidationError
from models.services import enterprises as svc
from models.services import shortages
from models.services.enterprise_products import set_product
from models.services.enterprise_reports import ReportLine, submit_report
from models.shortage import Shortage, ShortageCreate
from models.validation import build
from tui.i18n import set_language, t
from tui.i18n.catalogue import entries

NASTY = [
    "'; DROP TABLE enterprise; --",
    "[bold]加粗[/bold]",
    "[/]",
    "😷🧪口罩 mask маска",
    "Robert'); DELETE FROM cadre;--",
    "%_\\",
    "{name} {0}",
    "\u202eRTL override",
    "x" * 10_000,
    "\x00NUL",
    "\x1b[31mred",
    "\ud800",  # a lone surrogate
    "   ",
    "e\u0301 combining",
]

hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(min_size=0, max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=60),
)
hostile_number = st.one_of(
    st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "abc", "1e400", "-0", "12,000", " 7 ", "NaN", "0x10", "１２"]),
)
SETTINGS = settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)

#: the catalogues of the source tree (an installed package carries only the compiled ones)
SOURCE_LOCALE = Path(__file__).resolve().parents[2] / "tui" / "i18n" / "locale"


def assert_translated(error: ServiceError) -> None:
    """A refusal must carry a message the front end can show in both languages."""
    assert error.message in entries("zh", locale_dir=SOURCE_LOCALE), error.message
    set_language("zh")
    try:
        assert t(error.message, **error.params)
    finally:
        set_language("en")


@SETTINGS
@given(value=hostile_text, field=st.sampled_from(["name", "short_name", "address", "contact_person", "notes"]))
def test_enterprise_text_fields(session, coordinator, enterprise, value: str, field: str) -> None:
    session.rollback()
    current = session.get(Enterprise, enterprise.id, populate_existing=True)
    before = current.model_dump()
    try:
        svc.update_enterprise(session, actor=coordinator, enterprise_id=enterprise.id,
                              expected_version=current.version, data=EnterpriseUpdate(**{field: value}))
    except ValidationError as error:
        assert error.field == field
        assert_translated(error)
        session.rollback()
        assert session.get(Enterprise, enterprise.id, populate_existing=True).model_dump() == before
        return
    session.rollback()
    stored = getattr(session.get(Enterprise, enterprise.id, populate_existing=True), field)
    assert stored == (value.strip() or None)


@SETTINGS
@given(value=hostile_text)
def test_credit_codes_and_phones(session, coordinator, enterprise, value: str) -> None:
    for field in ("credit_code", "phone"):
        session.rollback()
        current = session.get(Enterprise, enterprise.id, populate_existing=True)
        try:
            svc.update_enterprise(session, actor=coordinator, enterprise_id=enterprise.id,
                                  expected_version=current.version, data=EnterpriseUpdate(**{field: value}))
        except ValidationError as error:
            assert error.field == field
            assert_translated(error)


@pytest.fixture
def makes_masks(session, coordinator, enterprise) -> int:
    set_product(session, actor=coordinator, enterprise_id=enterprise.id, item_id=1, daily_capacity=1000)
    return 1


@SETTINGS
@given(output=hostile_number, stock=hostile_number)
def test_report_figures(session, coordinator, enterprise, makes_masks, frozen_clock, output, stock) -> None:
    session.rollback()
    before = session.exec(select(DailyReport)).all()
    version = before[0].version if before else None  # the form carries the version it was filled from
    try:
        submit_report(session, actor=coordinator, enterprise_id=enterprise.id, report_date=frozen_clock.today(),
                          lines=[ReportLine(item_id=makes_masks, output=output, stock=stock, expected_version=version)])
    except ValidationError as error:
        assert error.field in ("output", "stock")
        assert_translated(error)
        session.rollback()
        assert [r.model_dump() for r in session.exec(select(DailyReport))] == [r.model_dump() for r in before]
        return
    session.rollback()
    [row] = session.exec(select(DailyReport)).all()
    for stored, typed in ((row.output, output), (row.stock, stock)):
        assert stored >= 0 and math.isfinite(stored)
        assert stored == pytest.approx(float(str(typed).replace(",", "").strip()))


@SETTINGS
@given(description=hostile_text, quantity=hostile_number)
def test_shortage_reports(session, coordinator, enterprise, description, quantity) -> None:
    session.rollback()
    count = len(session.exec(select(Shortage)).all())
    try:
        data = build(ShortageCreate, enterprise_id=enterprise.id, kind="labour", description=description,
                     quantity=quantity)
        made = shortages.report_shortage(session, actor=coordinator, data=data)
    except ValidationError as error:
        assert error.field in ("description", "quantity")
        assert_translated(error)
        session.rollback()
        assert len(session.exec(select(Shortage)).all()) == count
        return
    session.rollback()
    stored = session.get(Shortage, made.id, populate_existing=True)
    assert stored.description == (description.strip() or None)


@pytest.mark.parametrize("day", ["2020-02-30", "2020-13-01", "not a date", "", "2020-02-03 25:61"])
def test_impossible_dates_and_times_are_refused_by_the_parser(day: str) -> None:
    from tui.i18n.parse import parse_moment

    with pytest.raises(ValidationError):
        parse_moment(day, field="at")


def test_a_report_for_a_date_far_in_the_future_is_refused(session, coordinator, enterprise, makes_masks) -> None:
    with pytest.raises(ValidationError) as error:
        submit_report(session, actor=coordinator, enterprise_id=enterprise.id, report_date=date(9999, 12, 31),
                          lines=[ReportLine(item_id=makes_masks, output=1, stock=1)])
    assert error.value.field == "report_date"
