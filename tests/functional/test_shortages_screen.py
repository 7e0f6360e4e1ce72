"""Screen 3 at 80x24, driven by keys: the list and its marks, quick filters, reporting (with bad
input), working a shortage through scenario 2, who may do what, a conflict between two
coordinators, early warnings, and Chinese text that stays aligned."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from rich.cells import cell_len
from sqlmodel import select

import tui.i18n as i18n
import tui.shortages.detail as shortage_detail_screen
import tui.shortages.screen as shortages_screen
from models.audit import AuditLog
from models.history import ShortageEvent
from models.people import CadreCreate
from models.services import shortages as svc
from models.services.cadres import create_cadre, station
from models.services.choices import reportable_enterprises
from models.services.enterprise_reserves import set_reserve
from models.services.identity import resolve_actor
from models.shortage import Shortage, ShortageCreate
from tui.shell.dialogs import ChoiceDialog, ConfirmDialog, ReasonDialog
from tui.shortages.detail import ShortageDetailScreen
from tui.shortages.form import ShortageFormScreen
from tui.shortages.screen import ShortageListScreen
from tui.widgets import PagedTable

from .conftest import (
    CASE_TIME,
    SAMPLE_NAME,
    notifications,
    press_text,
    screen_text,
    settle,
)

SIZE = (80, 24)
CADRE = "liqiang"
MELT_BLOWN = 2
PRODUCTION = 3


# --- data, through the services -------------------------------------------------------------------


def sample_id(desk_db, coord) -> int:
    with desk_db.session() as session:
        return reportable_enterprises(session, actor=coord, query="茶园康护")[0].id


def field_cadre(desk_db, coord, login: str = CADRE, name: str = "李强"):
    """A field cadre stationed at 茶园康护; returns the actor."""
    with desk_db.session() as session:
        cadre = create_cadre(session, actor=coord, data=CadreCreate(name=name, login=login, role="field_cadre"))
        station(session, actor=coord, cadre_id=cadre.id,
                enterprise_id=sample_id(desk_db, coord), start=date(2020, 1, 24))
        return resolve_actor(session, login=login)


def other_id(desk_db, coord, query: str = "重庆渝北防护用品") -> int:
    with desk_db.session() as session:
        return reportable_enterprises(session, actor=coord, query=query)[0].id


def report(desk_db, actor, enterprise_id: int, **fields) -> int:
    values = {"kind": "raw_material", "material_id": MELT_BLOWN, "severity": "critical",
              "description": "熔喷布仅够 2 天", **fields}
    with desk_db.session() as session:
        return svc.report_shortage(session, actor=actor, data=ShortageCreate(enterprise_id=enterprise_id, **values)).id


def act(desk_db, actor, shortage_id: int, action: str, **kwargs) -> None:
    with desk_db.session() as session:
        version = session.get(Shortage, shortage_id).version
        svc.act(session, actor=actor, shortage_id=shortage_id, expected_version=version, action=action, **kwargs)


def stored_events(desk_db, shortage_id: int) -> list[ShortageEvent]:
    with desk_db.session() as session:
        return list(session.exec(select(ShortageEvent).where(ShortageEvent.shortage_id == shortage_id)
                                 .order_by(ShortageEvent.id)))


def stored(desk_db, shortage_id: int) -> Shortage:
    with desk_db.session() as session:
        return session.get(Shortage, shortage_id)


def all_shortages(desk_db) -> list[Shortage]:
    with desk_db.session() as session:
        return list(session.exec(select(Shortage).order_by(Shortage.id)))


def spread(desk_db, coord, clock) -> dict[str, int]:
    """Four shortages: one overdue and due for escalation, one new, one at city level, one solved."""
    nanan, yubei = sample_id(desk_db, coord), other_id(desk_db, coord)
    made = {}
    clock.set(datetime(2020, 2, 1, 9, 0))
    made["stale"] = report(desk_db, coord, nanan, severity="high", need_by=date(2020, 2, 2), description="旧问题")
    clock.set(datetime(2020, 2, 2, 9, 0))
    made["city"] = report(desk_db, coord, yubei, kind="labour", material_id=None, quantity=30, unit="人",
                          severity="critical", description="缺熟练工人")
    act(desk_db, coord, made["city"], "escalate", note="区里无法解决")
    made["solved"] = report(desk_db, coord, yubei, severity="critical")
    act(desk_db, coord, made["solved"], "resolve", note="已到货")
    clock.set(datetime(2020, 2, 3, 7, 0))
    made["new"] = report(desk_db, coord, nanan, severity="critical", quantity=5, unit="吨")
    clock.set(CASE_TIME)
    return made


# --- helpers --------------------------------------------------------------------------------------


def table(app) -> PagedTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one("#shortages", PagedTable)


def lines(t: PagedTable) -> list[str]:
    return [t.render_line(y).text for y in range(t.scrollable_content_region.height)]


def footer(app) -> str:  # type: ignore[no-untyped-def]
    return screen_text(app).splitlines()[-1]


async def keys(pilot, *names: str) -> None:  # type: ignore[no-untyped-def]
    for name in names:
        await pilot.press(name)
    await settle(pilot)


async def open_first(pilot) -> ShortageDetailScreen:  # type: ignore[no-untyped-def]
    await keys(pilot, "enter")
    assert isinstance(pilot.app.screen, ShortageDetailScreen)
    return pilot.app.screen


async def answer(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the open dialog's box and press enter."""
    await press_text(pilot, text)
    await keys(pilot, "enter")


