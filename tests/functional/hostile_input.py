"""The hostile values and Pilot helpers of tests/functional/test_hostile_forms.py and
test_hostile_flows.py (a plain module: tests is not a package in CI, so they import it relatively).

Values are pasted the way a terminal delivers a spreadsheet cell (a ``Paste`` event to the focused
field), so the fields' own handling of a paste is tested too, not only what the form does with it.
"""

from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from sqlmodel import select
from textual import events

from models.enterprise import DailyReport, Enterprise
from tui.enterprises.card import EnterpriseCardScreen

from .conftest import SAMPLE_NAME, notifications, screen_text, settle

SIZE = (80, 24)
TODAY = date(2020, 2, 3)

#: text every free-text field keeps exactly: SQL and markup metacharacters, emoji, mixed scripts
KEPT = [
    "'; DROP TABLE enterprise; --",
    "[bold]加粗[/bold]",
    "[/]",
    "[@click=app.quit]退出[/]",
    "😷🧪口罩 mask маска قناع",
    "Robert'); DELETE FROM cadre;--",
    "%_\\ {name} {0}",
    "\u202eRTL override",
    "e\u0301 combining 가",
    "[red]重庆[/red] [link=https://example.com]link[/link]",
]
#: a pasted spreadsheet column: longer than any field takes
LONG = "长" * 10_000
#: text no field takes, with the message that says why (``{max}`` is the field's limit)
REFUSED = {
    "\x00NUL": "Control characters are not allowed",
    "\x1b[31mred": "Control characters are not allowed",
    "bell\x07ring": "Control characters are not allowed",
    "\ud800 lone surrogate": "Control characters are not allowed",
    LONG: "At most {max} characters",
}
#: figures refused by every figure field
BAD_FIGURES = {"-5": "Must not be negative", "abc": "Not a number", "1e400": "Not a number", "NaN": "Not a number",
               "0x10": "Not a number", "-inf": "Not a number", "1e13": "Not a number", "很多": "Not a number"}
#: figures taken, with what is stored
GOOD_FIGURES = {"12,000": 12_000, " 7 ": 7, "１２": 12, "0": 0, "999999999999": 999_999_999_999, "0.25": 0.25}

hostile_text = st.one_of(
    st.sampled_from(KEPT + list(REFUSED)),
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40),
)
#: a new app per example, so few of them; no shrinking, which would start dozens more (the failing
#: example is printed with its seed and blob to replay it)
HYPOTHESIS = settings(max_examples=4, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                      suppress_health_check=[HealthCheck.function_scoped_fixture])


# --- helpers ----------------------------------------------------------------------------------------


def sample_id(db) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.exec(select(Enterprise).where(Enterprise.name == SAMPLE_NAME)).one().id


def row_of(db, model, row_id: int):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.get(model, row_id)


def rows(db, model) -> list:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return list(s.exec(select(model).order_by(model.id)))


async def paste(pilot, target, text: str) -> None:  # type: ignore[no-untyped-def]
    """Replace what the field ``target`` (a widget or a selector) holds by pasting ``text``, as a
    terminal delivers a paste: select all, then a Paste event to the focused widget."""
    box = pilot.app.screen.query_one(target) if isinstance(target, str) else target
    pilot.app.screen.set_focus(box)
    await pilot.pause()
    box.action_select_all()
    if text:
        pilot.app.post_message(events.Paste(text))
    else:  # nothing to paste: clear it
        box.action_delete_left()
    await pilot.pause()


async def fill(pilot, values: dict[str, str], prefix: str = "#field-") -> None:  # type: ignore[no-untyped-def]
    """Paste each value into its field (``prefix`` + name)."""
    for name, value in values.items():
        await paste(pilot, prefix + name, value)


async def keys(pilot, *names: str) -> None:  # type: ignore[no-untyped-def]
    """Press the keys, then wait for the work they started."""
    await pilot.press(*names)
    await settle(pilot)


def error_of(app, name: str) -> str:  # type: ignore[no-untyped-def]
    """The inline error under a form field, '' while there is none."""
    row = app.screen.query_one(f"#row-{name}")
    return str(row.query_one(".field-error").render()) if row.has_class("-invalid") else ""


def messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in notifications(app)]


def short(value: str) -> str:
    """``value`` for an assertion message (a 10,000-character one would bury the failure)."""
    return repr(value if len(value) <= 40 else value[:40] + f"…({len(value)})")


def expected_error(value: str, limit: int) -> str:
    return REFUSED[value].format(max=limit)


def stored_as(value: str) -> str | None:
    """What a text field keeps of ``value``: trimmed, None for blank."""
    return value.strip() or None


def fits(value: str) -> bool:
    """Short enough to be compared on one line of an 80-column screen (after a label)."""
    return cell_len(value) <= 50


def first_line(value: str) -> str:
    """What a paste of ``value`` puts in a one-line field (Textual's Input takes the first line)."""
    return (value.splitlines() or [""])[0]


async def open_card(pilot, enterprise_id: int) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.push_screen(EnterpriseCardScreen(enterprise_id))
    await settle(pilot)
    assert isinstance(pilot.app.screen, EnterpriseCardScreen)


async def on_screen(pilot) -> str:  # type: ignore[no-untyped-def]
    """The screen as text, once the notifications (which cover its right half) are gone."""
    pilot.app.clear_notifications()
    await pilot.pause()
    return screen_text(pilot.app)


async def whole_card(pilot) -> str:  # type: ignore[no-untyped-def]
    """Everything on the card, page by page, as the user scrolls it (80×24)."""
    seen = [await on_screen(pilot)]
    for _ in range(3):
        await keys(pilot, "pagedown")
        seen.append(screen_text(pilot.app))
    await pilot.press("home")
    return "\n".join(seen)


async def save(pilot) -> None:  # type: ignore[no-untyped-def]
    await keys(pilot, "ctrl+s")


async def refused_and_kept(pilot, form, typed: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """The form is still up, says nothing was saved, and still holds what was typed."""
    app = pilot.app
    assert app.screen is form, type(app.screen).__name__
    assert app.is_running
    assert any(m.startswith("Nothing saved") for m in messages(app)), messages(app)
    for name, value in typed.items():
        assert form.query_one(f"#field-{name}").value == value, name


def report_of(db, enterprise_id: int, day: date):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.exec(select(DailyReport).where(DailyReport.enterprise_id == enterprise_id,
                                                DailyReport.report_date == day)).first()


#: the identity form's free-text fields: label on the card, longest text taken
TEXT_FIELDS = {"name": ("Name", 200), "short_name": ("Short name", 64), "address": ("Address", 200),
               "contact_person": ("Contact person", 64), "notes": ("Notes", 2000)}


def shown_on_card(field: str, value: str, card_text: str) -> bool:
    """Is ``value`` shown as the card's ``field``: literally, but for the characters that would act on
    the terminal or hide what the text says, which show as visible escapes (``tui.i18n.safe``)?"""
    from tui.i18n.safe import for_tui

    value = for_tui(value)
    if field == "name":
        return value in card_text.splitlines()[1]  # the card's title line
    return re.search(rf"{TEXT_FIELDS[field][0]}\s+{re.escape(value)}", card_text) is not None
