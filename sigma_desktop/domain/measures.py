"""From aggregate facts to the measures of every group (nation, DRE, UGEL, intervention, coach, month).

Pure Python over the few rows the aggregate queries return. Additive counts are summed up the
groups; measures over teachers are recomputed per group over *distinct* teachers, merging a teacher
who has several coaches in the group (EIB), so no teacher is counted twice.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from operator import add
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable
from uuid import UUID

from .catalogues import ProtocolDef

TOTAL = ("total", "total")
RUBRIC_SLOTS = (1, 2, 3, 4, 5, 6)


@dataclass(frozen=True)
class CoachInfo:
    coach_id: object  # the id as the queries return it: a dict key only
    key: str  # canonical text of the id, used in output
    dre: str
    ugel: str
    intervention: str


def coach_groups(c: CoachInfo) -> tuple[tuple[str, str], ...]:
    return (TOTAL, ("dre", c.dre), ("ugel", c.ugel), ("intervencion", c.intervention),
            ("acompanante", c.key))


def expected(target: int, protocol: ProtocolDef, cutoff: int) -> int:
    """The target expected by the cut-off month: the annual target times the share of field months
    elapsed, rounded up (a teacher with 9 visits a year over March–December owes 1 by March)."""
    total = protocol.last_month - protocol.first_month + 1
    elapsed = min(max(cutoff - protocol.first_month + 1, 0), total)
    if total <= 0 or target <= 0:
        return 0
    return math.ceil(target * elapsed / total - 1e-9)


@dataclass(slots=True)
class Pair:
    """What one coach did with one assigned teacher, up to the cut-off."""

    teacher: UUID
    coach: UUID
    school: UUID
    level: str
    intervention: str
    visits: int = 0
    diagnostic: bool = False
    in_month: bool = False
    first: date | None = None
    last: date | None = None
    gia: int = 0
    workshops: int = 0
    latest: tuple | None = None  # (date, coach id as text, is_diagnostic, levels): sorts by date, then coach
    diag_levels: tuple | None = None  # (date, coach id as text, levels)


@dataclass(slots=True)
class _Teacher:
    visits: int = 0
    diagnostic: bool = False
    in_month: bool = False
    first: date | None = None
    last: date | None = None
    gia: int = 0
    workshops: int = 0
    school: UUID | None = None
    protocol_key: tuple[str, str] | None = None
    key_coach: str = ""
    latest: tuple | None = None
    diag_levels: tuple | None = None

    def merge(self, p: Pair) -> None:
        self.visits += p.visits
        self.diagnostic |= p.diagnostic
        self.in_month |= p.in_month
        self.first = p.first if self.first is None or (p.first and p.first < self.first) else self.first
        self.last = p.last if self.last is None or (p.last and p.last > self.last) else self.last
        self.gia += p.gia
        self.workshops += p.workshops
        self.school = self.school or p.school
        if self.protocol_key is None or str(p.coach) < self.key_coach:  # deterministic for EIB merges
            self.protocol_key, self.key_coach = (p.intervention, p.level), str(p.coach)
        if p.latest and (self.latest is None or p.latest[:2] > self.latest[:2]):
            self.latest = p.latest
        if p.diag_levels and (self.diag_levels is None or p.diag_levels[:2] < self.diag_levels[:2]):
            self.diag_levels = p.diag_levels


@dataclass
class Facts:
    """Everything the queries returned, keyed for the computation."""

    year: int
    cutoff: int
    coaches: dict[UUID, CoachInfo]
    activity_rows: list[dict]  # per coach (and "month" when broken down by month): additive measures
    pairs: list[Pair]
    community: list[tuple[UUID, UUID]]  # (coach, school) with an executed visita social
    materials: list[tuple]  # (coach, teacher | None, school, planned, complete)
    protocols: dict[tuple[str, str], ProtocolDef]
    by_month: bool = False
    coach_cum: dict[UUID, dict] = field(default_factory=dict)


def _add(target: dict, row: dict) -> None:
    for key, value in row.items():
        if key not in ("coach_id", "month") and value:
            target[key] = target.get(key, 0) + value


def wanted_levels(levels: Iterable[str] | None, by_month: bool) -> frozenset[str]:
    """The disaggregation levels to build besides the total (None: every level)."""
    every = {"dre", "ugel", "intervencion", "acompanante"} | ({"mes"} if by_month else set())
    return frozenset(every if levels is None else set(levels) & every)


def compute(f: Facts, levels: Iterable[str] | None = None, memo: dict | None = None
            ) -> dict[tuple[str, str], dict[str, float]]:
    """The measures of the total and of every group of the wanted levels (None: all levels).

    Everything additive over coaches (activity counts, teachers with a single coach, the coaches'
    own measures) is summed per coach first and then rolled up coach → UGEL → DRE → total and
    coach → intervention: each coach's figures are added twice, not once per level. Measures over
    distinct teachers with several coaches and over distinct schools are computed per group.
    `memo` keeps what a teacher's situation contributes from one call to the next (a live report's, for the
    same year, cut-off and protocols).
    """
    want = wanted_levels(levels, f.by_month)
    groups: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    groups[TOTAL]  # the nation (or the filtered scope) always appears
    per_coach: dict[object, dict] = defaultdict(dict)
    for row in f.activity_rows:
        if row["coach_id"] not in f.coaches:
            continue
        if f.by_month and "mes" in want:
            _add(groups[("mes", str(row["month"]))], row)
        _add(per_coach[row["coach_id"]], row)
    _teacher_measures(f, groups, per_coach, want, {} if memo is None else memo)
    _coach_measures(f, per_coach)
    _roll_up(f, groups, per_coach, want)
    _school_measures(f, groups, want)
    for measures in groups.values():
        _derive(measures)
    return dict(groups)


class _Space:
    """Measure names at fixed positions, so that adding one coach's figures to a group is one
    `map(add, …)` over two lists instead of a dictionary update per measure."""

    def __init__(self, names: Iterable[str]):
        self.names = sorted(names)
        self.position = {n: i for i, n in enumerate(self.names)}

    def vector(self, values: dict) -> list:
        v = [0] * len(self.names)
        position = self.position
        for name, value in values.items():
            v[position[name]] += value
        return v

    def as_dict(self, v: list) -> dict:
        return {n: x for n, x in zip(self.names, v) if x}


def _plus(acc: list | None, v: list) -> list:
    return v if acc is None else list(map(add, acc, v))


def _roll_up(f: Facts, groups: dict, per_coach: dict, want: frozenset[str]) -> None:
    names: set[str] = set()
    for values in per_coach.values():
        names.update(values)
    space = _Space(names)
    sums: dict[tuple, list] = {}
    ugel_dre: dict[str, str] = {}
    for coach_id, values in per_coach.items():
        c = f.coaches[coach_id]
        v = space.vector(values)
        g = ("ugel", c.ugel)
        sums[g] = _plus(sums.get(g), v)
        ugel_dre[c.ugel] = c.dre
        if "intervencion" in want:
            g = ("intervencion", c.intervention)
            sums[g] = _plus(sums.get(g), v)
        if "acompanante" in want:
            sums[("acompanante", c.key)] = v
    for ugel, dre in ugel_dre.items():
        g = ("dre", dre)
        sums[g] = _plus(sums.get(g), sums[("ugel", ugel)])
    for dre in set(ugel_dre.values()):
        sums[TOTAL] = _plus(sums.get(TOTAL), sums[("dre", dre)])
    for g, v in sums.items():
        if g == TOTAL or g[0] in want:
            _add_into(groups[g], space.as_dict(v))


def _derive(ms: dict) -> None:
    _fold_ratio_sums(ms)
    kinds = ("visita", "gia", "taller", "visita_social", "ruta", "materiales")
    for k in kinds:
        ms[f"{k}.unregistered"] = ms.get(f"{k}.planned", 0) - ms.get(f"{k}.executed", 0) - ms.get(
            f"{k}.not_executed", 0)
    # the review of non-executions, every kind together (indicators N01–N06)
    ms["ne.total"] = sum(ms.get(f"{k}.not_executed", 0) for k in kinds)
    for state in ("validated", "observed", "pending"):
        ms[f"ne.{state}"] = sum(ms.get(f"{k}.ne_{state}", 0) for k in kinds)
    ms["visita_social.participants"] = sum(ms.get(f"visita_social.{x}", 0)
                                           for x in ("parents", "elders", "authorities"))
    if "teachers.assigned" in ms:
        ms["teachers.not_visited"] = ms["teachers.assigned"] - ms.get("teachers.visited", 0)
        ms["teachers.without_gia"] = ms["teachers.assigned"] - ms.get("teachers.with_gia", 0)


def _ratio(ms: dict, measure: str, done: int, target: int) -> None:
    """Adds 100 × done / target to a sum of ratios. The numerators are kept as integers per target
    and divided once at the end (`_fold_ratio_sums`), so the sum is the same whatever order the
    database returned the rows in (SQLite and PostgreSQL give identical figures)."""
    key = f"{measure}/{target}"
    ms[key] = ms.get(key, 0) + done


def _fold_ratio_sums(ms: dict) -> None:
    parts: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for key in [k for k in ms if "/" in k]:
        measure, _, target = key.partition("/")
        parts[measure].append((int(target), ms.pop(key)))
    for measure, items in parts.items():
        ms[measure] = math.fsum(100.0 * done / target for target, done in sorted(items))


def _inc(ms: dict, key: str, value: float = 1) -> None:
    ms[key] = ms.get(key, 0) + value


def _contribution(f: Facts, pairs: list[Pair]) -> dict:
    """What one teacher adds to a group, from their pairs with the group's coaches (merged)."""
    t = _Teacher()
    for p in pairs:
        t.merge(p)
    c: dict[str, float] = {"teachers.assigned": 1, "teachers.visits_done": t.visits}
    if t.diagnostic:
        c["teachers.with_diagnostic"] = 1
    if t.visits:
        c["teachers.visited"] = 1
    if t.in_month:
        c["teachers.visited_in_month"] = 1
    if t.visits >= 2 and t.first and t.last:
        c["teachers.visit_gap_days"] = (t.last - t.first).days
        c["teachers.visit_gaps"] = t.visits - 1
    if t.gia:
        c["teachers.with_gia"] = 1
    if t.workshops:
        c["teachers.with_workshop"] = 1
    _progress(f, c, t)
    _rubric(c, t)
    return c


