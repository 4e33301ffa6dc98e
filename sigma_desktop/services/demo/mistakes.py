"""A few data-quality mistakes of every kind, made in the demo as people make them, so that the quality
module (services/quality.py) has something to show.

The generator's rows follow the rules (tests/services/test_demo.py checks them). After the load, in the
same transaction, this module has the people of the first UGEL of each DRE (at most five UGELs) make the
mistakes the module looks for, each a logged write by that person at a time of the demo's year:

| kind | what happens |
|---|---|
| registro tardío | an AP plans a GIA and registers it 38 days after holding it |
| mes reabierto | the Gestor Local validates and closes a month, reopens it 20 days later, an AP registers a GIA in it, the Gestor validates it and closes the month again |
| domingo o feriado | an AP corrects the date of a visit to a Sunday, another to a national holiday |
| rúbrica plana / igual para todos | an AP rates every desempeño of every visit alike; another gives all the teachers of a month the same levels |
| viáticos / ruta sin IIEE | an AP renders 15 % more than assigned; another removes the IIEE visited of a ruta |
| nivel / sin visita / duplicado / DNI | the RCI registers a school of a level the intervention does not serve and assigns its teacher; assigns a new teacher nobody plans for; registers a teacher twice; registers an AP's DNI as a teacher |
| motivo «Otro» | an AP turns the motivo of some non-executions into «Otro» |

Validations waiting too long, observations not corrected and coaches above the protocol's ratio come
from the generator itself (its shares follow SIGMA's field data). The people added have DNIs 99000000 to
99999999 (a range no generator draws from); keys are deterministic, as the generator's are.
"""
from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, timedelta, timezone
from typing import Iterable
from uuid import UUID

from ...domain.dates import today_lima
from ...storage import demo_cases as dc
from ...storage import models as m
from .data import words
from ...storage.ids import LOW_74, uuid_from_int, v7_int
from .data.keys import Calendar
from ...domain.enums import ActivityKind, Outcome, Role, ValidationState, VisitType

MAX_UGELS = 5
PLANTED_DNIS = 99_000_000
LEVELS = ("inicial", "primaria", "secundaria")


def plant(u, year: int, seed: int, holidays: Iterable[date], today: date | None = None
          ) -> dict[tuple[str, str], int]:
    """Makes the mistakes in the first UGELs; returns the change-log entries they wrote by (entity, op)."""
    before = dc.last_seq(u)
    _Planter(u, year, seed, frozenset(d for d in holidays if d.year == year), today or today_lima()).run()
    return dc.changes_since(u, before)


