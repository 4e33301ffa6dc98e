"""Rules of the master data (IIEE, docentes, acompañantes, DRE and UGEL), written once.

The forms of the window (through services/masters.py and services/offices.py) and the spreadsheet
import (importing/parse.py and services/imports.py) apply these functions and limits, so a name that is
too long, a contract that ends before it starts or a coach moved to another intervention gets the same
Spanish message wherever it is typed. Codes (DNI, código modular, ubigeo…) are checked in codes.py.
"""
from __future__ import annotations

import unicodedata
from datetime import date

from .catalogues import SCHOOL_CHARACTERISTICS, SCHOOL_LEVELS
from .errors import ValidationError

# Longest text each field admits (the database columns' lengths).
FIRST_NAMES_MAX = 80
LAST_NAME_MAX = 60
SCHOOL_NAME_MAX = 160
OFFICE_NAME_MAX = 120
AREAS = ("urbana", "rural")

LEVEL_LABELS = {"inicial": "Inicial", "primaria": "Primaria", "secundaria": "Secundaria"}
CHARACTERISTIC_LABELS = {"unidocente": "Unidocente", "polidocente_multigrado": "Polidocente multigrado",
                         "polidocente_completo": "Polidocente completo"}
AREA_LABELS = {"urbana": "Urbana", "rural": "Rural"}


def school_kind_text(level: str | None, area: str | None, characteristic: str | None) -> str:
    """«Primaria, rural, polidocente multigrado»: a school's level, area and characteristic as a person reads
    them (the ficha del docente, on screen and printed)."""
    parts = [LEVEL_LABELS.get(level or "", level or ""), AREA_LABELS.get(area or "", area or "").lower(),
             CHARACTERISTIC_LABELS.get(characteristic or "", characteristic or "").lower()]
    return ", ".join(p for p in parts if p)


def clean_text(value: object, label: str, field: str, *, required: bool = True, max_len: int = 160
               ) -> str | None:
    """Free text with spaces collapsed and Unicode composed; «{label}: es obligatorio.» when empty and
    required, «{label}: admite como máximo N caracteres (tiene M).» when too long (as the import says)."""
    text = " ".join(unicodedata.normalize("NFC", "" if value is None else str(value)).split())
    if not text:
        if required:
            raise ValidationError(f"{label}: es obligatorio.", field)
        return None
    if len(text) > max_len:
        raise ValidationError(f"{label}: admite como máximo {max_len} caracteres (tiene {len(text)}).", field)
    return text


def person_names(first_names: object, last_name_1: object, last_name_2: object
                 ) -> tuple[str, str, str | None]:
    """Nombres, apellido paterno (both required) and apellido materno (optional) of a docente or AP."""
    return (clean_text(first_names, "Nombres", "nombres", max_len=FIRST_NAMES_MAX),
            clean_text(last_name_1, "Apellido paterno", "apellido_paterno", max_len=LAST_NAME_MAX),
            clean_text(last_name_2, "Apellido materno", "apellido_materno", required=False, max_len=LAST_NAME_MAX))


def school_name(value: object) -> str:
    return clean_text(value, "Nombre de la IE", "nombre", max_len=SCHOOL_NAME_MAX)


def office_name(value: object, label: str = "Nombre") -> str:
    return clean_text(value, label, "nombre", max_len=OFFICE_NAME_MAX)


def _choice(value: object, options: tuple[str, ...], labels: dict[str, str], label: str, field: str) -> str:
    text = ("" if value is None else str(value)).strip().lower()
    if text not in options:
        shown = ", ".join(labels.get(o, o).lower() for o in options)
        raise ValidationError(f"{label}: «{value or ''}» no es válido (use: {shown}).", field)
    return text


def school_level(value: object) -> str:
    return _choice(value, SCHOOL_LEVELS, LEVEL_LABELS, "Nivel", "nivel")


def school_area(value: object) -> str:
    return _choice(value, AREAS, AREA_LABELS, "Área", "area")


def school_characteristic(value: object) -> str | None:
    if value in (None, ""):
        return None
    return _choice(value, SCHOOL_CHARACTERISTICS, CHARACTERISTIC_LABELS, "Característica", "caracteristica")


def contract_dates(start: date | None, end: date | None) -> None:
    """A contract may leave either date empty; when both are given, it cannot end before it starts."""
    if start is not None and end is not None and end < start:
        raise ValidationError("Fin de contrato: no puede ser anterior al inicio del contrato.", "fin_contrato")


def coach_intervention_change(dni: str, old_name: str, new_name: str, assigned_years: list[int]) -> None:
    """A coach moves to another intervention only without live assignments: each assignment belongs to
    the intervention it was made in, and its teachers' plans and targets with it."""
    if old_name == new_name or not assigned_years:
        return
    years = ", ".join(str(y) for y in sorted(set(assigned_years)))
    raise ValidationError(
        f"Intervención: el acompañante {dni} tiene docentes asignados en {old_name} ({years}); retire antes "
        f"esas asignaciones para pasarlo a {new_name}.", "intervencion")


def deactivation(what: str, dni: str, assigned_years: list[int]) -> None:
    """A docente or AP with live assignments is not deactivated: the assignments go first (with their
    reason), so that no plan is left to someone who is no longer there."""
    if assigned_years:
        years = ", ".join(str(y) for y in sorted(set(assigned_years)))
        raise ValidationError(f"Activo: el {what} {dni} tiene asignaciones vigentes ({years}); retírelas "
                              "antes de desactivarlo.", "activo")


def school_missing(modular_code: str, annex: str) -> ValidationError:
    return ValidationError(f"Código modular: la IE {modular_code}-{annex} no está registrada; cárguela antes "
                           "(Instituciones educativas o la importación de IIEE).", "codigo_modular")
