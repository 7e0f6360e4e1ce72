"""``supplydesk checkin`` / ``supplydesk checkout``: the same rules, messages and audit as the app, for
the OS login; exit 0 on success, non-zero with one translated line otherwise.

tui/cli.py lists the subcommand modules; until it lists ``tui.checkins.cli`` these tests add it for
themselves (and keep working once it is there).
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlmodel import select

import models.services.identity as identity
import tui.cli as cli
import tui.i18n as i18n
from models.audit import AuditLog
from models.checkin import CheckIn
from models.history import ShortageEvent
from models.shortage import ShortageCreate

MORNING = datetime(2020, 2, 3, 7, 50)


@pytest.fixture(autouse=True)
def frozen_then_english(frozen_clock):
    yield frozen_clock
    i18n.set_language("en")


def visits(session) -> list[CheckIn]:
    session.rollback()
    return list(session.exec(select(CheckIn).order_by(CheckIn.id)))


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# --- checkin ---------------------------------------------------------------------------------------------


def test_check_in_where_stationed(run, session, field_cadre, enterprise) -> None:
    code, out, err = run("liqiang", "checkin")
    assert (code, err) == (0, "")
    assert out.strip() == "Checked in at 茶园康护 at 2020-02-03 07:50"
    [visit] = visits(session)
    assert (visit.cadre_id, visit.enterprise_id, visit.check_in, visit.created_by) == (
        field_cadre.cadre_id, enterprise.id, MORNING, "liqiang")
    audit = session.exec(select(AuditLog).where(AuditLog.table_name == "checkin")).one()
    assert (audit.action, audit.login) == ("check_in", "liqiang")


@pytest.mark.parametrize("typed", ["茶园康护", "chayuan", "cykh", "茶园康护医疗用品有限公司"])
def test_enterprise_matched_like_the_filter(run, session, field_cadre, enterprise, typed) -> None:
    code, out, _ = run("liqiang", "checkin", typed)
    assert code == 0 and "茶园康护" in out
    assert [v.enterprise_id for v in visits(session)] == [enterprise.id]


def test_a_second_check_in_is_refused_with_one_line(run, session, field_cadre, enterprise) -> None:
    assert run("liqiang", "checkin")[0] == 0
    code, out, err = run("liqiang", "checkin")
    assert (code, out) == (1, "")
    assert one_line(err) == "supplydesk: You are already checked in; check out first"
    assert len(visits(session)) == 1


def test_an_ambiguous_enterprise_lists_the_candidates(run, session, make, field_cadre, enterprise) -> None:
    make.enterprise("茶园康护二厂有限公司", short_name="康护二厂")
    code, out, err = run("liqiang", "checkin", "cykh")
    assert (code, out) == (1, "")
    first, *candidates = err.strip().splitlines()
    assert first == "supplydesk: cykh matches 2 enterprises; name one of them:"
    assert sorted(line.strip() for line in candidates) == [
        "康护二厂 · 茶园康护二厂有限公司 · 南岸区", "茶园康护 · 茶园康护医疗用品有限公司 · 南岸区"]
    assert visits(session) == []


def test_an_unknown_enterprise_says_so(run, session, field_cadre) -> None:
    code, _, err = run("liqiang", "checkin", "xyzzy")
    assert code == 1 and one_line(err) == "supplydesk: No enterprise matches xyzzy"


def test_another_enterprise_needs_a_reason(run, session, make, field_cadre) -> None:
    other = make.enterprise("渝北防护用品有限公司", district="渝北区", park=None)
    code, _, err = run("liqiang", "checkin", "渝北防护")
    assert code == 1 and one_line(err) == "supplydesk: You are not stationed here; give a reason"
    code, _out, _ = run("liqiang", "checkin", "渝北防护", "--reason", "协调熔喷布调拨")
    assert code == 0
    [visit] = visits(session)
    assert (visit.enterprise_id, visit.reason) == (other.id, "协调熔喷布调拨")


def test_a_back_dated_check_in_needs_a_reason_and_is_corrected(run, session, field_cadre, frozen_clock) -> None:
    frozen_clock.set(datetime(2020, 2, 3, 10, 0))
    code, _, err = run("liqiang", "checkin", "--at", "07:50")
    assert code == 1 and one_line(err) == "supplydesk: A back-dated check-in needs a reason"
    code, out, _ = run("liqiang", "checkin", "--at", "2020-02-03 07:50", "--reason", "到厂时终端未开")
    assert code == 0 and out.strip() == "Checked in at 茶园康护 at 2020-02-03 07:50"
    [visit] = visits(session)
    assert (visit.check_in, visit.corrected, visit.reason) == (MORNING, True, "到厂时终端未开")


@pytest.mark.parametrize("typed", ["7.50", "25:00", "yesterday"])
def test_a_bad_time_is_refused(run, session, field_cadre, typed) -> None:
    code, _, err = run("liqiang", "checkin", "--at", typed, "--reason", "补录")
    assert code == 1 and one_line(err) == "supplydesk: Enter a time as HH:MM or YYYY-MM-DD HH:MM"
    assert visits(session) == []


def test_several_stationings_ask_which(run, session, make, coordinator, field_cadre, enterprise) -> None:
    from models.services.cadres import station

    other = make.enterprise("渝北防护用品有限公司", short_name="渝北防护", district="渝北区", park=None)
    station(session, actor=coordinator, cadre_id=field_cadre.cadre_id, enterprise_id=other.id)
    code, _, err = run("liqiang", "checkin")
    assert code == 1
    assert err.splitlines()[0] == "supplydesk: You are stationed at 2 enterprises; name one of them:"
    assert run("liqiang", "checkin", "渝北防护")[0] == 0
    assert [v.enterprise_id for v in visits(session)] == [other.id]


def test_a_login_without_a_cadre_may_not_check_in(run, session, make, enterprise, row_counts) -> None:
    make.viewer("visitor")
    before = row_counts()
    code, _, err = run("visitor", "checkin")
    assert code == 1 and one_line(err) == "supplydesk: Your login is not mapped to a cadre"
    code, _, err = run("visitor", "checkin", "茶园康护", "--reason", "路过")
    assert code == 1 and one_line(err) == "supplydesk: visitor may only read"
    assert row_counts() == before


# --- checkout ------------------------------------------------------------------------------------------------


def test_scenario_one_on_the_command_line(run, session, field_cadre, enterprise, frozen_clock) -> None:
    """In at 07:50, out at 23:55 the same day with a note: no correction needed, the week shows it."""
    assert run("liqiang", "checkin")[0] == 0
    frozen_clock.set(datetime(2020, 2, 3, 23, 55))
    code, out, err = run("liqiang", "checkout", "--note", "外科口罩注册证获批", "--category", "licence", "production")
    assert (code, err) == (0, "")
    assert out.strip() == "Checked out of 茶园康护 at 2020-02-03 23:55 (16 h 5 min)"
    [visit] = visits(session)
    assert (visit.check_out, visit.note, visit.categories, visit.corrected) == (
        datetime(2020, 2, 3, 23, 55), "外科口罩注册证获批", "licence,production", False)
    audit = session.exec(select(AuditLog).where(AuditLog.action == "check_out")).one()
    assert audit.login == "liqiang" and json.loads(audit.changes)["check_out"] == [None, "2020-02-03 23:55"]


def test_check_out_needs_a_note(run, session, field_cadre) -> None:
    run("liqiang", "checkin")
    for argv in (("checkout",), ("checkout", "--note", "  ")):
        code, _, err = run("liqiang", *argv)
        assert code == 1 and one_line(err) == "supplydesk: A check-out needs a note: --note TEXT"
    assert visits(session)[0].check_out is None


@pytest.mark.parametrize(("typed", "stored"), [(["资质", "复工复产"], "licence,production"),
                                               (["Raw materials", "LABOUR"], "raw_materials,labour")])
def test_categories_by_code_or_name(run, session, field_cadre, frozen_clock, typed, stored) -> None:
    run("liqiang", "checkin")
    frozen_clock.advance(hours=9)
    assert run("liqiang", "checkout", "--note", "协调", "--category", *typed)[0] == 0
    assert visits(session)[0].categories == stored


def test_an_unknown_category_is_refused(run, session, field_cadre, frozen_clock) -> None:
    run("liqiang", "checkin")
    frozen_clock.advance(hours=9)
    code, _, err = run("liqiang", "checkout", "--note", "协调", "--category", "flying")
    assert code == 1
    assert one_line(err).startswith("supplydesk: Unknown work category flying: use one of production, raw_materials")
    assert visits(session)[0].check_out is None


def test_not_checked_in(run, session, field_cadre) -> None:
    code, _, err = run("liqiang", "checkout", "--note", "x")
    assert code == 1 and one_line(err) == "supplydesk: You are not checked in"


def test_across_midnight_needs_the_real_time_and_a_reason(run, session, field_cadre, frozen_clock) -> None:
    frozen_clock.set(datetime(2020, 2, 3, 20, 0))
    run("liqiang", "checkin")
    frozen_clock.set(datetime(2020, 2, 4, 8, 0))
    code, _, err = run("liqiang", "checkout", "--note", "夜班协调")
    assert code == 1
    assert one_line(err) == ("supplydesk: Checked in since 2020-02-03 20:00: enter the real time you left and a reason "
                             "(--at TIME --reason TEXT)")
    code, _, err = run("liqiang", "checkout", "--note", "夜班协调", "--at", "2020-02-04 00:30")
    assert code == 1  # the time without a reason is not enough
    code, out, _ = run("liqiang", "checkout", "--note", "夜班协调", "--at", "2020-02-04 00:30", "--reason", "忘记签退")
    assert code == 0 and "(4 h 30 min)" in out
    [visit] = visits(session)
    assert (visit.check_out, visit.corrected, visit.reason) == (datetime(2020, 2, 4, 0, 30), True, "忘记签退")


def test_check_out_before_the_check_in_is_refused(run, session, field_cadre, frozen_clock) -> None:
    run("liqiang", "checkin")
    frozen_clock.advance(hours=2)
    code, _, err = run("liqiang", "checkout", "--note", "x", "--at", "07:00", "--reason", "记错")
    assert code == 1 and one_line(err) == "supplydesk: Check-out must be after check-in (2020-02-03 07:50)"


def test_shortages_handled_get_the_note(run, session, make, field_cadre, enterprise, frozen_clock) -> None:
    from models.services.shortages import report_shortage

    shortage = report_shortage(session, actor=field_cadre, data=ShortageCreate(
        enterprise_id=enterprise.id, kind="raw_material", material_id=2, description="熔喷布仅够2天"))
    run("liqiang", "checkin")
    frozen_clock.advance(hours=10)
    code, _, err = run("liqiang", "checkout", "--note", "熔喷布明日到货", "--shortage", "abc")
    assert code == 1 and one_line(err) == "supplydesk: Not a shortage id: abc"
    assert run("liqiang", "checkout", "--note", "熔喷布明日到货", "--shortage", f"#{shortage.id}")[0] == 0
    session.rollback()
    last = session.exec(select(ShortageEvent).where(ShortageEvent.shortage_id == shortage.id)
                        .order_by(ShortageEvent.id.desc())).first()
    assert (last.action, last.note, last.by) == ("note", "熔喷布明日到货", "liqiang")


# --- language and the database ---------------------------------------------------------------------------------


def test_messages_are_translated(run, session, field_cadre) -> None:
    code, out, _ = run("liqiang", "checkin", "--lang", "zh")
    assert code == 0 and out.strip() == "已在茶园康护签到，时间 2020-02-03 07:50"
    code, _, err = run("liqiang", "checkin", "--lang", "zh")
    assert code == 1 and one_line(err) == "supplydesk: 您已签到，请先签退"
    code, _, err = run("liqiang", "checkout", "--lang", "zh")
    assert code == 1 and one_line(err) == "supplydesk: 签退需填写工作记录：--note 内容"


def test_a_database_that_cannot_be_opened_exits_2(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setattr(identity, "os_login", lambda: "liqiang")
    code = cli.main(["checkin", "--db", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and one_line(err) == f"supplydesk: {tmp_path} is a directory, not a database file"
