"""Master data: DRE, UGEL, schools, teachers and coaches (RCI and administrator)."""
from __future__ import annotations

from datetime import date
from uuid import UUID

from ..domain import catalogues as cat
from ..domain import codes
from ..domain.errors import ValidationError
from ..domain.permissions import Action
from ..storage import models as m
from .context import Context, check_ugel_scope


def _text(value: str | None, label: str, field: str, *, required: bool = True, max_len: int = 160) -> str | None:
    text = " ".join((value or "").split())
    if not text:
        if required:
            raise ValidationError(f"{label}: es obligatorio.", field)
        return None
    if len(text) > max_len:
        raise ValidationError(f"{label}: admite como máximo {max_len} caracteres.", field)
    return text


def _choice(value: str | None, options: tuple[str, ...], label: str, field: str) -> str:
    text = (value or "").strip().lower()
    if text not in options:
        raise ValidationError(f"{label}: «{value}» no es válido (use: {', '.join(options)}).", field)
    return text


class MasterDataService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _write(self):
        return self._ctx.unit(write=True, action=Action.MANAGE_MASTER_DATA, allow_system=True)

    def add_dre(self, code: str, name: str, department_code: str | None = None) -> UUID:
        code = codes.office_code(code, "codigo_dre")
        name = _text(name, "Nombre de la DRE", "nombre")
        with self._write() as u:
            if u.find(m.Dre, code=code):
                raise ValidationError(f"Código de DRE: {code} ya existe.", "codigo_dre")
            return u.add(m.Dre(code=code, name=name, department_code=department_code)).id

    def add_ugel(self, code: str, name: str, dre_code: str) -> UUID:
        code = codes.office_code(code, "codigo_ugel")
        name = _text(name, "Nombre de la UGEL", "nombre")
        with self._write() as u:
            dre = u.find(m.Dre, code=codes.office_code(dre_code, "codigo_dre"))
            if dre is None:
                raise ValidationError(f"Código de DRE: {dre_code} no existe.", "codigo_dre")
            if u.find(m.Ugel, code=code):
                raise ValidationError(f"Código de UGEL: {code} ya existe.", "codigo_ugel")
            return u.add(m.Ugel(code=code, name=name, dre_id=dre.id)).id

    def add_school(self, modular_code: str, annex: str, name: str, level: str, area: str,
                   ubigeo: str, ugel_code: str, *, local_code: str | None = None,
                   characteristic: str | None = None) -> UUID:
        modular_code = codes.modular_code(modular_code)
        annex = codes.annex(annex)
        name = _text(name, "Nombre de la IE", "nombre")
        level = _choice(level, cat.SCHOOL_LEVELS, "Nivel", "nivel")
        area = _choice(area, ("urbana", "rural"), "Área", "area")
        ubigeo = codes.ubigeo(ubigeo)
        if local_code:
            local_code = codes.local_code(local_code)
        if characteristic:
            characteristic = _choice(characteristic, cat.SCHOOL_CHARACTERISTICS, "Característica",
                                     "caracteristica")
        with self._write() as u:
            ugel = self._ugel(u, ugel_code)
            if u.get(m.Ubigeo, ubigeo) is None:
                raise ValidationError(f"Ubigeo: {ubigeo} no es un distrito del INEI.", "ubigeo")
            if u.find(m.School, modular_code=modular_code, annex=annex):
                raise ValidationError(
                    f"Código modular: ya existe la IE {modular_code}-{annex}.", "codigo_modular")
            return u.add(m.School(modular_code=modular_code, annex=annex, name=name, level=level,
                                  area=area, ubigeo=ubigeo, ugel_id=ugel.id, local_code=local_code,
                                  characteristic=characteristic)).id

    def add_teacher(self, dni: str, first_names: str, last_name_1: str, last_name_2: str | None,
                    modular_code: str, annex: str = "0") -> UUID:
        dni = codes.dni(dni)
        first = _text(first_names, "Nombres", "nombres", max_len=80)
        last1 = _text(last_name_1, "Apellido paterno", "apellido_paterno", max_len=60)
        last2 = _text(last_name_2, "Apellido materno", "apellido_materno", required=False, max_len=60)
        with self._write() as u:
            school = u.find(m.School, modular_code=codes.modular_code(modular_code),
                            annex=codes.annex(annex))
            if school is None:
                raise ValidationError(f"Código modular: la IE {modular_code}-{annex} no existe.",
                                      "codigo_modular")
            check_ugel_scope(self._actor(), u, school.ugel_id)
            if u.find(m.Teacher, dni=dni):
                raise ValidationError(f"DNI: ya existe un docente con el DNI {dni}.", "dni")
            return u.add(m.Teacher(dni=dni, first_names=first, last_name_1=last1, last_name_2=last2,
                                   school_id=school.id, ugel_id=school.ugel_id)).id

    def add_coach(self, dni: str, first_names: str, last_name_1: str, last_name_2: str | None,
                  ugel_code: str, intervention: str, contract_start: date | None = None,
                  contract_end: date | None = None) -> UUID:
        dni = codes.dni(dni)
        first = _text(first_names, "Nombres", "nombres", max_len=80)
        last1 = _text(last_name_1, "Apellido paterno", "apellido_paterno", max_len=60)
        last2 = _text(last_name_2, "Apellido materno", "apellido_materno", required=False, max_len=60)
        if contract_start and contract_end and contract_end < contract_start:
            raise ValidationError("Fin de contrato: no puede ser anterior al inicio.", "fin_contrato")
        with self._write() as u:
            ugel = self._ugel(u, ugel_code)
            inter = u.find(m.Intervention, key=intervention)
            if inter is None:
                raise ValidationError(f"Intervención: «{intervention}» no existe.", "intervencion")
            if u.find(m.Coach, dni=dni):
                raise ValidationError(f"DNI: ya existe un acompañante con el DNI {dni}.", "dni")
            return u.add(m.Coach(dni=dni, first_names=first, last_name_1=last1, last_name_2=last2,
                                 ugel_id=ugel.id, intervention_id=inter.id,
                                 contract_start=contract_start, contract_end=contract_end)).id

    def _actor(self):
        from ..domain.permissions import SYSTEM

        return self._ctx.actor or SYSTEM

    def _ugel(self, u, ugel_code: str):
        ugel = u.find(m.Ugel, code=codes.office_code(ugel_code, "codigo_ugel"))
        if ugel is None:
            raise ValidationError(f"Código de UGEL: {ugel_code} no existe.", "codigo_ugel")
        check_ugel_scope(self._actor(), u, ugel.id)
        return ugel