# --- the list -------------------------------------------------------------------------------------


async def test_the_list_is_unsolved_first_with_the_marks(make_desk_app, desk_db, coord, pinned_clock) -> None:
    made = spread(desk_db, coord, pinned_clock)
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ShortageListScreen)
        t = table(app)
        assert [row.id for row in t._blocks[0]] == [made["city"], made["new"], made["stale"], made["solved"]]
        shown = lines(t)
        assert re.match(r"!\s+#\s+Sev\.\s+Age\s+Enterprise\s+District\s+Kind\s+Short of\s+Level\s+Status", shown[0])
        assert re.match(rf"\s+{made['city']}\s+Crit\s+22 h\s+重庆渝北\S*\s+渝北区\s+Labour\s+30 people\s+City\s+Open",
                        shown[1])
        assert re.match(rf"\s+{made['new']}\s+Crit\s+50 min\s+茶园康护\s+南岸区\s+Raw mat\s+Melt-blown\S*\s+\S*"
                        r"\s+Dist\s+Open",
                        shown[2])
        # open 46 h at district level, past its need-by date
        assert re.match(rf"\^!\s+{made['stale']}\s+High\s+46 h\s+茶园康护", shown[3])
        assert re.match(r"\s+\d+\s+Crit\s+0 min\s+.*Resolved", shown[4])  # the age of a solved one: until solved
        assert "1–4 of 4" in screen_text(app)


async def test_quick_filters_narrow_the_list_and_say_so(make_desk_app, desk_db, coord, pinned_clock) -> None:
    made = spread(desk_db, coord, pinned_clock)
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "f")
        assert isinstance(app.screen, ChoiceDialog)
        await answer(pilot, "kind")
        await answer(pilot, "labour")
        assert [row.id for row in table(app)._blocks[0]] == [made["city"]]
        assert "Filters: Kind: Labour (f changes)" in screen_text(app)
        await keys(pilot, "f")
        await answer(pilot, "escalation")
        assert table(app).total == 0  # labour at city level is not due for escalation
        await keys(pilot, "f")
        await answer(pilot, "clear")
        assert table(app).total == 4
        await keys(pilot, "f")
        await answer(pilot, "overdue")
        assert [row.id for row in table(app)._blocks[0]] == [made["stale"]]
        assert "Filters: Overdue (!)" in screen_text(app)
        await keys(pilot, "f")
        await answer(pilot, "status")
        await answer(pilot, "done")
        assert table(app).total == 0


async def test_the_text_filter_finds_by_pinyin_and_material(make_desk_app, desk_db, coord, pinned_clock) -> None:
    made = spread(desk_db, coord, pinned_clock)
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "slash")
        await press_text(pilot, "cykh")
        assert sorted(row.id for row in table(app)._blocks[0]) == sorted([made["new"], made["stale"]])
        await keys(pilot, "enter")
        assert table(app).has_focus


