"""A coach's year: planned activities per protocol and what became of each (executed, not executed with a
motivo, validated or observed by the Gestor Local, a few deleted by the RCI), following the rules that
planning.py and registration.py enforce:

* every planned date and execution date lies in the activity's month; nothing is executed after today;
* a teacher's first visit is the diagnóstica, later ones desarrollo, the last may be cierre; no visit is
  executed before the teacher's diagnóstica is, and a teacher whose diagnóstica failed gets no visits;
* one visit per teacher and coach per month, so never two on one day;
* a GIA has at least two attending teachers of the coach; rubric levels only for the year's desempeños;
* only executed records are validated or observed; closed months hold validated records only.
"""
from __future__ import annotations

from datetime import timedelta
from itertools import accumulate

from ....domain.enums import RCI_DELETABLE_KINDS, Outcome, ValidationState
from . import words
from .model import CoachState, ProtocolSpec, TeacherState, UgelState

# plain strings: the generator writes millions of rows of codes
EXECUTED, NOT_EXECUTED = Outcome.EXECUTED.value, Outcome.NOT_EXECUTED.value
VALIDATED, OBSERVED = ValidationState.VALIDATED.value, ValidationState.OBSERVED.value
DELETABLE = frozenset(kind.value for kind in RCI_DELETABLE_KINDS)

# Motivos of single activities, and of a whole month lost by a coach; weights are shares of cases.
_REASONS = ("docente_ausente", "suspension", "via_inaccesible", "reprogramada", "clima", "ie_cerrada",
            "ap_convocado", "ap_licencia", "sin_viaticos", "docente_retirado", "huelga", "otro")
_REASON_CUM = list(accumulate((24, 16, 10, 12, 9, 5, 7, 5, 4, 3, 2, 3)))
_LOST_MONTH = ("ap_licencia", "ap_convocado", "clima", "sin_viaticos", "huelga")
_LOST_CUM = list(accumulate((30, 25, 25, 12, 8)))
_RAINY_OR_FROST = frozenset({1, 2, 3, 6, 7})

# Chance that a planned activity is not executed (besides lost months and the diagnóstica rule).
P_SKIP = {"visita": 0.095, "diagnostica": 0.02, "gia": 0.08, "taller": 0.05, "visita_social": 0.09,
          "ruta": 0.05, "materiales": 0.06}
P_LOST_MONTH = 0.03        # a coach loses a whole month (leave, convened by the UGEL, rains)
P_UNREGISTERED = 0.005     # the coach never registered what happened
P_DELETE = 0.008           # the RCI deleted the execution record...
P_REREGISTER = 0.5         # ...and the coach registered it again


