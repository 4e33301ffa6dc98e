"""One activity's record in full (plan, what was registered, attendance, rubric with the desempeño names of
the year's rubric, IIEE and viáticos of a ruta, materials, notes, who registered it and when, and every
observation and correction from the change log): read by the Gestor Local before validating, by the AP
for their own records, and printed as a single visit's record."""
from __future__ import annotations

import json
from uuid import UUID

from ..domain.dates import format_date, format_datetime, month_name
from ..domain.enums import KIND_LABELS, VISIT_TYPE_LABELS, ActivityKind, VisitType
from ..domain.errors import NotFound
from ..domain.money import format_soles, from_cents
from ..domain.permissions import Action
from ..domain.record_detail import DetailSection, RecordDetail
from ..domain.rules.common import closed_mark
from ..domain.rules.registration import LEVEL_FIELDS
from ..storage import models as m
from .activity_access import actor_of, check_own_coach
from .context import Context, check_ugel_scope
from ..storage import record_queries as rec

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
STATES = {"pendiente": "Pendiente de validación", "validada": "Validada", "observada": "Observada"}


def _person(p) -> str:
    return f"{p.last_name_1}{' ' + p.last_name_2 if p.last_name_2 else ''}, {p.first_names}"


def _school(s: m.School | None) -> str:
    return f"{s.name} (cód. modular {s.modular_code})" if s else "—"


