"""Dates as Peruvians write them (dd/mm/aaaa) and the Lima clock (UTC−5, no daylight saving since 1994)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from .errors import ValidationError

LIMA = timezone(timedelta(hours=-5), "America/Lima")

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "setiembre",
          "octubre", "noviembre", "diciembre")


# The one clock of "today" (Lima): tests and demos set a fixed day with `set_today` so that everything
# that judges a month in progress (planned-to-date, "en curso, al dd/mm", future dates) agrees on it.
_fixed_today: date | None = None


def today_lima() -> date:
    return _fixed_today if _fixed_today is not None else datetime.now(LIMA).date()


def set_today(day: date | None) -> None:
    """Fixes "today" for the whole program (None: the real Lima clock again)."""
    global _fixed_today
    _fixed_today = day


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_datetime(value: datetime | None) -> str:
    return value.astimezone(LIMA).strftime("%d/%m/%Y %H:%M") if value else ""


def parse_date(text: object, field: str, label: str) -> date:
    """Accepts a date, dd/mm/aaaa or aaaa-mm-dd."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    raw = str(text or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValidationError(f"{label}: «{raw}» no es una fecha válida (use dd/mm/aaaa).", field)


def check_month(year: int, month: int, field: str = "mes") -> None:
    if not (1 <= int(month) <= 12):
        raise ValidationError(f"Mes: {month} no es un mes válido (1 a 12).", field)
    if not (2000 <= int(year) <= 2100):
        raise ValidationError(f"Año: {year} no es un año válido.", field)


def month_name(month: int) -> str:
    return MONTHS[month - 1]