# --- scenario 2 -----------------------------------------------------------------------------------


async def test_scenario_2_end_to_end(make_desk_app, desk_db, coord, pinned_clock) -> None:
    """The cadre reports melt-blown fabric for 2 days; a coordinator sees it on top, assigns it to the
    production group, escalates it to city level and closes it when the supplier delivers."""
    field_cadre(desk_db, coord)
    cadre_app = make_desk_app(login=CADRE, start="shortages")
    async with cadre_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "n")
        assert isinstance(cadre_app.screen, ShortageFormScreen)
        assert SAMPLE_NAME in screen_text(cadre_app)  # stationed at one enterprise: it is filled in
        await keys(pilot, "tab", "enter", "down", "down", "enter")  # material: 熔喷布
        await keys(pilot, "tab")
        await press_text(pilot, "5")
        await keys(pilot, "tab", "tab", "enter", "up", "enter")  # severity: critical
        await keys(pilot, "tab")
        await press_text(pilot, "+2")
        await keys(pilot, "tab")
        await press_text(pilot, "熔喷布仅够 2 天")
        await keys(pilot, "ctrl+s")
        assert isinstance(cadre_app.screen, ShortageDetailScreen)
    [shortage] = all_shortages(desk_db)
    assert (shortage.kind, shortage.material_id, shortage.quantity, shortage.unit, shortage.severity) == (
        "raw_material", MELT_BLOWN, 5.0, "吨", "critical")
    assert (shortage.need_by, shortage.description,
            shortage.reported_by) == (date(2020, 2, 5), "熔喷布仅够 2 天", CADRE)

    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert table(app).cursor_row.id == shortage.id  # on top of the list
        detail = await open_first(pilot)
        await keys(pilot, "a")
        await answer(pilot, "production")
        await keys(pilot, "enter")  # no cadre named
        await keys(pilot, "s")  # the supplier: not in the (empty) list of this directory
        await keys(pilot, "enter")
        await answer(pilot, "zhejiang 2 ton tomorrow")
        pinned_clock.advance(hours=2)
        await keys(pilot, "u")
        await answer(pilot, "no supplier in the district")
        pinned_clock.advance(hours=5)
        await keys(pilot, "r")
        await answer(pilot, "5 t delivered")
        shown = screen_text(app)
        assert detail.detail is not None and detail.detail.row.status == "resolved"
        for line in ("07:50 李强 Reported 熔喷布仅够 2 天", "07:50 coord Assigned Production",
                     "07:50 coord Supplier contacted zhejiang 2 ton tomorrow", "09:50 coord Escalated District → City:",
                     "14:50 coord Resolved 5 t delivered"):
            assert line in re.sub(r" +", " ", shown), line
    history = [(e.action, e.by, e.at) for e in stored_events(desk_db, shortage.id)]
    assert history == [
        ("reported", CADRE, CASE_TIME), ("assign", "coord", CASE_TIME), ("supplier_contacted", "coord", CASE_TIME),
        ("escalate", "coord", datetime(2020, 2, 3, 9, 50)), ("resolve", "coord", datetime(2020, 2, 3, 14, 50)),
    ]
    final = stored(desk_db, shortage.id)
    assert (final.status, final.level, final.group_id, final.resolution) == ("resolved",
                                                                             "city", PRODUCTION, "5 t delivered")


# --- who may do what ------------------------------------------------------------------------------


