"""The text layer: what is written reads back as the same value (one grammar for days and moments),
garbage is a field error and never a crash, plurals and contexts, the compiled catalogues, and the
command line's help in the language asked for.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.errors import ValidationError
from tui.i18n import format as fmt
from tui.i18n import pt, set_language, t, tn
from tui.i18n.parse import EARLIEST, DateError, parse_day, parse_moment

DAYS = st.dates(min_value=EARLIEST, max_value=date(9998, 12, 31))
MOMENTS = st.datetimes(min_value=datetime.combine(EARLIEST, time()), max_value=datetime(9998, 12, 31, 23, 59))


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


# --- days and moments: what format writes, parse reads back -------------------------------------------


@given(DAYS)
def test_a_day_as_written_reads_back(day: date) -> None:
    assert parse_day(fmt.day(day), field="day") == day


@pytest.mark.parametrize("typed", ["0001-01-01", "1899-12-31"])
def test_a_day_before_1900_is_too_early(typed: str) -> None:
    """Year 1 is a date to Python, but looking back a day from it overflows (the brief did)."""
    for parse, text in ((parse_day, typed), (parse_moment, f"{typed} 08:00")):
        with pytest.raises(DateError, match="Too early: dates start at 1900-01-01"):
            parse(text, field="day")
    assert parse_day("1900-01-01", field="day") == EARLIEST


@given(DAYS)
def test_a_month_and_day_is_of_this_year(day: date) -> None:
    assert parse_day(fmt.short_date(day), field="day", today=date(day.year, 6, 1)) == day


@given(DAYS, st.integers(min_value=0, max_value=999))
def test_plus_n_is_n_days_from_today(today: date, n: int) -> None:
    assert parse_day(f"+{n}", field="need_by", today=today) == today + timedelta(days=n)


@given(MOMENTS)
def test_a_moment_as_written_reads_back_to_the_minute(moment: datetime) -> None:
    minute = moment.replace(second=0, microsecond=0)
    assert parse_moment(fmt.moment(moment), field="at") == minute
    assert parse_moment(fmt.hhmm(moment), field="at", today=moment.date()) == minute
    assert parse_moment(moment.strftime("%Y-%m-%dT%H:%M:%S"), field="at") == moment.replace(microsecond=0)


@given(DAYS)
def test_a_day_alone_is_a_moment_only_where_the_field_says_at_what_time(day: date) -> None:
    assert parse_moment(fmt.day(day), field="as_of", day_at=time(12)) == datetime.combine(day, time(12))
    with pytest.raises(DateError):
        parse_moment(fmt.day(day), field="at")


@given(st.text(max_size=30))
def test_anything_typed_is_a_day_or_a_field_error(text: str) -> None:
    try:
        value = parse_day(text, field="start")
    except ValidationError as error:
        assert error.field == "start" and isinstance(error, ValueError)
    else:
        assert isinstance(value, date)


@given(st.text(alphabet="0123456789-+: T", max_size=25))
def test_anything_typed_is_a_moment_or_a_field_error(text: str) -> None:
    try:
        value = parse_moment(text, field="at", required=False)
    except ValidationError as error:
        assert error.field == "at"
    else:
        assert value is None or isinstance(value, datetime)


@pytest.mark.parametrize("text", ["2020-02-03", "2020-2-3", "20200203", "02-03", "2-3", " 2020-02-03 "])
def test_the_forms_of_a_day_each_parser_accepted(text: str) -> None:
    assert parse_day(text, field="day", today=date(2020, 1, 1)) == date(2020, 2, 3)


@pytest.mark.parametrize("text", ["2020-02-03 08:05", "2020-02-03T08:05", "2020-02-03 08:05:00", "8:05", "08:05"])
def test_the_forms_of_a_moment_each_parser_accepted(text: str) -> None:
    assert parse_moment(text, field="at", today=date(2020, 2, 3)) == datetime(2020, 2, 3, 8, 5)


def test_blank_is_none_where_optional_and_required_elsewhere() -> None:
    assert parse_day("  ", field="need_by", required=False) is None
    assert parse_moment("", field="at", required=False) is None
    with pytest.raises(DateError) as error:
        parse_day("", field="start")
    assert (error.value.field, error.value.message) == ("start", "Required")


# --- numbers and durations -------------------------------------------------------------------------------


@given(st.integers(min_value=-10**7, max_value=10**7))
def test_a_figure_to_edit_and_an_exact_figure_read_back(tenths: int) -> None:
    value = tenths / 10
    assert float(fmt.plain(value)) == value
    assert float(fmt.exact(value).replace(",", "")) == value


@given(st.integers(min_value=10_000, max_value=10**9))
def test_large_quantities_are_written_in_wan_in_chinese(value: int) -> None:
    set_language("zh")
    written = fmt.qty(value)
    assert written.endswith("万")
    assert abs(float(written[:-1]) * 10_000 - value) <= 500


@given(st.integers(min_value=0, max_value=10**6))
def test_a_duration_adds_up_to_its_minutes(minutes: int) -> None:
    hours, rest = fmt.duration(minutes).removesuffix(" min").split(" h ")
    assert int(hours) * 60 + int(rest) == minutes


def test_the_copies_that_went_agree_with_the_one_module() -> None:
    assert [fmt.amount(v, compact=True) for v in (0.25, 16.5, 12_345.0)] == ["0.25", "17", "12k"]
    assert [fmt.material(v) for v in (0.25, 12.34, 150.5, 1234.0)] == ["0.25", "12.3", "150", "1,234"]
    assert [fmt.age(m) for m in (45, 26 * 60, 3 * 24 * 60)] == ["45 min", "26 h", "3d"]
    assert fmt.age_in_words(72) == "3 days" and fmt.days_and_hours(51) == "2 d 3 h"
    assert fmt.as_of(datetime(2020, 2, 3, 12)) == "As of 12:00 on 3 February"
    set_language("zh")
    assert fmt.as_of(datetime(2020, 2, 3, 12)) == "截至2月3日12时"
    assert fmt.weekday(date(2020, 2, 3)) == "02-03 周一"


# --- plurals, contexts, catalogues --------------------------------------------------------------------------


def test_plurals_and_contexts_in_both_languages() -> None:
    assert [tn("{n} visit", "{n} visits", n) for n in (1, 2)] == ["1 visit", "2 visits"]
    assert (t("Open"), pt("shortage status", "open")) == ("Open", "Open")
    set_language("zh")
    assert (t("Open"), pt("shortage status", "open")) == ("打开", "待处理")
    assert tn("{n} visit", "{n} visits", 1) == "1 次"


@pytest.mark.parametrize(("argv", "env", "expected"), [
    (["--lang", "zh", "--help"], {}, ("用法：supplydesk", "选项", "显示本帮助并退出", "载入演示数据")),
    (["checkout", "--help"], {"SUPPLYDESK_LANG": "zh"}, ("用法：supplydesk checkout", "今日协调的工作（必填）")),
    (["--help"], {}, ("usage: supplydesk", "show this help message and exit", "load the demo data set")),
])
def test_help_is_in_the_language_asked_for(argv: list[str], env: dict[str, str], expected: tuple[str, ...],
                                          monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    for var in ("LC_ALL", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    shown = capsys.readouterr().out
    assert [text for text in expected if text not in shown] == []
