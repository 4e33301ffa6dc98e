"""`sigma demo`: deterministic, realistic demo data at four scales, loaded in one unit of work.

The rows come from `data` (pure Python over one seeded generator); every row goes through
`storage.bulk.insert_sync_rows`, so each gets its sync columns and its change-log entry like any other
write. All demo users share one password: it is hashed once (argon2 costs about 0.1 s a hash).
"""
from __future__ import annotations

import os
import secrets
import time
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Mapping

from ...domain.dates import today_lima
from ...domain.errors import ValidationError
from ...reports.formatting import fmt_int
from ...storage import bulk
from ...storage import models as m
from . import mistakes
from ..auth import hash_password
from ..context import Context
from .data import SCALES, DemoGenerator, DemoInputs, ProtocolSpec
from .worker import MODELS, ChildFeed, ChildUnavailable
from ..quality import holidays
from ..setup import add_protocols
from ...domain.enums import Role
from ...storage import record_queries as rec

LABELS = {
    "dre": "DRE", "ugel": "UGEL", "school": "instituciones educativas", "teacher": "docentes",
    "coach": "acompañantes", "assignment": "asignaciones", "user_account": "usuarios",
    "activity": "actividades planificadas", "activity_participant": "convocados y IIEE de rutas",
    "execution": "registros de ejecución", "execution_participant": "asistencia e IIEE visitadas",
    "month_closing": "meses cerrados",
}
ROLE_ORDER = (Role.ADMIN, Role.REGIONAL_MANAGER, Role.LOCAL_MANAGER, Role.DATA_QUALITY, Role.QUALITY_COORDINATOR,
              Role.COACH)
_PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I


@dataclass(frozen=True)
class DemoReport:
    scale: str
    seed: int
    year: int
    counts: Mapping[str, int]                 # rows per table (change-log entries under "change_log")
    users: Mapping[str, tuple[str, ...]]      # role → DNIs of its demo users
    password: str                             # shared by every demo user
    password_generated: bool
    elapsed: float                            # seconds
    details: Mapping[str, object] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(v for k, v in self.counts.items() if k != "change_log")

    def summary(self) -> str:
        lines = [f"Datos de demostración cargados: escala {self.scale}, semilla {self.seed}, año {self.year} "
                 f"({fmt_int(self.total_rows)} filas en {self.elapsed:.1f} s)."]
        for table, label in LABELS.items():
            if self.counts.get(table):
                lines.append(f"  {label:<30} {fmt_int(self.counts[table]):>9}")
        lines.append("Usuarios de demostración (DNI):")
        for role in ROLE_ORDER:
            dnis = self.users.get(role, ())
            if dnis:
                more = f" … y {len(dnis) - 3} más" if len(dnis) > 3 else ""
                lines.append(f"  {role:<20} {', '.join(dnis[:3])}{more}")
        origin = "generada ahora; guárdela" if self.password_generated else "la indicada"
        lines.append(f"Contraseña de todos los usuarios de demostración ({origin}): {self.password}")
        return "\n".join(lines)


def random_password(length: int = 12) -> str:
    """A password that passes auth's strength rule: letters and digits, no look-alike characters."""
    while True:
        text = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in text) and any(c.isalpha() for c in text):
            return text