class _Planter:
    def __init__(self, u, year: int, seed: int, holidays: frozenset[date], today: date):
        self.u, self.year, self.seed, self.today = u, year, seed, today
        self.holidays = holidays
        self.cal = Calendar(year, holidays)
        self.rng = random.Random(f"sigma-demo-quality:{seed}:{year}")
        self.n = 0
        self.interventions = {i.id: i.key for i in u.all(m.Intervention)}
        self.reasons = {r.code: r.id for r in u.all(m.SkipReason)}
        self.protocol_levels: dict[UUID, set[str]] = {}
        for p in u.all(m.Protocol, year=year):
            self.protocol_levels.setdefault(p.intervention_id, set()).add(p.level)
        self.people = 0

    # --- helpers ----------------------------------------------------------------------------------------
    def key(self, at: datetime) -> UUID:
        """A UUIDv7-shaped key with `at`'s millisecond and seeded bits: the same demo, the same keys."""
        self.n += 1
        ms = int(at.timestamp() * 1000)
        h = int.from_bytes(hashlib.sha256(f"{self.seed}:{self.year}:{self.n}".encode()).digest()[:10], "big")
        h &= LOW_74
        return uuid_from_int(v7_int(ms, h))

    @staticmethod
    def at(day: date, hour: int = 15) -> datetime:
        return datetime(day.year, day.month, day.day, hour, 0, tzinfo=timezone.utc)  # 10:00 in Lima

    def month_end(self, month: int) -> date:
        return (date(self.year, 12, 31) if month == 12 else date(self.year, month + 1, 1) - timedelta(days=1))

    def settled(self, month: int, days: int) -> bool:
        """Whether `days` days after the month's end are already past (a write then is not in the future)."""
        return self.month_end(month) + timedelta(days=days) < self.today

    def dni(self) -> str:
        self.people += 1
        return str(PLANTED_DNIS + self.people)

    def acting(self, user: m.UserAccount, when: datetime):
        return dc.acting(self.u, user.id, user.dni, when)

    # --- one UGEL ---------------------------------------------------------------------------------------
    def run(self) -> None:
        for ugel in dc.first_ugels(self.u, MAX_UGELS):
            self.ugel(ugel)

    def ugel(self, ugel: m.Ugel) -> None:
        u = self.u
        users = u.all(m.UserAccount, ugel_id=ugel.id)
        self.gestor = next((x for x in users if x.role == Role.LOCAL_MANAGER), None)
        self.rci = next((x for x in users if x.role == Role.DATA_QUALITY), None)
        self.ap = {x.coach_id: x for x in users if x.role == "ap"}
        self.coaches = sorted((c for c in u.all(m.Coach, ugel_id=ugel.id) if c.id in self.ap), key=lambda c: c.dni)
        if not self.coaches or self.gestor is None or self.rci is None:
            return
        self.ugel_id = ugel.id
        self.closed = {c.month for c in u.all(m.MonthClosing, ugel_id=ugel.id, year=self.year) if c.closed}
        self.work: dict[UUID, list] = {}
        self.used: set[UUID] = set()  # coaches already given a mistake
        self.reopened = self.reopened_month()
        for step in (self.flat_rubric, self.late_registration, self.days_off, self.same_rubric,
                     self.allowance_over, self.route_without_schools, self.level_mismatch, self.unplanned_teacher,
                     self.duplicate_teacher, self.coach_as_teacher, self.other_reason):
            step()

    def coach_work(self, coach: m.Coach) -> list[tuple[m.Activity, m.Execution | None]]:
        if coach.id not in self.work:
            self.work[coach.id] = dc.coach_work(self.u, coach.id, self.year)
        return self.work[coach.id]

    def open_month(self, month: int) -> bool:
        return month not in self.closed and month != self.reopened

    def pick(self, fits) -> m.Coach | None:
        """The first coach not yet used for whom `fits(coach)` is true (else a used one)."""
        for pool in ([c for c in self.coaches if c.id not in self.used], self.coaches):
            for coach in pool:
                if fits(coach):
                    self.used.add(coach.id)
                    return coach
        return None

    def executed(self, coach: m.Coach, kind: str, *, open_only: bool = True):
        return [(a, e) for a, e in self.coach_work(coach) if a.kind == kind and e is not None
                and e.outcome == Outcome.EXECUTED and (not open_only or self.open_month(a.month))]

    def new_gia(self, coach: m.Coach, month: int, day: date, planned_at: datetime, registered_at: datetime
                ) -> m.Execution | None:
        teachers = dc.coach_teachers(self.u, coach.id, self.year)
        if len(teachers) < 2:
            return None
        ap = self.ap[coach.id]
        with self.acting(ap, planned_at):
            a = self.u.add(m.Activity(id=self.key(planned_at), kind=ActivityKind.GROUP_SESSION.value, coach_id=coach.id,
                                      intervention_id=coach.intervention_id, ugel_id=self.ugel_id, year=self.year,
                                      month=month, planned_date=day, topic=self.rng.choice(words.GIA_TOPICS),
                                      planned_hours=4))
            for t in teachers:
                self.u.add(m.ActivityParticipant(id=self.key(planned_at), activity_id=a.id, teacher_id=t.id))
        with self.acting(ap, registered_at):
            e = self.u.add(m.Execution(id=self.key(registered_at), activity_id=a.id, outcome=Outcome.EXECUTED.value,
                                       executed_on=day, hours=4))
            for t in teachers:
                self.u.add(m.ExecutionParticipant(id=self.key(registered_at), execution_id=e.id, teacher_id=t.id,
                                                  attended=True))
        return e

    # --- the mistakes -----------------------------------------------------------------------------------
    def reopened_month(self) -> int | None:
        """The Gestor Local validates and closes the first open month, reopens it, an AP registers a GIA in
        it, the Gestor validates that too and closes the month again."""
        months = sorted({a.month for c in self.coaches for a, _e in self.coach_work(c)})
        month = next((mo for mo in months if mo not in self.closed and self.settled(mo, 40)), None)
        coach = self.pick(lambda c: len(dc.coach_teachers(self.u, c.id, self.year)) >= 2)
        if month is None or coach is None:
            return None
        closed_at = self.at(self.month_end(month) + timedelta(days=10))
        with self.acting(self.gestor, closed_at - timedelta(days=1)):
            for c in self.coaches:
                for a, e in self.coach_work(c):
                    if a.month == month and e is not None and e.outcome == Outcome.EXECUTED \
                            and e.validation_state != ValidationState.VALIDATED:
                        e.validation_state, e.validation_comment = ValidationState.VALIDATED.value, None
                        e.validated_by, e.validated_at = self.gestor.id, closed_at - timedelta(days=1)
        with self.acting(self.gestor, closed_at):
            closing = self.u.add(m.MonthClosing(id=self.key(closed_at), ugel_id=self.ugel_id, year=self.year,
                                                month=month, closed=True))
        reopened_at = closed_at + timedelta(days=20)
        with self.acting(self.gestor, reopened_at):
            closing.closed, closing.reason = False, "Regularización de registros de un AP que trabajó sin conexión"
        day = self.cal.days[month][len(self.cal.days[month]) // 2]
        e = self.new_gia(coach, month, day, reopened_at + timedelta(days=1), reopened_at + timedelta(days=1, hours=1))
        if e is not None:
            with self.acting(self.gestor, reopened_at + timedelta(days=2)):
                e.validation_state, e.validated_by = ValidationState.VALIDATED.value, self.gestor.id
                e.validated_at = reopened_at + timedelta(days=2)
        with self.acting(self.gestor, reopened_at + timedelta(days=3)):
            closing.closed, closing.reason = True, None
        self.closed.add(month)
        return month

    def late_registration(self) -> None:
        months = [mo for mo in range(12, 0, -1) if self.open_month(mo) and self.settled(mo, 40) and self.cal.days[mo]]
        coach = self.pick(lambda c: len(dc.coach_teachers(self.u, c.id, self.year)) >= 2
                          and any(a.month in months for a, _e in self.coach_work(c)))
        if coach is None:
            return
        month = next(mo for mo in months if any(a.month == mo for a, _e in self.coach_work(coach)))
        days = self.cal.days[month]
        day = days[self.rng.randrange(len(days))]
        self.new_gia(coach, month, day, self.at(days[0]) - timedelta(days=3), self.at(day + timedelta(days=38)))

    def days_off(self) -> None:
        def visits(c):
            return [(a, e) for a, e in self.executed(c, ActivityKind.VISIT) if a.visit_type != VisitType.DIAGNOSTIC
                    and e.validation_state == ValidationState.PENDING]

        coach = self.pick(lambda c: len(visits(c)) >= 2)
        if coach is None:
            return
        ap = self.ap[coach.id]
        moved = False
        for a, e in visits(coach):
            sundays = [d for d in self._month_days(a.month) if d.weekday() == 6 and d <= self.today]
            if not moved and sundays:
                with self.acting(ap, self.at(sundays[0] + timedelta(days=1))):
                    e.executed_on = sundays[0]
                moved = True
                continue
            holidays = [d for d in sorted(self.holidays) if d.month == a.month and d.weekday() < 6 and d <= self.today]
            if holidays:
                with self.acting(ap, self.at(holidays[0] + timedelta(days=1))):
                    e.executed_on = holidays[0]
                return

    def _month_days(self, month: int) -> list[date]:
        first = date(self.year, month, 1)
        return [first + timedelta(days=i) for i in range((self.month_end(month) - first).days + 1)]

    def flat_rubric(self) -> None:
        fewest = sorted(self.coaches, key=lambda c: (len(self.executed(c, ActivityKind.VISIT, open_only=False)), c.dni))
        fewest.sort(key=lambda c: c.id in self.used)  # stable: an unused coach first, if any
        coach = next((c for c in fewest if len(self.executed(c, ActivityKind.VISIT, open_only=False)) >= 4), None)
        if coach is None:
            return
        self.used.add(coach.id)
        ap = self.ap[coach.id]
        for _a, e in self.executed(coach, ActivityKind.VISIT, open_only=False):
            rated = [n for n in range(1, 7) if getattr(e, f"level_{n}") is not None]
            level = round(sum(getattr(e, f"level_{n}") for n in rated) / len(rated)) if rated else 2
            with self.acting(ap, self.at(e.executed_on, 22)):
                for n in rated:
                    setattr(e, f"level_{n}", level)

    def same_rubric(self) -> None:
        def month_of(c):
            by_month: dict[int, list] = {}
            for a, e in self.executed(c, ActivityKind.VISIT):
                by_month.setdefault(a.month, []).append((a, e))
            return next((rows for _mo, rows in sorted(by_month.items()) if len({a.teacher_id for a, _e in rows}) >= 3
                         and len(rows) <= 15), None)

        coach = self.pick(lambda c: month_of(c) is not None)
        if coach is None:
            return
        rows = month_of(coach)
        first = rows[0][1]
        ap = self.ap[coach.id]
        for _a, e in rows[1:]:
            with self.acting(ap, self.at(e.executed_on, 22)):
                for n in range(1, 7):
                    setattr(e, f"level_{n}", getattr(first, f"level_{n}"))

    def allowance_over(self) -> None:
        coach = self.pick(lambda c: any(a.allowance_assigned_cents for a, _e in self.executed(c, ActivityKind.ROUTE)))
        if coach is None:
            return
        a, e = next((a, e) for a, e in self.executed(coach, ActivityKind.ROUTE) if a.allowance_assigned_cents)
        with self.acting(self.ap[coach.id], self.at(e.executed_on + timedelta(days=3))):
            e.allowance_spent_cents = a.allowance_assigned_cents * 115 // 100 // 10 * 10

    def route_without_schools(self) -> None:
        def routes(c):
            return [(a, e) for a, e in self.executed(c, ActivityKind.ROUTE)
                    if e.allowance_spent_cents is not None and e.allowance_spent_cents <= (a.allowance_assigned_cents or 0)]

        coach = self.pick(lambda c: bool(routes(c)))
        if coach is None:
            return
        _a, e = routes(coach)[-1]
        when = self.at(e.executed_on + timedelta(days=2))
        with self.acting(self.ap[coach.id], when):
            for p in self.u.all(m.ExecutionParticipant, execution_id=e.id):
                p.deleted_at, p.deleted_by = when, self.ap[coach.id].id
                p.deleted_reason = "IIEE registradas por error"

    def _school_of(self, coach: m.Coach) -> m.School | None:
        teachers = dc.coach_teachers(self.u, coach.id, self.year)
        return self.u.get(m.School, teachers[0].school_id) if teachers else None

    def _new_teacher(self, school: m.School, when: datetime, dni: str | None = None,
                     names: tuple[str, str, str | None] | None = None) -> m.Teacher:
        first, last1, last2 = names or (self.rng.choice(words.FEMALE_NAMES), self.rng.choice(words.SURNAMES),
                                        self.rng.choice(words.SURNAMES))
        with self.acting(self.rci, when):
            return self.u.add(m.Teacher(id=self.key(when), dni=dni or self.dni(), first_names=first,
                                        last_name_1=last1, last_name_2=last2, school_id=school.id,
                                        ugel_id=self.ugel_id))

    def _assign(self, teacher: m.Teacher, coach: m.Coach, when: datetime) -> None:
        key = self.interventions[coach.intervention_id]
        with self.acting(self.rci, when):
            self.u.add(m.Assignment(id=self.key(when), teacher_id=teacher.id, coach_id=coach.id,
                                    intervention_id=coach.intervention_id, year=self.year, no_plan=False,
                                    exclusive_key=None if key == "eib" else f"{teacher.id}:{key}:{self.year}"))

    def _by_load(self) -> list[m.Coach]:
        """Coaches with the fewest teachers first (an added teacher keeps them within 15)."""
        return sorted(self.coaches, key=lambda c: (len(dc.coach_teachers(self.u, c.id, self.year)), c.dni))

    def level_mismatch(self) -> None:
        coach = next((c for c in self._by_load() if set(LEVELS) - self.protocol_levels.get(c.intervention_id, set(LEVELS))
                      and self._school_of(c) is not None), None)
        if coach is None or not self.settled(3, 0):
            return
        level = sorted(set(LEVELS) - self.protocol_levels[coach.intervention_id])[0]
        near = self._school_of(coach)
        when = self.at(date(self.year, 3, 2))
        with self.acting(self.rci, when):
            school = self.u.add(m.School(
                id=self.key(when), modular_code=f"99{self.rng.randrange(100000):05d}", annex="0",
                local_code=f"99{self.rng.randrange(10000):04d}",
                name=("IEI N° " if level == "inicial" else "IE N° ") + str(900 + self.rng.randrange(99)),
                level=level, characteristic=None if level == "secundaria" else "unidocente", area=near.area,
                ubigeo=near.ubigeo, ugel_id=self.ugel_id, active=True))
        teacher = self._new_teacher(school, when + timedelta(minutes=5))
        self._assign(teacher, coach, when + timedelta(minutes=10))

    def unplanned_teacher(self) -> None:
        coach = next((c for c in self._by_load()[1:] + self._by_load()[:1] if self._school_of(c) is not None
                      and self._school_of(c).level in self.protocol_levels.get(c.intervention_id, ())), None)
        if coach is None or not self.settled(3, 0):
            return
        when = self.at(date(self.year, 3, 9))
        teacher = self._new_teacher(self._school_of(coach), when)
        self._assign(teacher, coach, when + timedelta(minutes=5))

    def duplicate_teacher(self) -> None:
        coach = self.coaches[len(self.coaches) // 2]
        teachers = dc.coach_teachers(self.u, coach.id, self.year)
        if not teachers:
            return
        t = teachers[0]
        school = self.u.get(m.School, t.school_id)
        self._new_teacher(school, self.at(date(self.year, 3, 16)), names=(t.first_names, t.last_name_1, t.last_name_2))

    def coach_as_teacher(self) -> None:
        coach = self.coaches[-1]
        school = self._school_of(coach)
        if school is not None:
            self._new_teacher(school, self.at(date(self.year, 3, 23)), dni=coach.dni)

    def other_reason(self) -> None:
        def plan(c):
            non = [(a, e) for a, e in self.coach_work(c) if e is not None and e.outcome == Outcome.NOT_EXECUTED]
            if len(non) < 5:
                return None
            other = self.reasons.get("otro")
            have = sum(1 for _a, e in non if e.skip_reason_id == other)
            need = len(non) // 5 + 1 - have
            change = [(a, e) for a, e in non if e.skip_reason_id != other and self.open_month(a.month)][:max(need, 0)]
            return change if len(change) == need and need > 0 else None

        coach = self.pick(lambda c: plan(c) is not None)
        if coach is None or "otro" not in self.reasons:
            return
        for _a, e in plan(coach):
            with self.acting(self.ap[coach.id], self.at(e.executed_on + timedelta(days=1))):
                e.skip_reason_id, e.skip_note = self.reasons["otro"], self.rng.choice(words.OTHER_NOTES)
