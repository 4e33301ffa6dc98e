"""Bulk insert speed: the same demo rows written three ways in one process, on fresh SQLite files.

1. baseline: plain `sqlite3.executemany` of rows already converted to what SQLite stores (the floor);
   once for the rows only, once for the rows plus their change-log rows (prepared beforehand too);
2. ours: `storage.bulk.insert_sync_rows`, from the dicts the demo generator yields (UUID, date objects),
   with `log=False` (rows only) and with the change log (one entry per row, as always in the app);
3. the ORM's `session.add_all` + flush (the change-log hook writes the log) on a smaller sample, compared
   with ours and the baseline on that same sample.

    .venv/bin/python bench/bench_bulk.py                 # region-scale rows (about 180,000 + log)
    .venv/bin/python bench/bench_bulk.py --scale ugel --orm-sample 10000
"""
from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import tempfile
import time
from collections import defaultdict
from datetime import date, datetime, timezone
from pathlib import Path
from uuid import UUID

from _common import fresh_sqlite, machine

from sigma_desktop.domain.dates import today_lima
from sigma_desktop.services import Sigma
from sigma_desktop.services.demo.service import MODELS, _inputs
from sigma_desktop.services.demo.data import DemoGenerator
from sigma_desktop.storage import bulk
from sigma_desktop.storage.ids import new_ids
from sigma_desktop.storage.unit import session_of
from sigma_desktop.storage import models as m
from sigma_desktop.domain.canonical_json import dumps, json_value

SYNC = ("version", "created_at", "created_by", "updated_at", "updated_by", "origin")


def _stored(value):
    """What SQLAlchemy stores in SQLite for a Python value (hex UUIDs, ISO dates, 0/1 booleans)."""
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


TEMPLATE: Path | None = None


def _open(path: Path) -> Sigma:
    """A fresh copy of one initialised database: the same catalogue keys in every copy."""
    global TEMPLATE
    if TEMPLATE is None:
        TEMPLATE = path.with_name("template.sqlite3")
        sigma = Sigma.open(fresh_sqlite(TEMPLATE))
        sigma.sign_in_as_system()  # the command line's actor (a service call needs one)
        sigma.setup.initialize()
        sigma.close()
    fresh_sqlite(path)
    shutil.copyfile(TEMPLATE, path)
    return Sigma.open(f"sqlite:///{path}")


def _demo_rows(sigma: Sigma, scale: str) -> list[tuple[str, list[dict]]]:
    with sigma._ctx.system_unit() as u:  # noqa: SLF001 - a benchmark reads the catalogue ids
        inputs = _inputs(u, scale, 1, 2017, today_lima(), "benchmark-hash")
    return [(t, rows) for t, rows in DemoGenerator(inputs).batches() if rows]


def _copy(batches):
    return [(t, [dict(r) for r in rows]) for t, rows in batches]


