"""The thresholds of the checks: each a whole number with a Spanish label and limits (bad values are
refused naming the field)."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Mapping

from ..errors import ValidationError


@dataclass(frozen=True)
class ParamSpec:
    name: str
    label: str
    default: int
    minimum: int
    maximum: int


SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("late_days", "Días después de la ejecución para considerar tardío un registro", 30, 1, 365),
    ParamSpec("validation_days", "Días de espera de validación para marcarla como antigua", 15, 1, 365),
    ParamSpec("observation_days", "Días que una observación puede seguir sin corregir", 15, 1, 365),
    ParamSpec("flat_min_visits", "Visitas ejecutadas mínimas para juzgar la rúbrica de un AP", 4, 2, 100),
    ParamSpec("same_min_teachers", "Docentes mínimos en el mes para juzgar niveles repetidos", 3, 2, 100),
    ParamSpec("other_share", "Porcentaje máximo de no ejecuciones con motivo «Otro»", 20, 1, 100),
    ParamSpec("other_min", "No ejecuciones mínimas de un AP para juzgar el uso de «Otro»", 5, 1, 1000),
    ParamSpec("ratio_margin", "Docentes que un AP puede tener por encima del protocolo", 0, 0, 50),
)
SPEC_BY_NAME = {s.name: s for s in SPECS}


@dataclass(frozen=True)
class Params:
    late_days: int = 30
    validation_days: int = 15
    observation_days: int = 15
    flat_min_visits: int = 4
    same_min_teachers: int = 3
    other_share: int = 20
    other_min: int = 5
    ratio_margin: int = 0

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def params_from(values: Mapping[str, object], base: Params | None = None) -> Params:
    """`base` (default: the defaults) with `values` applied; every value checked against its limits."""
    changes: dict[str, int] = {}
    for name, raw in values.items():
        spec = SPEC_BY_NAME.get(name)
        if spec is None:
            raise ValidationError(f"Parámetro desconocido: «{name}».", name)
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise ValidationError(f"{spec.label}: «{raw}» no es un número entero.", name) from None
        if not spec.minimum <= value <= spec.maximum:
            raise ValidationError(f"{spec.label}: debe estar entre {spec.minimum} y {spec.maximum} "
                                  f"(se indicó {value}).", name)
        changes[name] = value
    return replace(base or Params(), **changes)

