"""A form's fields as data: what each one is called, what kind of value it takes, whether it is
required, how long it may be, and the checks it must pass.

A check is a callable ``(value, values) -> problem | None``: ``value`` is the field's value once its
kind has read it (trimmed text, a number, a date, a moment), ``values`` every field's raw value by
name (for checks across fields); the problem is a message id, or a ``ValidationError`` when the
message takes parameters. Checks run only on a value that is there: a blank field is the business
of ``required``. ``problem`` runs them all and answers with the translated message the form shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from rich.text import Text

from models import clock, validation
from models.errors import ServiceError, ValidationError
from tui.i18n import error_text, t
from tui.i18n.parse import parse_day, parse_moment

Kind = Literal["text", "number", "date", "moment", "picker", "choice"]
Values = Mapping[str, Any]
Problem = str | ServiceError
Check = Callable[[Any, Values], Problem | None]
#: (value, label, search key) of one option of a picker or a choice
Option = tuple[Any, "str | Text", str]



@dataclass(frozen=True)
class Field:
    """One field. ``label`` is a message id; ``literal`` is shown instead of the
    translated label when the label is data (an item's name); ``context`` names what the field is of
    where it is shown out of its place (the conflict view: "口罩 Output"); ``after`` is the text after
    the control (a unit) and ``placeholder`` the hint in an empty box, both shown as they are.
    ``required`` may depend on the other values. A date or a moment is read by the one parser
    (``tui.i18n.parse``); ``options`` lists a picker's or a choice's options.
    ``stop``: ``enter`` stops here (a field passed over by enter is still reached with tab). ``joins``:
    shown in the row of that field, after its control (a unit after the quantity). ``starred``: the
    label of a field always required says so with a star (not where every figure of a sheet is)."""

    name: str
    label: str
    kind: Kind = "text"
    required: bool | Callable[[Values], bool] = False
    max_len: int = 200
    checks: Sequence[Check] = ()
    literal: str | None = None
    context: str = ""
    placeholder: str = ""
    after: str = ""
    short: bool = False
    required_message: str = "Required"
    options: Callable[[Values], Sequence[Option]] | None = None
    many: bool = False
    stop: bool = True
    joins: str = ""
    starred: bool = True

    @property
    def title(self) -> str:
        return self.literal if self.literal is not None else t(self.label)

    @property
    def full_title(self) -> str:
        """The label out of its row: with what it is of."""
        return f"{self.context} {self.title}" if self.context else self.title

    def is_required(self, values: Values) -> bool:
        return self.required(values) if callable(self.required) else self.required

    def read(self, value: Any, values: Values) -> Any:
        """The value as its kind reads it, None when blank; raises ValidationError or ValueError."""
        required = self.is_required(values)
        blank = not value or (isinstance(value, str) and not value.strip())
        if blank and required:  # before the kinds' own readers, which would say only "Required"
            raise ValidationError(self.name, self.required_message)
        if self.kind == "text":
            return validation.text(value, field=self.name, required=required, max_len=self.max_len)
        if self.kind == "number":
            return validation.quantity(value, field=self.name, required=required)
        if blank:
            return None
        if self.kind == "date":
            return parse_day(value, field=self.name)
        if self.kind == "moment":
            return parse_moment(value, field=self.name)
        return value


def problem(field: Field, values: Values) -> str | None:
    """The translated message of what is wrong with ``field`` among ``values``, None when it is right."""
    try:
        value = field.read(values.get(field.name, ""), values)
        for check in field.checks if value is not None else ():
            found = check(value, values)
            if found:
                return error_text(found) if isinstance(found, ServiceError) else t(found)
    except ValidationError as error:  # the parser's DateError among them
        return error_text(error)
    return None


# ---- checks as data ----------------------------------------------------------------------------


def whole(number: float, values: Values) -> Problem | None:
    return "A whole number, please" if number != int(number) else None


def between(low: int, high: int) -> Check:
    def check(number: float, values: Values) -> Problem | None:
        return None if low <= number <= high else ValidationError("", "Between {low} and {high}", low=low, high=high)

    return check


def not_future(message: str = "A date cannot be in the future") -> Check:
    def check(day: date, values: Values) -> Problem | None:
        return message if day > clock.today() else None

    return check


def not_before(other: str, message: str) -> Check:
    """Not before the date in field ``other`` (when that one can be read)."""

    def check(day: date, values: Values) -> Problem | None:
        try:
            return message if day < parse_day(values.get(other, ""), field=other) else None
        except ValueError:
            return None

    return check


def service_check(check: Callable[[str], object]) -> Check:
    """A validation function of the domain (``validation.credit_code``) as a check: it raises."""

    def run(value: str, values: Values) -> Problem | None:
        check(value)
        return None

    return run


__all__ = ["Check", "Field", "Kind", "Option", "Problem", "Values", "between", "not_before", "not_future", "problem",
           "service_check", "whole"]