def _baseline(path: Path, batches, now: datetime, node: str, with_log: bool) -> float:
    """Raw sqlite3: tuples prepared first (not timed), then executemany per table, one transaction."""
    prepared = []
    log_rows = []
    for table, rows in batches:
        cols = [c.name for c in MODELS[table].__table__.columns]
        sync = {"version": 1, "created_at": _stored(now), "updated_at": _stored(now), "origin": node}
        defaults = {c.name: c.default.arg for c in MODELS[table].__table__.columns
                    if c.default is not None and not callable(c.default.arg)}
        tuples = []
        for r in rows:
            tuples.append(tuple(sync[c] if c in sync else _stored(r.get(c, defaults.get(c))) for c in cols))
            if with_log:
                changes = {k: [None, json_value(v)] for k, v in r.items() if v is not None}
                log_rows.append((new_ids(1)[0].hex, table, r["id"].hex, "insert", dumps(changes), None, 1,
                                 None, "00000000", node, _stored(now)))
        prepared.append((f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", tuples))
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA cache_size=-524288")  # what bulk.fast_load gives our path
    started = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    for sql, tuples in prepared:
        con.executemany(sql, tuples)
    if with_log:
        con.executemany("INSERT INTO change_log (change_id, entity, entity_id, op, changes, base_version, "
                        "new_version, user_id, user_dni, node, at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", log_rows)
    con.execute("COMMIT")
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def _ours(sigma: Sigma, batches, log: bool) -> float:
    started = time.perf_counter()
    with sigma._ctx.system_unit() as u, bulk.fast_load(u):  # noqa: SLF001
        for table, rows in batches:
            bulk.insert_sync_rows(u, MODELS[table], rows, log=log)
    return time.perf_counter() - started


def _orm(sigma: Sigma, batches) -> float:
    started = time.perf_counter()
    with sigma._ctx.system_unit() as u:  # noqa: SLF001
        for table, rows in batches:
            session_of(u).add_all(MODELS[table](**r) for r in rows)
            u.flush()
    return time.perf_counter() - started


def _sample(batches, limit: int):
    """The first tables in full, in FK order, until about `limit` rows."""
    out, total = [], 0
    for table, rows in batches:
        if total >= limit:
            break
        take = rows[: limit - total] if table in ("activity_participant", "execution_participant") else rows
        if table in ("execution", "execution_participant", "activity_participant"):
            ids = {r["id"] for _t, rs in out if _t == "activity" for r in rs}
            execs = {r["id"] for _t, rs in out if _t == "execution" for r in rs}
            key = "activity_id" if table != "execution_participant" else "execution_id"
            take = [r for r in take if r[key] in (ids if key == "activity_id" else execs)]
        out.append((table, take))
        total += len(take)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", default="region", choices=("small", "ugel", "region", "national"))
    ap.add_argument("--orm-sample", type=int, default=20000, help="rows for the ORM comparison")
    ap.add_argument("--dir", type=Path, default=None, help="folder for the database files")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each method (the best counts)")
    args = ap.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="sigma-bench-"))
    print(f"# bench_bulk: scale {args.scale}; {machine()}")
    first = _open(folder / "template-copy.sqlite3")
    batches = _demo_rows(first, args.scale)
    n = sum(len(r) for _t, r in batches)
    node = first.db.node
    first.close()
    now = datetime.now(timezone.utc)
    runs: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.repeat):  # interleaved, best of N: a shared machine's noise only ever adds time
        _open(folder / "raw.sqlite3").close()
        runs["baseline rows"].append(_baseline(folder / "raw.sqlite3", _copy(batches), now, node, False))
        s = _open(folder / "ours.sqlite3")
        runs["ours rows (log=False)"].append(_ours(s, _copy(batches), log=False))
        s.close()
        s = _open(folder / "ours2.sqlite3")
        runs["ours rows + change log"].append(_ours(s, _copy(batches), log=True))
        s.close()
        _open(folder / "rawlog.sqlite3").close()
        runs["baseline rows + change log"].append(
            _baseline(folder / "rawlog.sqlite3", _copy(batches), now, node, True))
    results = {name: min(times) for name, times in runs.items()}
    base = results["baseline rows"]
    base_log = results["baseline rows + change log"]
    print(f"rows: {n:,} in {len(batches)} batches (+ {n:,} change-log rows where logged); best of {args.repeat}")
    for name, secs in results.items():
        print(f"  {name:<28} {secs:7.2f} s  {n / secs:9,.0f} rows/s  "
              f"×{secs / base:4.2f} vs baseline rows   ×{secs / base_log:4.2f} vs baseline rows+log")
    sample = _sample(batches, args.orm_sample)
    k = sum(len(r) for _t, r in sample)
    orm_db = _open(folder / "orm.sqlite3")
    t_orm = _orm(orm_db, _copy(sample))
    orm_db.close()
    s = _open(folder / "ours3.sqlite3")
    t_ours = _ours(s, _copy(sample), log=True)
    s.close()
    _open(folder / "raw3.sqlite3").close()
    t_raw = _baseline(folder / "raw3.sqlite3", _copy(sample), now, node, True)
    print(f"sample of {k:,} rows with change log: ORM add_all {t_orm:.2f} s (×{t_orm / t_raw:.1f} vs baseline), "
          f"ours {t_ours:.2f} s (×{t_ours / t_raw:.1f}), baseline {t_raw:.2f} s")
    for name in ("template", "template-copy", "raw", "ours", "ours2", "rawlog", "orm", "ours3", "raw3"):
        for suffix in ("", "-wal", "-shm"):
            (folder / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)
    print(json.dumps({"scale": args.scale, "rows": n, "repeat": args.repeat, **{k2: round(v, 3) for k2, v in results.items()},
                      "orm_sample": k, "orm": round(t_orm, 3), "ours_sample": round(t_ours, 3),
                      "baseline_sample": round(t_raw, 3)}))


if __name__ == "__main__":
    main()
