"""Export of the change log (the audit trail) by an administrator, as CSV or JSON.

The change log itself cannot be edited through the application: the services only append to it and
the database rejects UPDATE and DELETE on it (migration 0003). The export reads it in one read
transaction (a consistent snapshot) in pages, and writes the file beside its final name first, so an
interrupted export never leaves a file that looks complete.
"""
from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path

from ..domain.dates import LIMA
from ..domain.errors import SigmaError, ValidationError
from ..domain.file_errors import file_problem
from ..domain.permissions import Action
from ..storage.audit_queries import change_log_pages
from ..storage.errors import Where, translate_os_error
from .context import Context

FORMATS = ("csv", "json")
HEADERS = ("secuencia", "fecha_hora_utc", "fecha_hora_lima", "usuario_dni", "nodo", "entidad", "id_registro",
           "operacion", "version_base", "version_nueva", "id_cambio", "cambios")


@dataclass(frozen=True)
class AuditExport:
    path: Path
    rows: int
    format: str


def _lima_start(day: date | None) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(day, time.min, LIMA).astimezone(timezone.utc)


def _record(row: tuple) -> list:
    seq, at, dni, node, entity, entity_id, op, base, new, change_id, changes = row
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return [seq, at.astimezone(timezone.utc).isoformat(), at.astimezone(LIMA).strftime("%Y-%m-%d %H:%M:%S"),
            dni, node, entity, str(entity_id), op, base, new, str(change_id), changes]


class AuditService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def export(self, path: str | Path, fmt: str | None = None, *, since: date | None = None,
               until: date | None = None) -> AuditExport:
        """Writes the change log entries from `since` to `until` (Lima dates, both included)."""
        path = Path(path)
        fmt = (fmt or path.suffix.lstrip(".") or "csv").lower()
        if fmt not in FORMATS:
            raise ValidationError(f"Formato: use {' o '.join(FORMATS)} (se recibió «{fmt}»).", "formato")
        if since and until and since > until:
            raise ValidationError("Fechas: la fecha inicial es posterior a la final.", "desde")
        lo = _lima_start(since)
        hi = _lima_start(until.fromordinal(until.toordinal() + 1)) if until else None
        partial = path.with_name(path.name + ".partial")
        count = 0
        with self._ctx.unit(write=False, action=Action.EXPORT_AUDIT) as u:
            try:
                with partial.open("w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as fh:
                    pages = change_log_pages(u, lo, hi)
                    count = _write_csv(fh, pages) if fmt == "csv" else _write_json(fh, pages)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(partial, path)
            except OSError as exc:
                _remove(partial)
                # a target open in another program (Windows) is not a read-only database
                better = file_problem(exc) or translate_os_error(exc, Where.file(path))
                raise SigmaError(f"No se pudo escribir la bitácora en {path}. "
                                 f"{better.message if better else exc.strerror or exc}") from exc
            except BaseException:
                _remove(partial)
                raise
        return AuditExport(path, count, fmt)


def _write_csv(fh, pages) -> int:
    writer = csv.writer(fh)
    writer.writerow(HEADERS)
    n = 0
    for page in pages:
        writer.writerows(_record(r) for r in page)
        n += len(page)
    return n


def _write_json(fh, pages) -> int:
    fh.write("[")
    n = 0
    for page in pages:
        for r in page:
            item = dict(zip(HEADERS, _record(r)))
            item["cambios"] = json.loads(item["cambios"])
            fh.write(("\n" if n == 0 else ",\n") + json.dumps(item, ensure_ascii=False, separators=(",", ":")))
            n += 1
    fh.write("\n]\n")
    return n


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
