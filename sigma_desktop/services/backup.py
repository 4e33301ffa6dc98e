"""Backups, restore and start-up checks of the local database.

- At start (SetupService.initialize): a database made by a newer release is refused untouched; the
  full `PRAGMA integrity_check` runs every INTEGRITY_EVERY_DAYS days and before a migration; a
  verified copy is made before every migration and at the first start of each day (Lima date);
  automatic copies are pruned to the newest KEEP_AUTOMATIC.
- On demand: a manual copy (RCI, administrator), restore of a copy (administrator), a check now.
The command line acts as the system: whoever runs it already holds the database file.
PostgreSQL databases are backed up on the server with pg_dump (docs/operations.md).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

from ..domain.data_errors import BackupError, DatabaseCorrupt, DatabaseLocked
from ..domain.errors import PermissionDenied
from ..domain.dates import today_lima
from ..domain.permissions import Action, allowed, require
from ..storage import backup as store
from ..storage import models as m
from ..storage.backup import BackupFile, RestoreResult
from .context import Context

log = logging.getLogger("sigma.backup")


@dataclass(frozen=True)
class BackupStatus:
    available: bool  # False on PostgreSQL (pg_dump on the server)
    latest: BackupFile | None
    copied_today: bool

INTEGRITY_EVERY_DAYS = 7
KEEP_AUTOMATIC = store.KEEP_AUTOMATIC
META_INTEGRITY = "integrity_checked_on"


class BackupService:
    def __init__(self, ctx: Context, initialize: Callable[[], object]):
        self._ctx = ctx
        # SetupService.initialize, wired by the facade: a restored copy is brought to this release's schema
        self._initialize = initialize

    # --- what the user asks for -------------------------------------------------------------------
    @property
    def available(self) -> bool:
        """Copies are made by the application only for a local (SQLite) database."""
        return self._ctx.db.is_sqlite

    def folder(self) -> Path | None:
        db = self._ctx.db
        return store.backup_folder(db.url.database) if db.is_sqlite else None

    def create(self, folder: str | Path | None = None) -> BackupFile:
        """A manual, verified copy (in the default folder unless another is given)."""
        self._require(Action.BACKUP)
        self._require_local()
        return store.backup_database(self._ctx.db, folder, "manual")

    def list(self, folder: str | Path | None = None) -> list[BackupFile]:
        """Copies in a folder (the default one unless given), newest first."""
        actor = self._ctx.current()
        if not (allowed(actor.role, Action.BACKUP) or allowed(actor.role, Action.RESTORE_BACKUP)):
            require(actor, Action.BACKUP)
        target = Path(folder) if folder else self.folder()
        return store.list_backups(target) if target else []

    def status(self) -> BackupStatus:
        """The newest copy and whether today's automatic one exists (for any signed-in user)."""
        if not self.available:
            return BackupStatus(False, None, False)
        backups = store.list_backups(self.folder())
        return BackupStatus(True, backups[0] if backups else None, self._copied_today(backups))

    def prune(self, folder: str | Path | None = None, keep: int = KEEP_AUTOMATIC) -> list[Path]:
        """Deletes automatic copies beyond the newest `keep` (manual copies stay)."""
        self._require(Action.BACKUP)
        target = Path(folder) if folder else self.folder()
        return store.prune(target, keep) if target else []

    def latest_good(self) -> BackupFile | None:
        db = self._ctx.db
        return store.latest_good_backup(db.url.database) if db.is_sqlite else None

    def restore(self, backup_file: str | Path) -> RestoreResult:
        """Replaces the database by a verified copy; the current file is kept aside.

        Everyone is signed out afterwards (the accounts are those of the copy), and an older copy is
        brought to the current schema at once.
        """
        self._require(Action.RESTORE_BACKUP)
        return self._restore(backup_file)

    def recover_damaged(self, backup_file: str | Path) -> RestoreResult:
        """At start, before anyone can sign in: a local database that fails its integrity check is replaced
        by a verified copy (the window offers the newest good one). Nobody signs in for it: the accounts of a
        damaged file cannot be read, and whoever uses this PC already holds the file. Refused while the
        database passes its check (then an administrator restores, signed in)."""
        if not store.check_database(self._ctx.db):
            raise PermissionDenied("La base de datos no está dañada: la restauración de una copia la hace el "
                                   "administrador, con su sesión iniciada.")
        return self._restore(backup_file)

    def _restore(self, backup_file: str | Path) -> RestoreResult:
        self._require_local()
        db = self._ctx.db
        from ..storage.schema_guard import known_revisions

        db.dispose()  # the application's own connections must not keep the old file open
        result = store.restore(db.url.database, backup_file, known_revisions())
        db.dispose()
        db.forget_node()
        self._ctx.actor = None
        self._initialize()
        return result

    def check_now(self) -> list[str]:
        """Everything `sigma check` verifies, now: the schema (its version is this release's, its tables
        are the ones that version promises), the audit protections of the change log, and on SQLite the
        full integrity check (its date recorded when sound). Spanish problems; [] when all is well."""
        self._require(Action.BACKUP)
        from ..storage import audit_guard, migrate
        from ..storage.errors import translating
        from ..storage.schema_guard import known_revisions

        db = self._ctx.db
        problems = []
        with translating(db.where):
            revision = migrate.current_revision(db)
            head = migrate.head_revision()
            if revision is None:
                problems.append("la base no indica la versión de su esquema (falta «alembic_version»)")
            elif revision not in known_revisions():
                problems.append(f"esquema «{revision}» desconocido para esta versión (la última es «{head}»)")
            elif revision != head:
                problems.append(f"esquema «{revision}» desactualizado (esta versión usa «{head}»): ejecute "
                                "«sigma init» para actualizarlo")
            else:
                drift = migrate.schema_drift(db)
                if drift:
                    problems.append(f"{len(drift)} diferencias entre las tablas y las del esquema «{revision}» "
                                    f"(p. ej. {str(drift[0])[:120]})")
            if revision is not None:
                problems += audit_guard.check_database(db)
        return problems + self._integrity_check()

    # --- start-up ---------------------------------------------------------------------------------
    def before_upgrade(self, revision: str | None, head: str) -> None:
        """Called by SetupService.initialize before migrating: refuse newer schemas, check, copy."""
        from ..storage.schema_guard import check_not_newer

        check_not_newer(revision)
        db = self._ctx.db
        if not db.is_sqlite or revision is None:
            return
        if revision != head:
            self._raise_if_damaged(store.check_database(db))
            self._automatic("antes-de-migrar", fatal=True)

    def after_start(self) -> None:
        """Called at the end of SetupService.initialize: leftovers of a killed copy removed, the audit
        protections restored if someone removed them, scheduled check and the day's first copy."""
        db = self._ctx.db
        if not db.is_sqlite:
            return
        store.remove_leftovers(db.url.database)
        repaired = store.restore_audit_protections(db)
        if repaired:
            log.warning("the change log's protections were missing or altered and were re-created: %s",
                        ", ".join(repaired))
        if self._integrity_due():
            self._raise_if_damaged(self._integrity_check())
        if not self._copied_today():
            self._automatic("diaria", fatal=False)

    # --- helpers ----------------------------------------------------------------------------------
    def _require(self, action: Action) -> None:
        require(self._ctx.current(), action)

    def _require_local(self) -> None:
        if not self._ctx.db.is_sqlite:
            raise BackupError("Las copias de seguridad de una base PostgreSQL se hacen en el servidor con "
                              "pg_dump y se restauran con pg_restore (vea docs/operations.md).")

    def _automatic(self, kind: str, *, fatal: bool) -> None:
        """An automatic copy and pruning. A damaged database always stops; another failure stops only
        before a migration (no migration without a copy); a failed daily copy is logged and the window
        warns from `status()` (the newest copy is older than a day)."""
        try:
            store.backup_database(self._ctx.db, None, kind)
        except DatabaseCorrupt:
            raise
        except BackupError as exc:
            if fatal:
                raise BackupError(f"No se actualizó la base de datos porque antes no se pudo hacer su copia "
                                  f"de seguridad. {exc.message}") from exc
            log.warning("automatic backup failed: %s", exc.message)
            return
        store.prune(self.folder(), KEEP_AUTOMATIC)

    def _copied_today(self, backups: list[BackupFile] | None = None) -> bool:
        today = today_lima()
        if backups is None:
            backups = store.list_backups(self.folder())
        return any(b.kind == "diaria" and b.taken_at.date() == today for b in backups)

    def _integrity_due(self) -> bool:
        with self._ctx.system_read() as u:
            row = u.get(m.AppMeta, META_INTEGRITY)
            last = row.value if row else None
        if last is None:
            return True
        try:
            return today_lima() - date.fromisoformat(last) >= timedelta(days=INTEGRITY_EVERY_DAYS)
        except ValueError:
            return True

    def _integrity_check(self) -> list[str]:
        db = self._ctx.db
        problems = store.check_database(db)
        if not problems and db.is_sqlite:
            try:  # a bookkeeping date: another program writing now is no reason to wait or fail
                with self._ctx.system_unit(wait=False) as u:
                    row = u.get(m.AppMeta, META_INTEGRITY)
                    if row is None:
                        u.add(m.AppMeta(key=META_INTEGRITY, value=today_lima().isoformat()))
                    else:
                        row.value = today_lima().isoformat()
            except DatabaseLocked:
                log.info("integrity check passed; its date will be recorded at a later start")
        return problems

    def _raise_if_damaged(self, problems: list[str]) -> None:
        if problems:
            good = self.latest_good()
            raise DatabaseCorrupt(self._ctx.db.where.label, "; ".join(problems[:3]),
                                  str(good.path) if good else None)
