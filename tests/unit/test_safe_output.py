"""Stored text is safe wherever it is written out (tui.i18n.safe): a name planted in the database
with a terminal escape (OSC 52, which writes the clipboard) or a spreadsheet formula reaches neither
the terminal nor a workbook as itself; and a name typed with bidi or zero-width characters is refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlmodel import update

import models.services.identity as identity
import tui.cli as cli
from models import validation
from models.enterprise import Enterprise
from models.errors import ValidationError
from tui.i18n.catalogue import entries
from tui.i18n.safe import for_markdown, for_terminal, for_tui, for_xlsx, unsafe_codes
from tui.widgets.cells import fit_cell, fit_plain

from .brief_world import world  # noqa: F401  (the fixture)

#: OSC 52: set the clipboard to "evil", ended by BEL; then a right-to-left override
OSC52 = "\x1b]52;c;ZXZpbA==\x07"
PLANTED = f"{OSC52}康护\u202e二厂\u200b"
FORMULA = '=HYPERLINK("http://example.com/x","click")'
NOON = ["--as-of", "2020-02-03 12:00"]

#: every character that must be escaped, mixed with ordinary text
hostile = st.text(st.one_of(st.sampled_from(sorted(chr(c) for c in unsafe_codes() if c < 0xD800 or c > 0xDFFF)),
                            st.characters()), max_size=80)

#: the catalogues of the source tree (an installed package carries only the compiled ones)
SOURCE_LOCALE = Path(__file__).resolve().parents[2] / "tui" / "i18n" / "locale"


def plant(session, **values: str) -> None:
    """Write ``values`` onto every enterprise row directly, bypassing validation."""
    session.connection().execute(update(Enterprise).values(**values))
    session.commit()


def unsafe_in(text: str) -> set[str]:
    return {c for c in text if ord(c) in unsafe_codes()}


@given(hostile)
def test_no_unsafe_character_reaches_the_terminal(value: str) -> None:
    assert not unsafe_in(for_terminal(value))
    assert not unsafe_in(for_markdown(value))
    assert not unsafe_in(for_xlsx(value))
    assert not unsafe_in(for_tui(value))
    assert unsafe_in(for_tui(value, lines=True)) <= {"\n"}
    assert not unsafe_in(fit_plain(value, 20))
    assert not unsafe_in(fit_cell(value, 20).plain)


def test_the_escapes_are_visible() -> None:
    assert for_terminal(OSC52) == "\\x1b]52;c;ZXZpbA==\\x07"
    assert for_terminal("a\u202eb\u200bc\x9bd") == "a\\u202eb\\u200bc\\x9bd"
    assert for_markdown("*a*|\x1b") == "\\*a\\*\\|\\\\x1b"
    assert for_tui("a\tb\nc") == "a b c" and for_tui("a\nb", lines=True) == "a\nb"


@pytest.fixture
def run(db, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """``run(*argv)`` -> (exit code, stdout, stderr) as liqiang on the test's database."""
    monkeypatch.setattr(identity, "os_login", lambda: "liqiang")

    def call(*argv: str) -> tuple[int, str, str]:
        code = cli.main([*argv, "--db", db.url])
        out, err = capsys.readouterr()
        return code, out, err

    return call


def test_checkin_candidates_escape_a_planted_name(run, session, make, field_cadre, enterprise) -> None:
    make.enterprise("茶园康护二厂有限公司", short_name="康护二厂")
    plant(session, short_name=PLANTED)
    code, out, err = run("checkin", "cykh", "--lang", "en")
    assert code == 1
    assert "matches 2 enterprises" in err
    assert not unsafe_in(out + err.replace("\n", ""))
    assert "\\x1b]52;c;ZXZpbA==\\x07康护\\u202e二厂\\u200b" in err


@pytest.mark.parametrize("form", ["text", "markdown"])
def test_the_brief_escapes_a_planted_name(world, run, session, form: str) -> None:  # noqa: F811
    plant(session, name=PLANTED, short_name=PLANTED)
    code, out, _ = run("brief", *NOON, "--lang", "en", "--format", form)
    assert code == 0
    assert "\x1b" not in out
    assert not unsafe_in(out.replace("\n", ""))
    assert "x1b" in out and "52;c;ZXZpb" in out  # the name is there, visibly escaped (maybe cut)


def test_a_formula_name_is_stored_as_text_in_the_workbook(world, run, session, tmp_path: Path) -> None:  # noqa: F811
    plant(session, name=FORMULA, short_name=FORMULA)
    target = tmp_path / "brief.xlsx"
    assert run("brief", *NOON, "--lang", "en", "--format", "xlsx", "--output", str(target))[0] == 0
    cells = [cell for sheet in load_workbook(target) for line in sheet.iter_rows() for cell in line
             if cell.value == FORMULA]
    assert cells, "the planted name is in the workbook"
    assert all(cell.data_type == "s" for cell in cells)


def test_a_planted_control_character_does_not_break_the_workbook(world, run, session, tmp_path: Path) -> None:  # noqa: F811
    plant(session, name=PLANTED, short_name=PLANTED)
    target = tmp_path / "brief.xlsx"
    assert run("brief", *NOON, "--lang", "en", "--format", "xlsx", "--output", str(target))[0] == 0
    values = [str(cell.value) for sheet in load_workbook(target) for line in sheet.iter_rows() for cell in line]
    assert any("\\x1b]52" in value for value in values)
    assert not any(unsafe_in(value) for value in values)


@pytest.mark.parametrize("value", ["\u202eabc", "茶园\u2066康护", "康\u200b护", "\ufeff康护", "a\u200db"])
def test_a_name_with_bidi_or_zero_width_characters_is_refused(value: str) -> None:
    with pytest.raises(ValidationError) as err:
        validation.name(value, field="name", required=True)
    assert err.value.message == "Invisible or text-direction characters are not allowed in a name"
    assert err.value.message in entries("zh", locale_dir=SOURCE_LOCALE)
    assert validation.name("茶园康护 😷", field="name") == "茶园康护 😷"


def test_an_enterprise_named_with_an_override_is_refused(make) -> None:
    with pytest.raises(ValidationError) as err:
        make.enterprise("茶园\u202e康护有限公司")
    assert err.value.field == "name"
