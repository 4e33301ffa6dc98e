"""The plain-SQL baselines of bench_indicators.py and the look-ups its live part needs (sqlite3 or psycopg)."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from uuid import UUID

UGEL_JOINED = ("SELECT a.coach_id, a.kind, e.outcome, COUNT(*) FROM activity a LEFT JOIN execution e "
               "ON e.activity_id = a.id AND e.deleted_at IS NULL WHERE a.year = ? AND a.ugel_id = ? "
               "AND a.month <= ? AND a.deleted_at IS NULL GROUP BY a.coach_id, a.kind, e.outcome")
# the same rows sought coach by coach, as the indicators now read them (SQLite is told the index; PostgreSQL
# plans it on its own): the fairest «reading that UGEL's rows once»
UGEL_BY_COACH = ("SELECT a.coach_id, a.kind, e.outcome, COUNT(*) FROM activity a{hint} LEFT JOIN execution e "
                 "ON e.activity_id = a.id AND e.deleted_at IS NULL WHERE a.year = ? AND a.ugel_id = ? "
                 "AND a.coach_id IN (SELECT id FROM coach WHERE ugel_id = ?) "
                 "AND a.month <= ? AND a.deleted_at IS NULL GROUP BY a.coach_id, a.kind, e.outcome")
NATION_JOINED = ("SELECT a.coach_id, a.month, e.outcome, COUNT(*) FROM activity a LEFT JOIN execution e "
                 "ON e.activity_id = a.id AND e.deleted_at IS NULL WHERE a.kind = 'visita' AND a.year = ? "
                 "AND a.deleted_at IS NULL GROUP BY a.coach_id, a.month, e.outcome")


def _uuid(value) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


class Raw:
    """The baseline queries as plain driver calls: sqlite3 on a file, psycopg on PostgreSQL."""

    def __init__(self, url: str):
        self.postgres = url.startswith("postgresql")
        if self.postgres:
            import psycopg

            self.conn = psycopg.connect(url.replace("+psycopg", ""), autocommit=True)
        else:
            self.conn = sqlite3.connect(url.removeprefix("sqlite:///"))

    def all(self, sql: str, *params) -> list:
        sql = sql.replace("{hint}", "" if self.postgres else " INDEXED BY ix_activity_coach_period")
        return self.conn.execute(sql.replace("?", "%s") if self.postgres else sql, params).fetchall()

    def plan(self, sql: str, *params) -> str:
        if self.postgres:
            return " / ".join(r[0].strip() for r in self.all("EXPLAIN " + sql, *params))
        return "; ".join(r[3] for r in self.all("EXPLAIN QUERY PLAN " + sql, *params))

    def size_mb(self, path: Path) -> float:
        if self.postgres:
            return self.all("SELECT pg_database_size(current_database())")[0][0] / 1e6
        return path.stat().st_size / 1e6

    def count_activities(self) -> int:
        return self.all("SELECT COUNT(*) FROM activity")[0][0]

    def largest_ugel(self, year: int) -> tuple:
        """(id as stored, code) of the UGEL with the most activities in the year."""
        return tuple(self.all("SELECT u.id, u.code FROM ugel u JOIN activity a ON a.ugel_id = u.id "
                              "WHERE a.year = ? GROUP BY u.id, u.code ORDER BY COUNT(*) DESC, u.code LIMIT 1",
                              year)[0])

    def ugel_rows(self, year: int, ugel_id, month: int) -> int:
        return self.all("SELECT COUNT(*) FROM activity WHERE year = ? AND ugel_id = ? AND month <= ? "
                        "AND deleted_at IS NULL", year, ugel_id, month)[0][0]

    def people(self, ugel_id) -> tuple[str, str, str]:
        """(coach, Gestor Local, RCI) users of the UGEL: the coach with the most planned visits."""
        coach = self.all("SELECT c.dni FROM coach c JOIN user_account ua ON ua.dni = c.dni AND ua.active "
                         "JOIN activity a ON a.coach_id = c.id WHERE c.ugel_id = ? AND a.kind = 'visita' "
                         "GROUP BY c.dni ORDER BY COUNT(*) DESC, c.dni LIMIT 1", ugel_id)[0][0]
        gestor, rci = (self.all("SELECT dni FROM user_account WHERE role = ? AND ugel_id = ? AND active "
                                "ORDER BY dni LIMIT 1", role, ugel_id)[0][0] for role in ("gestor_local", "rci"))
        return coach, gestor, rci

    def open_visits(self, ugel_id, year: int, month: int, coach_dni: str) -> list[tuple[UUID, str, int]]:
        """(activity, teacher DNI, month) of the coach's planned visits of the months up to `month` that may
        still be registered (no live record, or one not validated yet): unregistered ones first, the latest
        months first (a bench run consumes a few of them each round)."""
        rows = self.all("SELECT a.id, t.dni, a.month FROM activity a JOIN coach c ON c.id = a.coach_id "
                        "JOIN teacher t ON t.id = a.teacher_id LEFT JOIN execution e ON e.activity_id = a.id "
                        "AND e.deleted_at IS NULL WHERE c.dni = ? AND a.year = ? AND a.month <= ? "
                        "AND a.kind = 'visita' AND a.deleted_at IS NULL "
                        "AND (e.id IS NULL OR e.validation_state <> 'validada') "
                        "ORDER BY e.id IS NULL DESC, a.month DESC, a.visit_type = 'diagnostica' DESC, a.id",
                        coach_dni, year, month)
        return [(_uuid(a), t, int(mth)) for a, t, mth in rows]

    @staticmethod
    def full_ratings(year: int) -> dict[int, int]:
        return {n: 2 for n in range(1, 7)} if year < 2018 else {1: 2, 3: 2, 4: 1, 5: 3, 6: 2}

    def bulk_batch(self, sigma, ugel_id, year: int, month: int, round_: int, size: int = 200) -> int:
        """What a sync batch does to the figures: `size` executed records of the UGEL's months up to `month`
        (20 of its coaches; other records each round) change their validation state (pendiente ↔ validada) in
        one unit through the bulk path the sync and the imports write with (storage/bulk_update.py)."""
        from sigma_desktop.storage import models as m
        from sigma_desktop.storage.bulk_update import RowUpdate, update_sync_rows

        rows = self.all("SELECT e.id, e.version, e.validation_state FROM execution e "
                        "JOIN activity a ON a.id = e.activity_id "
                        "WHERE a.year = ? AND a.ugel_id = ? AND a.month <= ? AND e.deleted_at IS NULL "
                        "AND e.outcome = 'ejecutada' AND e.validation_state IN ('pendiente', 'validada') "
                        "AND a.coach_id IN (SELECT coach_id FROM activity WHERE year = ? AND ugel_id = ? "
                        "GROUP BY coach_id ORDER BY coach_id LIMIT 20) ORDER BY e.id LIMIT ? OFFSET ?",
                        year, ugel_id, month, year, ugel_id, size, size * (round_ % 4))  # (then flipped back)
        flip = {"pendiente": "validada", "validada": "pendiente"}
        updates = [RowUpdate(_uuid(i), v, {"validation_state": (state, flip[state])}) for i, v, state in rows]
        with sigma._ctx.system_unit() as u:  # noqa: SLF001 - a bench drives the storage path directly
            return update_sync_rows(u, m.Execution, updates)
