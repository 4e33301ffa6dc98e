"""Identifiers of persons, schools and places, validated with Spanish messages."""
from __future__ import annotations

import re

from .errors import ValidationError

# ASCII digits only: `\d` would take fullwidth «４５», Arabic-Indic or Devanagari digits, which look like
# a code on screen but never match the same code typed on a keyboard (a second, invisible «same» DNI)
_DIGITS = re.compile(r"[0-9]+")


def _digits(value: object, length: int, label: str, field: str) -> str:
    text = "" if value is None else str(value).strip()
    if not _DIGITS.fullmatch(text) or len(text) != length:
        shown = "".join(c if c.isprintable() else "?" for c in text[:20])
        if text.isdigit() and not text.isascii():
            raise ValidationError(f"{label}: use solo los dígitos 0 a 9 (se recibió «{shown}», con dígitos de "
                                  "otra escritura o de ancho completo).", field)
        raise ValidationError(
            f"{label}: debe tener exactamente {length} dígitos (se recibió «{shown}»).", field
        )
    return text


def dni(value: object, field: str = "dni") -> str:
    """A DNI is exactly 8 digits."""
    return _digits(value, 8, "DNI", field)


def modular_code(value: object, field: str = "codigo_modular") -> str:
    """Código modular: 7 digits, leading zeros kept."""
    return _digits(value, 7, "Código modular", field)


def annex(value: object, field: str = "anexo") -> str:
    """Anexo: one digit, 0 for the main school."""
    return _digits(value, 1, "Anexo", field)


def local_code(value: object, field: str = "codigo_local") -> str:
    return _digits(value, 6, "Código de local", field)


def ubigeo(value: object, field: str = "ubigeo") -> str:
    """INEI ubigeo DDPPdd (6 digits)."""
    return _digits(value, 6, "Ubigeo", field)


def office_code(value: object, field: str = "codigo_ugel") -> str:
    """DRE and UGEL codes (CODOOII) are 6 digits."""
    return _digits(value, 6, "Código de DRE/UGEL", field)