async def test_a_read_only_login_gets_no_write_keys(make_desk_app, desk_db, coord, pinned_clock) -> None:
    made = spread(desk_db, coord, pinned_clock)
    before = [(e.id, e.action) for e in stored_events(desk_db, made["city"])]
    app = make_desk_app(login="visitor", start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "New" not in footer(app)
        await keys(pilot, "n")
        assert isinstance(app.screen, ShortageListScreen)
        await open_first(pilot)
        for word in ("Assign", "Escalate", "Note", "Resolve"):
            assert word not in footer(app)
        await keys(pilot, "a", "u", "p", "r", "x", "enter")
        assert isinstance(app.screen, ShortageDetailScreen)  # no dialog opened
        await keys(pilot, "escape", "w")
        assert "Confirm" not in footer(app) and "Dismiss" not in footer(app)
    assert [(e.id, e.action) for e in stored_events(desk_db, made["city"])] == before


async def test_a_field_cadre_is_offered_only_their_steps(make_desk_app, desk_db, coord) -> None:
    cadre = field_cadre(desk_db, coord)
    own = report(desk_db, cadre, sample_id(desk_db, coord))
    app = make_desk_app(login=CADRE, start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        shown = footer(app)
        assert "Note" in shown
        assert "Assign" not in shown and "Escalate" not in shown and "Resolve" not in shown
        await keys(pilot, "a")
        assert isinstance(app.screen, ShortageDetailScreen)
        await keys(pilot, "enter")  # the list of steps
        assert isinstance(app.screen, ChoiceDialog)
        offered = [app.screen.options[i][0] for i in range(len(app.screen.options))]
        assert offered == ["coordinating", "note", "supplier_contacted", "reserve_notified"]
        await keys(pilot, "escape")
    assert [e.action for e in stored_events(desk_db, own)] == ["reported"]


# --- reporting: bad input is explained where it is, and nothing typed is lost ----------------------


async def test_the_form_explains_bad_input_and_keeps_it(make_desk_app, desk_db, coord) -> None:
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "n")
        form = app.screen
        assert isinstance(form, ShortageFormScreen)
        await keys(pilot, "ctrl+s")
        assert "Pick an enterprise" in screen_text(app)
        await press_text(pilot, "cykh")
        await keys(pilot, "enter")  # picks the highlighted match
        assert form.query_one("#enterprise-input").value.startswith(SAMPLE_NAME)
        form.query_one("#quantity").value = "five"
        form.query_one("#need_by").value = "13-45"
        form.query_one("#description").value = "[bold]急[/bold]"
        await keys(pilot, "ctrl+s")
        assert "Not a number" in screen_text(app)
        assert form.query_one("#quantity").value == "five"
        form.query_one("#quantity").value = "5"
        await keys(pilot, "ctrl+s")
        assert "Not a date: type 2020-02-05, 02-05 or +2" in screen_text(app)
        form.query_one("#need_by").value = "2020-02-01"
        await keys(pilot, "ctrl+s")
        assert "Pick the material or item that is short" in screen_text(app)  # refused by the service
        form.query_one("#kind").value = "labour"
        await keys(pilot, "ctrl+s")
        assert "The need-by date cannot be in the past" in screen_text(app)
        assert all_shortages(desk_db) == []
        assert [form.query_one(f"#{name}").value for name in ("quantity", "description")] == ["5", "[bold]急[/bold]"]
        form.query_one("#need_by").value = ""
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, ShortageDetailScreen)
        assert "[bold]急[/bold]" in screen_text(app)  # shown as typed, not as markup
    [saved] = all_shortages(desk_db)
    assert (saved.kind, saved.quantity, saved.description) == ("labour", 5.0, "[bold]急[/bold]")


async def test_escape_on_a_filled_form_asks_first(make_desk_app) -> None:
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "n")
        app.screen.query_one("#description").value = "熔喷布"
        await keys(pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await keys(pilot, "n")
        assert isinstance(app.screen, ShortageFormScreen)
        assert app.screen.query_one("#description").value == "熔喷布"
        await keys(pilot, "escape", "y")
        assert isinstance(app.screen, ShortageListScreen)


async def test_the_form_from_an_enterprise_card_has_the_enterprise(make_desk_app, desk_db, coord) -> None:
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ShortageFormScreen(enterprise_id=sample_id(desk_db, coord)))
        await settle(pilot)
        assert app.screen.query_one("#enterprise-input").value == f"{SAMPLE_NAME} · 南岸区"
        assert app.screen.query_one("#kind").has_focus


@pytest.mark.parametrize(("lang", "melt_blown", "mask"), [
    ("en", "Raw material: Melt-blown fabric (t)", "Item: Surgical mask (pieces)"),
    ("zh", "原材料：熔喷布（吨）", "目录物资：医用外科口罩（只）"),
])
async def test_the_form_names_materials_items_and_units_in_the_language_shown(make_desk_app, desk_db, coord,
                                                                              lang, melt_blown, mask) -> None:
    app = make_desk_app(start="shortages", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ShortageFormScreen(enterprise_id=sample_id(desk_db, coord)))
        await settle(pilot)
        labels = [str(label) for _, label, _ in app.screen._materials({})]
        assert melt_blown in labels and any(label.startswith(mask) for label in labels), labels


