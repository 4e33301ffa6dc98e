"""The spreadsheet import of activities: the rule book applied row by row over one snapshot of the file.

Everything the rows refer to is loaded at once (coaches, teachers, schools, assignments, closed months,
motivos, rubrics, the coaches' activities of those years with their records, the teachers' visits); each
row then becomes the same commands the services run (domain/rules: plan, amend a matched plan, register),
with facts read from that snapshot, and the answers are staged as bulk inserts and updates. Rows are taken
in date order and the snapshot grows with what earlier rows add, so a file behaves as its rows would, one
by one, through the window. What is the import's own: reading references by DNI and código modular,
matching a row to an existing plan by its natural key, and counting rows created, updated and unchanged.
"""
from __future__ import annotations

from datetime import date
from uuid import UUID

from ..domain.dates import today_lima
from ..domain.enums import ActivityKind, ActivityStatus, Outcome, Role, ValidationState, VisitType
from ..domain.permissions import Actor
from ..domain.rules import planning as plan_rules
from ..domain.rules import registration as reg_rules
from ..domain.rules.common import owner_problem
from ..domain.rules.facts import (ActivityFacts, CoachFacts, CoachName, ExecutionFacts, GroupFacts, PlanFacts,
                                  RecordFacts, SkipReasonFacts, TeacherFacts, VisitFacts, VisitHistory)
from ..domain.rules.facts import Actor as RuleActor
from ..domain.rules.verdict import Refused, Unchanged
from ..domain.text import fold
from ..importing import parse as p
from ..importing.problems import without_label
from ..storage import import_queries as q
from ..storage import models as m
from ..storage.bulk_update import RowUpdate

_PENDING = ValidationState.PENDING.value  # enum attribute access is slow in loops over 100,000 rows
_DIAGNOSTIC = VisitType.DIAGNOSTIC.value
_EXECUTED = Outcome.EXECUTED.value
_FIELDS = reg_rules.EXECUTION_FIELDS

# the rule book's field → the template's column, for a plan and for a record
PLAN_COLUMNS = {"fecha_programada": "fecha_programada", "mes": "mes", "anio": "anio", "docente": "dni_docente",
                "tipo_visita": "tipo_visita", "docentes": "docentes_convocados", "tema": "tema", "horas": "horas",
                "dias": "dias", "tipo": "tipo", "iiee": "iiee", "viaticos_asignados": "viaticos_asignados",
                "kit": "kit", "cantidad": "cantidad", "destinatario": "dni_docente"}
RECORD_COLUMNS = {"fecha_ejecucion": "fecha_ejecucion", "mes": "mes", "actividad": "estado",
                  "docente": "dni_docente", "tipo_visita": "tipo_visita", "notas": "observaciones",
                  "asistencia": "asistentes", "horas": "horas_ejecutadas", "dias": "dias_ejecutados",
                  "padres": "padres", "sabios": "sabios", "autoridades": "autoridades", "iiee": "iiee_visitadas",
                  "viaticos_rendidos": "viaticos_rendidos", "cantidad": "cantidad_entregada",
                  "motivo_no_ejecucion": "motivo_no_ejecucion", "detalle_motivo": "detalle_motivo",
                  **{f"desempeno_{n}": f"nivel_d{n}" for n in reg_rules.LEVEL_FIELDS}}


def column_of(field: str | None, record: bool) -> str | None:
    """The column where the import reports a rule's message about `field` (None: the row as a whole)."""
    return (RECORD_COLUMNS if record else PLAN_COLUMNS).get(field or "")


