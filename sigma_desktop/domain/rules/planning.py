"""Planning: what a coach may plan in a month (visita diagnóstica first, GIA and talleres that convene
their teachers, rutas, visitas sociales comunitarias in EIB, entregas de materiales), withdrawing a plan,
and the amendments a spreadsheet may make to a plan it matches."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from ..enums import ActivityKind, VisitType
from . import limits as L
from .common import closed_problem, period_problem, planned_date_problem, unassigned_problem
from .facts import ActivityFacts, PlanFacts, TeacherFacts, VisitHistory
from .verdict import Problems, Refused, Unchanged

_DIAGNOSTIC = VisitType.DIAGNOSTIC.value  # enum attribute access is slow in a loop over many rows
_DEVELOPMENT = VisitType.DEVELOPMENT.value
_VISIT = ActivityKind.VISIT.value
_VISIT_TYPES = frozenset(v.value for v in VisitType)
_GROUPS = frozenset({ActivityKind.GROUP_SESSION.value, ActivityKind.WORKSHOP.value})


# --- commands -------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PlanVisit:
    coach_id: UUID
    teacher_id: UUID
    year: int
    month: int
    planned_date: date | None = None
    visit_type: str | None = None  # None: the rule proposes it (diagnóstica first)


@dataclass(frozen=True, slots=True)
class PlanGroup:
    kind: str  # gia | taller
    coach_id: UUID
    year: int
    month: int
    teacher_ids: tuple[UUID, ...]
    topic: str | None
    hours: int | None = None
    days: int | None = None
    planned_date: date | None = None


@dataclass(frozen=True, slots=True)
class PlanCommunityVisit:
    coach_id: UUID
    school_id: UUID
    year: int
    month: int
    planned_date: date | None = None


@dataclass(frozen=True, slots=True)
class PlanRoute:
    coach_id: UUID
    year: int
    month: int
    school_ids: tuple[UUID, ...]
    allowance_cents: int | None
    days: int | None
    planned_date: date | None = None


@dataclass(frozen=True, slots=True)
class PlanMaterials:
    coach_id: UUID
    year: int
    month: int
    kit: str | None
    quantity: int | None
    teacher_id: UUID | None = None
    school_id: UUID | None = None
    planned_date: date | None = None


@dataclass(frozen=True, slots=True)
class Withdraw:
    activity_id: UUID
    reason: str | None


@dataclass(frozen=True, slots=True)
class AmendPlan:
    """What a spreadsheet row says about a plan it matched: a visit's type, new planned figures (None: not
    given) and teachers or schools to add."""

    visit_type: str | None = None
    hours: int | None = None
    days: int | None = None
    allowance_cents: int | None = None
    quantity: int | None = None
    members: tuple[UUID, ...] = ()


# --- writes ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class NewActivity:
    values: dict[str, Any]          # the activity's columns
    teachers: tuple[UUID, ...] = ()  # convened (GIA, taller)
    schools: tuple[UUID, ...] = ()   # of the route


@dataclass(frozen=True, slots=True)
class Withdrawal:
    reason: str


@dataclass(frozen=True, slots=True)
class Amendment:
    changes: dict[str, tuple[Any, Any]]  # column → (old, new)
    members: tuple[UUID, ...]            # added teachers (GIA, taller) or schools (ruta)


# --- rules ------------------------------------------------------------------------------------------------

def _where(p: Problems, facts: PlanFacts, year: int, month: int, planned: date | None) -> None:
    bad_period = period_problem(year, month)
    if bad_period:
        p.add(*bad_period)
    else:
        p.add("fecha_programada", planned_date_problem(planned, year, month))
        p.add("mes", closed_problem(facts.month_closed, year, month))


def _new(kind: str, facts: PlanFacts, year: int, month: int, planned: date | None, **values) -> dict[str, Any]:
    coach = facts.coach
    return dict(kind=kind, coach_id=coach.id, intervention_id=coach.intervention_id, ugel_id=coach.ugel_id,
                year=year, month=month, planned_date=planned, **values)


def visit_type_problem(requested: str | None, history: VisitHistory, month: int, coach_id: UUID | None = None
                       ) -> tuple[str | None, str | None]:
    """(the visit's type, the message refusing it) for a visit `coach_id` plans: the teacher's first visit of
    the year is the diagnóstica, later ones are de desarrollo (or cierre); an explicit type is checked against
    that order. One diagnóstica per teacher, intervention and year, whoever plans it: in EIB a teacher with two
    coaches has one, and it counts for both (docs/decisions.md, «La diagnóstica en EIB»)."""
    has_diagnostic = history.diagnostic_month is not None
    if requested is None:
        return (_DEVELOPMENT if has_diagnostic else _DIAGNOSTIC), None
    if requested not in _VISIT_TYPES:
        return None, f"Tipo de visita: «{requested}» no es válido."
    if requested == _DIAGNOSTIC:
        if has_diagnostic:
            by = history.diagnostic_by
            return None, diagnostic_taken(by.name if by is not None and by.id != coach_id else None)
        if history.first_month is not None and history.first_month < month:
            return None, ("Tipo de visita: la diagnóstica debe ser la primera visita del docente; ya tiene "
                          "visitas en meses anteriores.")
    elif not has_diagnostic:
        return None, "Tipo de visita: la primera visita del docente debe ser la diagnóstica."
    elif month < history.diagnostic_month:
        return None, "Tipo de visita: una visita de desarrollo no puede ir antes de la diagnóstica."
    return requested, None


def diagnostic_taken(other_coach: str | None) -> str:
    """Why a second diagnóstica is refused, naming the coach who planned it when it was another one."""
    if other_coach is None:
        return "Tipo de visita: el docente ya tiene su visita diagnóstica planificada este año."
    return (f"Tipo de visita: el docente ya tiene su visita diagnóstica planificada este año por otro acompañante "
            f"({other_coach}); la diagnóstica es una por docente y vale para todos sus acompañantes: planifique "
            "una visita de desarrollo.")


def teacher_problem(teacher: TeacherFacts, year: int, *, for_visit: bool) -> str | None:
    """A teacher the coach may plan for: assigned to them in the year, and (for a visit) not marked
    «no planificar»."""
    if not teacher.assigned:
        return unassigned_problem("Docente", (teacher,), year)
    if for_visit and teacher.no_plan:
        return f"Docente: {teacher.dni} está marcado «no planificar»."
    return None


def plan_visit(cmd: PlanVisit, facts: PlanFacts) -> NewActivity | Refused:
    p = Problems()
    _where(p, facts, cmd.year, cmd.month, cmd.planned_date)
    teacher = facts.teachers[0]
    p.add("docente", teacher_problem(teacher, cmd.year, for_visit=True))
    visit_type = None
    if "docente" not in p.found:
        visit_type, problem = visit_type_problem(cmd.visit_type, facts.history, cmd.month, cmd.coach_id)
        p.add("tipo_visita", problem)
    if p:
        return p.refused()
    return NewActivity(_new(_VISIT, facts, cmd.year, cmd.month, cmd.planned_date,
                            teacher_id=teacher.id, school_id=teacher.school_id, visit_type=visit_type))


def group_fields(p: Problems, kind: str, teacher_ids: tuple[UUID, ...], topic: str | None, hours: int | None,
                 days: int | None) -> str | None:
    """The checks of a GIA or taller that need no facts (forms call them too); returns the clean topic."""
    if kind not in _GROUPS:
        p.add("tipo", "Tipo de actividad: solo GIA o taller convocan docentes.")
    if len(set(teacher_ids)) < 2:
        p.add("docentes", "Docentes convocados: convoque al menos dos docentes.")
    topic = L.TOPIC.clean(topic)
    p.limit(L.TOPIC, topic)
    p.limit(L.PLANNED_HOURS, hours)
    p.limit(L.PLANNED_DAYS, days)
    return topic


def plan_group(cmd: PlanGroup, facts: PlanFacts) -> NewActivity | Refused:
    p = Problems()
    topic = group_fields(p, cmd.kind, cmd.teacher_ids, cmd.topic, cmd.hours, cmd.days)
    _where(p, facts, cmd.year, cmd.month, cmd.planned_date)
    p.add("docentes", unassigned_problem("Docentes convocados", facts.teachers, cmd.year))
    if p:
        return p.refused()
    values = _new(cmd.kind, facts, cmd.year, cmd.month, cmd.planned_date, topic=topic, planned_hours=cmd.hours,
                  planned_days=cmd.days)
    return NewActivity(values, teachers=tuple(dict.fromkeys(cmd.teacher_ids)))


def community_problem(community_visits: bool) -> str | None:
    if not community_visits:
        return "Tipo de actividad: la visita social comunitaria solo corresponde a EIB."
    return None


def plan_community_visit(cmd: PlanCommunityVisit, facts: PlanFacts) -> NewActivity | Refused:
    p = Problems()
    p.add("tipo", community_problem(facts.coach.community_visits))
    _where(p, facts, cmd.year, cmd.month, cmd.planned_date)
    if p:
        return p.refused()
    return NewActivity(_new(ActivityKind.COMMUNITY_VISIT.value, facts, cmd.year, cmd.month, cmd.planned_date,
                            school_id=cmd.school_id))


def route_fields(p: Problems, school_ids: tuple[UUID, ...], allowance_cents: int | None, days: int | None) -> None:
    if not school_ids:
        p.add("iiee", "IIEE de la ruta: marque al menos una IE.")
    p.limit(L.ALLOWANCE, allowance_cents)
    p.limit(L.ROUTE_DAYS, days)


def plan_route(cmd: PlanRoute, facts: PlanFacts) -> NewActivity | Refused:
    p = Problems()
    route_fields(p, cmd.school_ids, cmd.allowance_cents, cmd.days)
    _where(p, facts, cmd.year, cmd.month, cmd.planned_date)
    if p:
        return p.refused()
    values = _new(ActivityKind.ROUTE.value, facts, cmd.year, cmd.month, cmd.planned_date,
                  allowance_assigned_cents=cmd.allowance_cents, planned_days=cmd.days)
    return NewActivity(values, schools=tuple(dict.fromkeys(cmd.school_ids)))


def materials_fields(p: Problems, kit: str | None, quantity: int | None, teacher_id: UUID | None,
                     school_id: UUID | None) -> str | None:
    kit = L.KIT.clean(kit)
    p.limit(L.KIT, kit)
    p.limit(L.QUANTITY, quantity)
    if (teacher_id is None) == (school_id is None):
        p.add("destinatario", "Destinatario: indique un docente o una IE (solo uno de los dos).")
    return kit


def plan_materials(cmd: PlanMaterials, facts: PlanFacts) -> NewActivity | Refused:
    p = Problems()
    kit = materials_fields(p, cmd.kit, cmd.quantity, cmd.teacher_id, cmd.school_id)
    _where(p, facts, cmd.year, cmd.month, cmd.planned_date)
    teacher = facts.teachers[0] if facts.teachers and cmd.teacher_id is not None else None
    if teacher is not None:
        p.add("docente", teacher_problem(teacher, cmd.year, for_visit=False))
    if p:
        return p.refused()
    return NewActivity(_new(ActivityKind.MATERIAL_DELIVERY.value, facts, cmd.year, cmd.month, cmd.planned_date,
                            kit=kit, quantity_planned=cmd.quantity, teacher_id=cmd.teacher_id,
                            school_id=teacher.school_id if teacher is not None else cmd.school_id))


def withdraw(cmd: Withdraw, activity: ActivityFacts, month_closed: bool, has_record: bool
             ) -> Withdrawal | Refused:
    """A plan is withdrawn (tombstoned with its reason) only while it has no execution record."""
    p = Problems()
    reason = L.WITHDRAW_REASON.clean(cmd.reason)
    p.limit(L.WITHDRAW_REASON, reason)
    p.add("mes", closed_problem(month_closed, activity.year, activity.month))
    if has_record:
        p.add("actividad", "La actividad ya tiene un registro de ejecución; no se puede retirar.")
    return p.or_(Withdrawal(reason))


_AMENDABLE = (("planned_hours", "hours", L.PLANNED_HOURS), ("planned_days", "days", None),
              ("allowance_assigned_cents", "allowance_cents", L.ALLOWANCE), ("quantity_planned", "quantity",
                                                                             L.QUANTITY))


def amend(cmd: AmendPlan, activity: ActivityFacts, stored: dict[str, Any], month_closed: bool,
          added: tuple[TeacherFacts, ...] = ()) -> Amendment | Unchanged | Refused:
    """A plan matched by a spreadsheet row: its visit type does not change; figures and teachers or schools
    it adds change it, within the limits of planning and only while its month is open. `stored` holds the
    plan's current figures; `added` the facts of teachers to convene."""
    p = Problems()
    if activity.kind == ActivityKind.VISIT.value and cmd.visit_type and cmd.visit_type != activity.visit_type:
        p.add("tipo_visita", f"Tipo de visita: la visita ya está planificada como «{activity.visit_type}»; el "
                             "tipo de una visita planificada no se cambia.")
        return p.refused()
    if activity.kind not in _GROUPS and activity.kind not in (ActivityKind.ROUTE.value,
                                                              ActivityKind.MATERIAL_DELIVERY.value):
        return Unchanged()
    changes: dict[str, tuple[Any, Any]] = {}
    for column, name, limit in _AMENDABLE:
        value = getattr(cmd, name)
        if value is None or stored.get(column) == value:
            continue
        if limit is None:  # days: a ruta's are days of viático, a GIA's or taller's days of work
            limit = L.ROUTE_DAYS if activity.kind == ActivityKind.ROUTE.value else L.PLANNED_DAYS
        p.limit(limit, value)
        changes[column] = (stored.get(column), value)
    have = set(activity.members)
    members = tuple(m for m in dict.fromkeys(cmd.members) if m not in have)
    if not changes and not members:
        return Unchanged()
    if activity.kind in _GROUPS:
        p.add("docentes", unassigned_problem("Docentes convocados", added, activity.year))
    p.add("mes", closed_problem(month_closed, activity.year, activity.month))
    return p.or_(Amendment(changes, members))
