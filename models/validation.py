"""Validators for the identifiers people type: credit codes, mobile numbers, quantities, text.

Each returns the cleaned value or raises :class:`~models.errors.ValidationError` with an English
message id that the front end translates.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, SupportsFloat, TypeVar, cast, overload

from models.errors import ValidationError

#: GB 32100-2015 alphabet: digits and upper-case letters without I, O, S, V, Z.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
MOBILE_RE = re.compile(r"1[0-9]{10}")
#: a mainland landline: area code (010, 023, 0755…), a 7- or 8-digit number, maybe an extension
LANDLINE_RE = re.compile(r"0[1-9][0-9]{1,2}-?[1-9][0-9]{6,7}(-[0-9]{1,6})?")
#: a number abroad with its country code: +49 221 1234567
INTERNATIONAL_RE = re.compile(r"\+[1-9][0-9 ]{6,20}")
MAX_TEXT = 10_000
#: bidi overrides, isolates and marks, and zero-width characters: in a name they make it read
#: differently from what it holds (or two names look the same), so a name refuses them
INVISIBLE = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C,
                       *range(0x200B, 0x200E), 0x2060, 0xFEFF])
M = TypeVar("M")


def credit_check_char(first17: str) -> str:
    """The check character for the first 17 characters of a unified social credit code."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=False))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code(value: str | None, *, field: str = "credit_code") -> str | None:
    """Validate a unified social credit code; empty means not given."""
    if value is None or not value.strip():
        return None
    code = value.strip().upper()
    if len(code) != 18:
        raise ValidationError(field, "A credit code has 18 characters")
    bad = [c for c in code if c not in CREDIT_ALPHABET]
    if bad:
        raise ValidationError(field, "Character {char} is not allowed in a credit code", char=bad[0])
    if credit_check_char(code[:17]) != code[17]:
        raise ValidationError(
            field, "Wrong check character: expected {expected}", expected=credit_check_char(code[:17])
        )
    return code


def phone(value: str | None, *, field: str = "phone") -> str | None:
    """A mobile (as ``mobile`` keeps it), a landline with its area code (023-63000000), or a number
    abroad with its country code; None when blank."""
    text = (value or "").strip()
    if not text:
        return None
    if text.startswith("+") and not text.startswith("+86") and INTERNATIONAL_RE.fullmatch(text):
        return text
    compact = re.sub(r"[\s()]", "", text)
    if LANDLINE_RE.fullmatch(compact):
        return compact
    try:
        return mobile(text, field=field)
    except ValidationError:
        raise ValidationError(field, "A mobile, a landline with its area code, or +country code") from None


#: the longest phone an enterprise's card keeps (its column)
ENTERPRISE_PHONE_MAX = 20


def enterprise_phone(value: str | None, *, field: str = "phone") -> str | None:
    """An enterprise's phone: a factory office is often reached on a landline (``phone``), at most
    ``ENTERPRISE_PHONE_MAX`` characters."""
    number = phone(value, field=field)
    if number is not None and len(number) > ENTERPRISE_PHONE_MAX:
        raise ValidationError(field, "At most {max} characters", max=ENTERPRISE_PHONE_MAX)
    return number


def mobile(value: str | None, *, field: str = "phone", required: bool = False) -> str | None:
    """Validate an 11-digit mainland mobile number starting with 1."""
    if value is None or not value.strip():
        if required:
            raise ValidationError(field, "Required")
        return None
    digits = re.sub(r"[\s-]", "", value)
    digits = digits.removeprefix("+86")
    if not MOBILE_RE.fullmatch(digits):
        raise ValidationError(field, "A mobile number has 11 digits and starts with 1")
    return digits


@overload
def text(value: str | None, *, field: str, required: Literal[True], max_len: int = 200) -> str: ...
@overload
def text(value: str | None, *, field: str, required: bool = False, max_len: int = 200) -> str | None: ...
def text(value: str | None, *, field: str, required: bool = False, max_len: int = 200) -> str | None:
    """Clean free text: strip, refuse control characters and over-long input, keep everything else."""
    if value is None:
        value = ""
    cleaned = value.strip()
    if not cleaned:
        if required:
            raise ValidationError(field, "Required")
        return None
    # Cc: control characters (NUL, escape sequences); Cs: lone surrogates, which no database can store
    if any((unicodedata.category(c) == "Cc" and c not in "\n\t") or unicodedata.category(c) == "Cs" for c in cleaned):
        raise ValidationError(field, "Control characters are not allowed")
    if len(cleaned) > max_len:
        raise ValidationError(field, "At most {max} characters", max=max_len)
    return cleaned


@overload
def name(value: str | None, *, field: str, required: Literal[True], max_len: int = 200) -> str: ...
@overload
def name(value: str | None, *, field: str, required: bool = False, max_len: int = 200) -> str | None: ...
def name(value: str | None, *, field: str, required: bool = False, max_len: int = 200) -> str | None:
    """A name (of an enterprise, a cadre, a park): ``text``, and no bidi or zero-width characters."""
    cleaned = text(value, field=field, required=required, max_len=max_len)
    if cleaned is not None and any(ord(c) in INVISIBLE for c in cleaned):
        raise ValidationError(field, "Invisible or text-direction characters are not allowed in a name")
    return cleaned


@overload
def quantity(value: object, *, field: str, required: Literal[True] = True) -> float: ...
@overload
def quantity(value: object, *, field: str, required: bool) -> float | None: ...
def quantity(value: object, *, field: str, required: bool = True) -> float | None:
    """A non-negative finite number; accepts numbers and numeric strings."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(field, "Required")
        return None
    try:
        number = float(str(value).replace(",", "").strip()) if isinstance(value,
                                                                          str) else float(cast(SupportsFloat, value))
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(field, "Not a number") from None
    if number != number or number in (float("inf"), float("-inf")) or abs(number) > 1e12:
        raise ValidationError(field, "Not a number")
    if number < 0:
        raise ValidationError(field, "Must not be negative")
    return number


def build(model: type[M], **values: object) -> M:
    """``model(**values)`` with pydantic's type errors turned into a translated ValidationError.

    Forms hand in what was typed; a ``quantity`` of ``"abc"`` becomes "Not a number" on that field
    instead of an exception the user cannot read.
    """
    import pydantic

    try:
        return model(**values)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "form"
        kind = first["type"]
        if kind.startswith(("float", "int", "decimal")):
            raise ValidationError(field, "Not a number") from None
        if kind.startswith(("date", "datetime", "time")):
            raise ValidationError(field, "Not a date") from None
        raise ValidationError(field, "Invalid value") from None