class ActivityFile:
    """One file's snapshot, the rules applied to its rows, and the writes they stage."""

    def __init__(self, u, actor: Actor, records: list[p.ActivityIn], rows, plan, scope, inters: dict, new_id):
        self.rows, self.plan, self.scope, self.inters, self.new_id = rows, plan, scope, inters, new_id
        self.today = today_lima()
        self.now = u.now()
        coach_only = actor.role is Role.COACH and not actor.is_system
        self.actor = RuleActor(is_coach=coach_only, coach_id=actor.coach_id if coach_only else None)
        years = {r.year for r in records}
        self.coaches = q.by_dni(u, m.Coach, (r.coach_dni for r in records))
        dnis = set()
        for r in records:
            dnis.update(r.convened)
            dnis.update(r.attended)
            if r.teacher_dni:
                dnis.add(r.teacher_dni)
        self.teachers = q.by_dni(u, m.Teacher, dnis)
        self.dni_of = {t["id"]: dni for dni, t in self.teachers.items()}
        teacher_ids = [t["id"] for t in self.teachers.values()]
        school_keys = {(r.modular_code, r.annex) for r in records if r.modular_code}
        for r in records:
            school_keys.update(r.schools)
            school_keys.update(r.visited)
        self.schools = q.schools_by_key(u, school_keys)
        self.assigned: dict[tuple, bool] = {}  # (teacher, coach, intervention, year) → no_plan
        for a in q.assignments_of_teachers(u, teacher_ids, years):
            if a["deleted_at"] is None:
                key = (a["teacher_id"].int, a["coach_id"].int, a["intervention_id"].int, a["year"])
                self.assigned[key] = a["no_plan"]
        coach_ids = [c["id"] for c in self.coaches.values()]
        self.closed = {(g.int, y, mo): who for (g, y, mo), who in
                       q.closed_months(u, {c["ugel_id"] for c in self.coaches.values()}).items()}
        self.reasons: dict[str, SkipReasonFacts] = {}
        for r in q.skip_reasons(u):
            facts = SkipReasonFacts(r["id"], r["code"], r["name"], r["requires_text"], r["active"])
            self.reasons[fold(r["code"])] = facts
            self.reasons.setdefault(fold(r["name"]), facts)
        self.rubrics = {y: q.rubric_items(u, y) for y in years}
        existing = q.activities_of_coaches(u, coach_ids, years)
        self.index: dict[tuple, list[dict]] = {}
        for a in existing:
            topic = a["kit"] if a["kind"] == ActivityKind.MATERIAL_DELIVERY else a["topic"]
            self.index.setdefault(self._key(a["coach_id"], a["kind"], a["year"], a["month"], a["teacher_id"],
                                            a["school_id"], topic, a["planned_date"]), []).append(a)
        # the teachers' visits (any coach) for the diagnóstica-first and one-visit-a-day rules
        self.visits: dict[tuple, dict[int, str | None]] = {}    # (teacher, inter, year) → {activity: type}
        self.month_of: dict[int, int] = {}
        self.executed: dict[tuple, dict[int, str | None]] = {}  # (teacher, inter, year) → {activity: type}
        self.visit_days: dict[tuple, dict[int, date]] = {}      # (teacher, coach) → {activity: day}
        self.planned_by: dict[int, CoachName] = {}              # diagnóstica → the coach who planned it
        for v in q.visits_of_teachers(u, teacher_ids, years):
            slot = (v["teacher_id"].int, v["intervention_id"].int, v["year"])
            self.visits.setdefault(slot, {})[v["id"].int] = v["visit_type"]
            if v["visit_type"] == _DIAGNOSTIC:
                self.planned_by[v["id"].int] = CoachName.of(v["coach_id"], v["coach_first_names"],
                                                            v["coach_last_name_1"], v["coach_dni"])
            self.month_of[v["id"].int] = v["month"]
            if v["outcome"] == _EXECUTED:
                self.executed.setdefault(slot, {})[v["id"].int] = v["visit_type"]
                self.visit_days.setdefault((v["teacher_id"].int, v["coach_id"].int), {})[v["id"].int] = \
                    v["executed_on"]
        group_ids = [a["id"] for a in existing]
        self.executions = {k.int: e for k, e in q.live_executions(u, group_ids).items()} if group_ids else {}
        groups = [a["id"] for a in existing
                  if a["kind"] in (ActivityKind.GROUP_SESSION, ActivityKind.WORKSHOP, ActivityKind.ROUTE)]
        self.convened: dict[UUID, set[UUID]] = {}  # GIA/taller → teachers convened; ruta → its schools
        for row in q.live_participants(u, m.ActivityParticipant, "activity_id", groups) if groups else []:
            member = row["teacher_id"] or row["school_id"]
            if member is not None:
                self.convened.setdefault(row["activity_id"], set()).add(member)
        exec_ids = [e["id"] for e in (self.executions.get(a.int) for a in groups) if e is not None]
        self.attendance: dict[UUID, list[dict]] = {}
        for row in q.live_participants(u, m.ExecutionParticipant, "execution_id", exec_ids) if exec_ids else []:
            self.attendance.setdefault(row["execution_id"], []).append(row)
        self.histories: dict[tuple, VisitHistory] = {}  # the rule book's view of `visits`, kept as rows add
        self.used: set[int] = set()  # hot keys are UUID.int: UUID.__hash__ is Python code
        self.coach_facts: dict[int, CoachFacts] = {}
        self.new_activities: list[dict] = []
        self.new_participants: list[dict] = []
        self.new_executions: list[dict] = []
        self.new_attendance: list[dict] = []
        self.activity_updates: list[RowUpdate] = []
        self.execution_updates: list[RowUpdate] = []
        self.attendance_updates: list[RowUpdate] = []

    @staticmethod
    def _key(coach_id, kind, year, month, teacher_id, school_id, topic, planned_date) -> tuple:
        if teacher_id is not None:  # a visit, or materials for a teacher: the teacher's school is derived
            school_id = None
        return (coach_id.int, kind, year, month, teacher_id and teacher_id.int, school_id and school_id.int,
                fold(topic) if topic else "", planned_date)

    # --- the rows -----------------------------------------------------------------------------------------
    def run(self, records: list[p.ActivityIn]):
        order = sorted(records, key=lambda r: (r.year, r.month, r.executed_on or r.planned_date or date.max,
                                               r.visit_type != _DIAGNOSTIC, r.row))
        for r in order:
            self._one(r)
        plan = self.plan
        plan.inserts += [(m.Activity, self.new_activities), (m.ActivityParticipant, self.new_participants),
                         (m.Execution, self.new_executions), (m.ExecutionParticipant, self.new_attendance)]
        plan.updates += [(m.Activity, self.activity_updates), (m.Execution, self.execution_updates),
                         (m.ExecutionParticipant, self.attendance_updates)]
        return plan

    def _refused(self, r: p.ActivityIn, decision: Refused, record: bool) -> None:
        for field, message in decision.messages.items():
            column = column_of(field, record)
            self.rows.error(r.row, column, without_label(message) if column else message)

    def _one(self, r: p.ActivityIn) -> None:
        rows = self.rows
        coach = self.coaches.get(r.coach_dni)
        if coach is None or coach["deleted_at"] is not None:
            rows.error(r.row, "dni_acompanante", f"el acompañante {r.coach_dni} no está registrado.")
            return
        mine = owner_problem(self.actor, coach["id"])
        if mine:
            rows.error(r.row, "dni_acompanante", without_label(mine))
            return
        if not self.scope.ok(coach["ugel_id"]):
            rows.error(r.row, "dni_acompanante", f"el acompañante {r.coach_dni} es de la UGEL "
                       f"{self.scope.name(coach['ugel_id'])}, fuera de su ámbito.")
            return
        found = self._references(r, coach)
        if found is None:
            return
        teachers, school_id, members = found
        teacher = teachers[0] if r.kind in (ActivityKind.VISIT, ActivityKind.MATERIAL_DELIVERY) and teachers else None
        key = self._key(coach["id"], r.kind, r.year, r.month, teacher.id if teacher else None, school_id,
                        r.topic or r.kit, r.planned_date)
        activity = self._match(key, r)
        new = activity is None
        if new:
            activity = self._plan(r, coach, teachers, school_id, members)
            if activity is None:
                return
            changed = False
        else:
            self.used.add(activity["id"].int)
            changed = self._amend(r, coach, activity, teachers, members)
            if changed is None:
                return
        if r.status is not None:
            written = self._register(r, coach, activity, teacher)
            if written is None:
                return
            changed = changed or written
        if new:
            self.plan.created += 1
        elif changed:
            self.plan.updated += 1
        else:
            self.plan.unchanged += 1

    def _teacher(self, r: p.ActivityIn, dni: str, coach: dict, column: str) -> TeacherFacts | None:
        t = self.teachers.get(dni)
        if t is None or t["deleted_at"] is not None:
            self.rows.error(r.row, column, f"el docente {dni} no está registrado.")
            return None
        no_plan = self.assigned.get((t["id"].int, coach["id"].int, coach["intervention_id"].int, r.year))
        return TeacherFacts(t["id"], dni, t["school_id"], no_plan is not None, bool(no_plan))

    def _school_ids(self, r: p.ActivityIn, keys, column: str) -> list[UUID] | None:
        ids = []
        for key in keys:
            school = self.schools.get(key)
            if school is None or school["deleted_at"] is not None:
                self.rows.error(r.row, column, f"la IE {key[0]}-{key[1]} no está registrada.")
                return None
            ids.append(school["id"])
        return ids

    def _references(self, r: p.ActivityIn, coach: dict):
        """(teachers, school, members) the row names, or None when one is not registered."""
        teachers: list[TeacherFacts] = []
        members: tuple[UUID, ...] = ()
        school_id = None
        if r.kind == ActivityKind.VISIT or (r.kind == ActivityKind.MATERIAL_DELIVERY and r.teacher_dni):
            t = self._teacher(r, r.teacher_dni, coach, "dni_docente")
            if t is None:
                return None
            teachers.append(t)
        if r.kind in (ActivityKind.GROUP_SESSION, ActivityKind.WORKSHOP):
            for dni in r.convened:
                t = self._teacher(r, dni, coach, "docentes_convocados")
                if t is not None:
                    teachers.append(t)
            members = tuple(t.id for t in teachers)
        elif r.kind == ActivityKind.ROUTE:
            ids = self._school_ids(r, r.schools, "iiee")
            if ids is None:
                return None
            members = tuple(ids)
        elif r.modular_code and r.kind in (ActivityKind.COMMUNITY_VISIT, ActivityKind.MATERIAL_DELIVERY):
            ids = self._school_ids(r, [(r.modular_code, r.annex)], "codigo_modular")
            if ids is None:
                return None
            school_id = ids[0]
        if r.row in self.rows.bad:
            return None
        return teachers, school_id, members

    def _match(self, key: tuple, r: p.ActivityIn) -> dict | None:
        candidates = [a for a in self.index.get(key, ()) if a["id"].int not in self.used]
        if r.visit_type:
            candidates = [a for a in candidates if a["visit_type"] == r.visit_type] or candidates
        if r.status is not None:
            candidates.sort(key=lambda a: a["id"].int in self.executions)  # free plans first
        return candidates[0] if candidates else None

    def _coach(self, coach: dict) -> CoachFacts:
        found = self.coach_facts.get(coach["id"].int)
        if found is None:
            inter = self.inters[coach["intervention_id"]]
            found = self.coach_facts[coach["id"].int] = CoachFacts(
                coach["id"], coach["ugel_id"], coach["intervention_id"], bool(inter["has_community_visits"]))
        return found

    def _closed(self, coach: dict, year: int, month: int):
        """Who closed the month and when (truthy), or None while it is open."""
        return self.closed.get((coach["ugel_id"].int, year, month))

    # --- planning ------------------------------------------------------------------------------------------
    def _plan(self, r: p.ActivityIn, coach: dict, teachers: list[TeacherFacts], school_id: UUID | None,
              members: tuple[UUID, ...]) -> dict | None:
        """A plan the row adds (the rule book's plan_*), or None when the rules refuse it."""
        kind, cid = r.kind, coach["id"]
        closed = self._closed(coach, r.year, r.month)
        if kind == ActivityKind.VISIT:
            slot = (teachers[0].id.int, coach["intervention_id"].int, r.year)
            facts = PlanFacts(self._coach(coach), closed, tuple(teachers), self._history(slot))
            decision = plan_rules.plan_visit(plan_rules.PlanVisit(cid, teachers[0].id, r.year, r.month,
                                                                  r.planned_date, r.visit_type), facts)
        elif kind in (ActivityKind.GROUP_SESSION, ActivityKind.WORKSHOP):
            facts = PlanFacts(self._coach(coach), closed, tuple(teachers))
            decision = plan_rules.plan_group(plan_rules.PlanGroup(
                kind, cid, r.year, r.month, members, r.topic, r.planned_hours, r.planned_days, r.planned_date), facts)
        elif kind == ActivityKind.ROUTE:
            facts = PlanFacts(self._coach(coach), closed)
            decision = plan_rules.plan_route(plan_rules.PlanRoute(
                cid, r.year, r.month, members, r.allowance_cents, r.planned_days, r.planned_date), facts)
        elif kind == ActivityKind.MATERIAL_DELIVERY:
            facts = PlanFacts(self._coach(coach), closed, tuple(teachers))
            decision = plan_rules.plan_materials(plan_rules.PlanMaterials(
                cid, r.year, r.month, r.kit, r.quantity, teachers[0].id if teachers else None, school_id,
                r.planned_date), facts)
        else:
            facts = PlanFacts(self._coach(coach), closed)
            decision = plan_rules.plan_community_visit(plan_rules.PlanCommunityVisit(
                cid, school_id, r.year, r.month, r.planned_date), facts)
        if decision.__class__ is Refused:
            self._refused(r, decision, False)
            return None
        values = decision.values  # the rule's own fresh dict: staged as it is
        values["id"] = self.new_id()
        self.new_activities.append(values)
        member = "teacher_id" if decision.teachers else "school_id"
        for x in decision.teachers or decision.schools:
            self.new_participants.append({"activity_id": values["id"], member: x})
        if decision.teachers or decision.schools:
            self.convened[values["id"]] = set(decision.teachers or decision.schools)
        if kind == ActivityKind.VISIT:
            slot = (values["teacher_id"].int, coach["intervention_id"].int, r.year)
            me = values["id"].int
            self.visits.setdefault(slot, {})[me] = values["visit_type"]
            self.month_of[me] = r.month
            by = None
            if values["visit_type"] == _DIAGNOSTIC:
                by = self.planned_by[me] = CoachName.of(coach["id"], coach["first_names"], coach["last_name_1"],
                                                        coach["dni"])
            self.histories[slot] = self._history(slot).with_visit(r.month, values["visit_type"], by)
        return values

    def _history(self, slot: tuple) -> VisitHistory:
        found = self.histories.get(slot)
        if found is None:
            found = self.histories[slot] = VisitHistory.of(
                (self.month_of[a], t, self.planned_by.get(a)) for a, t in self.visits.get(slot, {}).items())
        return found

    def _amend(self, r: p.ActivityIn, coach: dict, activity: dict, teachers: list[TeacherFacts],
               members: tuple[UUID, ...]) -> bool | None:
        """Changes the row makes to the plan it matched (None: refused)."""
        cmd = plan_rules.AmendPlan(r.visit_type, r.planned_hours, r.planned_days, r.allowance_cents, r.quantity,
                                   members)
        have = self.convened.get(activity["id"], set())
        added = tuple(t for t in teachers if t.id not in have)
        decision = plan_rules.amend(cmd, self._activity(activity), activity,
                                    self._closed(coach, activity["year"], activity["month"]), added)
        if decision.__class__ is Refused:
            self._refused(r, decision, False)
            return None
        if decision.__class__ is Unchanged:
            return False
        if decision.changes:
            self.activity_updates.append(RowUpdate(activity["id"], activity["version"], decision.changes))
        member = "school_id" if activity["kind"] == ActivityKind.ROUTE else "teacher_id"
        for x in decision.members:
            self.new_participants.append({"activity_id": activity["id"], member: x})
        self.convened.setdefault(activity["id"], set()).update(decision.members)
        return True

    def _activity(self, a: dict) -> ActivityFacts:
        return ActivityFacts(a["id"], a["kind"], a["coach_id"], a["ugel_id"], a["year"], a["month"],
                             a.get("visit_type"), tuple(self.convened.get(a["id"], ())))

    # --- registration ----------------------------------------------------------------------------------
    def _register(self, r: p.ActivityIn, coach: dict, activity: dict, teacher: TeacherFacts | None) -> bool | None:
        """The row's record of the activity (None: refused; False: the record already says so)."""
        aid = activity["id"]
        current = self.executions.get(aid.int)
        members = {x["teacher_id"] or x["school_id"]: x["attended"]
                   for x in self.attendance.get(current["id"], ())} if current is not None else {}
        facts = RecordFacts(self._activity(activity), self._closed(coach, activity["year"], activity["month"]),
                            None if current is None else ExecutionFacts(
                                current["id"], current["validation_state"], {k: current[k] for k in _FIELDS},
                                members), self.today)
        decision = self._decide(r, coach, activity, facts, teacher)
        if decision is None:
            return None
        if decision.__class__ is Refused:
            self._refused(r, decision, True)
            return None
        if decision.__class__ is Unchanged:
            return False
        self._stage(decision, activity, current)
        return True

    def _decide(self, r: p.ActivityIn, coach: dict, activity: dict, facts: RecordFacts,
                teacher: TeacherFacts | None):
        aid, kind = activity["id"], activity["kind"]
        if r.status == ActivityStatus.NOT_EXECUTED:
            reason = self.reasons.get(fold(r.reason)) if r.reason else None
            code = reason.code if reason is not None else r.reason
            return reg_rules.register_non_execution(reg_rules.RegisterNonExecution(
                aid, r.executed_on, code, r.reason_note), facts, reason)
        if kind == ActivityKind.VISIT:
            slot = (activity["teacher_id"].int, activity["intervention_id"].int, activity["year"])
            me = aid.int
            days = self.visit_days.get((activity["teacher_id"].int, activity["coach_id"].int), {})
            visit = VisitFacts(
                teacher, self.rubrics[activity["year"]],
                tuple(t for a, t in self.executed.get(slot, {}).items() if a != me),
                frozenset(d for a, d in days.items() if a != me))
            return reg_rules.register_visit(reg_rules.RegisterVisit(aid, r.executed_on, r.levels, r.notes), facts,
                                            visit)
        if kind in (ActivityKind.GROUP_SESSION, ActivityKind.WORKSHOP):
            attended = []
            for dni in r.attended:
                t = self.teachers.get(dni)
                if t is None or t["deleted_at"] is not None:
                    self.rows.error(r.row, "asistentes", f"el docente {dni} no está registrado.")
                    return None
                attended.append(t["id"])
            key = (coach["id"].int, coach["intervention_id"].int, activity["year"])
            people = set(facts.activity.members) | set(attended)
            assigned = frozenset(t for t in people if (t.int, *key) in self.assigned)
            return reg_rules.register_group(reg_rules.RegisterGroup(aid, r.executed_on, tuple(attended), r.hours,
                                                                    r.days), facts, GroupFacts(assigned, self.dni_of))
        if kind == ActivityKind.ROUTE:
            visited = self._school_ids(r, r.visited, "iiee_visitadas")
            if visited is None:
                return None
            return reg_rules.register_route(reg_rules.RegisterRoute(aid, r.executed_on, tuple(visited), r.spent_cents,
                                                                    r.days), facts)
        if kind == ActivityKind.MATERIAL_DELIVERY:
            return reg_rules.register_materials(reg_rules.RegisterMaterials(aid, r.executed_on, r.delivered), facts)
        return reg_rules.register_community_visit(reg_rules.RegisterCommunityVisit(
            aid, r.executed_on, r.parents, r.elders, r.authorities), facts)

    def _stage(self, w: reg_rules.ExecutionWrite, activity: dict, current: dict | None) -> None:
        """Stages the record as the services write it (storage rows and change-log entries in bulk)."""
        if current is None:
            execution_id = self.new_id()
            row = dict(id=execution_id, activity_id=activity["id"], validation_state=_PENDING,
                       **{k: v for k, v in w.values.items() if v is not None})
            self.new_executions.append(row)
            self.executions[activity["id"].int] = {**dict.fromkeys(_FIELDS), **row, "version": 1}
        else:
            execution_id = current["id"]
            changes = {k: (current[k], v) for k, v in w.values.items() if current[k] != v}
            if current["validation_state"] != _PENDING:
                changes["validation_state"] = (current["validation_state"], _PENDING)
            if changes:
                self.execution_updates.append(RowUpdate(current["id"], current["version"], changes))
            for x in self.attendance.pop(current["id"], ()):  # a correction replaces the attendance
                self.attendance_updates.append(RowUpdate(x["id"], x["version"], {
                    "deleted_at": (None, self.now), "deleted_reason": (None, "corrección del registro")}))
        for member, attended in w.members:
            self.new_attendance.append({"execution_id": execution_id, w.member_field: member, "attended": attended})
        if activity["kind"] == ActivityKind.VISIT:
            slot = (activity["teacher_id"].int, activity["intervention_id"].int, activity["year"])
            day_key = (activity["teacher_id"].int, activity["coach_id"].int)
            me = activity["id"].int
            if w.values["outcome"] == _EXECUTED:
                self.executed.setdefault(slot, {})[me] = activity["visit_type"]
                self.visit_days.setdefault(day_key, {})[me] = w.values["executed_on"]
            else:
                self.executed.get(slot, {}).pop(me, None)
                self.visit_days.get(day_key, {}).pop(me, None)


def plan_activities(u, actor: Actor, records: list[p.ActivityIn], rows, plan, scope, inters: dict, new_id):
    return ActivityFile(u, actor, records, rows, plan, scope, inters, new_id).run(records)