class DemoService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def generate(self, scale: str = "small", seed: int = 1, year: int = 2017, *, password: str | None = None,
                 progress: Callable[[str, float], None] | None = None,
                 parallel: bool | None = None) -> DemoReport:
        """Loads the demo data of `scale` into an initialised database that has no coaches or teachers yet.

        Same scale, seed and year give the same rows and keys (for the current year, what is executed
        also depends on today's date). Every write is logged; one transaction: all or nothing.

        `parallel` (default: from the regional scale up, on SQLite, with two or more cores) generates and
        converts the rows in a child process while this one only writes them (demo_worker.py). From the
        regional scale up, on an SQLite file nobody else has open, the load runs with a rollback journal
        instead of WAL, so that its pages are written once (bulk.rollback_journal); smaller loads (the
        first-run wizard's, in a GUI thread beside other connections) leave the journal alone.
        """
        if scale not in SCALES:
            raise ValidationError(f"Escala: «{scale}» no es válida (use: {', '.join(SCALES)}).", "escala")
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise ValidationError("Semilla: debe ser un número entero.", "semilla")
        today = today_lima()
        if not isinstance(year, int) or not 2017 <= year <= today.year:
            raise ValidationError(f"Año: los datos de demostración van de 2017 a {today.year}.", "anio")
        generated = password is None
        if generated:
            password = random_password()
        password_hash = hash_password(password)
        report = progress or (lambda _stage, _fraction: None)
        started = time.perf_counter()
        counts: Counter[str] = Counter()
        big = scale in ("region", "national")  # where a second process and the journal switch pay off
        if parallel is None:
            parallel = big and (os.cpu_count() or 1) > 1
        db = self._ctx.db
        parallel = parallel and db.is_sqlite
        journal = bulk.rollback_journal(db) if big else nullcontext(False)
        with journal, self._ctx.system_unit() as u:
            if u.count(m.Ubigeo) == 0 or u.count(m.Intervention) == 0:
                raise ValidationError("La base de datos no está inicializada: ejecute «sigma init» primero.")
            if u.count(m.Coach) or u.count(m.Teacher):
                raise ValidationError("La base de datos ya tiene acompañantes o docentes: los datos de "
                                      "demostración solo se cargan en una base nueva.")
            add_protocols(u, year)
            u.flush()
            inputs = _inputs(u, scale, seed, year, today, password_hash)
            preparer = bulk.preparer_for(u)
            report("Generando y guardando los datos", 0.0)
            with bulk.fast_load(u), bulk.deferred_indexes(u, list(MODELS.values())):
                if parallel:
                    feed = ChildFeed(inputs, f"{db.url.drivername}://", preparer)
                    try:
                        for model, row_tuples, log_tuples, fraction in feed.chunks():
                            counts[model.__tablename__] += bulk.write_prepared(u, model, row_tuples, log_tuples)
                            report(f"Guardando {LABELS[model.__tablename__]}", fraction)
                    except ChildUnavailable:  # nothing was written yet: the same work in this process
                        parallel = False
                    else:
                        users = {role: tuple(feed.users.get(role, ())) for role in ROLE_ORDER}
                        ugel_codes = feed.ugel_codes
                if not parallel:
                    gen = DemoGenerator(inputs)
                    for table, rows in gen.batches():
                        if not rows:
                            continue
                        counts[table] += bulk.insert_sync_rows(u, MODELS[table], rows, preparer=preparer)
                        report(f"Guardando {LABELS[table]}", gen.coaches_done / max(1, gen.total_coaches))
                    users = {role: tuple(gen.users.get(role, ())) for role in ROLE_ORDER}
                    ugel_codes = [p.code for d in gen.offices for p in d.ugels]
            report("Casos de calidad de la información", 1.0)
            planted = mistakes.plant(u, year, seed, holidays(), today)
            for (table, op), n in planted.items():
                if op == "insert":
                    counts[table] += n
            counts["change_log"] = sum(counts.values()) + sum(n for (_t, op), n in planted.items() if op != "insert")
            report("Confirmando la transacción", 1.0)
        elapsed = time.perf_counter() - started
        return DemoReport(scale, seed, year, dict(counts), users, password, generated, elapsed,
                          {"ugels": ugel_codes, "quality_changes": sum(planted.values())})


def _inputs(u, scale: str, seed: int, year: int, today, password_hash: str) -> DemoInputs:
    interventions = {i.key: i.id for i in u.all(m.Intervention)}
    keys = {v: k for k, v in interventions.items()}
    protocols = {
        (keys[p.intervention_id], p.level): ProtocolSpec(
            p.visits, p.visit_days, p.group_sessions, p.group_session_hours, p.workshops, p.workshop_days,
            p.community_visits, p.teachers_per_coach, p.first_month, p.last_month)
        for p in u.all(m.Protocol, year=year) if p.intervention_id in keys}
    missing = sorted(k for k in interventions if not any(pk == k for pk, _lvl in protocols))
    if missing:
        raise ValidationError(f"Protocolo: falta el protocolo {year} de {', '.join(missing)}.", "protocolo")
    return DemoInputs(
        scale=scale, seed=seed, year=year, today=today, now=datetime.now(timezone.utc),
        interventions=interventions,
        skip_reasons={r.code: r.id for r in u.all(m.SkipReason) if r.active},
        protocols=protocols,
        rubric_items=tuple(i.number for i in rec.rubric_items_for_year(u, year)),
        ubigeos=[(x.code, x.department, x.province, x.district) for x in u.all(m.Ubigeo)],
        password_hash=password_hash, holidays=frozenset(d for d in holidays() if d.year == year))
