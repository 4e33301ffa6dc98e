"""The facts of every quality check built naively in Python from every row (plain SELECTs, no filter in
SQL): the service's queries filter early for speed, and the findings must be the same."""
from __future__ import annotations

from collections import defaultdict
from sqlalchemy import select

from sigma_desktop.domain.quality import facts as f
from sigma_desktop.domain.quality.kinds import Kind
from sigma_desktop.storage import models as m


def _rows(session, model) -> list[dict]:
    return [dict(r._mapping) for r in session.execute(select(model.__table__))]


def facts(sigma, year: int) -> dict[Kind, list]:
    """Kind → its facts over the whole database (the system's scope), unfiltered."""
    with sigma.db.session() as s:
        acts = {a["id"]: a for a in _rows(s, m.Activity) if a["deleted_at"] is None and a["year"] == year}
        execs = [e for e in _rows(s, m.Execution) if e["deleted_at"] is None and e["activity_id"] in acts]
        parts = _rows(s, m.ExecutionParticipant)
        closings = _rows(s, m.MonthClosing)
        coaches = {c["id"]: c for c in _rows(s, m.Coach) if c["deleted_at"] is None}
        teachers = {t["id"]: t for t in _rows(s, m.Teacher) if t["deleted_at"] is None}
        schools = {x["id"]: x for x in _rows(s, m.School)}
        assigns = [a for a in _rows(s, m.Assignment) if a["deleted_at"] is None and a["year"] == year]
        reasons = {r["id"]: r["code"] for r in _rows(s, m.SkipReason)}
    out: dict[Kind, list] = {}
    person = [e for e in execs if e["created_by"] is not None]
    out[Kind.LATE] = [f.Registration(e["id"], a["ugel_id"], a["coach_id"], a["month"], e["executed_on"],
                                     e["created_at"]) for e in person for a in [acts[e["activity_id"]]]]
    reopened = {(c["ugel_id"], c["month"]): c["created_at"] for c in closings
                if c["year"] == year and c["deleted_at"] is None and (c["version"] > 1 or not c["closed"])}
    out[Kind.REOPENED_MONTH] = [
        f.ReopenedRegistration(e["id"], a["ugel_id"], a["coach_id"], a["month"], e["created_at"],
                               reopened[(a["ugel_id"], a["month"])])
        for e in person for a in [acts[e["activity_id"]]] if (a["ugel_id"], a["month"]) in reopened]
    done = [e for e in execs if e["outcome"] == "ejecutada"]
    out[Kind.DAY_OFF] = [f.Execution(e["id"], a["ugel_id"], a["coach_id"], a["month"], e["executed_on"])
                         for e in done for a in [acts[e["activity_id"]]] if a["kind"] in ("visita", "gia")]
    visits = [(e, acts[e["activity_id"]]) for e in done if acts[e["activity_id"]]["kind"] == "visita"]
    per_coach, per_month = defaultdict(int), defaultdict(int)
    for e, a in visits:
        per_coach[a["coach_id"]] += 1
        per_month[(a["coach_id"], a["month"])] += 1
    rated = [f.RatedVisit(e["id"], a["ugel_id"], a["coach_id"], a["month"], a["teacher_id"],
                          tuple(e[f"level_{n}"] for n in range(1, 7)), per_coach[a["coach_id"]],
                          per_month[(a["coach_id"], a["month"])]) for e, a in visits]
    out[Kind.FLAT_RUBRIC] = out[Kind.SAME_RUBRIC] = rated
    schools_of = defaultdict(int)
    for p in parts:
        if p["deleted_at"] is None and p["school_id"] is not None:
            schools_of[p["execution_id"]] += 1
    routes = [f.Route(e["id"], a["ugel_id"], a["coach_id"], a["month"], a["allowance_assigned_cents"],
                      e["allowance_spent_cents"], schools_of[e["id"]])
              for e in done for a in [acts[e["activity_id"]]] if a["kind"] == "ruta"]
    out[Kind.ALLOWANCE_OVER] = out[Kind.ROUTE_NO_SCHOOLS] = routes
    masks = defaultdict(int)
    for a in acts.values():
        if a["kind"] == "visita" and a["teacher_id"] is not None:
            masks[(a["teacher_id"], a["intervention_id"])] |= 1 << a["month"]
    rows = [f.Assignment(x["id"], x["teacher_id"], coaches[x["coach_id"]]["ugel_id"], x["coach_id"],
                         x["intervention_id"], schools[teachers[x["teacher_id"]]["school_id"]]["level"], x["no_plan"],
                         masks[(x["teacher_id"], x["intervention_id"])])
            for x in assigns]
    out[Kind.LEVEL_MISMATCH] = out[Kind.OVER_RATIO] = out[Kind.NO_PLANNED_VISIT] = rows
    out[Kind.DUPLICATE_PERSON] = [f.Person(t["id"], t["ugel_id"], t["school_id"], t["dni"], t["first_names"],
                                           t["last_name_1"], t["last_name_2"]) for t in teachers.values()]
    by_dni = {c["dni"]: c for c in coaches.values()}
    out[Kind.DNI_BOTH_ROLES] = [f.SharedDni(t["dni"], t["id"], t["ugel_id"], by_dni[t["dni"]]["id"],
                                            by_dni[t["dni"]]["ugel_id"]) for t in teachers.values() if t["dni"] in by_dni]
    out[Kind.PENDING_VALIDATION] = [f.Pending(e["id"], a["ugel_id"], a["coach_id"], a["month"], e["executed_on"])
                                    for e in done if e["validation_state"] == "pendiente"
                                    for a in [acts[e["activity_id"]]]]
    out[Kind.OPEN_OBSERVATION] = [f.Observation(e["id"], a["ugel_id"], a["coach_id"], a["month"], e["validated_at"])
                                  for e in done if e["validation_state"] == "observada"
                                  for a in [acts[e["activity_id"]]]]
    non = [(e, acts[e["activity_id"]]) for e in execs if e["outcome"] == "no_ejecutada"]
    per_coach_non = defaultdict(int)
    for _e, a in non:
        per_coach_non[a["coach_id"]] += 1
    out[Kind.OTHER_REASON] = [f.NonExecution(e["id"], a["ugel_id"], a["coach_id"], a["month"],
                                             reasons.get(e["skip_reason_id"]), per_coach_non[a["coach_id"]])
                              for e, a in non]
    return out
