"""An independent, deliberately naive computation of the measures, for the tests.

It reads every row of the tables with plain SELECTs and loops over them record by record, following
the definitions written in the catalogue (domain/indicator_catalogue.py), without the engine's
queries or its domain/measures.py. Only the total level and the per-UGEL / per-coach levels are
computed: enough to catch wrong filters, double counting and wrong merges.
"""
from __future__ import annotations

import math
from collections import defaultdict

from sqlalchemy import select

from sigma_desktop.domain.catalogues import SKIP_REASONS
from sigma_desktop.storage import models as m

KINDS = ("visita", "gia", "taller", "visita_social", "ruta", "materiales")


def _rows(session, model):
    return [dict(r._mapping) for r in session.execute(select(model.__table__))]


def load(sigma) -> dict:
    with sigma.db.session() as s:
        return {name: _rows(s, model) for name, model in (
            ("activity", m.Activity), ("execution", m.Execution), ("participant", m.ExecutionParticipant),
            ("assignment", m.Assignment), ("coach", m.Coach), ("teacher", m.Teacher), ("school", m.School),
            ("ugel", m.Ugel), ("dre", m.Dre), ("intervention", m.Intervention), ("skip", m.SkipReason),
            ("protocol", m.Protocol))}


def _meta(target, proto, cutoff):
    total = proto["last_month"] - proto["first_month"] + 1
    elapsed = min(max(cutoff - proto["first_month"] + 1, 0), total)
    if target <= 0 or total <= 0:
        return 0
    return math.ceil(target * elapsed / total - 1e-9)


