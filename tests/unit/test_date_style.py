"""One date style on every screen: ``2020-02-03``, ``02-03 12:00``, ``12:00`` (never ``2/3 9:00``,
which a reader may take for 2 March, nor a month's name in a list). The formats written in the
front end's source are checked, and the formatter's forms."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

import tui
import tui.i18n as i18n
from tui.i18n import format as fmt

SOURCE = Path(tui.__file__).parent
#: a format given to strftime or in an f-string's ``{value:...}``
FORMATS = re.compile(r"""strftime\(\s*["']([^"']*)["']|\{[^{}:'"]+:(%[^}'"]*)\}""")
#: the directives and separators of the one style (file names run them together: 20200203-1200)
ALLOWED = re.compile(r"^(%[YmdHMS]|[-: ])*$")


def formats() -> list[tuple[str, str]]:
    found = []
    for path in SOURCE.rglob("*.py"):
        for match in FORMATS.finditer(path.read_text(encoding="utf-8")):
            found.append((str(path.relative_to(SOURCE)), match.group(1) or match.group(2)))
    return found


def test_the_source_writes_dates_one_way() -> None:
    seen = formats()
    assert len(seen) >= 10
    odd = [(where, shape) for where, shape in seen if not ALLOWED.match(shape)]
    assert odd == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_formatter_writes_the_group_s_style(lang: str) -> None:
    i18n.set_language(lang)
    try:
        moment = datetime(2020, 2, 3, 9, 0)
        assert fmt.day(date(2020, 2, 3)) == "2020-02-03"
        assert fmt.moment(moment) == "2020-02-03 09:00"
        assert fmt.when(moment) == "02-03 09:00"
        assert fmt.short_date(date(2020, 2, 3)) == "02-03"
        if lang == "en":
            assert fmt.as_of_short(moment) == "As of 02-03 09:00"
    finally:
        i18n.set_language("en")
