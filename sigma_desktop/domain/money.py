"""Money in soles: Decimal in the program, integer céntimos in the database (exact sums on every engine)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import ValidationError


def to_cents(value: object, field: str, label: str) -> int:
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, AttributeError):
        raise ValidationError(f"{label}: «{value}» no es un monto válido en soles.", field) from None
    if not amount.is_finite():
        raise ValidationError(f"{label}: «{value}» no es un monto válido en soles.", field)
    if amount < 0:
        raise ValidationError(f"{label}: el monto no puede ser negativo.", field)
    if amount > Decimal("1000000"):
        raise ValidationError(f"{label}: el monto excede S/ 1 000 000.", field)
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_cents(cents: int | None) -> Decimal | None:
    if cents is None:
        return None
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def format_soles(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return "S/ " + f"{amount:,.2f}".replace(",", " ")
