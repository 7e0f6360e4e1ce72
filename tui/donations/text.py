"""How the donations screen words its codes: statuses, donors, channels, grades and refusals, each a
word besides its colour, and stored text made safe for the terminal."""

from __future__ import annotations

from rich.text import Text

from models.services.donation_vetting import BELOW_GRADE, FRONT_LINE, REFUSED_BY_VETTING
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.safe import for_tui

STATUS_STYLE = {"offered": "bold", "vetting": "yellow", "accepted": "green", "declined": "dim"}


def status(value: str) -> Text:
    return Text(pt("donation status", value), style=STATUS_STYLE.get(value, ""))


def donor(name: str) -> str:
    """The donor's name, or "anonymous"."""
    return for_tui(name) if name else t("anonymous")


def kind(value: str) -> str:
    return pt("donor kind", value)


def channel(value: str) -> str:
    return pt("donation channel", value)


def grade(value: str | None) -> str:
    return pt("grade", value) if value else t("unknown grade")


def directed(is_directed: bool, recipient: str, recipient_en: str) -> str:
    """"→ the recipient" for a directed gift, "undirected" otherwise."""
    return "→ " + for_tui(fmt.local_name(recipient, recipient_en)) if is_directed else t("undirected")


def refusal(code: str | None, standard: str, line_grade: str | None, item_grade: str | None) -> str:
    """Why the vetting refused a line, in the language shown."""
    if code == BELOW_GRADE:
        return t("refused: {standard} is {grade}, below the catalogue's {required}; not for medical-protective use",
                 standard=for_tui(standard) or "—", grade=grade(line_grade), required=grade(item_grade))
    if code == FRONT_LINE:
        return t("refused: {standard} is not for a designated hospital's front line", standard=for_tui(standard))
    return for_tui(code or "")


def reason(code: str | None) -> str:
    if code == REFUSED_BY_VETTING:
        return t("every line refused by the vetting")
    return for_tui(code or "")


def qty(value: int | None) -> str:
    return "—" if value is None else fmt.count(value)


def field(name: str) -> str:
    """A column of a published row, as a correction names it."""
    return pt("publication field", name)
