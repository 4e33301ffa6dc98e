"""Cell values as offices really send them, turned into clean Python values or a Spanish complaint.

A converter takes the raw value of one cell (str, int, float, bool, date, datetime or None, as the
readers give them) and returns the clean value, or raises `CellError` with a message that says what
was expected and what was received. Empty cells arrive as None or "".
"""
from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta

from ..domain.dates import today_lima
from ..domain.text import fold


class CellError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


_EXCEL_EPOCH = date(1899, 12, 30)
# ASCII digits only: `\d` also takes fullwidth «４５» and the digits of other scripts, which look like a
# code on screen and never match the same code typed on a keyboard
_DIGITS = re.compile(r"[0-9]+")
_DIGITS_DOT_ZERO = re.compile(r"([0-9]+)\.0+")
_SPACES = re.compile(r"\s+")
# characters a text may not carry: control characters (NUL, ESC…; whitespace ones are collapsed into
# spaces) and the bidirectional overrides that make a text read differently from what it holds
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0e-\x1b\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FIRST_YEAR = 1950  # the oldest date a cell may hold (the programs began in the 2010s; 1950 is lenient)


def is_blank(value: object) -> bool:
    return value is None or (type(value) is str and not value.strip())


def shown(value: object) -> str:
    """The value as the user typed it, for messages: invisible characters written as U+XXXX (a message
    is printed on terminals and written into the errores copy, where they would act or break it)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text_ = str(value).strip()
    if len(text_) > 200:
        text_ = text_[:200] + "…"
    return visible(text_)


def visible(text_: str) -> str:
    """`text_` with its control and bidirectional-override characters written as ⟨U+XXXX⟩."""
    if text_.isprintable() and not _FORBIDDEN.search(text_):
        return text_
    return "".join(f"⟨U+{ord(ch):04X}⟩" if (not ch.isprintable() and ch != " ") or _FORBIDDEN.match(ch) else ch
                   for ch in text_)


def check_characters(text_: str) -> None:
    """Refuses control characters and bidirectional overrides (see _FORBIDDEN), naming the first."""
    found = _FORBIDDEN.search(text_)
    if found:
        raise CellError(f"contiene un carácter invisible no permitido (U+{ord(found.group()):04X}); escriba el "
                        "texto de nuevo, sin copiarlo de otro programa.")


def text(value: object, *, max_len: int = 160) -> str | None:
    """Free text: spaces collapsed, Unicode composed (a decomposed «ñ» from a Mac becomes one letter)."""
    if value is None:
        return None
    if type(value) is str:
        if value.isascii():
            clean = " ".join(value.split())
        else:
            clean = " ".join(unicodedata.normalize("NFC", value).split())
        if not clean.isprintable():
            check_characters(clean)
    else:
        clean = shown(value)
    if not clean:
        return None
    if len(clean) > max_len:
        raise CellError(f"admite como máximo {max_len} caracteres (tiene {len(clean)}).")
    return clean


def code(value: object, length: int, *, pad_text: bool) -> str:
    """A fixed-length numeric code (DNI, código modular, ubigeo…).

    A number cell lost its leading zeros in the spreadsheet program: they are put back. A text cell
    is kept as written, except for place and school codes (`pad_text`), whose zeros CSV exports drop.
    """
    t = type(value)
    if t is str:
        raw = value.strip()
        if _DIGITS.fullmatch(raw):
            if len(raw) == length:
                return raw
            if pad_text and len(raw) < length:
                return raw.zfill(length)
        elif raw.isdigit():  # digits, but not the keyboard's 0-9
            raise CellError(f"use solo los dígitos 0 a 9 (se recibió «{visible(raw)}», con dígitos de otra "
                            "escritura o de ancho completo).")
        else:
            m = _DIGITS_DOT_ZERO.fullmatch(raw)  # "0512345.0", as some exports write numbers
            if m and (len(m.group(1)) == length or (pad_text and len(m.group(1)) < length)):
                return m.group(1).zfill(length)
        raise CellError(f"debe tener exactamente {length} dígitos (se recibió «{shown(raw)}»).")
    if t is int or (t is float and value.is_integer() and value >= 0):
        digits = str(int(value))
        if len(digits) <= length and int(value) >= 0:
            return digits.zfill(length)
    if value is None:
        raise CellError("es obligatorio.")
    raise CellError(f"debe tener exactamente {length} dígitos (se recibió «{shown(value)}»).")


def integer(value: object, low: int, high: int) -> int:
    t = type(value)
    if t is int:
        n = value
    elif t is float and math.isfinite(value) and value.is_integer():
        n = int(value)
    elif t is str and _DIGITS.fullmatch(value.strip()):
        n = int(value.strip())
    elif t is str and _DIGITS_DOT_ZERO.fullmatch(value.strip()):
        n = int(float(value.strip()))
    else:
        raise CellError(f"debe ser un número entero entre {low} y {high} (se recibió «{shown(value)}»).")
    if not low <= n <= high:
        raise CellError(f"debe ser un número entero entre {low} y {high} (se recibió «{n}»).")
    return n


_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


def day(value: object) -> date:
    """A date cell, a text dd/mm/aaaa or aaaa-mm-dd (a time after it is ignored), or an Excel serial;
    from 1950 to the end of next year (a year typed wrong, 0202 or 2202, is refused, not stored)."""
    found = _any_day(value)
    last = today_lima().year + 1
    if not FIRST_YEAR <= found.year <= last:
        raise CellError(f"«{found.strftime('%d/%m/%Y')}» está fuera de las fechas admitidas (del 01/01/{FIRST_YEAR} "
                        f"al 31/12/{last}).")
    return found


def _any_day(value: object) -> date:
    t = type(value)
    if t is date:
        return value
    if t is datetime:
        return value.date()
    if t is str:
        raw = value.strip()
        head = raw.split(" ", 1)[0].split("T", 1)[0]
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(head, fmt).date()
            except ValueError:
                continue
        raise CellError(f"«{raw}» no es una fecha válida (use dd/mm/aaaa).")
    if t in (int, float) and math.isfinite(value) and 20000 <= value <= 80000:
        return _EXCEL_EPOCH + timedelta(days=int(value))  # a date cell read as its serial number
    if t in (time, timedelta):
        raise CellError(f"«{value}» es una hora, no una fecha (use dd/mm/aaaa).")
    raise CellError(f"«{shown(value)}» no es una fecha válida (use dd/mm/aaaa).")


def choice(value: object, options: dict[str, str], label_options: str) -> str:
    """One of a closed list; `options` maps folded spellings to the stored code."""
    key = fold(shown(value)).replace("-", " ").replace("_", " ")
    found = options.get(key)
    if found is None:
        found = options.get(key.replace(" ", ""))
    if found is None:
        raise CellError(f"«{shown(value)}» no es válido (use: {label_options}).")
    return found


def spellings(pairs: dict[str, str]) -> dict[str, str]:
    """Folded lookup table from {spelling: code}, every code also accepted as written."""
    out: dict[str, str] = {}
    for spelling, value in pairs.items():
        key = fold(spelling).replace("-", " ").replace("_", " ")
        out[key] = value
        out[key.replace(" ", "")] = value
    return out


_LIST_SPLIT = re.compile(r"[;,\s/|]+")


def dni_list(value: object) -> list[str]:
    """DNIs separated by «;», «,», spaces or line breaks; a single number cell also counts."""
    if is_blank(value):
        return []
    if type(value) in (int, float):
        return [code(value, 8, pad_text=False)]
    out = []
    for part in _LIST_SPLIT.split(str(value).strip()):
        if not part:
            continue
        if not _DIGITS.fullmatch(part) or len(part) != 8:
            raise CellError(f"«{part}» no es un DNI de 8 dígitos (separe los DNI con «;»).")
        out.append(part)
    return out


# desempeño levels written as Roman numerals or digits (importing/parse.py)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


MONTHS = {"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
          "setiembre": 9, "septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12}


def month(value: object) -> int:
    name = MONTHS.get(fold(shown(value)))
    if name is not None:
        return name
    try:
        return integer(value, 1, 12)
    except CellError:
        raise CellError(f"debe ser un mes de 1 a 12 o su nombre (se recibió «{shown(value)}»).") from None
