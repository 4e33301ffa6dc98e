"""Catálogos y protocolos (administrator): protocol targets per intervention, year and level; the next
year's protocol made from the current one; the motivos de no ejecución (add, rename, deactivate; the code
is fixed once used). The rubric versions are read-only (BrowseService.rubric_versions).

Every write is one unit of work with its change-log entries; a replica refuses them (the catalogues are
the hub's). The indicators read the protocol at every computation: a new target counts from the next one.
"""
from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ..domain import catalogue_rules as rules
from ..domain import master_rules
from ..domain.errors import NotFound, StaleRecord, ValidationError
from ..domain.permissions import Action
from ..storage import catalogue_queries as q
from ..storage import models as m
from .context import Context, get_or_fail
from .replica_guard import refuse_on_replica


@dataclass(frozen=True)
class CopyResult:
    from_year: int
    to_year: int
    created: int
    kept: int  # already in the target year: left as they were


class CatalogueAdminService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _write(self):
        return self._ctx.unit(write=True, action=Action.MANAGE_CATALOGUES)

    # --- protocols ----------------------------------------------------------------------------------
    def update_protocol(self, protocol_id: UUID, targets: dict[str, object], *, version: int | None = None) -> None:
        """Changes the targets given (field name → number); `version` guards against a concurrent edit."""
        values = rules.protocol_targets(targets)
        with self._write() as u:
            refuse_on_replica(u, "Protocolo")
            row = get_or_fail(u, m.Protocol, protocol_id, "el protocolo")
            if version is not None and row.version != version:
                raise StaleRecord("Otro usuario cambió este protocolo mientras lo editaba; vuelva a abrirlo.")
            merged = {f.name: getattr(row, f.name) for f in rules.PROTOCOL_FIELDS} | values
            rules.protocol_targets(merged)  # the period as a whole (first and last month) stays consistent
            for key, value in values.items():
                if getattr(row, key) != value:
                    setattr(row, key, value)

    def add_protocol(self, intervention: str, year: int, level: str, targets: dict[str, object]) -> UUID:
        """Targets for a level the intervention had none for in that year (e.g. Secundaria)."""
        level = master_rules.school_level(level)
        year = _year(year)
        values = rules.protocol_targets(targets)
        with self._write() as u:
            refuse_on_replica(u, "Protocolo")
            inter = u.find(m.Intervention, key=intervention)
            if inter is None:
                raise ValidationError(f"Intervención: «{intervention}» no existe.", "intervencion")
            if u.find(m.Protocol, intervention_id=inter.id, year=year, level=level):
                raise ValidationError(f"Nivel: {inter.name} {year} ya tiene protocolo para "
                                      f"{master_rules.LEVEL_LABELS[level].lower()}; edítelo.", "nivel")
            missing = next((f for f in rules.PROTOCOL_FIELDS if f.name not in values and f.name in rules.REQUIRED),
                           None)
            if missing is not None:
                raise ValidationError(f"{missing.label}: es obligatorio.", missing.name)
            return u.add(m.Protocol(intervention_id=inter.id, year=year, level=level, **values)).id

    def copy_year(self, from_year: int, to_year: int | None = None) -> CopyResult:
        """The next year's protocol (or `to_year`'s) from `from_year`'s: rows the target year lacks are
        copied, those it has are kept as they are."""
        from_year = _year(from_year)
        to_year = _year(from_year + 1 if to_year is None else to_year)
        if to_year == from_year:
            raise ValidationError("Año de destino: debe ser distinto del año de origen.", "anio")
        with self._write() as u:
            refuse_on_replica(u, "Protocolo")
            source = u.all(m.Protocol, year=from_year)
            if not source:
                raise NotFound(f"Año de origen: {from_year} no tiene protocolo.")
            created = kept = 0
            for p in source:
                if u.find(m.Protocol, intervention_id=p.intervention_id, year=to_year, level=p.level):
                    kept += 1
                    continue
                u.add(m.Protocol(intervention_id=p.intervention_id, year=to_year, level=p.level,
                                 **{f.name: getattr(p, f.name) for f in rules.PROTOCOL_FIELDS}))
                created += 1
            return CopyResult(from_year, to_year, created, kept)

    # --- motivos de no ejecución --------------------------------------------------------------------
    def add_skip_reason(self, code: str, name: str, *, requires_text: bool = False) -> UUID:
        code = rules.skip_reason_code(code)
        name = master_rules.clean_text(name, "Nombre del motivo", "nombre", max_len=160)
        with self._write() as u:
            refuse_on_replica(u, "Motivo de no ejecución", "codigo")
            if q.skip_reason_by_code(u, code) is not None:
                raise ValidationError(f"Código del motivo: «{code}» ya existe.", "codigo")
            position = q.last_skip_position(u) + 1
            return u.add(m.SkipReason(code=code, name=name, requires_text=bool(requires_text), position=position)).id

    def update_skip_reason(self, reason_id: UUID, *, name: str | None = None, code: str | None = None,
                           requires_text: bool | None = None, active: bool | None = None) -> None:
        name = None if name is None else master_rules.clean_text(name, "Nombre del motivo", "nombre", max_len=160)
        code = None if code is None else rules.skip_reason_code(code)
        with self._write() as u:
            refuse_on_replica(u, "Motivo de no ejecución", "codigo")
            row = get_or_fail(u, m.SkipReason, reason_id, "el motivo de no ejecución")
            if code is not None and code != row.code:
                rules.code_change(row.code, code, q.skip_reason_uses(u, row.id))
                if q.skip_reason_by_code(u, code) is not None:
                    raise ValidationError(f"Código del motivo: «{code}» ya existe.", "codigo")
                row.code = code
            for key, value in (("name", name), ("requires_text", requires_text), ("active", active)):
                if value is not None and getattr(row, key) != value:
                    setattr(row, key, value)

    def skip_reason_uses(self, reason_id: UUID) -> int:
        with self._ctx.unit(write=False, action=Action.READ) as u:
            return q.skip_reason_uses(u, reason_id)


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"Año: «{value}» no es un año.", "anio") from None
    if not 2000 <= year <= 2100:
        raise ValidationError(f"Año: {year} está fuera de rango (2000 a 2100).", "anio")
    return year


__all__ = ["CatalogueAdminService", "CopyResult"]