@pytest.mark.parametrize(("lang", "shown"), [("en", "t"), ("zh", "吨")])
async def test_the_unit_box_shows_the_materials_unit_in_the_language_shown_and_stores_its_word(
        make_desk_app, desk_db, coord, lang, shown) -> None:
    app = make_desk_app(start="shortages", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ShortageFormScreen(enterprise_id=sample_id(desk_db, coord)))
        await settle(pilot)
        app.screen.query_one("#material").value = f"m:{MELT_BLOWN}"
        await settle(pilot)
        assert app.screen.values()["unit"] == shown
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, ShortageDetailScreen)
    [shortage] = all_shortages(desk_db)
    assert shortage.unit == "吨"


async def test_a_step_reads_the_shortage_again_once(make_desk_app, desk_db, coord, monkeypatch) -> None:
    """The step's change shows at once, and the poll after it finds nothing new (the step reloaded
    the detail itself, and the poll once more)."""
    reads: list[int] = []
    real = shortage_detail_screen.shortage_detail

    def counting(session, *, shortage_id: int):  # type: ignore[no-untyped-def]
        reads.append(shortage_id)
        return real(session, shortage_id=shortage_id)

    monkeypatch.setattr(shortage_detail_screen, "shortage_detail", counting)
    report(desk_db, coord, sample_id(desk_db, coord))
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app._poll()  # the marker of what this session has seen
        await settle(pilot)
        await open_first(pilot)
        reads.clear()
        await keys(pilot, "p")
        await answer(pilot, "called the supplier")
        app._poll()
        await settle(pilot)
        assert "called the supplier" in screen_text(app)
        assert len(reads) == 1


# --- two coordinators at once ---------------------------------------------------------------------


async def test_a_conflict_shows_the_other_step_and_takes_ours_after(make_desk_app, desk_db, coord) -> None:
    shortage = report(desk_db, coord, sample_id(desk_db, coord))
    with desk_db.session() as session:
        create_cadre(session, actor=coord, data=CadreCreate(name="王芳", login="wangfang", role="coordinator"))
        other = resolve_actor(session, login="wangfang")
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        await keys(pilot, "p")
        assert isinstance(app.screen, ReasonDialog)
        act(desk_db, other, shortage, "escalate", note="全市统筹")  # while we type
        await answer(pilot, "called the supplier")
        assert isinstance(app.screen, ConfirmDialog)
        question = screen_text(app)
        assert "wangfang changed this shortage at 2020-02-03 07:50:" in question
        assert "王芳 Escalated District → City: 全市统筹" in re.sub(r" +", " ", question)
        assert "Your step “Progress note” was not saved. Take it now?" in re.sub(r"\s+", " ", question)
        await keys(pilot, "y")
        assert "called the supplier" in screen_text(app)
    assert [(e.action, e.by) for e in stored_events(desk_db, shortage)] == [
        ("reported", "coord"), ("escalate", "wangfang"), ("note", "coord")]


async def test_a_step_no_longer_possible_after_a_conflict_is_explained(make_desk_app, desk_db, coord) -> None:
    shortage = report(desk_db, coord, sample_id(desk_db, coord))
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        await keys(pilot, "u")
        act(desk_db, coord, shortage, "resolve", note="已到货")  # another session of ours solved it meanwhile
        await answer(pilot, "no stock")
        shown = re.sub(r"\s+", " ", screen_text(app))
        assert "Your step “Escalate” was not saved: it is not possible any more." in shown
        assert isinstance(app.screen, ShortageDetailScreen)
    assert [e.action for e in stored_events(desk_db, shortage)] == ["reported", "resolve"]