class ActivityMaker:
    def __init__(self, gen):
        self.g = gen
        self.rng = gen.rng
        self.key = gen.key
        self.today = gen.inputs.today
        self.now = gen.inputs.now
        self.items = tuple(gen.inputs.rubric_items)
        available = gen.inputs.skip_reasons  # a motivo retired from the catalogue becomes «otro»
        fallback = available.get("otro") or next(iter(available.values()))
        self.reasons = {code: available.get(code, fallback) for code in (*_REASONS, *_LOST_MONTH)}
        self.acts: list[dict] = []
        self.aparts: list[dict] = []
        self.execs: list[dict] = []
        self.eparts: list[dict] = []

    def take(self) -> list[tuple[str, list[dict]]]:
        out = [("activity", self.acts), ("activity_participant", self.aparts), ("execution", self.execs),
               ("execution_participant", self.eparts)]
        self.acts, self.aparts, self.execs, self.eparts = [], [], [], []
        return out

    # --- dates and outcomes ------------------------------------------------------------------------
    def day_in(self, month: int):
        return self.rng.choice(self.g.cal.days[month])

    def lost_month_reason(self, month: int) -> str:
        reason = self.rng.choices(_LOST_MONTH, cum_weights=_LOST_CUM)[0]
        if reason == "clima" and month not in _RAINY_OR_FROST:
            reason = "ap_convocado"
        return reason

    def fate(self, c: CoachState, month: int, planned, kind: str, *, may_forget: bool = True):
        """(outcome, day, motivo) of a planned activity, or None when nothing was registered.

        A coach who loses a month still does the diagnósticas (rescheduled within the month).
        """
        if planned > self.today:
            return None
        rng = self.rng
        r = rng.random()
        lost = c.disrupted.get(month) if kind != "diagnostica" else None
        if lost is not None and r < 0.8:
            return NOT_EXECUTED, planned, lost
        if may_forget and r > 1 - P_UNREGISTERED:
            return None
        if rng.random() < P_SKIP[kind]:
            return NOT_EXECUTED, planned, rng.choices(_REASONS, cum_weights=_REASON_CUM)[0]
        day = planned
        if rng.random() < 0.3:
            day = self.day_in(month)
            if day > self.today:
                day = planned
        return EXECUTED, day, None

    # --- execution records --------------------------------------------------------------------------
    def record(self, ug: UgelState, month: int, activity_id, kind: str, fate, fields: dict | None = None,
               participants=None, deletable: bool = True) -> None:
        """The execution row(s) of one activity: a live record, or a tombstone and maybe its re-registration."""
        outcome, day, reason = fate
        rng = self.rng
        e = {"id": self.key(), "activity_id": activity_id, "outcome": outcome, "executed_on": day}
        if outcome == NOT_EXECUTED:
            e["skip_reason_id"] = self.reasons[reason]
            if reason == "otro":
                e["skip_note"] = rng.choice(words.OTHER_NOTES)
            self.execs.append(e)
            return
        if fields:
            e.update(fields)
        if (deletable and kind in DELETABLE and month not in ug.closed_months and rng.random() < P_DELETE):
            deleted_at = self.g.lima_time(day + timedelta(days=rng.randint(1, 10)))
            if deleted_at < self.now:
                e.update(deleted_at=deleted_at, deleted_by=ug.rci_id,
                         deleted_reason=rng.choice(words.DELETION_REASONS))
                self.execs.append(e)
                self._participants(e["id"], participants)
                if rng.random() >= P_REREGISTER:
                    return
                day2 = self.day_in(month)
                e = dict(e, id=self.key(), executed_on=day2 if day2 <= self.today else day,
                         deleted_at=None, deleted_by=None, deleted_reason=None)
        self._validate(ug, month, e)
        self.execs.append(e)
        self._participants(e["id"], participants)

    def _participants(self, execution_id, participants) -> None:
        if not participants:
            return
        key = self.key
        for teacher_id, school_id, attended in participants:
            self.eparts.append({"id": key(), "execution_id": execution_id, "teacher_id": teacher_id,
                                "school_id": school_id, "attended": attended})

    def _validate(self, ug: UgelState, month: int, e: dict) -> None:
        rng = self.rng
        day = e["executed_on"]
        if month in ug.closed_months:
            state = VALIDATED
        else:
            age = (self.today - day).days
            validated, observed = (0.88, 0.92) if age > 45 else (0.6, 0.66) if age > 10 else (0.15, 0.18)
            r = rng.random()
            state = VALIDATED if r < validated else OBSERVED if r < observed else None
        if state is None:
            return
        at = self.g.lima_time(day + timedelta(days=rng.randint(1, 20)))
        if at >= self.now:
            return
        e["validation_state"] = state
        e["validated_by"] = ug.gestor_id
        e["validated_at"] = at
        if state == OBSERVED:
            e["validation_comment"] = rng.choice(words.OBSERVATIONS)

    # --- plans ------------------------------------------------------------------------------------------
    def activity(self, ug: UgelState, c: CoachState, kind: str, month: int, planned, **fields) -> dict:
        a = {"id": self.key(), "kind": kind, "coach_id": c.id, "intervention_id": self.g.intervention_ids[c.intervention],
             "ugel_id": ug.id, "year": self.g.year, "month": month, "planned_date": planned}
        a.update(fields)
        self.acts.append(a)
        return a

    def coach_year(self, ug: UgelState, c: CoachState, protocol: ProtocolSpec, months: list[int]) -> None:
        """Every activity of one coach in the months that are planned (up to the cut-off month)."""
        if not months:
            return
        visits_by_month: dict[int, set] = {}
        for t in c.teachers:
            if t.id in c.no_plan:
                continue
            p = self.g.protocol(c.intervention, t.level)
            for month, school in self.teacher_visits(ug, c, t, p, months):
                visits_by_month.setdefault(month, set()).add(school)
        convened = [t.id for t in c.teachers if t.id not in c.no_plan]
        self.group_sessions(ug, c, protocol, months, convened)
        self.workshops(ug, c, protocol, months, [t.id for t in c.teachers])
        if protocol.community_visits:
            self.community_visits(ug, c, protocol, months)
        self.routes(ug, c, months, visits_by_month)
        self.materials(ug, c, months)

    def teacher_visits(self, ug, c: CoachState, t: TeacherState, p: ProtocolSpec, months: list[int]):
        rng = self.rng
        field = list(range(p.first_month, p.last_month + 1))
        if t.id in c.shared:  # second EIB coach: a few desarrollo visits after the first coach's diagnóstica
            if t.diag_month is None:
                return []
            later = [m for m in field if m > t.diag_month]
            plan = sorted(rng.sample(later, min(len(later), rng.randint(2, 4))))
            types = ["desarrollo"] * len(plan)
        else:
            first = field[0] if rng.random() < 0.8 or len(field) <= p.visits else field[1]
            rest = [m for m in field if m > first]
            plan = [first] + sorted(rng.sample(rest, min(len(rest), p.visits - 1)))
            types = ["diagnostica"] + ["desarrollo"] * (len(plan) - 1)
            if len(plan) > 2 and plan[-1] >= 11 and rng.random() < 0.7:
                types[-1] = "cierre"
            t.diag_month = first if first in months else None
        done = []
        for month, vtype in zip(plan, types):
            if month not in months:
                break
            planned = self.day_in(month)
            a = self.activity(ug, c, "visita", month, planned, teacher_id=t.id, school_id=t.school_id,
                              visit_type=vtype)
            done.append((month, t.school_id))
            diag = vtype == "diagnostica"
            if diag:
                fate = self.fate(c, month, planned, "diagnostica", may_forget=False)
                if fate is not None and fate[0] == NOT_EXECUTED:
                    t.diag_failed = True
            elif t.diag_done is None:  # no visit before the diagnóstica is executed
                fate = None
                if planned <= self.today and t.diag_failed:
                    why = "docente_retirado" if rng.random() < 0.5 else "docente_ausente"
                    fate = (NOT_EXECUTED, planned, why)
            else:
                fate = self.fate(c, month, planned, "visita")
            if fate is None:
                continue
            levels = None
            if fate[0] == EXECUTED:
                if diag:
                    t.diag_done = fate[1]
                steps = (month - t.diag_month) * t.growth if t.diag_month else 0.0
                levels = {}
                for n, base in zip(self.items, t.base):
                    level = base + int(steps + rng.random() - 0.3)
                    levels[f"level_{n}"] = 1 if level < 1 else 4 if level > 4 else level
            self.record(ug, month, a["id"], "visita", fate, levels, deletable=not diag)
        return done

    def group_sessions(self, ug, c: CoachState, p: ProtocolSpec, months: list[int], convened: list) -> None:
        rng = self.rng
        if len(convened) < 2:
            return
        field = list(range(p.first_month + 1, p.last_month + 1))
        for month in sorted(rng.sample(field, min(len(field), p.group_sessions))):
            if month not in months:
                break
            planned = self.day_in(month)
            a = self.activity(ug, c, "gia", month, planned, topic=rng.choice(words.GIA_TOPICS),
                              planned_hours=p.group_session_hours)
            self._convene(a["id"], convened)
            fate = self.fate(c, month, planned, "gia")
            if fate is None:
                continue
            parts = None
            fields = None
            if fate[0] == EXECUTED:
                attended = [rng.random() < 0.82 for _ in convened]
                while sum(attended) < 2:
                    attended[rng.randrange(len(attended))] = True
                parts = [(t, None, ok) for t, ok in zip(convened, attended)]
                fields = {"hours": p.group_session_hours}
            self.record(ug, month, a["id"], "gia", fate, fields, parts)

    def workshops(self, ug, c: CoachState, p: ProtocolSpec, months: list[int], convened: list) -> None:
        rng = self.rng
        preferred = [m for m in (3, 7, 11, 5, 9, 12, 4, 8, 10, 6) if p.first_month <= m <= p.last_month]
        hours = min(40, p.workshop_days * 6)
        for i, month in enumerate(sorted(preferred[: p.workshops])):
            if month not in months:
                break
            planned = self.day_in(month)
            topic = words.WORKSHOP_TOPICS[min(i, 2)] if p.workshops <= 3 else rng.choice(words.WORKSHOP_TOPICS)
            a = self.activity(ug, c, "taller", month, planned, topic=topic, planned_hours=hours,
                              planned_days=p.workshop_days)
            self._convene(a["id"], convened)
            fate = self.fate(c, month, planned, "taller")
            if fate is None:
                continue
            parts = fields = None
            if fate[0] == EXECUTED:
                attended = [rng.random() < 0.88 for _ in convened]
                while sum(attended) < 2:
                    attended[rng.randrange(len(attended))] = True
                parts = [(t, None, ok) for t, ok in zip(convened, attended)]
                fields = {"hours": hours, "days": p.workshop_days}
            self.record(ug, month, a["id"], "taller", fate, fields, parts)

    def _convene(self, activity_id, teacher_ids) -> None:
        key = self.key
        self.aparts.extend({"id": key(), "activity_id": activity_id, "teacher_id": t} for t in teacher_ids)

    def community_visits(self, ug, c: CoachState, p: ProtocolSpec, months: list[int]) -> None:
        rng = self.rng
        field = [m for m in range(4, 12) if p.first_month <= m <= p.last_month]
        for school_id, _n in c.schools:
            for month in sorted(rng.sample(field, min(len(field), p.community_visits))):
                if month not in months:
                    break
                planned = self.day_in(month)
                a = self.activity(ug, c, "visita_social", month, planned, school_id=school_id)
                fate = self.fate(c, month, planned, "visita_social")
                if fate is None:
                    continue
                fields = None
                if fate[0] == EXECUTED:
                    fields = {"parents": rng.randint(6, 45), "elders": rng.randint(0, 4),
                              "authorities": rng.randint(1, 4)}
                self.record(ug, month, a["id"], "visita_social", fate, fields)

    def routes(self, ug, c: CoachState, months: list[int], visits_by_month: dict) -> None:
        rng = self.rng
        all_schools = [s for s, _n in c.schools]
        rate = rng.choice((40, 45, 50, 60)) if c.rural else rng.choice((20, 25, 30))
        for month in months:
            schools = sorted(visits_by_month.get(month) or all_schools[:6])
            days = min(31, len(schools) * rng.randint(1, 2) + rng.randint(0, 2))
            assigned = days * rate * 100
            planned = self.g.cal.days[month][0]
            a = self.activity(ug, c, "ruta", month, planned, planned_days=days,
                              allowance_assigned_cents=assigned)
            key = self.key
            self.aparts.extend({"id": key(), "activity_id": a["id"], "school_id": s} for s in schools)
            fate = self.fate(c, month, planned, "ruta")
            if fate is None:
                continue
            parts = fields = None
            if fate[0] == EXECUTED:
                visited = [s for s in schools if rng.random() < 0.92] or schools[:1]
                parts = [(None, s, True) for s in visited]
                fields = {"allowance_spent_cents": int(assigned * rng.uniform(0.8, 1.0)) // 10 * 10,
                          "days": max(1, days - (rng.random() < 0.2))}
            self.record(ug, month, a["id"], "ruta", fate, fields, parts)

    def materials(self, ug, c: CoachState, months: list[int]) -> None:
        rng = self.rng
        kit = words.KITS[c.intervention]
        for school_id, _n in c.schools:
            month = rng.choice((3, 4, 4, 5))
            if month not in months:
                continue
            planned = self.day_in(month)
            quantity = rng.randint(12, 90)
            a = self.activity(ug, c, "materiales", month, planned, school_id=school_id, kit=kit,
                              quantity_planned=quantity)
            fate = self.fate(c, month, planned, "materiales")
            if fate is None:
                continue
            fields = None
            if fate[0] == EXECUTED:
                delivered = quantity if rng.random() < 0.75 else rng.randint(quantity // 2, quantity)
                fields = {"quantity_delivered": delivered}
            self.record(ug, month, a["id"], "materiales", fate, fields)
