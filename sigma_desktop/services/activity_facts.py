"""The rule book's side in the services: the facts of one record, read in its unit of work, and the
writes the rules decide, applied to it. The spreadsheet import reads the same facts for a whole file
(services/import_activities.py) and applies the same writes in bulk."""
from __future__ import annotations

from uuid import UUID

from ..domain.dates import today_lima
from ..domain.enums import ValidationState, VisitType
from ..domain.rules.facts import (ActivityFacts, CoachFacts, CoachName, ExecutionFacts, PlanFacts, RecordFacts,
                                  TeacherFacts, VisitHistory)
from ..domain.rules.planning import NewActivity
from ..domain.rules.registration import EXECUTION_FIELDS, ExecutionWrite
from ..storage import models as m
from .context import get_or_fail
from ..storage import record_queries as rec

_PENDING = ValidationState.PENDING.value
_DIAGNOSTIC = VisitType.DIAGNOSTIC.value


def coach_facts(u, coach: m.Coach) -> CoachFacts:
    inter = u.get(m.Intervention, coach.intervention_id)
    return CoachFacts(coach.id, coach.ugel_id, coach.intervention_id, bool(inter and inter.has_community_visits))


def teacher_facts(u, teacher_id: UUID, coach_id: UUID, intervention_id: UUID, year: int) -> TeacherFacts:
    """A registered teacher (NotFound otherwise) as seen from the coach: assigned in the year, «no planificar»."""
    teacher = get_or_fail(u, m.Teacher, teacher_id, "el docente")
    mine = [a for a in rec.live_assignments(u, teacher.id, year, intervention_id) if a.coach_id == coach_id]
    return TeacherFacts(teacher.id, teacher.dni, teacher.school_id, bool(mine), bool(mine and mine[0].no_plan))


def plan_facts(u, coach: m.Coach, year: int, month: int, teacher_ids=(), *, visit_history: bool = False
               ) -> PlanFacts:
    teachers = tuple(teacher_facts(u, t, coach.id, coach.intervention_id, year) for t in dict.fromkeys(teacher_ids))
    history = VisitHistory()
    if visit_history and teachers:
        history = VisitHistory.of((v.month, v.visit_type, _planned_by(u, v) if v.visit_type == _DIAGNOSTIC else None)
                                  for v in rec.teacher_visits(u, teachers[0].id, year, coach.intervention_id))
    return PlanFacts(coach_facts(u, coach), rec.is_month_closed(u, coach.ugel_id, year, month), teachers, history)


def _planned_by(u, visit: m.Activity) -> CoachName:
    coach = u.get(m.Coach, visit.coach_id)
    return CoachName.of(coach.id, coach.first_names, coach.last_name_1, coach.dni)


def activity_facts(u, a: m.Activity) -> ActivityFacts:
    members = tuple(p.teacher_id or p.school_id for p in rec.live_children(u, m.ActivityParticipant, "activity_id", a.id))
    return ActivityFacts(a.id, a.kind, a.coach_id, a.ugel_id, a.year, a.month, a.visit_type, members)


def execution_facts(u, e: m.Execution | None) -> ExecutionFacts | None:
    if e is None:
        return None
    members = {p.teacher_id or p.school_id: p.attended
               for p in rec.live_children(u, m.ExecutionParticipant, "execution_id", e.id)}
    return ExecutionFacts(e.id, e.validation_state, {k: getattr(e, k) for k in EXECUTION_FIELDS}, members)


def record_facts(u, a: m.Activity) -> RecordFacts:
    return RecordFacts(activity_facts(u, a), rec.is_month_closed(u, a.ugel_id, a.year, a.month),
                       execution_facts(u, rec.live_execution(u, a.id)), today_lima())


# --- applying the writes ------------------------------------------------------------------------------

def add_activity(u, new: NewActivity) -> UUID:
    a = u.add(m.Activity(**new.values))
    for t in new.teachers:
        u.add(m.ActivityParticipant(activity_id=a.id, teacher_id=t))
    for s in new.schools:
        u.add(m.ActivityParticipant(activity_id=a.id, school_id=s))
    return a.id


def write_execution(u, w: ExecutionWrite) -> UUID:
    """A new live record, or the correction of the current one (back to «pendiente», its attendance
    replaced)."""
    if w.execution_id is None:
        e = u.add(m.Execution(activity_id=w.activity_id, validation_state=_PENDING, **w.values))
    else:
        e = u.get(m.Execution, w.execution_id)
        for key, value in w.values.items():
            setattr(e, key, value)
        e.validation_state = _PENDING
        for child in rec.live_children(u, m.ExecutionParticipant, "execution_id", e.id):
            child.deleted_at = u.now()
            child.deleted_reason = "corrección del registro"
    for member, attended in w.members:
        u.add(m.ExecutionParticipant(execution_id=e.id, attended=attended, **{w.member_field: member}))
    return e.id