def _add_into(target: dict, values: dict) -> None:
    for key, value in values.items():
        target[key] = target.get(key, 0) + value


LEVEL_KEYS = (("total", lambda c: TOTAL), ("dre", lambda c: ("dre", c.dre)), ("ugel", lambda c: ("ugel", c.ugel)),
              ("intervencion", lambda c: ("intervencion", c.intervention)))


def _rubric_key(p: Pair) -> tuple:
    """What the rubric measures of a teacher with one coach depend on (part of their situation)."""
    return (p.latest[2], p.latest[3], None if p.diag_levels is None else p.diag_levels[2])


def _contribution_of_key(f: Facts, key: tuple) -> dict:
    visits, diagnostic, in_month, gia, workshops, intervention, level, rubric = key
    p = Pair(None, "", None, level, intervention, visits, diagnostic, in_month, None, None, gia, workshops)
    if rubric is not None:
        p.latest = (None, "", rubric[0], rubric[1])
        p.diag_levels = None if rubric[2] is None else (None, "", rubric[2])
    return _contribution(f, [p])


def _teacher_measures(f: Facts, groups: dict, per_coach: dict, want: frozenset[str], known: dict) -> None:
    """Distinct teachers per group. A teacher with one coach adds the same to every group of that
    coach, so it is summed per coach (and rolled up with the coach); a teacher with several coaches
    (EIB) is merged separately within each group that holds more than one of their coaches."""
    pairs = [p for p in f.pairs if p.coach in f.coaches]
    coaches_of = Counter([p.teacher for p in pairs])
    singles = [p for p in pairs if coaches_of[p.teacher] == 1]
    several: dict[object, list[Pair]] = defaultdict(list)
    if len(singles) < len(pairs):
        for p in pairs:
            if coaches_of[p.teacher] > 1:
                several[p.teacher].append(p)
    gap_days: Counter = Counter()
    gaps: Counter = Counter()
    for p in singles:
        if p.visits >= 2 and p.first and p.last:
            gap_days[p.coach] += (p.last - p.first).days
            gaps[p.coach] += p.visits - 1
    for coach_id, days in gap_days.items():
        ms = per_coach[coach_id]
        _inc(ms, "teachers.visit_gap_days", days)
        _inc(ms, "teachers.visit_gaps", gaps[coach_id])
    # (coach, situation) → number of teachers, counted in C by Counter. The situation is what the
    # contribution of a teacher with one coach depends on, apart from the visit gap (added above):
    # teachers in the same situation add the same, so each situation is computed once
    situations = Counter([(p.coach, (p.visits, p.diagnostic, p.in_month, p.gia, p.workshops, p.intervention,
                                     p.level, None if p.latest is None else _rubric_key(p))) for p in singles])
    vectors = _situation_vectors(f, {key for _c, key in situations}, known)
    space = known["space"]
    of_coach: dict[object, list] = defaultdict(list)
    for (coach_id, key), n in situations.items():
        of_coach[coach_id].extend([vectors[key]] * n)
    for coach_id, vs in of_coach.items():
        # a coach's teachers added column by column (the loops run in C)
        _add_into(per_coach[coach_id], space.as_dict(vs[0] if len(vs) == 1 else list(map(sum, zip(*vs)))))
    # a teacher's merged contribution, by the very pairs merged: the same coaches in a UGEL, its DRE and the
    # total merge alike, and a live report keeps them from one call to the next (`known["merged"]`: the pairs
    # of the coaches a write did not touch are the same objects; the cache holds them, so their ids cannot be
    # taken by others, and it keeps only what this call used)
    before, now = known.get("merged", {}), {}

    def merged(part: list[Pair]) -> dict:
        which = tuple(map(id, part))
        found = now.get(which)
        if found is None:
            found = now[which] = before.get(which) or (part, _contribution(f, part))
        return found[1]

    for ps in several.values():
        if "acompanante" in want:
            for p in ps:
                _add_into(groups[("acompanante", f.coaches[p.coach].key)], merged([p]))
        for level, key_of in LEVEL_KEYS:
            if level != "total" and level not in want:
                continue
            parts: dict[tuple, list[Pair]] = defaultdict(list)
            for p in ps:
                parts[key_of(f.coaches[p.coach])].append(p)
            for g, part in parts.items():
                _add_into(groups[g], merged(part))
    known["merged"] = now


