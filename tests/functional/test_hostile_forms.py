"""Hostile input pasted into the enterprise forms at 80×24: the identity form (new and edit, with a
new park named in the reason dialog), today's report, products, reserves, licence and holiday plan.

Each value is either refused with a translated message under its field and nothing written, or
stored exactly as typed (trimmed) and shown back exactly on the card, where markup such as
``[bold]`` and ``[/]`` appears literally. After each, the app still runs and shows the expected
screen. The lists' filters, the shortage and check-in forms and the reason dialogs of the card:
tests/functional/test_hostile_flows.py; the values and helpers: hostile_input.py.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import cycle

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from models import validation
from models.enterprise import DailyReport, Enterprise, Product
from models.errors import ValidationError
from models.holiday_plans import HolidayPlan
from models.licences import Qualification
from models.material_reserves import MaterialReserve
from models.settings import Settings, install
from tui.enterprises.card import EnterpriseCardScreen
from tui.enterprises.form import EnterpriseFormScreen
from tui.enterprises.screen import EnterpriseListScreen
from tui.i18n.safe import for_tui
from tui.shell.dialogs import ReasonDialog
from tui.widgets import PagedTable

from .conftest import press_text, settle
from .hostile_input import (
    BAD_FIGURES,
    GOOD_FIGURES,
    HYPOTHESIS,
    KEPT,
    LONG,
    REFUSED,
    SIZE,
    TEXT_FIELDS,
    TODAY,
    error_of,
    expected_error,
    fill,
    first_line,
    fits,
    hostile_text,
    keys,
    messages,
    on_screen,
    open_card,
    paste,
    refused_and_kept,
    report_of,
    row_of,
    rows,
    sample_id,
    save,
    short,
    shown_on_card,
    stored_as,
    whole_card,
)

NOT_A_DATE = "Not a date: type 2020-02-05, 02-05 or +2"


@pytest.fixture(autouse=True)
def no_change_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """No poll of the change marker lands while a form is filled or the app shuts down."""
    install(Settings(poll_seconds=3600.0))


# --- the identity form -----------------------------------------------------------------------------


async def test_identity_text_is_stored_and_shown_exactly_as_pasted(app, desk_db) -> None:
    ent = sample_id(desk_db)
    fields = list(TEXT_FIELDS)
    rounds = [KEPT[i:i + len(fields)] for i in range(0, len(KEPT), len(fields))]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_card(pilot, ent)
        for values in rounds:
            await keys(pilot, "e")
            typed = dict(zip(fields, values, strict=False))
            await fill(pilot, typed)
            assert app.screen.values() | typed == app.screen.values()  # every paste whole in its field
            await save(pilot)
            assert isinstance(app.screen, EnterpriseCardScreen), messages(app)
            row = row_of(desk_db, Enterprise, ent)
            shown = await on_screen(pilot)
            for name, value in typed.items():
                assert getattr(row, name) == value, name
                assert shown_on_card(name, value, shown), (name, short(value))
        # the list shows the name as typed too, cut with "…" where the column is narrow
        await keys(pilot, "escape")
        assert isinstance(app.screen, EnterpriseListScreen)
        name = row_of(desk_db, Enterprise, ent).name
        await pilot.press("slash")
        await paste(pilot, "#filter", name)
        await settle(pilot)  # the list reloads for the filter
        table = app.screen.query_one("#enterprises", PagedTable)
        assert table.total == 1, short(name)
        line = table.render_line(1).text.strip()
        assert line.startswith(name) or name.startswith(line.split("…")[0]), (short(name), line)


async def test_identity_text_the_form_refuses_is_explained_and_nothing_is_written(app, desk_db) -> None:
    ent = sample_id(desk_db)
    before = row_of(desk_db, Enterprise, ent)
    values = list(REFUSED)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_card(pilot, ent)
        await keys(pilot, "e")
        form = app.screen
        typed = dict(zip(TEXT_FIELDS, values, strict=False))
        await fill(pilot, typed)
        await save(pilot)
        await refused_and_kept(pilot, form, typed)
        for name, value in typed.items():
            assert error_of(app, name) == expected_error(value, TEXT_FIELDS[name][1]), name
        assert "Control characters are not allowed" in await on_screen(pilot)
        # the credit code and the mobile number: garbage in, a message out
        await paste(pilot, "#field-credit_code", "'; DROP TABLE--")
        await paste(pilot, "#field-phone", "[bold]138[/]")
        await save(pilot)
        assert error_of(app, "credit_code") in ("A credit code has 18 characters",
                                                "Character ' is not allowed in a credit code")
        assert error_of(app, "phone") == "A mobile, a landline with its area code, or +country code"
        await keys(pilot, "escape")  # typed changes: asks first
        await keys(pilot, "y")
        assert isinstance(app.screen, EnterpriseCardScreen)
    after = row_of(desk_db, Enterprise, ent)
    assert after.model_dump() == before.model_dump()


async def test_a_new_enterprise_with_a_hostile_name_and_park(app, desk_db) -> None:
    """A name made of markup and SQL, a new park named by the reason dialog, a pasted 10,000 characters."""
    from .test_enterprise_card import pick

    name, park = "[bold]'; DROP TABLE enterprise;--[/]", "[/]园区 😷"
    before = len(rows(desk_db, Enterprise))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await keys(pilot, "n")
        assert isinstance(app.screen, EnterpriseFormScreen)
        await paste(pilot, "#field-name", LONG)
        await save(pilot)
        assert error_of(app, "name") == "At most 200 characters"
        assert len(rows(desk_db, Enterprise)) == before
        await paste(pilot, "#field-name", "")
        await press_text(pilot, name)  # typed key by key, brackets and quotes too
        assert app.screen.query_one("#field-name").value == name
        app.screen.set_focus(app.screen.query_one("#field-district"))
        await keys(pilot, "enter")
        await pick(pilot, "naq")
        assert app.focused.id == "field-park"
        await keys(pilot, "enter")
        await pick(pilot, "new park")
        assert isinstance(app.screen, ReasonDialog)
        await paste(pilot, "#reason", "bad\x00park")
        await keys(pilot, "enter")
        assert isinstance(app.screen, ReasonDialog)  # refused in the dialog, the text kept
        assert "Control characters are not allowed" in await on_screen(pilot)
        assert app.screen.query_one("#reason").value == "bad\x00park"
        await paste(pilot, "#reason", park)
        await keys(pilot, "enter")
        assert f"{park} (new)" in await on_screen(pilot)
        await save(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen), messages(app)
        shown = await on_screen(pilot)
        assert name in shown.splitlines()[1]
        assert re.search(rf"Park\s+{re.escape(park)}", shown), shown
    with desk_db.session() as s:
        made = s.exec(select(Enterprise).where(Enterprise.name == name)).one()
        assert made.status == "resumed"
    assert len(rows(desk_db, Enterprise)) == before + 1


@HYPOTHESIS
@given(values=st.lists(hostile_text, min_size=4, max_size=4))
async def test_any_text_in_the_identity_form(make_desk_app, desk_db, values: list[str]) -> None:
    """Whatever is pasted: refused under its field with nothing written, or stored and shown as typed."""
    ent = sample_id(desk_db)
    fields = ["short_name", "address", "contact_person", "notes"]
    # what a paste puts in the field
    typed = {name: first_line(value) for name, value in zip(fields, values, strict=False)}
    wrong = {}
    for name, value in typed.items():
        try:
            check = validation.name if name == "short_name" else validation.text  # names refuse bidi, zero-width
            check(value, field=name, max_len=TEXT_FIELDS[name][1])
        except ValidationError as error:
            wrong[name] = error.message.format(**error.params)
    before = row_of(desk_db, Enterprise, ent)
    app = make_desk_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_card(pilot, ent)
        await keys(pilot, "e")
        form = app.screen
        for name, value in zip(fields, values, strict=False):
            await paste(pilot, f"#field-{name}", value)
        await save(pilot)
        if wrong:
            await refused_and_kept(pilot, form, typed)
            assert {name: error_of(app, name) for name in wrong} == wrong
            assert row_of(desk_db, Enterprise, ent).version == before.version
            return
        assert isinstance(app.screen, EnterpriseCardScreen), messages(app)
        after = row_of(desk_db, Enterprise, ent)
        card_text = await whole_card(pilot)
        for name, value in typed.items():
            assert getattr(after, name) == stored_as(value), name
            if stored_as(value) and fits(for_tui(value)) and "\t" not in value:
                assert shown_on_card(name, value.strip(), card_text), (name, short(value))


# --- today's report ---------------------------------------------------------------------------------


@pytest.fixture
def makes_three(desk_db, coord) -> int:  # type: ignore[no-untyped-def]
    """茶园康护 makes three items: nine figures on its report, for every bad figure at once."""
    from models.services.enterprise_products import set_product
    from models.services.reference import catalogue

    ent = sample_id(desk_db)
    with desk_db.session() as s:
        for item in catalogue(s)[1:3]:
            set_product(s, actor=coord, enterprise_id=ent, item_id=item.id, daily_capacity=1000)
    return ent


async def test_report_figures_dates_and_reason(app, desk_db, makes_three) -> None:
    ent = makes_three
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_card(pilot, ent)
        await keys(pilot, "r")
        form = app.screen
        figures = [n for n in form.names() if n.split("-")[0] in ("output", "stock", "shipped")]
        typed = dict(zip(figures, BAD_FIGURES, strict=False)) | {"reason": "\x00NUL"}
        for date_typed, message in [("2020-02-30", NOT_A_DATE), ("[b]02-03[/b]", NOT_A_DATE),
                                    ("9999-12-31", "A report cannot be for a future date")]:
            await fill(pilot, typed | {"date": date_typed})
            await save(pilot)
            await refused_and_kept(pilot, form, typed | {"date": date_typed})
            assert error_of(app, "date") == message, date_typed
        for name, value in zip(figures, BAD_FIGURES, strict=False):
            assert error_of(app, name) == BAD_FIGURES[value], (name, value)
        assert error_of(app, "reason") == "Control characters are not allowed"
        assert rows(desk_db, DailyReport) == []  # nothing written by any of it
        # an earlier date needs a reason: a pasted 10,000 characters are refused, then a hostile one is kept
        await paste(pilot, "#field-date", "2020-02-01")
        form.advance(form.control("date"))  # enter on the date: loads that day
        await settle(pilot)
        good = dict(zip(figures, cycle(GOOD_FIGURES), strict=False))
        await fill(pilot, good | {"reason": LONG})
        await save(pilot)
        assert error_of(app, "reason") == "At most 500 characters"
        reason = "[bold]补报[/] '; DROP TABLE daily_report;--"
        await paste(pilot, "#field-reason", reason)
        await save(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen), messages(app)
        stored = {f"{figure}-{row.item_id}": getattr(row, figure) for row in rows(desk_db, DailyReport)
                  for figure in ("output", "stock", "shipped")}
        assert stored == {name: GOOD_FIGURES[value] for name, value in good.items()}
        assert {row.late_reason for row in rows(desk_db, DailyReport)} == {reason}
        # shown back: the form of that day starts from what was stored
        from tui.enterprises.report import ReportFormScreen
        from tui.i18n.format import plain as figure

        await app.push_screen(ReportFormScreen(ent, date(2020, 2, 1)))
        await settle(pilot)
        assert {n: app.screen.query_one(f"#field-{n}").value for n in figures} == {
            name: figure(GOOD_FIGURES[value]) for name, value in good.items()}
        assert "Editing the report of 2020-02-01 already saved." in await on_screen(pilot)


@HYPOTHESIS
@given(output=st.one_of(st.sampled_from([*BAD_FIGURES, *GOOD_FIGURES]), st.integers(-10**15, 10**15).map(str),
                        st.floats().map(str), st.text(max_size=14)))
async def test_any_output_figure(make_desk_app, desk_db, output: str) -> None:
    """Any figure: refused under its field with nothing written, or stored as the number typed."""
    ent = sample_id(desk_db)
    typed = first_line(output)
    try:
        number, problem = validation.quantity(typed, field="output"), None
    except ValidationError as error:
        number, problem = None, error.message
    before = report_of(desk_db, ent, TODAY)
    app = make_desk_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_card(pilot, ent)
        await keys(pilot, "r")
        form = app.screen
        name = next(n for n in form.names() if n.startswith("output-"))
        await paste(pilot, f"#field-{name}", output)
        await save(pilot)
        after = report_of(desk_db, ent, TODAY)
        if problem:
            await refused_and_kept(pilot, form, {name: typed})
            assert error_of(app, name) == problem
            assert (after and after.model_dump()) == (before and before.model_dump())
        else:
            assert isinstance(app.screen, EnterpriseCardScreen), messages(app)
            assert after.output == number


# --- products, reserves, licence, holiday plan -------------------------------------------------------


async def test_products_and_reserves_figures(app, desk_db) -> None:
    from tui.enterprises.sections import amount

    ent = sample_id(desk_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_card(pilot, ent)
        await keys(pilot, "p")
        form = app.screen
        _, *others = form.names()  # 茶园康护 makes the first item already
        typed = dict(zip(others, BAD_FIGURES, strict=False))
        await fill(pilot, typed)
        await save(pilot)
        await refused_and_kept(pilot, form, typed)
        for name, value in typed.items():
            assert error_of(app, name) == BAD_FIGURES[value], (name, value)
        for name in typed:
            await paste(pilot, f"#field-{name}", "")
        await paste(pilot, f"#field-{others[0]}", "80,000")
        await save(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen), messages(app)
        shown = await on_screen(pilot)
        assert re.search(r"Surgical mask\s+80k", shown), shown  # "80,000" as pasted, the card's way

        await keys(pilot, "m")
        form = app.screen
        typed = dict(zip(form.names(), BAD_FIGURES, strict=False))
        await fill(pilot, typed)
        await save(pilot)
        await refused_and_kept(pilot, form, typed)
        for name, value in typed.items():
            assert error_of(app, name) == BAD_FIGURES[value], (name, value)
        assert rows(desk_db, MaterialReserve) == []
        for name in typed:
            await paste(pilot, f"#field-{name}", "")
        first = form.names()[0].split("-")[1]
        await paste(pilot, f"#field-quantity-{first}", "1,000.5")
        await paste(pilot, f"#field-daily_use-{first}", "0.25")
        await save(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen), messages(app)
        shown = await whole_card(pilot)
        assert re.search(rf"{re.escape(amount(1000.5))}\s+0\.25 \S+\s+4002\.0d", shown), shown  # the unit a column
    [reserve] = rows(desk_db, MaterialReserve)
    assert (reserve.quantity, reserve.daily_use) == (1000.5, 0.25)
    assert sorted(p.daily_capacity for p in rows(desk_db, Product) if p.enterprise_id == ent) == [50_000, 80_000]


async def test_a_licence_with_hostile_text_and_impossible_dates(app, desk_db) -> None:
    from .test_enterprise_card import pick

    ent = sample_id(desk_db)
    kind, number = "[bold]注册证[/] '; --", "[/]渝械😷20200001"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_card(pilot, ent)
        await keys(pilot, "l")
        await pick(pilot, "add")
        form = app.screen
        rounds = [("\x00NUL", LONG, "2020-02-30"), ("\x1b[31mred", "\ud800 lone surrogate", "9999-12-31"),
                  ("   ", "bell\x07ring", "'; DROP")]
        for kind_typed, number_typed, applied in rounds:
            typed = {"kind": kind_typed, "number": number_typed, "applied_on": applied}
            await fill(pilot, typed)
            await save(pilot)
            await refused_and_kept(pilot, form, typed)
            assert error_of(app, "kind") == (REFUSED.get(kind_typed, "Required").format(max=64))
            assert error_of(app, "number") == expected_error(number_typed, 64)
            assert error_of(app, "applied_on") in (NOT_A_DATE, "A date cannot be in the future")
        assert rows(desk_db, Qualification) == []
        await fill(pilot, {"kind": kind, "number": number, "applied_on": "2020-02-01"})
        await save(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen), messages(app)
        assert f"{kind} · applied 2020-02-01 · {number}" in await whole_card(pilot)
    [row] = rows(desk_db, Qualification)
    assert (row.kind, row.number, row.applied_on) == (kind, number, date(2020, 2, 1))


async def test_the_holiday_plan_with_hostile_figures_dates_and_notes(app, desk_db) -> None:
    ent = sample_id(desk_db)
    notes = "[red]三班倒[/] %_\\ 😷"
    rounds = [  # each field's value, then its message
        {"start": ("2020-02-30", NOT_A_DATE), "end": ("'; DROP", NOT_A_DATE),
         "shifts": ("0", "Between 1 and 4"), "workers": ("-1", "Must not be negative"),
         "notes": ("\x00NUL", "Control characters are not allowed")},
        {"start": ("0000-01-01", NOT_A_DATE), "end": ("[b]02-03[/b]", NOT_A_DATE),
         "shifts": ("½", "Not a number"), "workers": ("1.5", "A whole number, please"),
         "notes": (LONG, "At most 500 characters")},
        {"start": ("2020-02-10", ""), "end": ("2020-02-03", "The end is before the start"),
         "shifts": ("99", "Between 1 and 4"), "workers": ("100001", "Between 0 and 100000"),
         "notes": ("\x1b[31mred", "Control characters are not allowed")},
    ]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_card(pilot, ent)
        await keys(pilot, "h")
        form = app.screen
        for fields in rounds:
            for name, (value, _) in fields.items():
                await paste(pilot, f"#field-{name}", value)
            await save(pilot)
            await refused_and_kept(pilot, form, {name: value for name, (value, _) in fields.items()})
            for name, (value, message) in fields.items():
                assert error_of(app, name) == message, (name, short(value))
        assert rows(desk_db, HolidayPlan) == []
        good = {"start": "2020-02-03", "end": "2020-02-10", "shifts": "2", "workers": "120", "notes": notes}
        await fill(pilot, good)
        await save(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen), messages(app)
        assert f"2020-02-03 – 2020-02-10  2 shifts, 120 workers  {notes}" in await whole_card(pilot)
    [plan] = rows(desk_db, HolidayPlan)
    assert (plan.shifts, plan.workers, plan.notes) == (2, 120, notes)
