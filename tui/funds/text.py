"""How the funds screen words money and states: amounts in 万元 (10k yuan) through the one
formatter, read back from what a user types; the codes of kinds, purposes and statuses."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rich.text import Text

from models.errors import ValidationError
from tui.i18n import format as fmt
from tui.i18n import pt, t

#: fen in 1 万元 (10,000 yuan × 100 fen)
FEN_PER_WAN = 1_000_000
STATUS_STYLE = {"submitted": "bold", "approved": "cyan", "paid": "green", "rejected": "dim"}


def wan(fen: int | None) -> str:
    """An amount in 万元 (10k yuan) as lists show it: ``12.5`` — the column's label names the unit."""
    return fmt.wan(fen)


def money(fen: int | None) -> str:
    """An amount with its unit: ``12.5万元`` / ``12.5 × 10k yuan``."""
    return t("{amount} (10k yuan)", amount=wan(fen))


def edit_wan(fen: int) -> str:
    """An amount to edit, in 万元 with every fen (``12.5``, ``0.000001``)."""
    text = f"{Decimal(fen) / FEN_PER_WAN:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_wan(text: str, *, field: str) -> int:
    """What a user typed in 万元 (``12.5``, ``1,200``) as whole fen; refuses a fraction of a fen."""
    cleaned = text.replace(",", "").replace("，", "").strip()
    try:
        value = Decimal(cleaned) * FEN_PER_WAN
    except InvalidOperation:
        raise ValidationError(field, "A sum in 10k yuan, such as 12.5") from None
    if not value.is_finite() or value != value.to_integral_value():
        raise ValidationError(field, "A sum in 10k yuan, such as 12.5")
    if value <= 0:
        raise ValidationError(field, "The amount must be more than 0")
    return int(value)


def wan_check(value: str, values: object) -> ValidationError | None:
    """A form check of an amount field (its message, or None)."""
    try:
        parse_wan(str(value), field="amount")
    except ValidationError as error:
        return error
    return None


def status(value: str) -> Text:
    return Text(pt("fund status", value), style=STATUS_STYLE.get(value, ""))


def subsidy_status(value: str) -> Text:
    return Text(pt("subsidy status", value), style=STATUS_STYLE.get(value, ""))


def kind(value: str) -> str:
    return pt("fund source kind", value)


def purpose(value: str) -> str:
    return pt("fund purpose", value)


def level(value: str) -> str:
    return pt("key supply level", value)


def rate(bp: int) -> str:
    """A loan rate in basis points as a percentage: ``4.35%``."""
    return f"{Decimal(bp) / 100:f}".rstrip("0").rstrip(".") + "%"


def parse_rate(text: str, *, field: str) -> int:
    """``4.35`` or ``4.35%`` as basis points (435)."""
    try:
        value = Decimal(text.strip().rstrip("%").strip()) * 100
    except InvalidOperation:
        raise ValidationError(field, "A rate in percent, such as 4.35") from None
    if not value.is_finite() or value != value.to_integral_value() or not 0 < value < 10_000:
        raise ValidationError(field, "A rate in percent, such as 4.35")
    return int(value)
