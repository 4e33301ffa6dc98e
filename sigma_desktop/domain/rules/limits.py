"""Every field a person types into an activity, review or assignment: its label, its limits and the one
message of each violation. Forms, services and the spreadsheet import all read them from here.

A message always starts with the field's label («Horas: …»); the import drops the label because its
column already names the field (`importing.problems.without_label`).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Count:
    """A whole number between `low` and `high`; `missing` is the message when it is required and absent,
    `below` an optional kinder message for a value under `low` (a form's empty spin box)."""

    field: str
    label: str
    low: int
    high: int
    missing: str | None = None
    below: str | None = None

    def problem(self, value: object) -> str | None:
        if value is None:
            return f"{self.label}: {self.missing}" if self.missing else None
        if type(value) is not int or not self.low <= value <= self.high:
            if self.below and type(value) is int and value < self.low:
                return f"{self.label}: {self.below}"
            return self.not_whole(value)
        return None

    def not_whole(self, shown: object) -> str:
        return f"{self.label}: debe ser un número entero entre {self.low} y {self.high} (se recibió «{shown}»)."


@dataclass(frozen=True, slots=True)
class Text:
    """Free text: spaces collapsed (`multiline`: only trimmed), at most `max_len` characters; when
    required, `missing` is the message for an empty value and `min_len` the least it must say."""

    field: str
    label: str
    max_len: int
    missing: str | None = None
    min_len: int = 1
    multiline: bool = False

    def clean(self, value: str | None) -> str | None:
        if value is None:
            return None
        text = value.strip() if self.multiline else " ".join(value.split())
        return text or None

    def problem(self, text: str | None) -> str | None:
        """`text` as `clean` left it."""
        if text is None or len(text) < self.min_len:
            return f"{self.label}: {self.missing}" if self.missing else None
        if len(text) > self.max_len:
            return f"{self.label}: admite como máximo {self.max_len} caracteres (tiene {len(text)})."
        return None


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount in soles, already in céntimos (`domain.money.to_cents` reads what was typed)."""

    field: str
    label: str

    def problem(self, cents: int | None) -> str | None:
        return f"{self.label}: indique el monto en soles." if cents is None else None


# --- planning --------------------------------------------------------------------------------------------
TOPIC = Text("tema", "Tema", 200, missing="es obligatorio.")
PLANNED_HOURS = Count("horas", "Horas", 1, 40)
PLANNED_DAYS = Count("dias", "Días", 1, 10)
ALLOWANCE = Amount("viaticos_asignados", "Viáticos asignados")
ROUTE_DAYS = Count("dias", "Días de viático", 1, 31, missing="indique cuántos días (1 a 31).",
                   below="indique cuántos días (1 a 31).")
KIT = Text("kit", "Kit de materiales", 120, missing="es obligatorio.")
QUANTITY = Count("cantidad", "Cantidad", 1, 10000, missing="indique cuántos kits (1 a 10000).",
                 below="indique cuántos kits (1 a 10000).")
WITHDRAW_REASON = Text("motivo", "Motivo", 300, missing="indique por qué se retira la actividad planificada.")

# --- registration ----------------------------------------------------------------------------------------
NOTES = Text("notas", "Notas", 2000, multiline=True)
HOURS_DONE = Count("horas", "Horas", 1, 80, missing="indique la duración en horas.",
                   below="indique la duración en horas.")
GIA_DAYS_DONE = Count("dias", "Días", 0, 10)
WORKSHOP_DAYS_DONE = Count("dias", "Días", 0, 10, missing="indique cuántos días duró el taller.")
PARENTS = Count("padres", "Padres de familia", 0, 5000)
ELDERS = Count("sabios", "Sabios", 0, 5000)
AUTHORITIES = Count("autoridades", "Autoridades", 0, 5000)
SPENT = Amount("viaticos_rendidos", "Viáticos rendidos")
ROUTE_DAYS_DONE = Count("dias", "Días de viático", 0, 31, missing="es obligatorio.")
DELIVERED = Count("cantidad", "Cantidad entregada", 1, 10000,
                  missing="indique cuántos kits se entregaron (si no se entregó ninguno, registre la no "
                          "ejecución).",
                  below="indique cuántos kits se entregaron (si no se entregó ninguno, registre la no "
                        "ejecución).")
SKIP_NOTE = Text("detalle_motivo", "Detalle del motivo", 1000)

# --- review, papelera, closing, assignments ----------------------------------------------------------------
OBSERVATION = Text("observacion", "Observación", 1000, min_len=5,
                   missing="explique al acompañante qué debe corregir (al menos 5 caracteres).")
DELETE_REASON = Text("motivo", "Motivo de eliminación", 300, min_len=5,
                     missing="explique por qué se elimina el registro (al menos 5 caracteres).")
REOPEN_REASON = Text("motivo", "Motivo de reapertura", 300, min_len=5,
                     missing="explique por qué se reabre el mes (al menos 5 caracteres).")
UNASSIGN_REASON = Text("motivo", "Motivo", 300, missing="indique por qué se retira la asignación.")
NO_PLAN_REASON = Text("motivo", "Motivo", 300, missing="indique por qué no se planificará al docente.")

COUNTS = (PLANNED_HOURS, PLANNED_DAYS, ROUTE_DAYS, QUANTITY, HOURS_DONE, GIA_DAYS_DONE, WORKSHOP_DAYS_DONE,
          PARENTS, ELDERS, AUTHORITIES, ROUTE_DAYS_DONE, DELIVERED)