def _situation_vectors(f: Facts, wanted: set, known: dict) -> dict:
    """Each situation's contribution as a vector of `known["space"]`. `known` keeps the contributions, the
    space and the vectors from one call to the next (a live report's memo; a fresh dict otherwise): the space
    only grows, and only a situation never seen before is worked out. Names a situation lacks are zeros, which
    `_Space.as_dict` drops, so the sums are the same whichever space they were added in."""
    contributions = known.setdefault("contributions", {})
    vectors = known.setdefault("vectors", {})
    space = known.get("space")
    for key in wanted:
        if key not in contributions:
            found = contributions[key] = _contribution_of_key(f, key)
            if space is not None and not found.keys() <= space.position.keys():
                space = None  # a name the space lacks: build it again, with the old names
    if space is None:
        names = set(known["space"].names) if "space" in known else set()
        for key in wanted:
            names.update(contributions[key])
        space = known["space"] = _Space(names)
        vectors.clear()
    for key in wanted:
        if key not in vectors:
            vectors[key] = space.vector(contributions[key])
    return vectors


def _progress(f: Facts, ms: dict, t: _Teacher) -> None:
    p = f.protocols.get(t.protocol_key)
    if p is None:  # no protocol for the intervention, year and school level (domain/rules/assignment.py, level_warning)
        _inc(ms, "teachers.without_target")
        return
    meta_v = expected(p.visits, p, f.cutoff)
    if meta_v <= 0:
        return
    meta_g = expected(p.group_sessions, p, f.cutoff)
    meta_t = expected(p.workshops, p, f.cutoff)
    ratio = 100.0 * t.visits / meta_v
    _inc(ms, "progress.teachers")
    _ratio(ms, "progress.visits_ratio_sum", t.visits, meta_v)
    _inc(ms, "progress.visits_done", t.visits)
    _inc(ms, "progress.visits_expected", meta_v)
    band = "lt50" if ratio < 50 else "50to75" if ratio < 75 else "75to100" if ratio < 100 else "ge100"
    _inc(ms, f"progress.band.{band}")
    ok_v = t.visits >= meta_v
    ok_g = t.gia >= meta_g
    ok_t = t.workshops >= meta_t
    if meta_g > 0:
        _inc(ms, "progress.teachers_gia")
        _ratio(ms, "progress.gia_ratio_sum", t.gia, meta_g)
        _inc(ms, "progress.gia_done", t.gia)
        _inc(ms, "progress.gia_expected", meta_g)
        if ok_g:
            _inc(ms, "compliance.gia")
    if meta_t > 0:
        _inc(ms, "progress.teachers_workshop")
        _ratio(ms, "progress.workshop_ratio_sum", t.workshops, meta_t)
        _inc(ms, "progress.workshop_done", t.workshops)
        _inc(ms, "progress.workshop_expected", meta_t)
        if ok_t:
            _inc(ms, "compliance.workshops")
    if ok_v:
        _inc(ms, "compliance.visits")
    if ok_v and ok_g and ok_t:
        _inc(ms, "compliance.all")
    annual_v = t.visits >= p.visits
    if annual_v:
        _inc(ms, "compliance.annual_visits")
    if annual_v and t.gia >= p.group_sessions and t.workshops >= p.workshops:
        _inc(ms, "compliance.annual_all")