async def test_a_refused_note_is_asked_again_with_the_text(make_desk_app, desk_db, coord) -> None:
    report(desk_db, coord, sample_id(desk_db, coord))
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        await keys(pilot, "p")
        app.screen.query_one("#reason").value = "bad\x07bell"
        await keys(pilot, "enter")
        assert isinstance(app.screen, ReasonDialog)
        assert app.screen.query_one("#reason").value == "bad\x07bell"
        assert "Control characters are not allowed" in screen_text(app)


# --- early warnings -------------------------------------------------------------------------------


async def test_early_warnings_are_confirmed_with_one_key_or_dismissed_with_a_reason(make_desk_app, desk_db,
                                                                                    coord) -> None:
    nanan, yubei = sample_id(desk_db, coord), other_id(desk_db, coord)
    with desk_db.session() as session:
        low = set_reserve(session, actor=coord, enterprise_id=nanan, material_id=MELT_BLOWN,
                          quantity=0.5, daily_use=0.25).id
        lower = set_reserve(session, actor=coord, enterprise_id=yubei, material_id=1, quantity=0.2, daily_use=0.4).id
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert "Warnings: 2 (w)" in screen_text(app)
        await keys(pilot, "w")
        warnings = app.screen.query_one("#warnings", PagedTable)
        assert warnings.has_focus
        shown = lines(warnings)
        assert re.match(r"\s+0\.5d\s+重庆渝北\S*…\s+渝北区\s+Non-woven fabric\s+0\.2 t\s+0\.4 t$", shown[1].rstrip())
        assert re.match(r"\s+2\.0d\s+茶园康护\s+南岸区\s+Melt-blown fabric\s+0\.5 t\s+0\.25 t$", shown[2].rstrip())
        assert "under 3.0d (t) · w: back to the list" in screen_text(app)
        assert "Confirm" in footer(app) and "Dismiss" in footer(app)
        await keys(pilot, "d")
        await answer(pilot, "2 t arrive tonight")
        await keys(pilot, "c")
        assert [n.message for n in notifications(app)][-1] == "Shortage #1 reported"
        assert warnings.total == 0
        await keys(pilot, "w")
        assert table(app).total == 1
    [made] = all_shortages(desk_db)
    assert (made.reserve_id, made.enterprise_id, made.severity, made.need_by) == (low,
                                                                                  nanan, "critical", date(2020, 2, 5))
    assert made.description == "Melt-blown fabric: 0.5 t left, 2.0d of cover (early warning)"
    with desk_db.session() as session:
        dismissal = session.exec(select(AuditLog).where(AuditLog.action == "warning_dismissed")).one()
    assert (dismissal.row_id, dismissal.login) == (lower, "coord")
    assert "2 t arrive tonight" in dismissal.changes


async def test_a_change_reads_the_warnings_once(make_desk_app, desk_db, coord, monkeypatch) -> None:
    """The warnings table, its counter and the note above the list read ``count_warnings`` once per
    change, wherever it was made (they read it three or four times: the table's counter, the note's
    count, and again for the save's own reload)."""
    counted: list[dict] = []
    real = shortages_screen.count_warnings

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        counted.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(shortages_screen, "count_warnings", counting)
    nanan, yubei = sample_id(desk_db, coord), other_id(desk_db, coord)
    with desk_db.session() as session:
        set_reserve(session, actor=coord, enterprise_id=nanan, material_id=MELT_BLOWN, quantity=0.5, daily_use=0.25)
        set_reserve(session, actor=coord, enterprise_id=yubei, material_id=1, quantity=0.2, daily_use=0.4)
    report(desk_db, coord, yubei)
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        counted.clear()
        await app.changed_here()  # a change, as the poll sees another session's
        await settle(pilot)
        assert len(counted) == 1
        assert "Warnings: 2 (w)" in screen_text(app).splitlines()[1]
        await open_first(pilot)
        await keys(pilot, "p")
        await answer(pilot, "called the supplier")  # a change on the detail: the list reads on return
        await keys(pilot, "escape")
        assert isinstance(app.screen, ShortageListScreen)
        assert len(counted) == 2
        await keys(pilot, "w")  # the warnings read what changed while they were hidden
        counted.clear()
        await keys(pilot, "c")  # a change on this screen
        assert app.screen.query_one("#warnings", PagedTable).total == 1
        await keys(pilot, "w")  # back to the list: the note's count came with the table's
        assert len(counted) == 1
        assert "Warnings: 1 (w)" in screen_text(app).splitlines()[1]


