"""What the teacher's diagnóstica (issue 16) costs the indicators: one more query per report.

Run: .venv/bin/python bench/bench_teacher_diagnostics.py --db sqlite:///…/national.sqlite3 [--month 10] [--runs 5]
(a database holding `sigma demo`, any scale). Measured in one process, on one file, best of --runs:
- the joined scan of bench_indicators.py (every visit with its live execution): the baseline;
- the new query alone (`indicator_queries.teacher_diagnostics`: the executed diagnósticas of the assigned
  teachers, whoever the coach; without levels, as the 123 indicators ask for it);
- the 123 indicators as they are, and with that query replaced by the rule before issue 16 (a pair has a
  diagnóstica only if its own coach made it), so the difference is the query and its use, nothing else.
"""
from __future__ import annotations

import argparse
import time

from _common import machine

RAW_JOINED = ("SELECT a.coach_id, a.month, e.outcome, COUNT(*) FROM activity a LEFT JOIN execution e "
              "ON e.activity_id = a.id AND e.deleted_at IS NULL WHERE a.kind = 'visita' AND a.year = ? "
              "AND a.deleted_at IS NULL GROUP BY a.coach_id, a.month, e.outcome")


def _best(fn, runs: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--year", type=int, default=2017)
    parser.add_argument("--month", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from sigma_desktop.domain.reporting import ReportFilter
    from sigma_desktop.services import Sigma
    from sigma_desktop.services import indicators as engine
    from sigma_desktop.storage import indicator_queries as q
    from sigma_desktop.storage.unit import unit

    sigma = Sigma.open(args.db)
    sigma.sign_in_as_system()  # the command line's actor (a service call needs one)
    f = ReportFilter(args.year, args.month)
    codes = {d.code for d in __import__("sigma_desktop.domain.indicator_catalogue",
                                        fromlist=["INDICATORS"]).INDICATORS if d.category != "desempeno"}

    def joined():
        with sigma.db.session() as s:
            s.connection().exec_driver_sql(RAW_JOINED.replace("?", str(args.year))).fetchall()

    def query_alone():
        with unit(sigma.db, write=False) as u:
            return q.teacher_diagnostics(u, q.Scope(args.year, args.month, args.month), levels=False)

    def report():
        return sigma.indicators.compute(f, codes=codes, include_performance=False, levels={"dre", "ugel",
                                                                                         "intervencion"})

    rows = len(query_alone())
    now = report()
    real = q.teacher_diagnostics
    real_pairs = engine._pairs

    def before_pairs(infos, assigned, visit_rows, attendance_rows, diagnostics):
        own = {(r[0], r[1]) for r in visit_rows if r[3]}  # the coach's own executed diagnóstica
        pairs = real_pairs(infos, assigned, visit_rows, attendance_rows, {})
        for key, p in pairs.items():
            p.diagnostic = key in own
        return pairs

    q.teacher_diagnostics = lambda u, s, levels=True: []
    engine._pairs = before_pairs
    try:
        old = report()
        old_wall, old_cpu = _best(report, args.runs)
    finally:
        q.teacher_diagnostics = real
        engine._pairs = real_pairs
    base_wall, base_cpu = _best(joined, args.runs)
    alone_wall, alone_cpu = _best(query_alone, args.runs)
    new_wall, new_cpu = _best(report, args.runs)
    print(machine())
    print(f"diagnósticas leídas: {rows}; V27 total antes {old.total('V27').value:.2f} %, ahora "
          f"{now.total('V27').value:.2f} %")
    print(f"recorrido unido (referencia):          {base_wall:.3f} s (CPU {base_cpu:.3f} s)")
    print(f"consulta nueva sola:                   {alone_wall:.3f} s (CPU {alone_cpu:.3f} s) = "
          f"{alone_wall / base_wall:.2f}× la referencia")
    print(f"indicadores sin la consulta (antes):   {old_wall:.3f} s (CPU {old_cpu:.3f} s) = "
          f"{old_wall / base_wall:.2f}×")
    print(f"indicadores con la consulta (ahora):   {new_wall:.3f} s (CPU {new_cpu:.3f} s) = "
          f"{new_wall / base_wall:.2f}×; +{100 * (new_wall / old_wall - 1):.0f} % de reloj, "
          f"+{100 * (new_cpu / old_cpu - 1):.0f} % de CPU")
    sigma.close()


if __name__ == "__main__":
    main()