def measures(db: dict, year: int, month: int | None, *, ugel_code=None, group=("total", "total")) -> dict:
    """Measures of one group: ("total", "total"), ("ugel", code) or ("acompanante", coach id text)."""
    cutoff = month or 12
    ugels = {u["id"]: u for u in db["ugel"]}
    inter_key = {i["id"]: i["key"] for i in db["intervention"]}
    skip_code = {r["id"]: r["code"] for r in db["skip"]}
    coaches = {c["id"]: c for c in db["coach"]}

    def coach_in(cid) -> bool:
        c = coaches[cid]
        if ugel_code and ugels[c["ugel_id"]]["code"] != ugel_code:
            return False
        if group[0] == "ugel":
            return ugels[c["ugel_id"]]["code"] == group[1]
        if group[0] == "acompanante":
            return str(cid) == group[1]
        return True

    def activity_in(a) -> bool:
        if a["deleted_at"] is not None or a["year"] != year or a["month"] > cutoff:
            return False
        if ugel_code and ugels[a["ugel_id"]]["code"] != ugel_code:
            return False
        return coach_in(a["coach_id"])

    acts = [a for a in db["activity"] if activity_in(a)]
    live = {e["activity_id"]: e for e in db["execution"] if e["deleted_at"] is None}
    parts = defaultdict(list)
    for p in db["participant"]:
        if p["deleted_at"] is None:
            parts[p["execution_id"]].append(p)
    ms: dict[str, float] = defaultdict(float)
    in_period = (lambda a: True) if month is None else (lambda a: a["month"] == month)
    for a in acts:
        k, e = a["kind"], live.get(a["id"])
        executed = e is not None and e["outcome"] == "ejecutada"
        if in_period(a):
            ms[f"{k}.planned"] += 1
            if k == "ruta":
                ms["ruta.assigned_cents"] += a["allowance_assigned_cents"] or 0
            if k == "materiales":
                ms["materiales.qty_planned"] += a["quantity_planned"] or 0
            if e is None:
                ms[f"{k}.unregistered"] += 1
            elif e["outcome"] == "no_ejecutada":
                ms[f"{k}.not_executed"] += 1
                ms[f"{k}.not_executed.{skip_code[e['skip_reason_id']]}"] += 1
                review = {"validada": "validated", "observada": "observed", "pendiente": "pending"}
                ms[f"{k}.ne_{review[e['validation_state']]}"] += 1
                ms[f"ne.{review[e['validation_state']]}"] += 1
                ms["ne.total"] += 1
            else:
                ms[f"{k}.executed"] += 1
                state = {"validada": "validated", "observada": "observed", "pendiente": "pending"}
                ms[f"{k}.{state[e['validation_state']]}"] += 1
                if k == "visita":
                    ms[f"visita.executed.{a['visit_type']}"] += 1
                if k in ("gia", "taller"):
                    ms[f"{k}.hours"] += e["hours"] or 0
                    teachers = [p for p in parts[e["id"]] if p["teacher_id"] is not None]
                    ms[f"{k}.convened"] += len(teachers)
                    ms[f"{k}.attended"] += sum(1 for p in teachers if p["attended"])
                if k == "taller":
                    ms["taller.days"] += e["days"] or 0
                if k == "visita_social":
                    for col, key in (("parents", "parents"), ("elders", "elders"), ("authorities", "authorities")):
                        ms[f"visita_social.{key}"] += e[col] or 0
                        ms["visita_social.participants"] += e[col] or 0
                if k == "ruta":
                    ms["ruta.spent_cents"] += e["allowance_spent_cents"] or 0
                    ms["ruta.days"] += e["days"] or 0
                if k == "materiales":
                    ms["materiales.qty_delivered"] += e["quantity_delivered"] or 0
                    if a["planned_date"] is not None:
                        ms["materiales.delay_days"] += (e["executed_on"] - a["planned_date"]).days
                        ms["materiales.dated"] += 1
        del executed

    # teachers assigned to plan, merged over their coaches in the group
    teachers = {t["id"]: t for t in db["teacher"]}
    schools = {s["id"]: s for s in db["school"]}
    protocols = {(inter_key[p["intervention_id"]], p["level"]): p for p in db["protocol"]
                 if p["year"] == year and p["deleted_at"] is None}
    pairs = [(x["teacher_id"], x["coach_id"]) for x in db["assignment"]
             if x["deleted_at"] is None and x["year"] == year and not x["no_plan"] and coach_in(x["coach_id"])]
    by_teacher = defaultdict(set)
    for t, c in pairs:
        by_teacher[t].add(c)
    visits_of = defaultdict(list)  # (teacher, coach) -> [(date, month, visit_type, activity id, levels)]
    attended = defaultdict(lambda: {"gia": 0, "taller": 0})
    for a in acts:
        e = live.get(a["id"])
        if e is None or e["outcome"] != "ejecutada":
            continue
        if a["kind"] == "visita":
            levels = tuple(e[f"level_{n}"] for n in range(1, 7))
            visits_of[(a["teacher_id"], a["coach_id"])].append(
                (e["executed_on"], a["month"], a["visit_type"], str(a["id"]), levels))
        if a["kind"] in ("gia", "taller"):
            for p in parts[e["id"]]:
                if p["teacher_id"] is not None and p["attended"]:
                    attended[(p["teacher_id"], a["coach_id"])][a["kind"]] += 1
    # the teacher's diagnóstica, whoever executed it (one per teacher, intervention and year: docs/decisions.md):
    # every visit of the year up to the cut-off, not only the group's
    diagnostics = defaultdict(list)  # (teacher, intervention id) -> [(date, coach, levels)]
    for a in db["activity"]:
        if (a["deleted_at"] is None and a["year"] == year and a["month"] <= cutoff and a["kind"] == "visita"
                and a["visit_type"] == "diagnostica"):
            e = live.get(a["id"])
            if e is not None and e["outcome"] == "ejecutada":
                diagnostics[(a["teacher_id"], a["intervention_id"])].append(
                    (e["executed_on"], str(a["coach_id"]), tuple(e[f"level_{n}"] for n in range(1, 7))))
    for t, cs in by_teacher.items():
        vs = [v for c in cs for v in visits_of[(t, c)]]
        diags = sorted(diagnostics[(t, coaches[min(cs, key=str)]["intervention_id"])])
        gia = sum(attended[(t, c)]["gia"] for c in cs)
        tal = sum(attended[(t, c)]["taller"] for c in cs)
        ms["teachers.assigned"] += 1
        ms["teachers.visits_done"] += len(vs)
        ms["teachers.visited"] += bool(vs)
        ms["teachers.not_visited"] += not vs
        ms["teachers.with_diagnostic"] += bool(diags)
        ms["teachers.visited_in_month"] += any(v[1] == cutoff for v in vs)
        if len(vs) >= 2:
            dates = sorted(v[0] for v in vs)
            ms["teachers.visit_gap_days"] += sum((b - a).days for a, b in zip(dates, dates[1:]))
            ms["teachers.visit_gaps"] += len(dates) - 1
        ms["teachers.with_gia"] += gia > 0
        ms["teachers.without_gia"] += gia == 0
        ms["teachers.with_workshop"] += tal > 0
        coach = coaches[min(cs, key=str)]
        level = schools[teachers[t]["school_id"]]["level"]
        proto = protocols.get((inter_key[coach["intervention_id"]], level))
        ms["teachers.without_target"] += proto is None
        if proto is not None and _meta(proto["visits"], proto, cutoff) > 0:
            mv, mg, mt = (_meta(proto[f], proto, cutoff) for f in ("visits", "group_sessions", "workshops"))
            ratio = 100.0 * len(vs) / mv
            ms["progress.teachers"] += 1
            ms["progress.visits_ratio_sum"] += ratio
            ms["progress.visits_done"] += len(vs)
            ms["progress.visits_expected"] += mv
            band = "lt50" if ratio < 50 else "50to75" if ratio < 75 else "75to100" if ratio < 100 else "ge100"
            ms[f"progress.band.{band}"] += 1
            if mg > 0:
                ms["progress.teachers_gia"] += 1
                ms["progress.gia_ratio_sum"] += 100.0 * gia / mg
                ms["progress.gia_done"] += gia
                ms["progress.gia_expected"] += mg
                ms["compliance.gia"] += gia >= mg
            if mt > 0:
                ms["progress.teachers_workshop"] += 1
                ms["progress.workshop_ratio_sum"] += 100.0 * tal / mt
                ms["progress.workshop_done"] += tal
                ms["progress.workshop_expected"] += mt
                ms["compliance.workshops"] += tal >= mt
            ms["compliance.visits"] += len(vs) >= mv
            ms["compliance.all"] += len(vs) >= mv and gia >= mg and tal >= mt
            ms["compliance.annual_visits"] += len(vs) >= proto["visits"]
            ms["compliance.annual_all"] += (len(vs) >= proto["visits"] and gia >= proto["group_sessions"]
                                            and tal >= proto["workshops"])
        # rubric: latest executed visit (by date, then coach) against the teacher's diagnóstica
        if vs:
            per_coach_latest = {}
            for c in cs:
                mine = visits_of[(t, c)]
                if mine:
                    per_coach_latest[c] = max(mine, key=lambda v: (v[0], v[3]))
            latest_coach = max(per_coach_latest, key=lambda c: (per_coach_latest[c][0], str(c)))
            latest = per_coach_latest[latest_coach]
            rated = [(n, lv) for n, lv in zip(range(1, 7), latest[4]) if lv is not None]
            if rated:
                ms["rubric.rated_teachers"] += 1
                for n, lv in rated:
                    ms[f"rubric.rated.{n}"] += 1
                    ms[f"rubric.satisfactory.{n}"] += lv >= 3
                ms["rubric.all_satisfactory"] += all(lv >= 3 for _n, lv in rated)
                if diags and latest[2] != "diagnostica":
                    ms["rubric.compared"] += 1
                    base = diags[0][2]
                    ms["rubric.improved"] += any(a is not None and b is not None and a > b
                                                 for a, b in zip(latest[4], base))
    # coaches with teachers to plan
    coach_pairs = defaultdict(list)
    for t, c in pairs:
        coach_pairs[c].append(t)
    for c, ts in coach_pairs.items():
        coach = coaches[c]
        ik = inter_key[coach["intervention_id"]]
        ms["coaches.active"] += 1
        meta = done = 0
        levels = defaultdict(int)
        for t in ts:
            level = schools[teachers[t]["school_id"]]["level"]
            levels[level] += 1
            proto = protocols.get((ik, level))
            if proto is not None:
                meta += _meta(proto["visits"], proto, cutoff)
                done += len(visits_of[(t, c)])
        major = min(levels, key=lambda lv: (-levels[lv], lv))
        proto = protocols.get((ik, major))
        if meta <= 0 or proto is None:
            continue
        cum = defaultdict(int)
        for a in acts:
            e = live.get(a["id"])
            if a["coach_id"] == c and e is not None and e["outcome"] == "ejecutada":
                cum[a["kind"]] += 1
        ms["progress.coaches"] += 1
        ms["progress.coach_ratio_sum"] += 100.0 * done / meta
        ms["compliance.coach_visits"] += done >= meta
        ms["compliance.coach_gia"] += cum["gia"] >= _meta(proto["group_sessions"], proto, cutoff)
        ms["compliance.coach_workshops"] += cum["taller"] >= _meta(proto["workshops"], proto, cutoff)
        mc = _meta(proto["community_visits"], proto, cutoff)
        if mc > 0:
            ms["progress.coaches_eib"] += 1
            ms["progress.community_done"] += cum["visita_social"]
            ms["progress.community_expected"] += mc
            ms["compliance.coach_community"] += cum["visita_social"] >= mc
    eib_schools = {teachers[t]["school_id"] for t, c in pairs if inter_key[coaches[c]["intervention_id"]] == "eib"}
    visited = {a["school_id"] for a in acts if a["kind"] == "visita_social" and a["id"] in live
               and live[a["id"]]["outcome"] == "ejecutada"}
    if eib_schools:
        ms["schools.eib"] = len(eib_schools)
        ms["schools.eib_with_visit"] = len(eib_schools & visited)
    per_teacher, per_school = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    for a in acts:
        if a["kind"] != "materiales":
            continue
        e = live.get(a["id"])
        done = e is not None and e["outcome"] == "ejecutada" and (e["quantity_delivered"] or 0) >= (a["quantity_planned"] or 0)
        acc = per_teacher[a["teacher_id"]] if a["teacher_id"] is not None else per_school[a["school_id"]]
        acc[0] += 1
        acc[1] += done
    for per, prefix in ((per_teacher, "materials.teachers"), (per_school, "materials.schools")):
        if per:
            ms[prefix] = sum(1 for p, _d in per.values() if p)
            ms[f"{prefix}_done"] = sum(1 for p, d in per.values() if p and d >= p)
    return dict(ms)


def all_measure_keys() -> set[str]:
    keys = set()
    for k in KINDS:
        keys |= {f"{k}.{f}" for f in ("planned", "executed", "not_executed", "validated", "observed", "pending",
                                      "unregistered")}
    keys |= {f"{k}.not_executed.{r.code}" for k in ("visita", "gia", "taller", "visita_social") for r in SKIP_REASONS}
    return keys