class RecordDetailService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def of_execution(self, execution_id: UUID) -> RecordDetail:
        with self._ctx.unit(write=False, action=Action.READ) as u:
            e = u.get(m.Execution, execution_id)
            if e is None:
                raise NotFound("El registro ya no existe.")
            return self._detail(u, u.get(m.Activity, e.activity_id), e)

    def of_activity(self, activity_id: UUID) -> RecordDetail:
        with self._ctx.unit(write=False, action=Action.READ) as u:
            a = u.get(m.Activity, activity_id)
            if a is None or a.deleted_at is not None:
                raise NotFound("La actividad ya no existe o fue retirada.")
            return self._detail(u, a, rec.live_execution(u, a.id))

    def _detail(self, u, a: m.Activity, e: m.Execution | None) -> RecordDetail:
        actor = actor_of(self._ctx)
        check_ugel_scope(actor, u, a.ugel_id)
        check_own_coach(actor, a.coach_id)
        coach = u.get(m.Coach, a.coach_id)
        teacher = u.get(m.Teacher, a.teacher_id) if a.teacher_id else None
        school = u.get(m.School, a.school_id) if a.school_id else (
            u.get(m.School, teacher.school_id) if teacher else None)
        kind = KIND_LABELS[ActivityKind(a.kind)]
        if a.visit_type:
            kind += f" ({VISIT_TYPE_LABELS[VisitType(a.visit_type)]})"
        subject = _person(teacher) if teacher else (a.topic or (school.name if school else ""))
        plan = [("Actividad", kind), ("Mes", f"{month_name(a.month).capitalize()} {a.year}"),
                ("Fecha programada", format_date(a.planned_date) or "sin fecha"),
                ("Acompañante", f"{_person(coach)} (DNI {coach.dni})")]
        if teacher:
            plan.append(("Docente", f"{_person(teacher)} (DNI {teacher.dni})"))
        if school:
            plan.append(("Institución educativa", _school(school)))
        if a.topic:
            plan.append(("Tema", a.topic))
        if a.planned_hours:
            plan.append(("Horas programadas", str(a.planned_hours)))
        if a.planned_days:
            plan.append(("Días programados", str(a.planned_days)))
        if a.allowance_assigned_cents is not None:
            plan.append(("Viáticos asignados", format_soles(from_cents(a.allowance_assigned_cents))))
        if getattr(a, "quantity_planned", None) is not None:
            plan.append(("Kits planificados", str(a.quantity_planned)))
        sections = [DetailSection("Planificación", tuple(plan))]
        members = u.all(m.ActivityParticipant, activity_id=a.id)
        if e is None:
            sections.append(DetailSection("Registro", (("Estado", "Sin registro de ejecución ni de no ejecución"),)))
        else:
            sections += self._record(u, a, e, members)
        closed = rec.is_month_closed(u, a.ugel_id, a.year, a.month)
        ugel = u.get(m.Ugel, a.ugel_id)
        title = f"{kind} — {subject}" if subject else kind
        return RecordDetail(a.id, e.id if e else None, title, ugel.code, a.year, a.month, coach.dni, _person(coach),
                            tuple(sections), closed_mark(closed) if closed else "")

    def _record(self, u, a: m.Activity, e: m.Execution, members) -> list[DetailSection]:
        executed = e.outcome == "ejecutada"
        lines = [("Resultado", "Ejecutada" if executed else "No ejecutada"),
                 ("Fecha de ejecución" if executed else "Fecha del registro", format_date(e.executed_on)),
                 ("Estado de validación", STATES.get(e.validation_state, e.validation_state))]
        if not executed:
            reason = u.get(m.SkipReason, e.skip_reason_id) if e.skip_reason_id else None
            lines.append(("Motivo de no ejecución", reason.name if reason else "—"))
            if e.skip_note:
                lines.append(("Detalle del motivo", e.skip_note))
        for label, value in (("Horas", e.hours), ("Días", e.days), ("Padres y madres", e.parents),
                             ("Sabios y sabias", e.elders), ("Autoridades", e.authorities),
                             ("Kits entregados", e.quantity_delivered)):
            if value is not None:
                lines.append((label, str(value)))
        if e.allowance_spent_cents is not None:
            lines.append(("Viáticos rendidos", format_soles(from_cents(e.allowance_spent_cents))))
        if e.notes:
            lines.append(("Notas", e.notes))
        registered_by = rec.user_name(u, e.created_by) if e.created_by else "el sistema"
        lines.append(("Registrado por", f"{registered_by}, el {format_datetime(e.created_at)}"))
        if e.updated_at and e.updated_at != e.created_at:
            lines.append(("Última modificación", f"{rec.user_name(u, e.updated_by)}, el {format_datetime(e.updated_at)}"))
        out = [DetailSection("Registro", tuple(lines))]
        if executed and a.kind == "visita":
            names = {i.number: i.name for i in rec.rubric_items_for_year(u, a.year)}
            levels = [(f"Desempeño {n}: {names.get(n, '')}".rstrip(": "), f"Nivel {ROMAN[getattr(e, col)]}")
                      for n, col in LEVEL_FIELDS.items() if getattr(e, col) is not None]
            out.append(DetailSection(f"Rúbrica de observación {a.year}", tuple(levels) or (("", "Sin niveles"),)))
        people = u.all(m.ExecutionParticipant, execution_id=e.id)
        if a.kind in ("gia", "taller"):
            attended = {p.teacher_id: p.attended for p in people if p.teacher_id}
            convened = [p.teacher_id for p in members if p.teacher_id] or list(attended)
            rows = []
            for tid in dict.fromkeys(convened + list(attended)):
                t = u.get(m.Teacher, tid)
                mark = "asistió" if attended.get(tid) else "no asistió"
                rows.append((f"{_person(t)} (DNI {t.dni})", mark))
            out.append(DetailSection(f"Asistencia ({sum(attended.values())} de {len(rows)} convocados)",
                                     tuple(rows)))
        if a.kind == "ruta":
            visited = {p.school_id for p in people if p.school_id}
            planned = [p.school_id for p in members if p.school_id]
            rows = [(_school(u.get(m.School, s)), "visitada" if s in visited else "no visitada")
                    for s in dict.fromkeys(planned + sorted(visited, key=str))]
            out.append(DetailSection(f"IIEE de la ruta ({len(visited)} visitadas)", tuple(rows) or (("", "—"),)))
        review = self._reviews(u, e)
        if review:
            out.append(DetailSection("Observaciones y correcciones", tuple(review)))
        return out

    @staticmethod
    def _reviews(u, e: m.Execution) -> list[tuple[str, str]]:
        """Each observation (with its comment), correction and validation, from the change log."""
        out = []
        names: dict[str, str] = {}
        for entry in rec.history(u, [e.id]):
            changes = json.loads(entry.changes)
            if entry.user_dni not in names:
                user = u.find(m.UserAccount, dni=entry.user_dni)
                names[entry.user_dni] = user.name if user else "el sistema"
            who = f"{names[entry.user_dni]}, {format_datetime(entry.at)}"
            state = changes.get("validation_state")
            if state and state[1] == "observada":
                comment = (changes.get("validation_comment") or [None, e.validation_comment])[1]
                out.append((f"Observada por {who}", comment or ""))
            elif state and state[1] == "validada":
                out.append((f"Validada por {who}", ""))
            elif state and state[0] == "observada" and state[1] == "pendiente":
                fields = sorted(k for k in changes if k not in ("validation_state", "validation_comment",
                                                                "validated_by", "validated_at"))
                out.append((f"Corregida por {who}", "cambió: " + ", ".join(fields) if fields else ""))
        return out
