"""The demo generator: offices, schools, people, assignments, users, then each coach's year.

Pure Python over `random.Random(seed)`: the same inputs give the same rows, keys included. It yields
``(table, rows)`` batches, parents before children, one UGEL at a time so that memory stays small.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Iterator

from ....domain.enums import Role, ScopeLevel
from ....domain.rules.assignment import exclusive_key
from . import words
from .activities import P_LOST_MONTH, ActivityMaker
from .geography import DrePlan, UgelPlan, all_offices, choose_offices, coach_interventions
from .keys import Calendar, CodeRange, FastRandom, KeyMaker
from .model import SCALES, CoachState, DemoInputs, ProtocolSpec, TeacherState, UgelState

# Reserved ranges of fake DNIs (documented in docs/performance.md): no real person is numbered here.
TEACHER_DNIS = (90_000_000, 5_000_000)     # 90000000–94999999 docentes
COACH_DNIS = (95_000_000, 2_000_000)       # 95000000–96999999 acompañantes (and their AP accounts)
STAFF_DNIS = (97_000_000, 2_000_000)       # 97000000–98999999 gestores, RCI, coordinadores, administrador

# Teachers per coach (the protocol's teachers_per_coach is the usual figure) and teachers per school.
_SCHOOL_SIZES = {"multigrado": (1, 2, 2, 3, 3, 4), "eib": (1, 2, 3, 3, 4), "soporte_primaria": (4, 5, 6, 7),
                 "jec_ingles": (2, 3, 4, 5), "spsr": (3, 4, 5)}
_LEVEL = {"multigrado": "primaria", "soporte_primaria": "primaria", "jec_ingles": "secundaria", "spsr": "secundaria"}
_RURAL_SHARE = {"multigrado": 0.95, "eib": 0.9, "spsr": 1.0, "soporte_primaria": 0.1, "jec_ingles": 0.15}
_SMALL = ({"soporte_primaria": 1, "jec_ingles": 1, "multigrado": 1}, {"multigrado": 1, "eib": 2, "spsr": 1})
_BASE_LEVEL_CUM = (0.35, 0.80, 0.97, 1.0)  # level I, II, III, IV at the diagnóstica
P_NO_PLAN = 0.02
P_LOST_MONTH_STRIKE = 0.35


class DemoGenerator:
    def __init__(self, inputs: DemoInputs):
        if inputs.scale not in SCALES:
            raise ValueError(inputs.scale)
        self.inputs = inputs
        self.year = inputs.year
        self.rng = FastRandom(f"sigma-demo:{inputs.seed}")
        self.key = KeyMaker(inputs.seed, inputs.year).key
        self.cal = Calendar(inputs.year, inputs.holidays)
        self.intervention_ids = inputs.interventions
        rng = self.rng
        self.teacher_dnis = CodeRange(rng, *TEACHER_DNIS, 8)
        self.coach_dnis = CodeRange(rng, *COACH_DNIS, 8)
        self.staff_dnis = CodeRange(rng, *STAFF_DNIS, 8)
        self.modular_codes = CodeRange(rng, 200_000, 1_600_000, 7)
        self.local_codes = CodeRange(rng, 200_000, 700_000, 6)
        self.school_numbers = CodeRange(rng, 100, 90_000, 1)
        today = inputs.today
        if self.year < today.year:
            self.cutoff_month = 12
        elif self.year == today.year:
            self.cutoff_month = today.month
        else:
            self.cutoff_month = 0
        self.offices = choose_offices(inputs.scale, rng, all_offices(inputs.ubigeos), SCALES[inputs.scale])
        self.total_coaches = sum(u.coaches for d in self.offices for u in d.ugels)
        self.users: dict[str, list[str]] = {}
        self.coaches_done = 0
        self.activities = ActivityMaker(self)

    # --- helpers ------------------------------------------------------------------------------------
    def protocol(self, intervention: str, level: str) -> ProtocolSpec:
        p = self.inputs.protocols.get((intervention, level))
        if p is None:  # a level without its own row uses the intervention's first one
            p = next(v for (k, _lvl), v in sorted(self.inputs.protocols.items()) if k == intervention)
        return p

    def lima_time(self, day: date) -> datetime:
        rng = self.rng
        return datetime(day.year, day.month, day.day, 13 + rng.randint(0, 10), rng.randint(0, 59),
                        tzinfo=timezone.utc)  # 08:00–18:59 in Lima

    def person(self) -> tuple[str, str, str]:
        rng = self.rng
        first = rng.choice(words.FEMALE_NAMES if rng.random() < 0.62 else words.MALE_NAMES)
        return first, rng.choice(words.SURNAMES), rng.choice(words.SURNAMES)

    def _user(self, role: str, scope: str, *, dni: str | None = None, name: str | None = None,
              ugel_id=None, dre_id=None, coach_id=None) -> dict:
        if dni is None:
            dni = self.staff_dnis.next()
        if name is None:
            name = " ".join(self.person())
        self.users.setdefault(role, []).append(dni)
        return {"id": self.key(), "dni": dni, "name": name, "role": role, "scope": scope, "ugel_id": ugel_id,
                "dre_id": dre_id, "coach_id": coach_id, "password_hash": self.inputs.password_hash,
                "active": True, "must_change_password": False}

    # --- the whole load -------------------------------------------------------------------------------
    def batches(self) -> Iterator[tuple[str, list[dict]]]:
        """(table, rows) in an order that satisfies every foreign key."""
        dres, ugels, users = [], [], [self._user(Role.ADMIN.value, ScopeLevel.NATION.value)]
        plans: list[tuple[DrePlan, UgelPlan, UgelState]] = []
        strikes: dict[str, int] = {}
        for d in self.offices:
            dre_id = self.key()
            dres.append({"id": dre_id, "code": d.code, "name": d.name, "department_code": d.department_code})
            users.append(self._user(Role.REGIONAL_MANAGER.value, ScopeLevel.DRE.value, dre_id=dre_id))
            if self.rng.random() < (0.8 if self.year == 2017 else 0.3):  # 2017: the long teachers' strike
                strikes[d.code] = self.rng.choice((6, 7, 8, 9))
            for ug in d.ugels:
                state = UgelState(self.key(), dre_id, ug.code)
                ugels.append({"id": state.id, "code": ug.code, "name": ug.name, "dre_id": dre_id})
                plans.append((d, ug, state))
        yield "dre", dres
        yield "ugel", ugels
        yield "user_account", users
        for i, (d, ug, state) in enumerate(plans):
            small = _SMALL[i] if self.inputs.scale == "small" else None
            yield from self._ugel(ug, state, strikes.get(d.code), small, i == 0)

    def _ugel(self, ug: UgelPlan, state: UgelState, strike_month: int | None, small, first: bool) -> Iterator:
        rng = self.rng
        users = [self._user(Role.LOCAL_MANAGER.value, ScopeLevel.UGEL.value, ugel_id=state.id),
                 self._user(Role.DATA_QUALITY.value, ScopeLevel.UGEL.value, ugel_id=state.id),
                 self._user(Role.QUALITY_COORDINATOR.value, ScopeLevel.UGEL.value, ugel_id=state.id)]
        state.gestor_id, state.rci_id = users[0]["id"], users[1]["id"]
        months = self._months()
        complete = [m for m in months if date(self.year, m, 1) + timedelta(days=62) <= self.inputs.today]
        if complete and (first or rng.random() < 0.25):  # a few UGELs closed their oldest months
            state.closed_months = frozenset(complete[: rng.randint(2, 4)])
        if small is not None:
            interventions = [k for k, n in small.items() for _ in range(n)]
        else:
            interventions = coach_interventions(ug)
        schools, teachers, coaches, assignments = [], [], [], []
        coach_states: list[CoachState] = []
        for key in interventions:
            c = self._coach(ug, state, key, coach_states, schools, teachers, coaches, assignments)
            users.append(self._user(Role.COACH.value, ScopeLevel.UGEL.value, dni=coaches[-1]["dni"],
                                    name=_full_name(coaches[-1]), ugel_id=state.id, coach_id=c.id))
            for m in months:
                if rng.random() < P_LOST_MONTH:
                    c.disrupted[m] = self.activities.lost_month_reason(m)
            if strike_month in months and rng.random() < P_LOST_MONTH_STRIKE:
                c.disrupted[strike_month] = "huelga"
            coach_states.append(c)
        yield "school", schools
        yield "teacher", teachers
        yield "coach", coaches
        yield "assignment", assignments
        yield "user_account", users
        for c in coach_states:
            levels = [t.level for t in c.teachers]
            protocol = self.protocol(c.intervention, max(set(levels), key=levels.count))
            self.activities.coach_year(state, c, protocol, [m for m in months if protocol.first_month <= m
                                                             <= protocol.last_month])
            self.coaches_done += 1
        yield from self.activities.take()
        yield "month_closing", [{"id": self.key(), "ugel_id": state.id, "year": self.year, "month": m,
                                 "closed": True} for m in sorted(state.closed_months)]

    def _months(self) -> list[int]:
        return [m for m in range(1, 13) if m <= self.cutoff_month]

    def _coach(self, ug: UgelPlan, state: UgelState, key: str, others: list[CoachState], schools, teachers,
               coaches, assignments) -> CoachState:
        rng = self.rng
        p = self.protocol(key, _LEVEL.get(key, "primaria"))
        rural = rng.random() < _RURAL_SHARE[key] and not ug.urban
        c = CoachState(self.key(), key, rural)
        first, last1, last2 = self.person()
        coaches.append({"id": c.id, "dni": self.coach_dnis.next(), "first_names": first, "last_name_1": last1,
                        "last_name_2": last2, "ugel_id": state.id, "intervention_id": self.intervention_ids[key],
                        "contract_start": date(self.year, 2, 1) + timedelta(days=rng.randint(0, 27)),
                        "contract_end": date(self.year, 12, 31)})
        target = rng.randint(max(8, p.teachers_per_coach), min(15, p.teachers_per_coach + 2))
        if p.teachers_per_coach <= 8 and rng.random() < 0.6:
            target = 8
        inter_id = self.intervention_ids[key]
        if key == "eib":  # share a few teachers of an earlier EIB coach of the UGEL (EIB allows two coaches)
            earlier = [o for o in others if o.intervention == "eib"]
            if earlier:
                o = rng.choice(earlier)
                pool = [t for t in o.teachers if t.id not in o.no_plan and t.id not in o.shared]
                for t in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
                    c.teachers.append(t)
                    c.shared.add(t.id)
                    assignments.append(self._assignment(t.id, c.id, inter_id, key, no_plan=False))
        home = rng.choice(ug.districts)
        while len(c.teachers) < target:
            size = min(rng.choice(_SCHOOL_SIZES[key]), target - len(c.teachers))
            level = _LEVEL.get(key) or ("inicial" if rng.random() < 0.25 else "primaria")
            school_id = self._school(ug, state, key, level, size, rural, home, schools)
            c.schools.append((school_id, size))
            for _ in range(size):
                t = self._teacher(state, school_id, level, teachers)
                c.teachers.append(t)
                no_plan = rng.random() < P_NO_PLAN
                if no_plan:
                    c.no_plan.add(t.id)
                assignments.append(self._assignment(t.id, c.id, inter_id, key, no_plan=no_plan))
        return c

    def _assignment(self, teacher_id, coach_id, inter_id, key: str, *, no_plan: bool) -> dict:
        row = {"id": self.key(), "teacher_id": teacher_id, "coach_id": coach_id, "intervention_id": inter_id,
               "year": self.year, "no_plan": no_plan,
               "exclusive_key": exclusive_key(key == "eib", teacher_id, key, self.year)}
        if no_plan:
            row["no_plan_reason"] = self.rng.choice(words.NO_PLAN_REASONS)
        return row

    def _school(self, ug: UgelPlan, state: UgelState, key: str, level: str, size: int, rural: bool,
                home: str, schools: list) -> object:
        rng = self.rng
        number = self.school_numbers.next().lstrip("0") or "1"
        patron = rng.choice(words.PATRONS)
        if level == "inicial":
            name = f"IEI N° {number}" + (f" {patron}" if rng.random() < 0.3 else "")
        elif level == "secundaria":
            name = f"IE {patron}" if rng.random() < 0.6 else f"IE N° {number}"
        else:
            name = f"IE N° {number}" + (f" {patron}" if rng.random() < 0.4 else "")
        if level == "secundaria":
            characteristic = None
        elif key in ("multigrado", "eib") and size <= 4:
            characteristic = "unidocente" if size == 1 else "polidocente_multigrado"
        else:
            characteristic = "polidocente_completo"
        school_id = self.key()
        schools.append({"id": school_id, "modular_code": self.modular_codes.next(), "annex": "0",
                        "local_code": self.local_codes.next(), "name": name, "level": level,
                        "characteristic": characteristic, "area": "rural" if rural else "urbana",
                        "ubigeo": home if rng.random() < 0.7 else rng.choice(ug.districts),
                        "ugel_id": state.id, "active": True})
        return school_id

    def _teacher(self, state: UgelState, school_id, level: str, teachers: list) -> TeacherState:
        rng = self.rng
        first, last1, last2 = self.person()
        t_id = self.key()
        teachers.append({"id": t_id, "dni": self.teacher_dnis.next(), "first_names": first, "last_name_1": last1,
                         "last_name_2": last2, "school_id": school_id, "ugel_id": state.id})
        base = []
        for _ in self.inputs.rubric_items:
            r = rng.random()
            base.append(1 if r < _BASE_LEVEL_CUM[0] else 2 if r < _BASE_LEVEL_CUM[1] else
                        3 if r < _BASE_LEVEL_CUM[2] else 4)
        return TeacherState(t_id, school_id, level, tuple(base), rng.uniform(0.08, 0.35))


def _full_name(coach: dict) -> str:
    return f"{coach['first_names']} {coach['last_name_1']} {coach['last_name_2']}"
