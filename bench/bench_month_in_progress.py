"""The cost of judging a month in progress against what was planned up to today (issue 15): the Módulo de
Control and the indicators of one month, computed with «today» inside that month (one more grouped query,
`not_yet_due`) and with «today» after it (the month is over: no extra query), in the same process.

Run: .venv/bin/python bench/bench_month_in_progress.py --db sqlite:///…/sigma.sqlite3 --year 2026 --month 12
     [--ugel 020014] [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import time
from datetime import date


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--db", required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--month", type=int, required=True)
    p.add_argument("--ugel")
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()
    from sigma_desktop.domain.dates import set_today
    from sigma_desktop.domain.reporting import ReportFilter
    from sigma_desktop.services import Sigma

    sigma = Sigma.open(a.db)
    sigma.sign_in_as_system()  # the command line's actor (a service call needs one)
    f = ReportFilter(a.year, a.month, ugel_code=a.ugel)
    days = {"en curso (hoy dentro del mes)": date(a.year, a.month, 6),
            "terminado (hoy después del mes)": date(a.year + 1, 1, 15)}
    for what, call in (("Control", lambda: sigma.control.grid(f)), ("Indicadores", lambda: sigma.indicators.compute(f))):
        for label, day in days.items():
            set_today(day)
            call()  # warm
            times = []
            for _ in range(a.runs):
                t = time.perf_counter()
                call()
                times.append(time.perf_counter() - t)
            print(f"{what:<12} {label:<34} mediana {statistics.median(times):.3f} s  ({a.runs} corridas)")
    set_today(None)


if __name__ == "__main__":
    main()
