"""Creating and upgrading a database: migrations, node id, ubigeo and default catalogues."""
from __future__ import annotations

import csv
from dataclasses import dataclass

from ..domain import catalogues as cat
from ..domain.dates import today_lima
from ..domain.permissions import Action
from ..paths import resources
from ..storage import bulk, migrate
from ..storage.errors import translating
from ..storage import models as m
from ..storage.ids import new_id
from .context import Context

FIRST_PROTOCOL_YEAR = 2017


@dataclass(frozen=True)
class InitReport:
    upgraded_from: str | None
    revision: str
    node: str
    ubigeos_loaded: int
    catalogues_loaded: bool


@dataclass(frozen=True)
class DatabaseInfo:
    """What «Acerca de» shows about the open database (for support: no password)."""
    location: str
    engine: str                 # SQLite or PostgreSQL
    revision: str | None        # schema revision the database is at
    head: str                   # the newest revision this version knows
    node: str
    records: tuple[tuple[str, int], ...]  # (Spanish label, rows) of the main tables, tombstones included


_COUNTED = (("Usuarios", m.UserAccount), ("Instituciones educativas", m.School), ("Docentes", m.Teacher),
            ("Acompañantes", m.Coach), ("Actividades", m.Activity), ("Registros de ejecución", m.Execution))


class SetupService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def needs_upgrade(self) -> bool:
        return migrate.needs_upgrade(self._ctx.db)

    def database_info(self) -> DatabaseInfo:
        """Schema revision and row counts of the open database; anyone signed in may read it."""
        db = self._ctx.db
        with translating(db.where):
            revision = migrate.current_revision(db)
        with self._ctx.system_read() as u:  # counts only: the About box shows them before signing in too
            records = tuple((label, u.count(model)) for label, model in _COUNTED)
        return DatabaseInfo(db.describe(), "SQLite" if db.is_sqlite else "PostgreSQL", revision,
                            migrate.head_revision(), db.node, records)

    def initialize(self) -> InitReport:
        """Brings the database to the current schema and fills what a new database lacks. Idempotent."""
        db = self._ctx.db
        safety = self._safety()
        with translating(db.where):  # locked, read-only, damaged or unreadable: a message, not a traceback
            before = migrate.current_revision(db)
            head = migrate.head_revision()
            safety.before_upgrade(before, head)  # newer schema refused untouched; checked copy first
            if before != head:
                migrate.upgrade(db)
        loaded = 0
        fresh_catalogues = False
        with self._ctx.system_read() as u:  # a database already set up needs no write lock to start
            complete = (u.get(m.AppMeta, "node_id") is not None and u.count(m.Ubigeo) > 0
                        and u.count(m.Intervention) > 0)
        if not complete:
            with self._ctx.system_unit() as u:
                if u.get(m.AppMeta, "node_id") is None:
                    u.add(m.AppMeta(key="node_id", value=str(new_id())))
                if u.count(m.Ubigeo) == 0:
                    loaded = bulk.insert_reference(u, m.Ubigeo, read_ubigeos())
                if u.count(m.Intervention) == 0:
                    _load_catalogues(u)
                    fresh_catalogues = True
        db.forget_node()
        safety.after_start()  # scheduled integrity check, first copy of the day
        return InitReport(before, migrate.current_revision(db) or "", db.node, loaded, fresh_catalogues)

    def ensure_protocols(self, year: int) -> None:
        """Copies the default protocol targets to a year that has none (a new school year)."""
        with self._ctx.unit(write=True, action=Action.MANAGE_CATALOGUES) as u:
            add_protocols(u, year)

    def _safety(self):
        from .backup import BackupService

        return BackupService(self._ctx, initialize=self.initialize)


def read_ubigeos() -> list[dict]:
    path = resources() / "data" / "ubigeo_inei.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return [{"code": r["ubigeo"], "department": r["departamento"], "province": r["provincia"],
                 "district": r["distrito"]} for r in csv.DictReader(fh)]


def _load_catalogues(u) -> None:
    for d in cat.INTERVENTIONS:
        u.add(m.Intervention(key=d.key, name=d.name, multi_coach=d.multi_coach,
                             has_community_visits=d.has_community_visits))
    for pos, r in enumerate(cat.SKIP_REASONS, start=1):
        u.add(m.SkipReason(code=r.code, name=r.name, requires_text=r.requires_text, position=pos))
    for code, first, last, items in cat.RUBRIC_VERSIONS:
        version = u.add(m.RubricVersion(id=new_id(), code=code, first_year=first, last_year=last))
        u.flush()  # no ORM relationship orders parents before children: flush the parent first
        for item in items:
            u.add(m.RubricItem(version_id=version.id, number=item.number, name=item.name))
    u.flush()
    for year in range(FIRST_PROTOCOL_YEAR, today_lima().year + 2):
        add_protocols(u, year)


def add_protocols(u, year: int) -> None:
    interventions = {i.key: i.id for i in u.all(m.Intervention)}
    for p in cat.DEFAULT_PROTOCOLS:
        iid = interventions.get(p.intervention)
        if iid is None or u.find(m.Protocol, intervention_id=iid, year=year, level=p.level):
            continue
        u.add(m.Protocol(
            intervention_id=iid, year=year, level=p.level, visits=p.visits, visit_days=p.visit_days,
            group_sessions=p.group_sessions, group_session_hours=p.group_session_hours,
            workshops=p.workshops, workshop_days=p.workshop_days, community_visits=p.community_visits,
            teachers_per_coach=p.teachers_per_coach, first_month=p.first_month, last_month=p.last_month))
