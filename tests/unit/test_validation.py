"""Validators of what people type: credit codes, mobile numbers, quantities and free text.

Property tests generate the inputs; every refusal is checked for its type, field and message id.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from models import validation
from models.errors import ValidationError
from models.validation import CREDIT_ALPHABET, credit_check_char

prefixes = st.text(alphabet=CREDIT_ALPHABET, min_size=17, max_size=17)


def valid_code(prefix: str) -> str:
    return prefix + credit_check_char(prefix)


# --- credit codes ---------------------------------------------------------------------------------


def test_check_character_of_a_published_code() -> None:
    # 91350100M000100Y43 is the worked example of GB 32100-2015 (check character 3).
    assert credit_check_char("91350100M000100Y4") == "3"
    assert validation.credit_code("91350100M000100Y43") == "91350100M000100Y43"


@given(prefixes)
def test_generated_credit_codes_are_accepted(prefix: str) -> None:
    code = valid_code(prefix)
    assert validation.credit_code(code) == code
    assert validation.credit_code(f"  {code.lower()} ") == code  # typed in lower case, with spaces


@given(prefixes, st.integers(min_value=0, max_value=17), st.characters(codec="utf-8"))
@example("91350100M000100Y4", 17, "4")
@example("91350100M000100Y4", 0, "I")
def test_any_single_character_change_is_rejected(prefix: str, position: int, replacement: str) -> None:
    code = valid_code(prefix)
    assume(replacement.upper() != code[position])  # same character in another case is no change
    changed = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(ValidationError) as err:
        validation.credit_code(changed, field="code")
    assert err.value.field == "code"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("91350100M000100Y4", "A credit code has 18 characters"),
        ("91350100M000100Y433", "A credit code has 18 characters"),
        ("91350100M000100I43", "Character {char} is not allowed in a credit code"),
        ("91350100M000100Y44", "Wrong check character: expected {expected}"),
    ],
)
def test_credit_code_messages(value: str, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        validation.credit_code(value)
    assert (err.value.field, err.value.message) == ("credit_code", message)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_credit_code_means_not_given(value: str | None) -> None:
    assert validation.credit_code(value) is None


# --- mobile numbers -------------------------------------------------------------------------------

mobiles = st.from_regex(r"1[0-9]{10}", fullmatch=True)


@given(mobiles)
def test_eleven_digits_starting_with_1_are_accepted(number: str) -> None:
    assert validation.mobile(number) == number
    assert validation.mobile(f"+86 {number[:3]}-{number[3:7]}-{number[7:]}") == number


@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_other_digit_strings_are_rejected(digits: str) -> None:
    assume(not (len(digits) == 11 and digits.startswith("1")))
    with pytest.raises(ValidationError) as err:
        validation.mobile(digits)
    assert (err.value.field, err.value.message) == ("phone", "A mobile number has 11 digits and starts with 1")


@given(mobiles, st.integers(min_value=0, max_value=10), st.sampled_from("a+.#１٣x/"))
def test_a_mobile_with_a_foreign_character_is_rejected(number: str, position: int, char: str) -> None:
    with pytest.raises(ValidationError):
        validation.mobile(number[:position] + char + number[position + 1 :])


def test_mobile_required_and_optional() -> None:
    assert validation.mobile("  ") is None
    with pytest.raises(ValidationError) as err:
        validation.mobile("", field="contact", required=True)
    assert (err.value.field, err.value.message) == ("contact", "Required")


# --- quantities -----------------------------------------------------------------------------------


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False) | st.integers(min_value=0, max_value=10**12))
def test_non_negative_numbers_are_accepted(number: float) -> None:
    assert validation.quantity(number, field="q") == float(number)
    assert validation.quantity(repr(number), field="q") == float(number)


@given(st.floats(min_value=-1e12, max_value=-1e-300) | st.integers(min_value=-(10**12), max_value=-1))
def test_negative_numbers_are_rejected(number: float) -> None:
    with pytest.raises(ValidationError) as err:
        validation.quantity(number, field="stock")
    assert (err.value.field, err.value.message) == ("stock", "Must not be negative")


@pytest.mark.parametrize(
    "value",
    [math.nan, math.inf, -math.inf, "nan", "inf", "-Infinity", Decimal("NaN"), 1e13, "2e12", -1e13,
     "abc", "1..2", "一百", [], {}, object()],
    ids=repr,
)
def test_not_a_number_is_rejected(value: object) -> None:
    with pytest.raises(ValidationError) as err:
        validation.quantity(value, field="output")
    assert (err.value.field, err.value.message) == ("output", "Not a number")


def test_huge_integer_is_rejected_not_crashing() -> None:
    with pytest.raises(ValidationError) as err:
        validation.quantity(10**400, field="output")
    assert err.value.message == "Not a number"


def test_quantity_accepts_thousands_separators_and_optional_empty() -> None:
    assert validation.quantity("1,200,000", field="q") == 1_200_000.0
    assert validation.quantity(" ", field="q", required=False) is None
    with pytest.raises(ValidationError) as err:
        validation.quantity(None, field="q")
    assert err.value.message == "Required"


# --- free text ------------------------------------------------------------------------------------

control_chars = st.characters(categories=["Cc"]).filter(lambda c: c not in "\n\t")


@given(st.text(min_size=0, max_size=20), control_chars, st.text(min_size=0, max_size=20))
@example("", "\x00", "x")
@example("茶园", "\x1b", "[31m")
def test_control_characters_are_rejected(before: str, char: str, after: str) -> None:
    with pytest.raises(ValidationError) as err:
        validation.text(f"a{before}{char}{after}b", field="notes")
    assert (err.value.field, err.value.message) == ("notes", "Control characters are not allowed")


@given(st.integers(min_value=1, max_value=300))
def test_text_longer_than_max_is_rejected(extra: int) -> None:
    assert validation.text("口" * 200, field="name") == "口" * 200
    with pytest.raises(ValidationError) as err:
        validation.text("口" * (200 + extra), field="name")
    assert (err.value.message, err.value.params) == ("At most {max} characters", {"max": 200})


ODD_BUT_VALID = [
    "熔喷布 2 天 😷🧤",
    "Chayuan 茶园 Чайюань تشايوان",
    "'; DROP TABLE enterprise; --",
    "[bold red]urgent[/] {name} %s %(x)s",
    "line one\nline two\tTab",
    "e\u0301 ＡＢＣ \u200b zero-width",
]


@pytest.mark.parametrize("value", ODD_BUT_VALID)
def test_odd_text_is_kept_exactly(value: str) -> None:
    assert validation.text(value, field="notes", max_len=2000) == value


@given(st.text(st.characters(exclude_categories=["Cc", "Cs"]), min_size=1, max_size=200))
def test_printable_text_round_trips_stripped(value: str) -> None:
    assume(value.strip())
    assert validation.text(value, field="notes", max_len=200) == value.strip()


def test_blank_text_is_none_or_required() -> None:
    assert validation.text("  \n ", field="notes") is None
    with pytest.raises(ValidationError) as err:
        validation.text(None, field="name", required=True)
    assert (err.value.field, err.value.message) == ("name", "Required")