def _rubric(ms: dict, t: _Teacher) -> None:
    if t.latest is None:
        return
    _date, _coach, latest_is_diag, levels = t.latest
    rated = [(n, lv) for n, lv in zip(RUBRIC_SLOTS, levels) if lv is not None]
    if not rated:
        return
    _inc(ms, "rubric.rated_teachers")
    for n, lv in rated:
        _inc(ms, f"rubric.rated.{n}")
        if lv >= 3:
            _inc(ms, f"rubric.satisfactory.{n}")
    if all(lv >= 3 for _n, lv in rated):
        _inc(ms, "rubric.all_satisfactory")
    if t.diag_levels is not None and not latest_is_diag:
        _inc(ms, "rubric.compared")
        diag = t.diag_levels[2]
        if any(a is not None and b is not None and a > b for a, b in zip(levels, diag)):
            _inc(ms, "rubric.improved")


def _majority_level(pairs: Iterable[Pair]) -> str | None:
    counts: dict[str, int] = defaultdict(int)
    for p in pairs:
        counts[p.level] += 1
    return min(counts, key=lambda lv: (-counts[lv], lv)) if counts else None


def _coach_measures(f: Facts, per_coach: dict) -> None:
    """Coaches with teachers to plan, and their progress against the protocol (per coach, rolled up)."""
    pairs_by_coach: dict[object, list[Pair]] = defaultdict(list)
    for p in f.pairs:
        pairs_by_coach[p.coach].append(p)
    metas = {key: (expected(p.visits, p, f.cutoff), expected(p.group_sessions, p, f.cutoff),
                   expected(p.workshops, p, f.cutoff), expected(p.community_visits, p, f.cutoff))
             for key, p in f.protocols.items()}
    for coach_id, pairs in pairs_by_coach.items():
        coach = f.coaches.get(coach_id)
        if coach is None:
            continue
        cum = f.coach_cum.get(coach_id, {})
        meta_v = done_v = 0
        for p in pairs:
            m = metas.get((p.intervention, p.level))
            if m is not None:
                meta_v += m[0]
                done_v += p.visits
        ms = per_coach[coach_id]
        _inc(ms, "coaches.active")
        m = metas.get((coach.intervention, _majority_level(pairs) or ""))
        if meta_v <= 0 or m is None:
            continue
        _, meta_g, meta_t, meta_c = m
        _inc(ms, "progress.coaches")
        _ratio(ms, "progress.coach_ratio_sum", done_v, meta_v)
        if done_v >= meta_v:
            _inc(ms, "compliance.coach_visits")
        if cum.get("cum.gia.executed", 0) >= meta_g:
            _inc(ms, "compliance.coach_gia")
        if cum.get("cum.taller.executed", 0) >= meta_t:
            _inc(ms, "compliance.coach_workshops")
        if meta_c > 0:
            done_c = cum.get("cum.visita_social.executed", 0)
            _inc(ms, "progress.coaches_eib")
            _inc(ms, "progress.community_done", done_c)
            _inc(ms, "progress.community_expected", meta_c)
            if done_c >= meta_c:
                _inc(ms, "compliance.coach_community")