async def test_the_warning_threshold_is_configurable(make_desk_app, desk_db, coord) -> None:
    with desk_db.session() as session:
        set_reserve(session, actor=coord, enterprise_id=sample_id(desk_db, coord), material_id=MELT_BLOWN,
                    quantity=1, daily_use=0.25)  # 4 days of cover
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "w")
        assert app.screen.query_one("#warnings", PagedTable).total == 0
        await keys(pilot, "t")
        app.screen.query_one("#reason").value = "ten"
        await keys(pilot, "enter")
        assert "The threshold is a number of days between 0 and 60" in screen_text(app)
        await keys(pilot, "t")
        app.screen.query_one("#reason").value = "5"
        await keys(pilot, "enter")
        assert app.screen.query_one("#warnings", PagedTable).total == 1


# --- Chinese at 80x24 -----------------------------------------------------------------------------


async def test_chinese_columns_stay_aligned(make_desk_app, desk_db, coord, pinned_clock) -> None:
    spread(desk_db, coord, pinned_clock)
    app = make_desk_app(lang="zh", start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = [line for line in lines(table(app)) if line.strip()]
        assert shown[0].split() == ["!", "编号", "程度", "已持续", "企业", "区县", "类型", "短缺物资",
                                    "层级", "状态", "↑"]
        assert len({cell_len(line) for line in shown}) == 1
        level_at = {cell_len(line[:line.index(word)]) for line in shown[1:] for word in ("市级",
                                                                                         "区县") if word in line[40:]}
        assert len(level_at) == 1  # the level column starts at the same cell on every row
        assert "特急" in shown[1] and "待处理" in shown[1]


async def test_every_shortage_screen_in_chinese_asks_for_no_missing_id(make_desk_app,
                                                                       desk_db, coord, pinned_clock) -> None:
    spread(desk_db, coord, pinned_clock)
    with desk_db.session() as session:
        set_reserve(session, actor=coord, enterprise_id=other_id(desk_db, coord),
                    material_id=1, quantity=0.2, daily_use=0.4)
    i18n._missing.clear()
    app = make_desk_app(lang="zh", start="shortages")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        for sequence in (("question_mark", "escape"), ("f", "escape"), ("f", "enter", "escape"), ("w", "t", "escape"),
                         ("d", "escape", "enter", "escape", "w"), ("n", "question_mark", "escape", "escape")):
            await keys(pilot, *sequence)
        await keys(pilot, "down")  # the new one at district level: every step is open to it
        await open_first(pilot)
        for step in ("a", "enter", "u", "p", "c", "s", "v", "r", "x", "question_mark", "enter"):
            await keys(pilot, step)
            if step == "a":
                await keys(pilot, "enter")  # the group, then the cadre dialog
            await keys(pilot, "escape")
        shown = screen_text(app)
        await keys(pilot, "escape")
    assert i18n.missing() == set()
    assert "处理记录（1 条）" in shown


def test_a_refused_confirmation_says_how_the_reserve_was_left() -> None:
    from models.errors import ConflictError, TransitionError
    from tui.shortages.warnings import refusal_text

    conflict = ConflictError("materialreserve", 7, {"updated_by": "wangfang", "updated_at": datetime(2020, 2, 3, 7, 45),
                                                    "quantity": 0.6, "daily_use": 0.25})
    assert refusal_text(conflict) == ("Someone else changed this record; review their change: wangfang updated the "
                                      "reserve at 2020-02-03 07:45: 0.6 left, 0.25 a day")
    taken = TransitionError("Shortage #{id} is already open for this reserve ({login})", id=3, login="wangfang")
    assert refusal_text(taken) == "Shortage #3 is already open for this reserve (wangfang)"


# --- a second report of what is already open --------------------------------------------------------


async def _report_melt_blown_again(app, pilot, desk_db, coord) -> ShortageFormScreen:  # type: ignore[no-untyped-def]
    await app.push_screen(ShortageFormScreen(enterprise_id=sample_id(desk_db, coord)))
    await settle(pilot)
    form = app.screen
    form.query_one("#material").value = f"m:{MELT_BLOWN}"
    await keys(pilot, "ctrl+s")
    return form


async def test_a_shortage_already_open_is_shown_before_a_second_is_reported(make_desk_app, desk_db, coord,
                                                                          pinned_clock) -> None:
    first = report(desk_db, coord, sample_id(desk_db, coord))
    other_kind = report(desk_db, coord, sample_id(desk_db, coord), kind="labour", material_id=None)
    app = make_desk_app(start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await _report_melt_blown_again(app, pilot, desk_db, coord)
        assert isinstance(app.screen, ChoiceDialog)
        assert f"Open #{first}: Melt-blown fabric, Critical" in screen_text(app)
        await keys(pilot, "escape")  # back to the form, nothing lost, nothing reported
        assert app.screen is form and len(all_shortages(desk_db)) == 2
        await keys(pilot, "ctrl+s")
        await keys(pilot, "enter")  # the open one is offered first
        assert isinstance(app.screen, ShortageDetailScreen) and app.screen.shortage_id == first
        assert len(all_shortages(desk_db)) == 2
        form = await _report_melt_blown_again(app, pilot, desk_db, coord)
        await press_text(pilot, "second")
        await keys(pilot, "enter")
        assert isinstance(app.screen, ShortageDetailScreen) and app.screen.shortage_id not in (first, other_kind)
    assert len(all_shortages(desk_db)) == 3


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_reserve_step_offers_the_reserve_units(make_desk_app, desk_db, coord, pinned_clock,
                                                         lang) -> None:
    """"Reserve unit notified" (v) names a reserve unit; "supplier contacted" (s) any supplier."""
    from models.supply import Supplier

    with desk_db.session() as session:
        session.add_all([Supplier(name="重药集团", region="重庆", reserve_unit=True),
                         Supplier(name="浙江恒远熔喷材料有限公司", region="浙江")])
        session.commit()
    report(desk_db, coord, sample_id(desk_db, coord))
    app = make_desk_app(lang=lang, start="shortages")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        await keys(pilot, "v")
        assert isinstance(app.screen, ChoiceDialog)
        region = "重庆" if lang == "zh" else "Chongqing"  # a region in the language shown
        assert [label for _, label, _ in app.screen.options][:-1] == [f"重药集团 · {region}"]
        await keys(pilot, "escape")
        await keys(pilot, "s")
        assert len(app.screen.options) == 3  # both suppliers, and "not in the list"


async def test_abbreviations_give_way_to_full_words_when_there_is_room(make_desk_app, desk_db, coord,
                                                                      pinned_clock) -> None:
    """At 80 columns the list says Crit, Raw mat, Dist; on a wide terminal the detail's own words."""
    made = spread(desk_db, coord, pinned_clock)
    app = make_desk_app(start="shortages")
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        shown = lines(table(app))
        new = next(line for line in shown if re.match(rf"\s+{made['new']}\s", line))
        assert "Critical" in new and "Raw material" in new and "District" in new, new
        assert "Crit " not in new and "Raw mat " not in new, new
        assert re.match(r"!\s+#\s+Severity\s+Age\s+Enterprise", shown[0]), shown[0]


@pytest.mark.parametrize(("lang", "group", "other"), [("en", "Production", "医疗物资生产组"),
                                                     ("zh", "医疗物资生产组", "Production")])
async def test_the_cadres_to_assign_name_their_group_in_the_language_shown(make_desk_app, desk_db, coord, pinned_clock,
                                                                          lang: str, group: str, other: str) -> None:
    from models.organisation import SpecialGroup

    spread(desk_db, coord, pinned_clock)
    with desk_db.session() as session:
        production = session.exec(select(SpecialGroup).where(SpecialGroup.name == "医疗物资生产组")).one()
        create_cadre(session, actor=coord, data=CadreCreate(name="任鹏宁", login="renpengning", role="field_cadre",
                                                            group_id=production.id))
    app = make_desk_app(start="shortages", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        await keys(pilot, "a")
        await answer(pilot, "shengchan")
        assert isinstance(app.screen, ChoiceDialog)
        shown = screen_text(app)
        assert f"任鹏宁 · {group}" in shown and other not in shown, shown
