"""Identifiers of persons, schools and places, validated with Spanish messages."""
from __future__ import annotations

import re

from .errors import ValidationError

_DIGITS = re.compile(r"^\d+$")


def _digits(value: object, length: int, label: str, field: str) -> str:
    text = "" if value is None else str(value).strip()
    if not _DIGITS.match(text) or len(text) != length:
        raise ValidationError(
            f"{label}: debe tener exactamente {length} dígitos (se recibió «{text}»).", field
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
