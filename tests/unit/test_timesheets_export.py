"""``supplydesk export timesheets`` and the time sheets' table: the figures of the time sheets
service itself (one computation), hours as numbers, by cadre, unit or special group, in the
service's sort; the command's dates and grouping, in both languages; and the sort options of the
other lists."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

import tui.i18n as i18n
from models.exchange.exporting import timesheet_request, timesheets
from models.services import timesheets as ts
from models.services.timesheets import GROUPINGS

from .test_timesheets import team  # noqa: F401  (the fixture: three cadres' visits on 1 and 2 February)

FIRST, LAST = date(2020, 2, 1), date(2020, 2, 2)


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("by", GROUPINGS)
def test_the_table_holds_the_services_figures(session, team, by) -> None:  # noqa: F811
    table = timesheets(session, request=timesheet_request(start=FIRST, end=LAST, by=by))
    sheet = ts.time_sheet(session, start=FIRST, end=LAST, by=by)
    assert table.fields[0] == by and len(table.rows) == len(sheet.rows) > 1
    cells = [dict(zip(table.fields, row, strict=True)) for row in table.rows]
    for cell, line in zip(cells, sheet.rows, strict=True):
        assert cell[by] == (line.label or None)
        assert (cell["days"], cell["visits"], cell["latest_finish"], cell["corrected"], cell["open"]) == (
            line.days, line.visits, line.latest_finish, line.corrected, line.open)
        assert cell["hours"] == round(line.minutes / 60, 2)
        if by != "cadre":
            assert cell["cadres"] == line.cadres
    assert sum(c["hours"] for c in cells) == pytest.approx(sheet.total.minutes / 60)  # 37.5 h in all


def test_the_table_keeps_the_sheets_sort_and_filter(session, team) -> None:  # noqa: F811
    request = timesheet_request(start=FIRST, end=LAST, sort="hours", descending=True)
    assert [row[0] for row in timesheets(session, request=request).rows] == ["王芳", "刘洋", "赵磊"]
    only = timesheet_request(start=FIRST, end=LAST, query="wangf")
    assert [row[:1] + row[3:6] for row in timesheets(session, request=only).rows] == [("王芳", 2, 2, 20.0)]


@pytest.mark.parametrize(("lang", "header"), [
    ("en", ["Cadre", "Unit", "Special group", "Days", "Visits", "Hours", "Latest out", "Corrected visits",
            "Open visits"]),
    ("zh", ["驻厂干部", "单位", "专项组", "天数", "次数", "工时", "最晚离开", "补录次数", "未签退次数"]),
])
def test_the_command_writes_the_dates_asked_for(run, team, lang, header) -> None:  # noqa: F811
    code, out, err = run("zhangwei", "export", "timesheets", "--format", "csv", "--from", "2020-02-01",
                         "--to", "2020-02-02", "--sort", "hours", "--descending", "--lang", lang)
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == header
    assert [(r[0], r[5]) for r in rows[1:]] == [("王芳", "20"), ("刘洋", "12.5"), ("赵磊", "5")]


def test_the_command_by_unit_and_this_week_by_default(run, team) -> None:  # noqa: F811
    code, out, _ = run("zhangwei", "export", "timesheets", "--format", "csv", "--group", "unit")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0][:2] == ["Unit", "Cadres"]
    assert sorted(r[1] for r in rows[1:]) == ["1", "2"]  # 28 January to 3 February: every visit


@pytest.mark.parametrize(("argv", "said"), [
    (["timesheets", "--from", "2020-02-03", "--to", "2020-02-01"], "The end is before the start"),
    (["timesheets", "--from", "2018-01-01", "--to", "2020-02-01"], "At most 400 days at a time"),
    (["enterprises", "--group", "unit"], "--from, --to and --group are for timesheets"),
    (["enterprises", "--sort", "colour"], "--sort takes one of: name, district"),
    (["cadres", "--sort", "name"], "cadres keeps its own order: no --sort"),
])
def test_wrong_options_are_usage_errors(run, team, argv, said) -> None:  # noqa: F811
    code, out, err = run("zhangwei", "export", *argv, "--format", "csv")
    assert (code, out) == (2, "") and said in err, err


def test_shortages_export_in_the_order_asked_for(run, session, coordinator, enterprise) -> None:
    from models.services.shortages import report_shortage
    from models.shortage import ShortageCreate

    made = [report_shortage(session, actor=coordinator, data=ShortageCreate(
        enterprise_id=enterprise.id, kind="labour", severity=severity, description="缺工人")).id
        for severity in ("low", "critical", "low")]
    session.commit()
    for argv, expected in ((["--sort", "id", "--descending"], made[::-1]), (["--sort", "id"], made),
                           ([], [made[1], made[0], made[2]])):  # by default the critical one first
        code, out, _ = run("zhangwei", "export", "shortages", "--format", "csv", *argv)
        assert code == 0 and [int(r[0]) for r in list(csv.reader(io.StringIO(out)))[1:]] == expected
