"""Days off: Sundays and Peru's national holidays (feriados nacionales, Decreto Legislativo 713 and the
laws that added days). The list per year ships in resources/data/feriados_peru.csv."""
from __future__ import annotations

from datetime import date
from typing import Iterable, Mapping

from ..errors import ValidationError

SUNDAY = 6


def parse_holidays(lines: Iterable[str], source: str = "feriados_peru.csv") -> dict[date, str]:
    """`fecha,nombre` lines (ISO dates, a header first) into {date: name}; a bad line is an error naming it."""
    out: dict[date, str] = {}
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#") or number == 1 and line.lower().startswith("fecha"):
            continue
        day_text, _, name = line.partition(",")
        try:
            day = date.fromisoformat(day_text.strip())
        except ValueError:
            raise ValidationError(f"{source}, línea {number}: «{day_text}» no es una fecha (aaaa-mm-dd).",
                                  "fecha") from None
        if not name.strip():
            raise ValidationError(f"{source}, línea {number}: falta el nombre del feriado.", "nombre")
        out[day] = name.strip().strip('"')
    return out


def day_off(day: date, holidays: Mapping[date, str]) -> str | None:
    """Why `day` is not a school day ("domingo" or the holiday's name), or None."""
    name = holidays.get(day)
    if name is not None:
        return f"feriado: {name}"
    if day.weekday() == SUNDAY:
        return "domingo"
    return None


def easter(year: int) -> date:
    """Easter Sunday (Gregorian, the anonymous algorithm): Jueves and Viernes Santo come from it."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)