def _wanted_groups(c: CoachInfo, want: frozenset[str]) -> list[tuple[str, str]]:
    return [g for g in coach_groups(c) if g[0] == "total" or g[0] in want]


def _school_measures(f: Facts, groups: dict, want: frozenset[str]) -> None:
    """Distinct schools (EIB, visited) and distinct teachers or schools with materials, per group."""
    group_cache: dict[object, list] = {}

    def groups_of(coach_id):
        gs = group_cache.get(coach_id)
        if gs is None:
            coach = f.coaches.get(coach_id)
            gs = group_cache[coach_id] = [] if coach is None else _wanted_groups(coach, want)
        return gs

    eib: dict[tuple, set] = defaultdict(set)
    for p in f.pairs:
        coach = f.coaches.get(p.coach)
        if coach is not None and coach.intervention == "eib":
            for g in groups_of(p.coach):
                eib[g].add(p.school)
    visited: dict[tuple, set] = defaultdict(set)
    for coach_id, school in f.community:
        for g in groups_of(coach_id):
            visited[g].add(school)
    for g, schools in eib.items():
        groups[g]["schools.eib"] = len(schools)
        groups[g]["schools.eib_with_visit"] = len(schools & visited.get(g, set()))
    _material_measures(f, groups, groups_of)


def _material_measures(f: Facts, groups: dict, groups_of) -> None:
    """Distinct teachers (and schools without a teacher) with materials planned, and those fully
    delivered, per group. A teacher or school served by one coach counts the same in every group of
    that coach, so it is counted once per coach and the counts are added to the coach's groups; only
    those served by several coaches are merged group by group (their deliveries add up)."""
    per_subject: dict[tuple, list] = defaultdict(list)
    for coach_id, teacher, school, planned, complete in f.materials:
        if coach_id in f.coaches:
            subject = ("materials.teachers", teacher) if teacher is not None else ("materials.schools", school)
            per_subject[subject].append((coach_id, planned, complete))
    per_coach: Counter = Counter()  # (coach, measure) → teachers or schools; a 0 still marks the groups
    for (prefix, _id), parts in per_subject.items():
        if len(parts) == 1:
            coach_id, planned, complete = parts[0]
            per_coach[(coach_id, prefix)] += 1 if planned else 0
            per_coach[(coach_id, prefix + "_done")] += 1 if planned and complete >= planned else 0
            continue
        merged: dict[tuple, list[int]] = {}
        for coach_id, planned, complete in parts:
            for g in groups_of(coach_id):
                acc = merged.setdefault(g, [0, 0])
                acc[0] += planned
                acc[1] += complete
        for g, (planned, complete) in merged.items():
            _inc(groups[g], prefix, 1 if planned else 0)
            _inc(groups[g], prefix + "_done", 1 if planned and complete >= planned else 0)
    for (coach_id, measure), n in per_coach.items():
        for g in groups_of(coach_id):
            _inc(groups[g], measure, n)
