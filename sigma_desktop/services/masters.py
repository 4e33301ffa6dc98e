"""Master data: schools (IIEE), teachers and coaches, created and edited by the RCI of their UGEL and the
administrator, in the window and by import, with the rules of domain/master_rules.py.

Nothing here is deleted: a school, teacher or coach is deactivated (and reactivated), keeping their
activities and their history; every change goes to the change log in the same transaction. DRE and UGEL
are the administrator's (services/offices.py); `add_dre` and `add_ugel` are kept here for the callers that
build a world of master data.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from ..domain import codes
from ..domain import master_rules as rules
from ..domain.dates import today_lima
from ..domain.errors import ValidationError
from ..domain.permissions import Action
from ..storage import models as m
from .context import Context, check_ugel_scope, get_or_fail

@dataclass(frozen=True)
class SchoolDetail:
    id: UUID
    modular_code: str
    annex: str
    local_code: str | None
    name: str
    level: str
    characteristic: str | None
    area: str
    ubigeo: str
    ugel_code: str
    active: bool
    version: int


@dataclass(frozen=True)
class TeacherDetail:
    id: UUID
    dni: str
    first_names: str
    last_name_1: str
    last_name_2: str | None
    modular_code: str
    annex: str
    school_name: str
    ugel_code: str
    active: bool
    version: int


@dataclass(frozen=True)
class CoachDetail:
    id: UUID
    dni: str
    first_names: str
    last_name_1: str
    last_name_2: str | None
    ugel_code: str
    intervention: str  # key
    contract_start: date | None
    contract_end: date | None
    active: bool
    version: int


class MasterDataService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _write(self):
        return self._ctx.unit(write=True, action=Action.MANAGE_MASTER_DATA)

    def _read(self):
        return self._ctx.unit(write=False, action=Action.READ)

    def _actor(self):
        return self._ctx.current()

    def _ugel(self, u, ugel_code: str):
        ugel = u.find(m.Ugel, code=codes.office_code(ugel_code, "codigo_ugel"))
        if ugel is None:
            raise ValidationError(f"Código de UGEL: {ugel_code} no existe.", "codigo_ugel")
        check_ugel_scope(self._actor(), u, ugel.id)
        return ugel

    # --- DRE and UGEL (services/offices.py) -----------------------------------------------------------
    def add_dre(self, code: str, name: str, department_code: str | None = None) -> UUID:
        from .offices import OfficeService

        return OfficeService(self._ctx).add_dre(code, name, department_code)

    def add_ugel(self, code: str, name: str, dre_code: str) -> UUID:
        from .offices import OfficeService

        return OfficeService(self._ctx).add_ugel(code, name, dre_code)

    # --- schools ----------------------------------------------------------------------------------------
    def add_school(self, modular_code: str, annex: str, name: str, level: str, area: str,
                   ubigeo: str, ugel_code: str, *, local_code: str | None = None,
                   characteristic: str | None = None) -> UUID:
        modular_code = codes.modular_code(modular_code)
        annex = codes.annex(annex or "0")
        values = _school_values(name, level, area, ubigeo, local_code, characteristic)
        with self._write() as u:
            ugel = self._ugel(u, ugel_code)
            _check_ubigeo(u, values["ubigeo"])
            if u.find(m.School, modular_code=modular_code, annex=annex):
                raise ValidationError(f"Código modular: ya existe la IE {modular_code}-{annex}.", "codigo_modular")
            return u.add(m.School(modular_code=modular_code, annex=annex, ugel_id=ugel.id, **values)).id

    def update_school(self, school_id: UUID, *, name: str, level: str, area: str, ubigeo: str, ugel_code: str,
                      local_code: str | None = None, characteristic: str | None = None) -> None:
        """Every editable field of a school (its código modular and anexo identify it and stay)."""
        values = _school_values(name, level, area, ubigeo, local_code, characteristic)
        with self._write() as u:
            school = get_or_fail(u, m.School, school_id, "la institución educativa")
            check_ugel_scope(self._actor(), u, school.ugel_id)
            values["ugel_id"] = self._ugel(u, ugel_code).id
            _check_ubigeo(u, values["ubigeo"])
            _assign(school, values)
            u.flush()
            for teacher in u.all(m.Teacher, school_id=school.id):  # a teacher's UGEL is their school's
                if teacher.ugel_id != school.ugel_id:
                    teacher.ugel_id = school.ugel_id

    def set_school_active(self, school_id: UUID, active: bool) -> None:
        with self._write() as u:
            school = get_or_fail(u, m.School, school_id, "la institución educativa")
            check_ugel_scope(self._actor(), u, school.ugel_id)
            if school.active != bool(active):
                school.active = bool(active)

    def school(self, school_id: UUID) -> SchoolDetail:
        with self._read() as u:
            s = get_or_fail(u, m.School, school_id, "la institución educativa")
            check_ugel_scope(self._actor(), u, s.ugel_id)
            ugel = u.get(m.Ugel, s.ugel_id)
            return SchoolDetail(s.id, s.modular_code, s.annex, s.local_code, s.name, s.level, s.characteristic,
                                s.area, s.ubigeo, ugel.code, bool(s.active), s.version)

    # --- teachers ---------------------------------------------------------------------------------------
    def add_teacher(self, dni: str, first_names: str, last_name_1: str, last_name_2: str | None,
                    modular_code: str, annex: str = "0") -> UUID:
        dni = codes.dni(dni)
        first, last1, last2 = rules.person_names(first_names, last_name_1, last_name_2)
        with self._write() as u:
            school = self._school_by_code(u, modular_code, annex)
            if u.find(m.Teacher, dni=dni):
                raise ValidationError(f"DNI: ya existe un docente con el DNI {dni}.", "dni")
            return u.add(m.Teacher(dni=dni, first_names=first, last_name_1=last1, last_name_2=last2,
                                   school_id=school.id, ugel_id=school.ugel_id)).id

    def update_teacher(self, teacher_id: UUID, *, first_names: str, last_name_1: str, last_name_2: str | None,
                       modular_code: str, annex: str = "0") -> None:
        """Names and school (the UGEL follows the school). The DNI identifies the person and stays."""
        first, last1, last2 = rules.person_names(first_names, last_name_1, last_name_2)
        with self._write() as u:
            teacher = get_or_fail(u, m.Teacher, teacher_id, "el docente")
            check_ugel_scope(self._actor(), u, teacher.ugel_id)
            school = self._school_by_code(u, modular_code, annex)
            _assign(teacher, dict(first_names=first, last_name_1=last1, last_name_2=last2, school_id=school.id,
                                  ugel_id=school.ugel_id))

    def set_teacher_active(self, teacher_id: UUID, active: bool) -> None:
        with self._write() as u:
            teacher = get_or_fail(u, m.Teacher, teacher_id, "el docente")
            check_ugel_scope(self._actor(), u, teacher.ugel_id)
            if not active:
                rules.deactivation("docente", teacher.dni, _current_years(u, teacher_id=teacher.id))
            if teacher.active != bool(active):
                teacher.active = bool(active)

    def teacher(self, teacher_id: UUID) -> TeacherDetail:
        with self._read() as u:
            t = get_or_fail(u, m.Teacher, teacher_id, "el docente")
            check_ugel_scope(self._actor(), u, t.ugel_id)
            s = u.get(m.School, t.school_id)
            return TeacherDetail(t.id, t.dni, t.first_names, t.last_name_1, t.last_name_2, s.modular_code, s.annex,
                                 s.name, u.get(m.Ugel, t.ugel_id).code, bool(t.active), t.version)

    def _school_by_code(self, u, modular_code: str, annex: str):
        mod, ann = codes.modular_code(modular_code), codes.annex(annex or "0")
        school = u.find(m.School, modular_code=mod, annex=ann)
        if school is None:
            raise rules.school_missing(mod, ann)
        check_ugel_scope(self._actor(), u, school.ugel_id)
        return school

    # --- coaches ----------------------------------------------------------------------------------------
    def add_coach(self, dni: str, first_names: str, last_name_1: str, last_name_2: str | None,
                  ugel_code: str, intervention: str, contract_start: date | None = None,
                  contract_end: date | None = None) -> UUID:
        dni = codes.dni(dni)
        first, last1, last2 = rules.person_names(first_names, last_name_1, last_name_2)
        rules.contract_dates(contract_start, contract_end)
        with self._write() as u:
            ugel = self._ugel(u, ugel_code)
            inter = _intervention(u, intervention)
            if u.find(m.Coach, dni=dni):
                raise ValidationError(f"DNI: ya existe un acompañante con el DNI {dni}.", "dni")
            return u.add(m.Coach(dni=dni, first_names=first, last_name_1=last1, last_name_2=last2,
                                 ugel_id=ugel.id, intervention_id=inter.id,
                                 contract_start=contract_start, contract_end=contract_end)).id

    def update_coach(self, coach_id: UUID, *, first_names: str, last_name_1: str, last_name_2: str | None,
                     ugel_code: str, intervention: str, contract_start: date | None = None,
                     contract_end: date | None = None) -> None:
        """Names, UGEL, intervention and contract dates. The DNI identifies the person (and their account)."""
        first, last1, last2 = rules.person_names(first_names, last_name_1, last_name_2)
        rules.contract_dates(contract_start, contract_end)
        with self._write() as u:
            coach = get_or_fail(u, m.Coach, coach_id, "el acompañante")
            check_ugel_scope(self._actor(), u, coach.ugel_id)
            ugel = self._ugel(u, ugel_code)
            inter = _intervention(u, intervention)
            if inter.id != coach.intervention_id:
                old = u.get(m.Intervention, coach.intervention_id)
                rules.coach_intervention_change(coach.dni, old.name, inter.name, _current_years(u, coach_id=coach.id))
            _assign(coach, dict(first_names=first, last_name_1=last1, last_name_2=last2, ugel_id=ugel.id,
                                intervention_id=inter.id, contract_start=contract_start, contract_end=contract_end))
            account = u.find(m.UserAccount, coach_id=coach.id)
            if account is not None and account.ugel_id != ugel.id:
                account.ugel_id = ugel.id  # an AP works in the UGEL of their coach record

    def set_coach_active(self, coach_id: UUID, active: bool) -> None:
        with self._write() as u:
            coach = get_or_fail(u, m.Coach, coach_id, "el acompañante")
            check_ugel_scope(self._actor(), u, coach.ugel_id)
            if not active:
                rules.deactivation("acompañante", coach.dni, _current_years(u, coach_id=coach.id))
            if coach.active != bool(active):
                coach.active = bool(active)

    def coach(self, coach_id: UUID) -> CoachDetail:
        with self._read() as u:
            c = get_or_fail(u, m.Coach, coach_id, "el acompañante")
            check_ugel_scope(self._actor(), u, c.ugel_id)
            return CoachDetail(c.id, c.dni, c.first_names, c.last_name_1, c.last_name_2, u.get(m.Ugel, c.ugel_id).code,
                               u.get(m.Intervention, c.intervention_id).key, c.contract_start, c.contract_end,
                               bool(c.active), c.version)


def _school_values(name, level, area, ubigeo, local_code, characteristic) -> dict:
    return dict(name=rules.school_name(name), level=rules.school_level(level), area=rules.school_area(area),
                ubigeo=codes.ubigeo(ubigeo), local_code=codes.local_code(local_code) if local_code else None,
                characteristic=rules.school_characteristic(characteristic))


def _check_ubigeo(u, ubigeo: str) -> None:
    if u.get(m.Ubigeo, ubigeo) is None:
        raise ValidationError(f"Ubigeo: {ubigeo} no es un distrito del INEI.", "ubigeo")


def _intervention(u, key: str):
    inter = u.find(m.Intervention, key=key)
    if inter is None:
        raise ValidationError(f"Intervención: «{key}» no existe.", "intervencion")
    return inter


def _assign(row, values: dict) -> None:
    """Sets only what changes, so the change log names only the fields the user changed."""
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)


def _current_years(u, *, teacher_id: UUID | None = None, coach_id: UUID | None = None) -> list[int]:
    """Years from the current one on in which the person has live assignments."""
    this = today_lima().year
    where = {"teacher_id": teacher_id} if teacher_id is not None else {"coach_id": coach_id}
    return sorted({a.year for a in u.all(m.Assignment, **where) if a.year >= this})
